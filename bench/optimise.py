"""Optimiser benchmark: prints one table row per case and solver.

Columns: case, measures x years, variables, constraints, integers, build s (scenario -> model),
solve s (cold, both phases + duals), total s (wall, build + solve), cpu s (process CPU of that, all
threads: the machine is shared, so wall times swing with load), warm s / wcpu s (re-solve after +10 %
carbon price, warm-started from the previous plan, incl. build), live s (the same re-solve on the kept
live model: core.optimise.live updates the HiGHS model in place, no rebuild) / lcpu s, LP s (both phases with integrality
relaxed), gap, status.
Typical zone 40 x 25 (median of 3), large 300 x 36 (once), the demo zones, HiGHS and CBC (short limit).
Power layer: every HiGHS case runs in both electricity modes side by side, `annual` (yearly balance) and
`hourly` (4 representative days of 24 h per plan year, storage and gensets; typical zone once); the `mode` column
says which. `--days N` sets the representative days, `--segments N` the time slots per day; `--days-table [--storage]` prints
the accuracy of 1, 2, 4 and 8 days of 24 hours, of 4 days in 16 to 8 slots and of 8 days in 10, against all 365 days
of 24 hours (the full 8,760-hour dispatch) on one demo zone's first plan year: PV used, curtailment, peak import.
Usage: python bench/optimise.py [--quick] [--no-cbc] [--cbc-large] [--days N] [--segments N] [--days-table] [--tenants]
(--tenants: only the tenant-mode comparison, core.optimise.sites: each demo zone and the typical synthetic zone in
zone mode and in tenant mode with 5 key tenants, HiGHS, cold.)
(CBC on the large zone is opt-in: its 10 s limit is not honoured while PuLP writes files and CBC
solves the root; it ran 220 s on the shared machine.)
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import synthetic_zone  # noqa: E402
from core.optimise import SolveSettings, live, solve  # noqa: E402
from core.optimise.data import prepare  # noqa: E402
from core.optimise.highs import HighsModel  # noqa: E402
from core.optimise.model import build  # noqa: E402
from core.optimise.sites import prepare_sited  # noqa: E402
from core.power.segments import DEFAULT_SEGMENTS  # noqa: E402
from core.schema import Scenario  # noqa: E402


def pricier(s: Scenario, factor: float = 1.1) -> Scenario:
    cp = {y: v * factor for y, v in s.assumptions.carbon_price_per_t.items()} or {s.base_year: 10.0 * factor}
    return s.model_copy(update={"assumptions": s.assumptions.model_copy(update={"carbon_price_per_t": cp})})


def lp_relaxation_s(s: Scenario, mode: str = "annual", days: int = 4, segments: int = DEFAULT_SEGMENTS) -> float:
    mdl = build(prepare(s, power_mode=mode, days=days, segments=segments))
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


def case(
    name: str,
    s: Scenario,
    solver: str,
    repeats: int,
    limit: float,
    mode: str = "annual",
    days: int = 4,
    segments: int = DEFAULT_SEGMENTS,
) -> dict:
    st = SolveSettings(solver=solver, time_limit_s=limit, power_mode=mode, power_days=days, power_segments=segments)
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
        solve(pricier(s), replace(st, warm_start=plan))
        warm, warm_cpu = time.perf_counter() - t, time.process_time() - c
        live.clear()
        base = live.solve(s, st)
        t, c = time.perf_counter(), time.process_time()
        live.solve(pricier(s), replace(st, warm_start=base))
        live_s, live_cpu = time.perf_counter() - t, time.process_time() - c
    lp = lp_relaxation_s(s, mode, days, segments) if solver == "highs" else float("nan")
    sv = plan.solver.to_json() if plan else {}
    return {
        "case": name,
        "mode": mode,
        "solver": sv.get("name", solver),
        "size": f"{len(prepare_sited(s).measures)}x{len(s.plan_years)}",
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


def tenant_mode(s: Scenario, k: int = 5) -> Scenario:
    """The scenario with tenant mode on (k key tenants)."""
    return s.model_copy(update={"parties": s.parties.model_copy(update={"tenant_mode": True, "max_tenants": k})})


def fmt(r: dict) -> str:
    gap = "-" if r["gap"] is None else f"{r['gap'] * 100:.2f}%"
    return (
        f"{r['case']:<16}{r['mode']:<7}{r['solver']:<6}{r['size']:>8}{r['vars']:>7}{r['cons']:>7}{r['ints']:>6}"
        f"{r['build']:>8.2f}{r['solve']:>8.2f}{r['total']:>8.2f}{r['cpu']:>8.2f}{r['warm']:>8.2f}{r['warm_cpu']:>8.2f}{r['live']:>8.2f}{r['live_cpu']:>8.2f}"
        f"{r['lp']:>8.2f}{gap:>8}  {r['status']}"
    )


def main() -> None:
    quick = "--quick" in sys.argv
    cbc = "--no-cbc" not in sys.argv
    from core.demo import demo_zones, load_demo

    days = int(sys.argv[sys.argv.index("--days") + 1]) if "--days" in sys.argv else 4
    seg = int(sys.argv[sys.argv.index("--segments") + 1]) if "--segments" in sys.argv else DEFAULT_SEGMENTS
    if "--days-table" in sys.argv:
        days_table(load_demo("thai_auto"))
        return
    cases = [("synthetic", synthetic_zone(40, 25, seed=1), 3)]
    if "--tenants" in sys.argv:
        cases += [("synthetic+ten", tenant_mode(cases[0][1]), 3)]
        for slug in demo_zones():
            cases += [(slug, load_demo(slug), 1), (f"{slug[:10]}+ten", tenant_mode(load_demo(slug)), 1)]
        cbc, quick = False, True
    if not quick:
        cases.append(("synthetic-large", synthetic_zone(300, 36, seed=1), 1))
    if "--tenants" not in sys.argv:
        cases += [(slug, load_demo(slug), 1) for slug in demo_zones()]
    print(
        f"{'case':<16}{'mode':<7}{'solver':<6}{'size':>8}{'vars':>7}{'cons':>7}{'ints':>6}"
        f"{'build s':>8}{'solve s':>8}{'total s':>8}{'cpu s':>8}{'warm s':>8}{'wcpu s':>8}{'live s':>8}{'lcpu s':>8}{'LP s':>8}{'gap':>8}  status"
    )
    for name, s, reps in cases:
        print(fmt(case(name, s, "highs", reps, 120.0)), flush=True)
        print(fmt(case(name, s, "highs", 1, 120.0, "hourly", days, seg)), flush=True)
        if cbc and (name != "synthetic-large" or "--cbc-large" in sys.argv):
            print(fmt(case(name, s, "cbc", 1, 10.0)), flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MB; load average {Path('/proc/loadavg').read_text().split()[:3]}")


def days_table(s: Scenario) -> None:
    """Accuracy of N representative days against all 365 on a one-year plan of a demo zone whose only measure is
    cheap PV up to 70 % of its annual electricity (so PV is built in full, used by day and curtailed); `--storage`:
    and a renewable share target of 50 % that year, beyond what the sun can give as it shines, so the least-shortfall
    plan builds a battery (the status column says the target stays out of reach)."""
    from core.power.slices import tenant_mwh
    from core.schema import Measure

    mwh = sum(tenant_mwh(t) for t in s.tenants)
    pv = Measure(
        id="bench_pv", name_en="PV (bench)", name_zh="光伏（基准测试）", area="energy",
        unit="MWh/yr", capex_per_unit=1.0, lifetime_years=25,
        effects={"onsite_renewable_mwh": 1.0}, resource_use={"roof_area_m2": 1e-9}, max_units=0.7 * mwh,
    )  # fmt: skip
    share = {"metric": "renewable_share", "year": s.base_year + 1, "value": 0.5}
    targets = s.targets.model_copy(update={"milestones": [share]}) if "--storage" in sys.argv else s.targets
    s1 = s.model_copy(
        update={
            "horizon": s.base_year + 1,
            "measures": s.measures.model_copy(update={"catalogue": "none", "custom": [pv]}),
            "targets": targets,
        }
    )
    s1 = type(s1).model_validate(s1.model_dump())
    rows = {}
    for n, seg in ((365, 24), (1, 24), (2, 24), (4, 24), (8, 24), (4, 16), (4, 14), (4, 12), (4, 10), (4, 8), (8, 10)):
        t = time.perf_counter()
        st = SolveSettings(power_mode="hourly", power_days=n, power_segments=seg, time_limit_s=600)
        plan = solve(s1, st)
        f = plan.power.get(plan.years[0], {}) if plan.ok else {}
        rows[(n, seg)] = (f, time.perf_counter() - t, plan.status)
    ref = rows[(365, 24)][0]
    print(
        f"{'days':>5}{'slots':>6}{'PV used MWh':>14}{'err':>8}{'curtailed MWh':>15}{'err':>8}{'peak MW':>9}{'err':>8}"
        f"{'battery MWh':>12}{'err':>8}{'s':>7}  status"
    )
    for (n, seg), (f, sec, status) in rows.items():
        cells = ""
        for k in ("onsite_renewable_used_mwh", "curtailed_mwh", "peak_grid_import_mw", "storage_mwh_installed"):
            v, r = f.get(k) or 0.0, ref.get(k) or 0.0
            err = f"{(v - r) / r * 100:+.1f}%" if r else "-"
            width = {"peak_grid_import_mw": 9, "storage_mwh_installed": 12}.get(k, 14)
            cells += f"{v:>{width},.1f}{err:>8}" if width != 14 else f"{v:>14,.0f}{err:>8}"
        print(f"{n:>5}{seg:>6}{cells}{sec:>7.1f}  {status}")


if __name__ == "__main__":
    main()
