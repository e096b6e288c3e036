"""Time a 20-point sensitivity sweep on a demo zone: serial vs worker processes. Prints a table.

.venv/bin/python -m bench.sweep [--zone thai_auto] [--param carbon_price] [--points 20] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import os
import time

from core.demo import load_demo
from core.optimise import SolveSettings
from core.sensitivity import base_value, linspace, shutdown_pools, sweep


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--zone", default="thai_auto")
    ap.add_argument("--param", default="carbon_price")
    ap.add_argument("--points", type=int, default=20)
    ap.add_argument(
        "--runs",
        default="1:cold,1:warm,2:warm,2:warm",
        help="workers:start per run, in order; start = cold (each point from scratch) or warm (from the base plan); "
        "the first run with 2 workers includes the pool start-up",
    )
    args = ap.parse_args()

    s = load_demo(args.zone)
    base = base_value(s, args.param)
    lo, hi = (0.0, max(2 * base, 100.0)) if args.param == "carbon_price" else (0.5 * base or 0.5, 1.5 * base or 1.5)
    values = linspace(lo, hi, args.points)
    settings = SolveSettings(time_limit_s=60.0, gap=1e-3)
    print(f"zone {args.zone}: {len(s.tenants)} tenants, {len(s.plan_years)} plan years, {os.cpu_count()} cores")
    print(f"sweep {args.param} from {lo:g} to {hi:g}, {args.points} points (each a full two-phase solve)\n")
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print(
        f"{'workers':>7} | {'pool':>5} | {'start':>5} | {'wall s':>7} | {'s/point':>7} | {'ok':>3} | {'npv range (M)':>21} | sets"
    )
    print("-" * 90)
    seen: set[int] = set()
    for run in args.runs.split(","):
        w_text, _, start = run.partition(":")
        w = int(w_text)
        pool = "-" if w == 1 else ("kept" if w in seen else "new")
        seen.add(w)
        t0 = time.perf_counter()
        result = sweep(s, args.param, values, settings, workers=w, warm=start != "cold")
        wall = time.perf_counter() - t0
        tab = result.table
        ok = tab[tab["status"] != "error"]
        npv = ok["npv_total"].astype(float) / 1e6
        sets = ok["measures"].nunique()
        print(
            f"{w:>7} | {pool:>5} | {start or 'warm':>5} | {wall:>7.1f} | {wall / len(values):>7.2f} | {len(ok):>3} | "
            f"{npv.min():>9.1f} - {npv.max():>9.1f} | {sets}"
        )
    shutdown_pools()
    print(
        "\nsets = distinct sets of (measure, first year) chosen along the sweep; pool new = includes worker start-up;"
        "\nstart warm = every point starts from the base plan (solved once first, included in the time)"
    )


if __name__ == "__main__":
    main()
