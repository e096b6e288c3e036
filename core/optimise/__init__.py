"""Least-cost multi-year pathway that meets every target, or says how far short it falls.

`solve(s, settings) -> Plan` (see core.results). Steps: `data.prepare` (scenario -> numbers),
`model.build` (PuLP, one define_* per constraint family), a lexicographic solve (phase 1: least total
normalised shortfall; phase 2: least cost with that shortfall fixed; then the LP with integers fixed
for duals) on HiGHS in-process (`highs.py`) or CBC through PuLP, and `readback.read_plan`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Literal

import pulp

from core.optimise.data import ModelData, prepare
from core.optimise.highs import HighsModel, Phase
from core.optimise.model import Model, build
from core.optimise.readback import read_plan
from core.results import Plan
from core.schema import Scenario

__all__ = ["SolveSettings", "solve", "solve_data", "cli_solve"]


@dataclass(frozen=True)
class SolveSettings:
    solver: Literal["highs", "cbc"] = "highs"
    time_limit_s: float = 60.0
    gap: float = 1e-3
    warm_start: Plan | None = None


def _tol(s1: float) -> float:
    return 1e-7 * (1.0 + abs(s1))


def _run_highs(mdl: Model, st: SolveSettings, deadline: float) -> tuple[dict, list[Phase], dict | None, dict]:
    """Phases on one highspy model. Returns (values, phases, row duals or None, start data)."""
    hm = HighsModel(mdl.prob)
    key = mdl.data.shortfall_key()
    warm = st.warm_start.start if st.warm_start is not None else {}
    phases: list[Phase] = []
    start = warm.get("values") if warm else None
    s1 = 0.0
    left = lambda: deadline - time.perf_counter()  # noqa: E731
    if mdl.short:
        if warm and warm.get("key") == key:  # shortfall depends on nothing that changed: reuse it
            s1 = warm["shortfall"]
            phases.append(Phase("shortfall (reused)", "optimal", 0.0, 0.0, s1))
        else:
            hm.set_objective(mdl.shortfall)
            # doing nothing is always feasible (the targets are elastic): an incumbent from the start
            hm.set_start(start or {hm.cols[j].name: 0.0 for j in hm.integer})
            p1 = hm.run("shortfall", left(), st.gap, abs_gap=1e-7)
            phases.append(p1)
            if p1.status in ("error", "infeasible"):
                return {}, phases, None, {}
            s1 = p1.objective or 0.0
            start = hm.values()
        hm.add_row([(v.name, 1.0) for _, v, _ in mdl.short], -1e30, s1 + _tol(s1), "shortfall_total")
    hm.set_objective(mdl.cost)
    if start:  # re-optimise the continuous part of the start for this objective (lumpy choices kept)
        t = time.perf_counter()
        start = hm.polish(start, left()) or start
        phases.append(Phase("start (LP, integers fixed)", "optimal", time.perf_counter() - t, None, None))
        hm.set_start(start)
    p2 = hm.run("cost", left(), st.gap)
    phases.append(p2)
    if p2.status in ("error", "infeasible"):
        if start and mdl.short:  # out of time before any cost-phase solution: the least-shortfall plan
            phases[-1] = Phase("cost", "time_limit", p2.time_s, None, None)
            return start, phases, None, {}
        return {}, phases, None, {}
    values = hm.values()
    duals = None
    if left() > 0.05:
        hm.fix_integers(values)
        p3 = hm.run("duals (LP, integers fixed)", left(), st.gap)
        phases.append(p3)
        if p3.status == "optimal":
            duals = hm.row_duals()
    return values, phases, duals, {"key": key, "shortfall": s1, "values": values}


def _run_cbc(mdl: Model, st: SolveSettings, deadline: float) -> tuple[dict, list[Phase], dict | None, dict]:
    """The same phases with PuLP's bundled CBC (weaker; a fallback). Gap is not reported by PuLP."""
    prob = mdl.prob
    phases: list[Phase] = []

    def run(name: str, mip: bool = True) -> Phase:
        left = max(1.0, deadline - time.perf_counter())
        solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=left, gapRel=st.gap, warmStart=True, mip=mip)
        t = time.perf_counter()
        prob.solve(solver)
        dt = time.perf_counter() - t
        if prob.sol_status == pulp.LpSolutionOptimal:
            status = "optimal"
        elif prob.sol_status == pulp.LpSolutionIntegerFeasible:  # PuLP says "Optimal" on a time limit
            status = "time_limit"
        elif prob.sol_status == pulp.LpSolutionInfeasible:
            status = "infeasible"
        else:
            status = "error"
        obj = pulp.value(prob.objective) if status in ("optimal", "time_limit") else None
        p = Phase(name, status, dt, 0.0 if status == "optimal" else None, obj)
        phases.append(p)
        return p

    s1 = 0.0
    if mdl.short:
        prob.setObjective(mdl.shortfall)
        p1 = run("shortfall")
        if p1.status in ("error", "infeasible"):
            return {}, phases, None, {}
        s1 = p1.objective or 0.0
        fallback = {v.name: (v.varValue or 0.0) for v in prob.variables()}
        prob.addConstraint(pulp.LpConstraint(mdl.shortfall, pulp.LpConstraintLE, "shortfall_total", s1 + _tol(s1)))
    prob.setObjective(mdl.cost)
    p2 = run("cost")
    if p2.status in ("error", "infeasible"):
        if mdl.short and p1.status in ("optimal", "time_limit"):  # out of time: the least-shortfall plan
            phases[-1] = Phase("cost", "time_limit", p2.time_s, None, None)
            return fallback, phases, None, {}
        return {}, phases, None, {}
    values = {v.name: (v.varValue or 0.0) for v in prob.variables()}
    duals = None
    if deadline - time.perf_counter() > 1.0:
        for v in prob.variables():
            if v.cat == pulp.LpInteger:
                v.cat = pulp.LpContinuous
                v.lowBound = v.upBound = round(values[v.name])
        if run("duals (LP, integers fixed)", mip=False).status == "optimal":
            duals = {c.name: c.pi for c in prob.constraints() if c.pi is not None}
    return values, phases, duals, {}


def _notes(plan_status: str, phases: list[Phase], d: ModelData, short: int, at_limit: list[str]) -> list:
    """The plan's message as (i18n key, fields) pairs (namespace 'plan')."""
    pct = lambda g: f"{g * 100:.2f} %"  # noqa: E731
    notes: list = []
    if plan_status == "time_limit":
        g = next((p.gap for p in phases if p.status == "time_limit"), None)
        notes.append(("time_limit", {"gap": pct(g)}) if g is not None else ("time_limit_nogap", {}))
    elif plan_status == "infeasible_targets":
        notes.append(("infeasible", {"n": short}))
        if at_limit:
            notes.append(("at_limit", {"ids": ", ".join(at_limit)}))
    else:
        cost = next((p for p in phases if p.name == "cost"), None)
        g = cost.gap if cost else None
        notes.append(("optimal", {"gap": pct(g)}) if g else ("optimal_exact", {}))
    return notes + list(d.notes)


def solve_data(d: ModelData, settings: SolveSettings | None = None) -> Plan:
    """Solve prepared model data (tests build ModelData by hand)."""
    st = settings or SolveSettings()
    t0 = time.perf_counter()
    try:
        mdl = build(d)
    except Exception as e:  # noqa: BLE001 - a model error is a message, never a traceback
        return Plan.failed(f"model could not be built: {type(e).__name__}: {e}", d.years)
    build_s = time.perf_counter() - t0
    cols = mdl.prob.variables()
    size = {
        "n_vars": len(cols),
        "n_cons": len(mdl.prob.constraints()),
        "n_integer": sum(1 for v in cols if v.cat == pulp.LpInteger),
    }
    deadline = time.perf_counter() + st.time_limit_s
    try:
        runner = _run_cbc if st.solver == "cbc" else _run_highs
        values, phases, duals, start = runner(mdl, st, deadline)
    except Exception as e:  # noqa: BLE001
        return Plan.failed(f"solver failed: {type(e).__name__}: {e}", d.years)
    solver = {
        "name": "CBC" if st.solver == "cbc" else "HiGHS",
        "status": phases[-1].status if phases else "error",
        "time_s": sum(p.time_s for p in phases),
        "build_s": build_s,
        "gap": next((p.gap for p in phases if p.name == "cost"), None),
        **size,
        "phases": [p.__dict__ for p in phases],
    }
    if not values:
        why = phases[-1].status if phases else "no run"
        return Plan.failed(
            f"no plan: solver status {why} in phase {phases[-1].name if phases else '-'}", d.years, solver
        )
    if st.solver == "cbc":
        solver["gap"] = None if any(p.status == "time_limit" for p in phases) else 0.0
    plan = read_plan(mdl, values, "optimal", "", solver, d.info, duals, start)
    short = int((~plan.targets["met"].astype(bool)).sum()) if not plan.targets.empty else 0
    if any(p.status == "time_limit" for p in phases if not p.name.startswith("duals")):
        status = "time_limit"
    elif short:
        status = "infeasible_targets"
    else:
        status = "optimal"
    at_limit = []
    if status == "infeasible_targets":
        ub = {m.id: m.ub for m in d.measures}
        act = plan.units.groupby("measure")["active"].max() if not plan.units.empty else {}
        at_limit = [m for m, a in dict(act).items() if a >= ub.get(m, float("inf")) - 1e-6]
    from dataclasses import replace

    notes = _notes(status, phases, d, short, at_limit) + ([("cbc_warning", {})] if st.solver == "cbc" else [])
    plan = replace(plan, status=status, notes=notes)
    return replace(plan, message=plan.describe("en"))


def solve(s: Scenario, settings: SolveSettings | None = None) -> Plan:
    """Least-cost plan for a scenario; never raises (a failure is a Plan with status 'error')."""
    t0 = time.perf_counter()
    try:
        d = prepare(s)
    except Exception as e:  # noqa: BLE001
        return Plan.failed(f"scenario could not be turned into a model: {type(e).__name__}: {e}", s.plan_years)
    plan = solve_data(d, settings)
    plan.solver["prepare_s"] = (
        time.perf_counter() - t0 - plan.solver.get("time_s", 0.0) - plan.solver.get("build_s", 0.0)
    )
    return plan


# ---------------------------------------------------------------- CLI


def format_plan(plan: Plan) -> str:
    lines = [f"status: {plan.status} - {plan.message}"]
    if not plan.ok:
        return "\n".join(lines)
    cur = plan.currency
    lines.append(
        f"NPV cost {plan.npv['total']:,.0f} {cur} (BAU {plan.npv['bau_total']:,.0f}, saving {plan.npv['saving']:,.0f})"
    )
    p = plan.pathway
    for y in sorted({plan.years[0], *plan.years[4::5], plan.years[-1]}) if plan.years else []:
        if y in p.index:
            r = p.loc[y]
            tgt = "" if r["target_t"] != r["target_t"] else f"  target {r['target_t']:,.0f}"
            lines.append(
                f"  {y}: BAU {r['bau_t']:,.0f} t  plan {r['plan_gross_t']:,.0f} t  net {r['plan_net_t']:,.0f} t{tgt}"
            )
    built = plan.units[plan.units["built"] > 1e-9]
    for mid, g in built.groupby("measure"):
        years = ", ".join(f"{int(y)}: {b:,.4g}" for y, b in zip(g["year"], g["built"], strict=True))
        lines.append(f"  build {mid}: {years}")
    for r in plan.shortfall.itertuples():
        lines.append(f"  short: {r.metric} ({r.basis}) {r.year}: target {r.target:,.4g}, achieved {r.achieved:,.4g}")
    sv = plan.solver
    lines.append(
        f"solver {sv.get('name')}: {sv.get('n_vars')} variables, {sv.get('n_cons')} constraints, "
        f"build {sv.get('build_s', 0):.2f} s, solve {sv.get('time_s', 0):.2f} s"
    )
    return "\n".join(lines)


def cli_solve(scenario: Scenario, args: Any) -> tuple[dict, str]:
    """`python -m core solve FILE [--json] [--solver] [--time-limit] [--gap]`."""
    st = SolveSettings(
        solver=getattr(args, "solver", "highs") or "highs",
        time_limit_s=float(getattr(args, "time_limit", 60.0) or 60.0),
        gap=float(getattr(args, "gap", 1e-3) or 1e-3),
    )
    plan = solve(scenario, st)
    return plan.to_json(), format_plan(plan)
