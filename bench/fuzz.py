"""Fuzz the command line with malformed demo scenarios (issue 19) and print a table.

python bench/fuzz.py [--cases 520] [--seed 19] [--classes wrong_type,yaml_bomb]

Every case runs through `core.cli.main` in-process: validate, solve --json --time-limit 5, inventory --json,
report --out x.html. Columns: cases, accepted (valid: solved and reported), runs, tracebacks, over-time, path-less (a message with neither a path nor
a line and column), bad exit (not 0 or 2). Exit status 1 when any of the last four is not 0.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
import warnings
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzz.generator import CLASSES, cases  # noqa: E402
from tests.fuzz.harness import run_case, summary  # noqa: E402

COLUMNS = ("cases", "accepted", "runs", "tracebacks", "over-time", "path-less", "bad exit")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cases", type=int, default=520)
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--classes", default="", help="comma-separated classes (default: all)")
    ap.add_argument("--show", type=int, default=20, help="print up to this many failing runs")
    a = ap.parse_args()
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    chosen = set(a.classes.split(",")) if a.classes else set(CLASSES)
    todo = [c for c in cases(a.cases, a.seed) if c.cls in chosen]
    by_cls: dict[str, list] = defaultdict(list)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i, c in enumerate(todo):
            by_cls[c.cls] += run_case(c, Path(tmp))
            if (i + 1) % 50 == 0:
                print(f"  {i + 1}/{len(todo)} cases, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    allr = [r for rs in by_cls.values() for r in rs]
    print(f"| class | {' | '.join(COLUMNS)} |")
    print("|---" * (len(COLUMNS) + 1) + "|")
    for cls in CLASSES:
        if cls in by_cls:
            s = summary(by_cls[cls])
            print(f"| {cls} | " + " | ".join(str(s[k]) for k in COLUMNS) + " |")
    tot = summary(allr)
    print("| **total** | " + " | ".join(f"**{tot[k]}**" for k in COLUMNS) + " |")
    print(f"\nseed {a.seed}, {time.perf_counter() - t0:.0f} s wall")
    bad = [r for r in allr if r.problems]
    for r in bad[: a.show]:
        print(f"  {r.case.name} {r.command}: exit {r.code}, {'; '.join(r.problems)[:300]}")
    return 1 if any(tot[k] for k in COLUMNS[3:]) else 0


if __name__ == "__main__":
    sys.exit(main())
