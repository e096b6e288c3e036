"""Time of a page rerun that does not solve (AppTest), per demo zone and page: median and p95 of N reruns.

    .venv/bin/python bench/rerun.py [--n 10] [--zones thai_auto,...]

A rerun is what every widget interaction costs once results exist: the script runs top to bottom, the
cached inventory / plan / chart specs are reused. Target: < 0.3 s. The optimise page is measured after one
solve (its time is printed apart). AppTest adds its own overhead, so these are upper bounds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ["overview", "baseline", "targets", "measures", "optimise"]


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]


def main() -> None:
    import logging

    from streamlit.testing.v1 import AppTest

    from core.demo import demo_zones

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10)
    ap.add_argument("--zones", default=",".join(demo_zones()))
    args = ap.parse_args()
    print(f"{'zone':<18}{'page':<10}{'first s':>9}{'median s':>10}{'p95 s':>8}  (n={args.n}, solve s)")
    worst = 0.0
    for zone in args.zones.split(","):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.run()
        at.selectbox(key="overview_demo_en").set_value(zone)
        at.button(key="overview_open_demo").click().run()
        for page in PAGES:
            t0 = time.perf_counter()
            at.switch_page(f"pages/{page}.py").run()
            first = time.perf_counter() - t0
            extra = ""
            if page == "optimise":
                t0 = time.perf_counter()
                at.button[0].click().run()
                extra = f"  solve+draw {time.perf_counter() - t0:.2f}"
            times = []
            for _ in range(args.n):
                t0 = time.perf_counter()
                at.run()
                times.append(time.perf_counter() - t0)
            assert not at.exception, at.exception
            med, hi = statistics.median(times), p95(times)
            worst = max(worst, med)
            print(f"{zone:<18}{page:<10}{first:>9.3f}{med:>10.3f}{hi:>8.3f}{extra}")
    print(f"worst median rerun: {worst:.3f} s (target < 0.3 s)")


if __name__ == "__main__":
    main()
