"""Re-plan from the latest actual year.

- Re-plan: `replan_from_actuals(s)` returns a scenario whose base year is the latest actual year, with the
  actual data as the new baseline; relative milestones are converted to the absolute levels they meant
  against the original base year, so the targets are kept, not moved.
"""

from __future__ import annotations

from core.errors import Issue, ScenarioError
from core.evaluation.actuals import _revalidate
from core.evaluation.monitoring import base_values
from core.schema import ActualYear, Milestone, Scenario
from core.year_paths import interpolate


def _tenants_at(s: Scenario, actual: ActualYear) -> list:
    by_id = {a.id: a for a in actual.tenants}
    out = []
    for t in s.tenants:
        a = by_id.get(t.id)
        if a is None:
            out.append(t)
            continue
        upd = a.model_dump(exclude={"id", "output_musd"})
        upd["energy"] = a.energy
        if a.output_musd is not None:
            upd["output_musd"] = a.output_musd
        out.append(t.model_copy(update=upd))
    return out


def replan_from_actuals(s: Scenario, year: int | None = None) -> Scenario:
    """A scenario re-based on the latest (or the given) actual year, ready for the optimiser.

    - base_year = that year; tenants carry its measured data (tenants without data keep the baseline);
    - milestones after it are kept; relative ones (`change_vs_base`) become absolute values computed
      against the original base year, so the ambition does not move; earlier milestones and overrides
      are dropped; a budget given by year keeps its later years; an activity path is re-indexed to 1.0
      in the new base year; actual years up to the new base year are dropped (they are now history).
    Raises ScenarioError when there is no actual year or nothing left to plan.
    """
    if not s.evaluation.actuals:
        raise ScenarioError([Issue("evaluation.actuals", "no actual year to re-plan from")])
    by_year = {a.year: a for a in s.evaluation.actuals}
    y = year if year is not None else max(by_year)
    if y not in by_year:
        raise ScenarioError([Issue("evaluation.actuals", f"no actual data for {y}")])
    if y >= s.horizon:
        raise ScenarioError(
            [Issue("horizon", f"the latest actual year {y} leaves no year to plan (horizon {s.horizon})")]
        )
    base = base_values(s)
    milestones = []
    for m in s.targets.milestones:
        if m.year <= y:
            continue
        if m.change_vs_base is not None:
            b = base.get(m.metric)
            if b is None:
                continue
            m = Milestone(metric=m.metric, year=m.year, value=max(0.0, b * (1 + m.change_vs_base)), basis=m.basis)
        milestones.append(m)
    overrides = {k: {yy: v for yy, v in p.items() if yy > y} for k, p in s.targets.overrides.items()}
    targets = s.targets.model_copy(
        update={"milestones": milestones, "overrides": {k: p for k, p in overrides.items() if p}}
    )
    budget = s.budget
    if isinstance(budget.capex_per_year, dict):
        budget = budget.model_copy(
            update={"capex_per_year": {k: v for k, v in budget.capex_per_year.items() if k > y} or None}
        )
    assumptions = s.assumptions
    act = assumptions.activity
    if act.path:
        ref = interpolate({s.base_year: 1.0, **act.path}, [y])[y] or 1.0
        path = {y: 1.0, **{k: v / ref for k, v in act.path.items() if k > y}}
        assumptions = assumptions.model_copy(update={"activity": act.model_copy(update={"path": path})})
    evaluation = s.evaluation.model_copy(update={"actuals": [a for a in s.evaluation.actuals if a.year > y]})
    new = s.model_copy(
        update={
            "base_year": y,
            "tenants": _tenants_at(s, by_year[y]),
            "targets": targets,
            "budget": budget,
            "assumptions": assumptions,
            "evaluation": evaluation,
        }
    )
    return _revalidate(new)
