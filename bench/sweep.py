"""Time a Monte Carlo on the typical zone as Dask tasks: a local cluster of 1 vs 2 worker processes.

python -m bench.sweep [--zone typical|thai_auto|...] [--draws 200] [--workers 1,2] [--scheduler ADDR]

Each draw is a full two-phase solve warm-started from the zone's own plan (solved once first, included in
the time). Cluster start-up (processes spawned, `core` imported on first task) is timed apart. With
--scheduler, the runs go to that cluster instead (its worker count is what it is).
"""

from __future__ import annotations

import argparse
import os
import time

from bench.synthetic import synthetic_zone
from core.cluster import LOCAL, get_client, n_workers, shutdown
from core.demo import load_demo
from core.monte_carlo import monte_carlo
from core.optimise import SolveSettings


def _warm_up() -> int:
    """A task per worker that imports the optimiser (what the first draw would pay otherwise)."""
    import core.optimise  # noqa: F401

    return os.getpid()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--zone", default="typical", help="typical (synthetic 40 x 25) or a demo slug")
    ap.add_argument("--draws", type=int, default=200)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--scheduler", default=LOCAL)
    args = ap.parse_args()

    s = synthetic_zone(40, 25, seed=1) if args.zone == "typical" else load_demo(args.zone)
    settings = SolveSettings(time_limit_s=60.0, gap=1e-3)
    print(f"zone {args.zone}: {len(s.plan_years)} plan years; {os.cpu_count()} cores")
    print(
        f"Monte Carlo, {args.draws} draws, 6 parameters x U(0.8, 1.2); load average before {os.getloadavg()[0]:.1f}\n"
    )
    print(
        f"{'workers':>7} | {'start s':>7} | {'wall s':>7} | {'s/draw':>6} | {'speed-up':>8} | {'ok':>4} | p_met last year"
    )
    print("-" * 72)
    first = None
    for w in [int(x) for x in args.workers.split(",")]:
        shutdown()
        t0 = time.perf_counter()
        client = get_client(args.scheduler, w)
        client.run(_warm_up)  # every worker imports the optimiser before the clock starts
        start = time.perf_counter() - t0
        t0 = time.perf_counter()
        mc = monte_carlo(s, n=args.draws, settings=settings, workers=w, scheduler=args.scheduler)
        wall = time.perf_counter() - t0
        first = first or wall
        ok = int((mc.draws["status"] != "error").sum())
        p_last = mc.met["p_met"].iloc[-1]
        print(
            f"{n_workers(client):>7} | {start:>7.1f} | {wall:>7.1f} | {wall / args.draws:>6.2f} | "
            f"{first / wall:>7.2f}x | {ok:>4} | {p_last:.2f}"
        )
    shutdown()
    print(f"\nload average after {os.getloadavg()[0]:.1f} (the machine is shared: other work slows the 2-worker run)")


if __name__ == "__main__":
    main()
