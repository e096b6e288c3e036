"""Near-optimal alternatives (modelling to generate alternatives, MGA): plans that cost at most
(1 + slack) x the least cost, meet the targets as well as the least-cost plan does, and use other measures.

Method (after PyPSA's `optimize_mga`, which bounds cost by (1 + slack) x optimum and then optimises a
weighted sum of capacities): solve the least-cost plan as usual; then, on a fresh copy of the model, add
  shortfall_total <= the least-cost plan's shortfall (so every target met there is met here), and
  cost         <= optimum + slack x |optimum|    (cost = the NPV objective, BAU constant included),
and minimise the *overlap* with the plans found so far: sum over the measures they built of (number of
those plans that built it) x (units installed over the horizon / the measure's bound), plus a tie-break of
1e-3 x cost / |optimum| so that, among equally different plans, the cheaper is taken. Each plan found
joins the set and the solve repeats, `n` times. A plan whose built measures and years repeat one found
before is dropped (the set of alternatives within the slack is exhausted).
"""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass, field, replace

import pandas as pd

from core.i18n import t
from core.optimise.data import ModelData, prepare
from core.optimise.highs import HighsModel
from core.optimise.model import Model, build
from core.optimise.readback import read_plan
from core.optimise.solving import SolveSettings, _end_by, solve_data
from core.results import Plan, PlanStatus, SolverReport
from core.schema import Scenario

TIE_BREAK = 1e-3


def note_text(note: tuple[str, dict], lang: str = "en") -> str:
    """A note in `lang` (data/i18n/<lang>/jobs.yaml)."""
    return t(f"jobs.{note[0]}", lang, **note[1])


class AlternativesError(ValueError):
    """A slack or count out of range (the message names it)."""


@dataclass(frozen=True)
class Alternatives:
    optimum: Plan
    plans: list[Plan] = field(default_factory=list)  # the alternatives, in the order found
    slack: float = 0.05
    cost_cap: float | None = None  # NPV cost every alternative keeps to (scenario currency)
    notes: list[tuple[str, dict]] = field(default_factory=list)  # (i18n key in namespace 'jobs', fields)
    capex_per_unit: dict[str, float] = field(default_factory=dict)  # measure id -> real outlay per unit

    @property
    def all(self) -> list[Plan]:
        """The least-cost plan first, then the alternatives."""
        return [self.optimum, *self.plans] if self.optimum.ok else []

    def summary(self) -> pd.DataFrame:
        """One row per plan (0 = least cost): npv_total, extra (share over the least cost), final_t (gross,
        last plan year), cum_t (gross, all plan years), capex_total, n_measures, targets_met, targets_total."""
        rows = []
        base = float(self.optimum.npv.get("total", math.nan)) if self.optimum.ok else math.nan
        for i, p in enumerate(self.all):
            h = p.headline()
            gross = p.pathway["plan_gross_t"].astype(float) if "plan_gross_t" in p.pathway else pd.Series(dtype=float)
            rows.append(
                {
                    "plan": i,
                    "npv_total": h.npv_total,
                    "extra": h.npv_total / base - 1 if base else math.nan,
                    "final_t": h.plan_last_t,
                    "cum_t": float(gross.sum()),
                    "capex_total": h.capex_total,
                    "n_measures": len(measures_used(p)),
                    "targets_met": h.targets_met,
                    "targets_total": h.targets_total,
                }
            )
        return pd.DataFrame(rows)

    def measure_years(self) -> pd.DataFrame:
        """measure x plan: the first year each plan installs the measure (NaN: not used). Index: measure ids
        used by any plan, those of the least-cost plan first."""
        cols = {}
        for i, p in enumerate(self.all):
            u = p.units[p.units["built"].astype(float) > 1e-6]
            cols[i] = u.groupby("measure")["year"].min().astype(float)
        df = pd.DataFrame(cols)
        if df.empty:
            return df
        return df.sort_values([0, *df.columns[1:]], na_position="last") if 0 in df else df

    def payers(self) -> pd.DataFrame:
        """Capital outlay over the horizon by who pays it: plan, payer (tenant id; "" = the zone), capex."""
        rows = []
        for i, p in enumerate(self.all):
            m = p.measures.set_index("id") if "id" in p.measures else pd.DataFrame()
            by: dict[str, float] = {}
            for r in p.units.itertuples():
                tenant = m["tenant"].get(r.measure) if "tenant" in m else None
                who = tenant if isinstance(tenant, str) and tenant else ""
                by[who] = by.get(who, 0.0) + float(r.built) * self.capex_per_unit.get(str(r.measure), 0.0)
            rows += [{"plan": i, "payer": k, "capex": v} for k, v in sorted(by.items()) if v > 0]
        return pd.DataFrame(rows, columns=["plan", "payer", "capex"])


def built_set(plan: Plan) -> frozenset[tuple[str, int]]:
    """(measure, year) pairs with an install: what makes two plans the same choice."""
    u = plan.units
    if u.empty:
        return frozenset()
    b = u[u["built"].astype(float) > 1e-6]
    return frozenset(zip(b["measure"].astype(str), b["year"].astype(int), strict=True))


def measures_used(plan: Plan) -> set[str]:
    return {m for m, _ in built_set(plan)}


def _cost_value(mdl: Model, values: dict[str, float]) -> float:
    """The cost objective (million, BAU constant included) at a solution."""
    return float(mdl.cost.constant) + sum(float(k) * values.get(v.name, 0.0) for v, k in mdl.cost.items())


def _overlap_objective(mdl: Model, used: Counter, opt_cost: float) -> list[tuple[str, float]]:
    """(column name, weight): installs of measures used before, each over its bound; + the cost tie-break."""
    coefs: dict[str, float] = {}
    for mid, count in used.items():
        xs = mdl.x.get(mid) or []
        live = [v for v in xs if v is not None]
        if not live:
            continue
        bound = max(float(live[0].upBound or 1.0), 1e-9) * len(live)
        for v in live:
            coefs[v.name] = coefs.get(v.name, 0.0) + count / bound
    k = TIE_BREAK / max(abs(opt_cost), 1e-9)
    for v, c in mdl.cost.items():
        coefs[v.name] = coefs.get(v.name, 0.0) + k * float(c)
    return list(coefs.items())


def alternatives(s: Scenario, slack: float = 0.05, n: int = 3, settings: SolveSettings | None = None) -> Alternatives:
    """The least-cost plan and up to `n` near-optimal alternatives (never raises on solver trouble: the
    alternatives found in time are returned, with notes). AlternativesError for a slack or n out of range."""
    _check(slack, n)
    st = settings or SolveSettings()
    end = _end_by(st.time_limit_s)
    return alternatives_data(prepare(s), slack, n, st, end)


def _check(slack: float, n: int) -> None:
    if not (0 < slack <= 1):
        raise AlternativesError(f"slack: give a fraction in (0, 1], got {slack}")
    if not (1 <= n <= 20):
        raise AlternativesError(f"n: give 1 to 20 alternatives, got {n}")


def alternatives_data(
    d: ModelData, slack: float, n: int, settings: SolveSettings | None = None, end: float | None = None
) -> Alternatives:
    """`alternatives` on prepared model data (tests build ModelData by hand), all solves ending by `end`."""
    _check(slack, n)
    st = settings or SolveSettings()
    end = _end_by(st.time_limit_s) if end is None else end
    optimum = solve_data(d, st, end)
    if not optimum.ok or not optimum.start.get("values"):
        return Alternatives(
            optimum, [], slack, None, [("alt_note_no_optimum", {})], {m.id: m.capex for m in d.measures}
        )
    opt_values = optimum.start["values"]
    mdl = build(d)
    be = HighsModel(mdl.prob)
    opt_cost = _cost_value(mdl, opt_values)
    cap = opt_cost + slack * abs(opt_cost)
    shorts = [v.name for _, v, _ in mdl.short]
    if shorts:
        s1 = sum(opt_values.get(x, 0.0) for x in shorts)
        be.add_row([(x, 1.0) for x in shorts], -1e30, s1 + 1e-7 * (1.0 + abs(s1)), "shortfall_total")
    # cost row: the objective's variable part <= cap - constant (million)
    be.add_row([(v.name, float(k)) for v, k in mdl.cost.items()], -1e30, cap - float(mdl.cost.constant), "cost_cap")
    used: Counter = Counter(measures_used(optimum))
    seen = {built_set(optimum)}
    plans: list[Plan] = []
    notes: list[tuple[str, dict]] = []
    start = opt_values
    for i in range(n):
        left = end - time.perf_counter()
        if left <= 0.05:
            notes.append(("alt_note_time", {"found": len(plans), "n": n}))
            break
        terms = _overlap_objective(mdl, used, opt_cost)
        costs = [0.0] * len(be.cols)
        for name, k in terms:
            costs[be.col[name]] += k
        be.h.changeColsCost(len(costs), list(range(len(costs))), costs)
        be.h.changeObjectiveOffset(0.0)
        be.set_start(start)
        phase = be.run(f"alternative {i + 1}", left, max(st.gap, 1e-2))
        if not phase.has_solution:
            notes.append(("alt_note_solver", {"i": i + 1, "status": str(phase.status)}))
            break
        values = be.values()
        report = SolverReport(name=be.name, status=phase.status, time_s=phase.time_s, gap=phase.gap, phases=(phase,))
        plan = read_plan(mdl, values, PlanStatus.OPTIMAL, "", report, d.info, None, {"values": values})
        plan = replace(plan, status=optimum.status, notes=[], message="")
        key = built_set(plan)
        if key in seen:  # the same choice again: weights grow on its measures; try once more
            notes.append(("alt_note_repeat", {"i": i + 1}))
            used.update(measures_used(plan))
            continue
        seen.add(key)
        plans.append(plan)
        used.update(measures_used(plan))
        start = values
    return Alternatives(optimum, plans, slack, cap * 1e6, notes, {m.id: m.capex for m in d.measures})
