"""Solver status handling, warm starts and bilingual messages on a seeded synthetic zone."""

import pytest

from bench.synthetic import synthetic_zone
from core.optimise import SolveSettings, solve


@pytest.fixture(scope="module")
def zone():
    return synthetic_zone(12, 10, seed=3)


@pytest.fixture(scope="module")
def plan(zone):
    return solve(zone)


def test_plan_tables_tie_out(plan):
    assert plan.ok and plan.status in ("optimal", "infeasible_targets")
    # NPV parts add up; capex only in years with builds; shortfall rows are the unmet targets
    assert plan.npv["total"] == pytest.approx(sum(plan.npv["parts"].values()))
    built_years = set(plan.units[plan.units.built > 0].year)
    assert set(plan.capex[plan.capex > 0].index) <= built_years
    assert (plan.shortfall.short_by > 0).all()
    assert (plan.status == "infeasible_targets") == (not plan.shortfall.empty)
    # emissions by source add up to the pathway
    by_year = plan.emissions_by_source.groupby("year")["plan_t"].sum()
    assert by_year.to_dict() == pytest.approx(plan.pathway["plan_gross_t"].to_dict())


def test_warm_start_reuses_the_shortfall_phase(zone, plan):
    again = solve(zone, SolveSettings(warm_start=plan))
    assert again.solver.phases[0].name == "shortfall (reused)"
    assert again.npv["total"] == pytest.approx(plan.npv["total"], rel=2e-3)
    cheaper = zone.model_copy(
        update={"assumptions": zone.assumptions.model_copy(update={"carbon_price_per_t": {2025: 0.0}})}
    )
    p = solve(cheaper, SolveSettings(warm_start=plan))
    assert p.solver.phases[0].name == "shortfall (reused)"  # carbon price does not change phase 1
    budget = zone.model_copy(update={"budget": zone.budget.model_copy(update={"capex_per_year": 1.0})})
    q = solve(budget, SolveSettings(warm_start=plan))
    assert "shortfall" in [p.name for p in q.solver.phases]  # a budget change does (not reused)


def test_time_limit_is_reported_with_status(zone):
    p = solve(synthetic_zone(40, 25, seed=1), SolveSettings(time_limit_s=0.01))
    assert p.status in ("time_limit", "error")
    assert ("time limit" in p.message) or p.status == "error"


def test_messages_in_both_languages(plan):
    en, zh = plan.describe("en"), plan.describe("zh")
    assert en == plan.message and en != zh
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)
