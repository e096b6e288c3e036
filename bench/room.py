"""A workshop room's load, timed on the server side (no browsers: they would take the 2 cores we measure).

    python -m bench.room [--sessions 10,30] [--zone thai_auto] [--workers 1,2]

N participants join one room at once (one thread each, like N Streamlit sessions), each submits a
different variant (own carbon price and budget, so every one is a real solve) and polls its job as the
page's board does (every 0.25 s here, 2 s in the app). Click-to-results = submit -> job done and its plan
read back from the store. Prints p50/p95/max, server CPU per session and the process's peak memory.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import threading
import time
from pathlib import Path

from core.demo import load_demo
from core.jobs import Jobs, JobStatus
from core.optimise import live
from core.store import Store
from core.workshop import Levers, Workshop, apply_levers


def run(n: int, workers: int, zone: str, tmp: Path) -> dict:
    store = Store(f"sqlite:///{tmp / f'room_{n}_{workers}.sqlite'}")
    ws, jobs = Workshop(store.engine), Jobs(store.engine, workers=workers)
    s = load_demo(zone)
    code = ws.open_room(s, "bench")
    live.clear()
    times: list[float] = []
    lock = threading.Lock()
    go = threading.Barrier(n)

    def participant(i: int) -> None:
        lv = Levers(carbon_price=40.0 + 5 * i, budget_per_year=6e6 + 1e5 * i)
        go.wait()
        t0 = time.perf_counter()
        jid = jobs.submit(apply_levers(s, lv))
        ws.add_variant(code, f"p{i}", lv, jid)
        while True:
            job = jobs.get(jid)
            if job.finished:
                break
            time.sleep(0.25)
        assert job.status == JobStatus.DONE and job.plan is not None
        with lock:
            times.append(time.perf_counter() - t0)

    cpu0 = time.process_time()
    threads = [threading.Thread(target=participant, args=(i,)) for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    cpu = time.process_time() - cpu0
    jobs.close()
    store.close()
    q = statistics.quantiles(times, n=20, method="inclusive") if len(times) > 1 else times * 19
    return {
        "n": n,
        "workers": workers,
        "p50": statistics.median(times),
        "p95": q[18],
        "max": max(times),
        "cpu": cpu / n,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", default="10,30")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--zone", default="thai_auto")
    args = ap.parse_args()
    print(f"zone {args.zone}; load average before {Path('/proc/loadavg').read_text().split()[0]}")
    print(f"{'sessions':>8} | {'workers':>7} | {'p50 s':>6} | {'p95 s':>6} | {'max s':>6} | {'CPU s/session':>13}")
    print("-" * 62)
    with tempfile.TemporaryDirectory() as tmp:
        for n in [int(x) for x in args.sessions.split(",")]:
            for w in [int(x) for x in args.workers.split(",")]:
                r = run(n, w, args.zone, Path(tmp))
                print(
                    f"{r['n']:>8} | {r['workers']:>7} | {r['p50']:>6.2f} | {r['p95']:>6.2f} | {r['max']:>6.2f} | "
                    f"{r['cpu']:>13.2f}",
                    flush=True,
                )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\npeak memory of the process {peak:.0f} MB; load average after {Path('/proc/loadavg').read_text().split()[0]}"
    )


if __name__ == "__main__":
    main()
