"""Optimiser benchmark: prints one table row per case and solver.

Columns: case, measures x years, variables, constraints, integers, build s (scenario -> model),
solve s (cold, both phases + duals), total s (wall, build + solve), cpu s (process CPU of that, all
threads: the machine is shared, so wall times swing with load), warm s / wcpu s (re-solve after +10 %
carbon price, warm-started from the previous plan, incl. build), live s (the same re-solve on the kept
live model: core.optimise.live updates the HiGHS model in place, no rebuild) / lcpu s, LP s (both phases with integrality
relaxed), gap, status.
Typical zone 40 x 25 (median of 3), large 300 x 36 (once), the demo zones, HiGHS and CBC (short limit).
Usage: python bench/optimise.py [--quick] [--no-cbc] [--cbc-large]
(CBC on the large zone is opt-in: its 10 s limit is not honoured while PuLP writes files and CBC
solves the root; it ran 220 s on the shared machine.)
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import synthetic_zone  # noqa: E402
from core.optimise import SolveSettings, live, solve  # noqa: E402
from core.optimise.data import prepare  # noqa: E402
from core.optimise.highs import HighsModel  # noqa: E402
from core.optimise.model import build  # noqa: E402
from core.schema import Scenario  # noqa: E402


def pricier(s: Scenario, factor: float = 1.1) -> Scenario:
    cp = {y: v * factor for y, v in s.assumptions.carbon_price_per_t.items()} or {s.base_year: 10.0 * factor}
    return s.model_copy(update={"assumptions": s.assumptions.model_copy(update={"carbon_price_per_t": cp})})


def lp_relaxation_s(s: Scenario) -> float:
    mdl = build(prepare(s))
    hm = HighsModel(mdl.prob)
    if hm.integer:
        import highspy

        hm.h.changeColsIntegrality(len(hm.integer), hm.integer, [highspy.HighsVarType.kContinuous] * len(hm.integer))
    t = time.perf_counter()
    if mdl.short:
        hm.set_objective(mdl.shortfall)
        p1 = hm.run("lp1", 120, 1e-3)
        s1 = p1.objective or 0.0
        hm.add_row([(v.name, 1.0) for _, v, _ in mdl.short], -1e30, s1 + 1e-7 * (1 + s1), "shortfall_total")
    hm.set_objective(mdl.cost)
    hm.run("lp2", 120, 1e-3)
    return time.perf_counter() - t


def case(name: str, s: Scenario, solver: str, repeats: int, limit: float) -> dict:
    st = SolveSettings(solver=solver, time_limit_s=limit)
    builds, solves, totals, cpus = [], [], [], []
    plan = None
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        plan = solve(s, st)
        totals.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
        builds.append(plan.solver.build_s + plan.solver.prepare_s)
        solves.append(plan.solver.time_s)
    warm = warm_cpu = live_s = live_cpu = float("nan")
    if solver == "highs" and plan is not None and plan.ok:
        t, c = time.perf_counter(), time.process_time()
        solve(pricier(s), SolveSettings(solver=solver, time_limit_s=limit, warm_start=plan))
        warm, warm_cpu = time.perf_counter() - t, time.process_time() - c
        live.clear()
        base = live.solve(s, st)
        t, c = time.perf_counter(), time.process_time()
        live.solve(pricier(s), SolveSettings(solver=solver, time_limit_s=limit, warm_start=base))
        live_s, live_cpu = time.perf_counter() - t, time.process_time() - c
    lp = lp_relaxation_s(s) if solver == "highs" else float("nan")
    sv = plan.solver.to_json() if plan else {}
    return {
        "case": name,
        "solver": sv.get("name", solver),
        "size": f"{len(prepare(s).measures)}x{len(s.plan_years)}",
        "vars": sv.get("n_vars", 0),
        "cons": sv.get("n_cons", 0),
        "ints": sv.get("n_integer", 0),
        "build": statistics.median(builds),
        "solve": statistics.median(solves),
        "total": statistics.median(totals),
        "cpu": statistics.median(cpus),
        "warm": warm,
        "warm_cpu": warm_cpu,
        "live": live_s,
        "live_cpu": live_cpu,
        "lp": lp,
        "gap": sv.get("gap"),
        "status": plan.status if plan else "-",
    }


def fmt(r: dict) -> str:
    gap = "-" if r["gap"] is None else f"{r['gap'] * 100:.2f}%"
    return (
        f"{r['case']:<16}{r['solver']:<6}{r['size']:>8}{r['vars']:>7}{r['cons']:>7}{r['ints']:>6}"
        f"{r['build']:>8.2f}{r['solve']:>8.2f}{r['total']:>8.2f}{r['cpu']:>8.2f}{r['warm']:>8.2f}{r['warm_cpu']:>8.2f}{r['live']:>8.2f}{r['live_cpu']:>8.2f}"
        f"{r['lp']:>8.2f}{gap:>8}  {r['status']}"
    )


def main() -> None:
    quick = "--quick" in sys.argv
    cbc = "--no-cbc" not in sys.argv
    from core.demo import demo_zones, load_demo

    cases = [("synthetic", synthetic_zone(40, 25, seed=1), 3)]
    if not quick:
        cases.append(("synthetic-large", synthetic_zone(300, 36, seed=1), 1))
    cases += [(slug, load_demo(slug), 1) for slug in demo_zones()]
    print(
        f"{'case':<16}{'solver':<6}{'size':>8}{'vars':>7}{'cons':>7}{'ints':>6}"
        f"{'build s':>8}{'solve s':>8}{'total s':>8}{'cpu s':>8}{'warm s':>8}{'wcpu s':>8}{'live s':>8}{'lcpu s':>8}{'LP s':>8}{'gap':>8}  status"
    )
    for name, s, reps in cases:
        print(fmt(case(name, s, "highs", reps, 120.0)), flush=True)
        if cbc and (name != "synthetic-large" or "--cbc-large" in sys.argv):
            print(fmt(case(name, s, "cbc", 1, 10.0)), flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MB; load average {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    main()
