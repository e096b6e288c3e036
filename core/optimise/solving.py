"""One lexicographic solve, written once over a small backend interface (HiGHS in-process, or CBC).

Phases (DESIGN 7): 1. least total normalised shortfall of the targets (skipped when a warm start's
shortfall was computed for the same data); 2. least cost with the shortfall held at that minimum; 3. the LP
with integers and every shortfall fixed, for the duals of the target rows (each one's marginal cost, nothing
borrowed from the other years). A phase cut off by the time limit never passes as optimal: its status says so.
Phases 1 and 2 relax and round first, when the backend can (HiGHS): the LP relaxation gives a bound, the start's
integers and the relaxation's rounded ones are each fixed with the rest re-optimised as an LP (warm from the
relaxation's basis); when the best is within the gap of the bound - HiGHS's own stopping rule - it is the answer
and no MIP runs (one cold LP instead of a MIP's root and search: most solves of the demo zones), else the MIP
starts from it.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Literal, Protocol

import pulp

from core.optimise.cbc import CbcModel
from core.optimise.data import ModelData
from core.optimise.highs import HighsModel, Polished
from core.optimise.model import Model, build
from core.optimise.power_readback import annual_overstatement
from core.optimise.readback import read_plan
from core.optimise.rounding import rounder
from core.optimise.sites import define_sites, prepare_sited
from core.optimise.tenancy import tenancy
from core.power.segments import DEFAULT_SEGMENTS
from core.power.slices import DEFAULT_DAYS
from core.results import Phase, PhaseStatus, Plan, PlanStatus, SolverReport
from core.schema import Scenario

DEFAULT_TIME_LIMIT_S = 60.0
DEFAULT_GAP = 1e-3
# One wall-clock deadline per command or app action (perf_counter seconds); every solve inside ends by it.
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("solve_deadline", default=None)


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Every solve inside (report, CBAM, sensitivity ...) finishes within `seconds` from now, all together."""
    token = _DEADLINE.set(time.perf_counter() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _end_by(limit_s: float) -> float:
    """perf_counter time by which a solve starting now must end: its own limit or the command's deadline."""
    end = time.perf_counter() + (limit_s if math.isfinite(limit_s) and limit_s > 0 else 0.0)
    outer = _DEADLINE.get()
    return min(end, outer) if outer is not None else end


Rounding = Callable[[dict[str, float]], dict[str, float]]  # relaxed values -> rounded (core.optimise.rounding)


@dataclass(frozen=True)
class SolveSettings:
    solver: Literal["highs", "cbc"] = "highs"
    time_limit_s: float = DEFAULT_TIME_LIMIT_S
    gap: float = DEFAULT_GAP
    warm_start: Plan | None = None
    power_mode: Literal["hourly", "annual"] = "annual"  # hourly: representative days; annual: yearly balance
    power_days: int = DEFAULT_DAYS  # representative days per plan year (hourly mode)
    power_segments: int = DEFAULT_SEGMENTS  # slots per representative day (hourly mode; 24: every hour)

    def key(self) -> str:
        """What decides a solve's answer besides the scenario (never the warm start): caches and jobs key on it."""
        return (
            f"solver={self.solver},time_limit_s={float(self.time_limit_s)},gap={float(self.gap)}"
            f",power={self.power_mode}:{int(self.power_days)}:{int(self.power_segments)}"
        )


class Backend(Protocol):
    """What the lexicographic solve needs from a solver (columns and rows addressed by PuLP names)."""

    name: str
    integer: list[int]

    def size(self) -> tuple[int, int, int]: ...
    def set_objective(self, expr: pulp.LpAffineExpression) -> None: ...
    def add_row(self, terms: list[tuple[str, float]], lower: float, upper: float, name: str) -> None: ...
    def set_start(self, values: dict[str, float]) -> None: ...
    def run(self, name: str, time_limit: float, rel_gap: float, abs_gap: float = 0.0) -> Phase: ...
    def values(self) -> dict[str, float]: ...
    def polish(
        self, starts: list[dict[str, float]], time_limit: float, rounding: Rounding, gap: tuple[float, float]
    ) -> Polished | None: ...
    def fix_integers(self, values: dict[str, float]) -> None: ...
    def fix(self, values: dict[str, float]) -> None: ...
    def row_duals(self) -> dict[str, float]: ...


@dataclass(frozen=True)
class Outcome:
    values: dict[str, float]  # empty: no plan
    phases: tuple[Phase, ...]
    duals: dict[str, float] | None
    start: dict  # warm-start data for the next solve


def _tol(s1: float) -> float:
    return 1e-7 * (1.0 + abs(s1))


def lexicographic(be: Backend, mdl: Model, st: SolveSettings, deadline: float) -> Outcome:
    """Run the phases on one backend. Doing nothing is always feasible (targets are elastic), so a cost phase
    out of time falls back to the least-shortfall plan (and a shortfall phase out of time to doing nothing)."""
    left = lambda: deadline - time.perf_counter()  # noqa: E731
    if be.size()[0] == 0:  # nothing can be built and no target to fall short of: doing nothing is the plan
        return Outcome({}, (Phase("cost", PhaseStatus.OPTIMAL, 0.0, 0.0, 0.0),), None, {})
    key = mdl.data.shortfall_key()
    warm = st.warm_start.start if st.warm_start is not None else {}
    phases: list[Phase] = []
    start = warm.get("values") if warm else None
    s1 = 0.0
    shorts = [v.name for _, v, _ in mdl.short]
    rounding = rounder(mdl, set(_integer_names(be)))
    if shorts:
        if warm and warm.get("key") == key:  # the shortfall depends on nothing that changed: reuse it
            s1 = warm["shortfall"]
            phases.append(Phase("shortfall (reused)", PhaseStatus.OPTIMAL, 0.0, 0.0, s1))
        else:
            be.set_objective(mdl.shortfall)
            got, start = _phase(be, "shortfall", start, left, st.gap, rounding, abs_gap=1e-7)
            phases += got
            if start is None:
                return Outcome({}, tuple(phases), None, {})
            s1 = phases[-1].objective or 0.0
        be.add_row([(n, 1.0) for n in shorts], -1e30, s1 + _tol(s1), "shortfall_total")
    be.set_objective(mdl.cost)
    got, values = _phase(be, "cost", start, left, st.gap, rounding)
    phases += got
    if values is None:
        if start and shorts:  # out of time before any cost-phase solution: the least-shortfall plan
            phases[-1] = replace(phases[-1], status=PhaseStatus.TIME_LIMIT, gap=None, objective=None)
            return Outcome(start, tuple(phases), None, {})
        return Outcome({}, tuple(phases), None, {})
    duals = None
    if left() > 0.05:
        be.fix_integers(values)
        be.fix({n: values[n] for n in shorts})
        p3 = be.run("duals (LP, integers fixed)", left(), st.gap)
        phases.append(p3)
        if p3.status == PhaseStatus.OPTIMAL:
            duals = be.row_duals()
    proven = all(p.status == PhaseStatus.OPTIMAL for p in phases if p.name.startswith("shortfall"))
    start_out = {"key": key, "shortfall": s1, "values": values} if proven else {"values": values}
    return Outcome(values, tuple(phases), duals, start_out)


def _phase(
    be: Backend,
    name: str,
    start: dict | None,
    left: Callable[[], float],
    gap: float,
    rounding: Rounding,
    abs_gap: float = 0.0,
) -> tuple[list[Phase], dict[str, float] | None]:
    """One phase under the objective set: relax and round first (the LP relaxation's bound; the start's and the
    rounded relaxation's integers fixed, the rest an LP); when the best of those is within the gap of the bound
    it is the answer, else the MIP runs from it. (phases, values; None: no solution in time)."""
    out: list[Phase] = []
    t = time.perf_counter()
    pol = be.polish([start] if start else [], left(), rounding, (gap, abs_gap))
    if pol is not None:
        out.append(Phase(f"start: {name} (LP relaxation, rounded)", PhaseStatus.OPTIMAL, time.perf_counter() - t,
                         pol.gap(), pol.objective))  # fmt: skip
        if pol.proven(gap, abs_gap):
            out.append(Phase(name, PhaseStatus.OPTIMAL, 0.0, pol.gap(), pol.objective))
            return out, pol.values
        start = pol.values
    if start:
        be.set_start(start)
    p = be.run(name, left(), gap, abs_gap=abs_gap)
    out.append(p)
    if not p.has_solution and pol is not None:  # out of time: the rounded plan stands, with its gap
        out[-1] = replace(p, status=PhaseStatus.TIME_LIMIT, gap=pol.gap(), objective=pol.objective)
        return out, pol.values
    return out, (be.values() if p.has_solution else None)


def _integer_names(be: Backend) -> list[str]:
    return [be.cols[j].name for j in be.integer]  # type: ignore[attr-defined]


def _notes(status: PlanStatus, phases: tuple[Phase, ...], d: ModelData, short: int, at_limit: list[str]) -> list:
    """The plan's message as (i18n key, fields) pairs (namespace 'plan')."""
    pct = lambda g: f"{g * 100:.2f} %"  # noqa: E731
    notes: list = []
    if status == PlanStatus.TIME_LIMIT:
        g = plan_gap(phases)
        notes.append(("time_limit", {"gap": pct(g)}) if g is not None else ("time_limit_nogap", {}))
        if not any(p.has_solution for p in phases if not p.name.startswith("duals")):
            notes.append(("nothing_in_time", {}))
        elif any(p.name == "shortfall" and p.status != PhaseStatus.OPTIMAL for p in phases):
            notes.append(("shortfall_at_most", {}))
    elif status == PlanStatus.INFEASIBLE_TARGETS:
        notes.append(("infeasible", {"n": short}))
        if at_limit:
            notes.append(("at_limit", {"ids": ", ".join(at_limit)}))
    else:
        cost = next((p for p in phases if p.name == "cost"), None)
        g = cost.gap if cost else None
        notes.append(("optimal", {"gap": pct(g)}) if g else ("optimal_exact", {}))
    return notes + list(d.notes)


def plan_gap(phases: tuple[Phase, ...]) -> float | None:
    """The one gap of a plan (message and JSON alike): the largest gap of a phase cut off by the time limit
    (None when one has no gap), else the cost phase's."""
    cut = [p for p in phases if p.status != PhaseStatus.OPTIMAL and not p.name.startswith(("duals", "start"))]
    if cut:
        gaps = [p.gap for p in cut]
        return None if any(g is None for g in gaps) else max(gaps)  # type: ignore[type-var]
    cost = next((p for p in phases if p.name == "cost"), None)
    return cost.gap if cost is not None else None


def _nothing(mdl: Model) -> dict[str, float]:
    """Doing nothing: every variable 0 (targets are elastic, so it is a plan; readback recomputes the rest)."""
    return {v.name: 0.0 for v in mdl.prob.variables()}


def solve_data(d: ModelData, settings: SolveSettings | None = None, end: float | None = None) -> Plan:
    """Solve prepared model data (tests build ModelData by hand) by `end` (perf_counter; default: the
    settings' time limit from now, or the command's deadline if sooner); never raises."""
    st = settings or SolveSettings()
    t0 = time.perf_counter()
    end = _end_by(st.time_limit_s) if end is None else end
    try:
        mdl = build(d)
        define_sites(mdl)  # tenant sites and participation (core.optimise.sites): rows only
        be: Backend = CbcModel(mdl.prob) if st.solver == "cbc" else HighsModel(mdl.prob)
    except Exception as e:  # noqa: BLE001 - a model error is a message, never a traceback
        return Plan.failed(f"model could not be built: {type(e).__name__}: {e}", d.years)
    return solve_model(mdl, be, st, end, time.perf_counter() - t0)


def solve_model(mdl: Model, be: Backend, st: SolveSettings, end: float, build_s: float = 0.0) -> Plan:
    """The phases on a built model and backend, read back into a Plan (never raises)."""
    d = mdl.data
    n_vars, n_cons, n_int = be.size()
    try:
        if time.perf_counter() >= end:  # prepare and build used the time: no phase runs
            out = Outcome({}, (Phase("shortfall", PhaseStatus.ERROR, 0.0, None, None),), None, {})
        else:
            out = lexicographic(be, mdl, st, end)
    except Exception as e:  # noqa: BLE001
        return Plan.failed(f"solver failed: {type(e).__name__}: {e}", d.years)
    phases = out.phases
    timed_out = time.perf_counter() >= end - 0.05
    if not out.values and timed_out:  # out of time before any solution: doing nothing is the incumbent
        out = replace(out, values=_nothing(mdl), start={})
    cut = timed_out and any(p.status != PhaseStatus.OPTIMAL for p in phases if not p.name.startswith("duals"))
    cut = cut or any(p.status == PhaseStatus.TIME_LIMIT for p in phases if not p.name.startswith("duals"))
    gap = plan_gap(phases)
    if st.solver == "cbc":
        gap = None if cut else 0.0
    report = SolverReport(
        name=be.name,
        status=phases[-1].status if phases else PhaseStatus.ERROR,
        time_s=sum(p.time_s for p in phases),
        build_s=build_s,
        gap=gap,
        n_vars=n_vars,
        n_cons=n_cons,
        n_integer=n_int,
        phases=phases,
    )
    if not out.values and n_vars > 0:  # (a model without variables: doing nothing, read back as a plan)
        last = phases[-1] if phases else None
        why = f"solver status {last.status} in phase {last.name}" if last else "solver status error in phase -"
        return Plan.failed(f"no plan: {why}", d.years, report)
    plan = read_plan(mdl, out.values, PlanStatus.OPTIMAL, "", report, d.info, out.duals, out.start)
    short = int((~plan.targets["met"].astype(bool)).sum()) if not plan.targets.empty else 0
    if cut:
        status = PlanStatus.TIME_LIMIT
    elif short:
        status = PlanStatus.INFEASIBLE_TARGETS
    else:
        status = PlanStatus.OPTIMAL
    at_limit = []
    if status == PlanStatus.INFEASIBLE_TARGETS:
        ub = {m.id: m.ub for m in d.measures}
        act = plan.units.groupby("measure")["active"].max() if not plan.units.empty else {}
        at_limit = [m for m, a in dict(act).items() if a >= ub.get(m, float("inf")) - 1e-6]
    notes = _notes(status, phases, d, short, at_limit) + ([("cbc_warning", {})] if st.solver == "cbc" else [])
    if plan.power_mode == "annual" and not plan.energy.empty:  # its hourly check, against its annual balance
        el = plan.energy[plan.energy.carrier == "electricity"]
        notes += annual_overstatement(plan.power, dict(zip(el.year.astype(int), el.plan, strict=True)))
    plan = replace(plan, status=status, notes=notes)
    return replace(plan, message=plan.describe("en"), tenancy=tenancy(d, plan))


def solve(
    s: Scenario,
    settings: SolveSettings | None = None,
    via: Callable[[ModelData, SolveSettings | None, float], Plan] | None = None,
) -> Plan:
    """Least-cost plan for a scenario; never raises (a failure is a Plan with status 'error'). The time limit
    covers prepare, build and every phase; past it, the best plan so far (at worst: doing nothing). `via`
    solves the prepared data (default `solve_data`; core.optimise.live keeps models between solves)."""
    t0 = time.perf_counter()
    end = _end_by((settings or SolveSettings()).time_limit_s)
    try:
        st = settings or SolveSettings()
        d = prepare_sited(s, power_mode=st.power_mode, days=st.power_days, segments=st.power_segments)
    except Exception as e:  # noqa: BLE001
        return Plan.failed(f"scenario could not be turned into a model: {type(e).__name__}: {e}", s.plan_years)
    prepare_s = time.perf_counter() - t0
    plan = (via or solve_data)(d, settings, end)
    return replace(plan, solver=replace(plan.solver, prepare_s=prepare_s))
