"""Every demo zone's plan is physical (issue 11): no stream below 0, no first-year cut above what build rates and
lead times allow, abatement by measure adds up to BAU - plan, and no implied carbon price above what any measure
costs per tonne. Bounds are computed here from the model data, independently of the solve."""

import math

import pytest

from core.demo import demo_zones, load_demo
from core.optimise import solve
from core.optimise.data import prepare
from core.optimise.macc import unit_abatement, unit_cost


@pytest.fixture(scope="module", params=list(demo_zones()))
def demo(request):
    s = load_demo(request.param)
    return s, prepare(s), solve(s)


def test_no_stream_below_zero(demo):
    _, _, plan = demo
    e = plan.emissions_by_source
    assert (e["plan_t"] >= -1e-6).all()
    assert (plan.energy["plan"] >= -1e-6).all()


def test_first_year_cut_within_what_can_be_built(demo):
    _, d, plan = demo
    bound = 0.0
    for m in d.measures:
        if m.first > 0 or not math.isfinite(m.ub) or m.ub <= 0:
            continue
        per_year = max(1.0, math.floor(m.build_share * m.ub)) if m.integer else m.build_share * m.ub
        bound += max(0.0, unit_abatement(m, d, 0) - m.offsets) * min(per_year, m.ub)
    y0 = d.years[0]
    cut = plan.pathway.loc[y0, "bau_t"] - plan.pathway.loc[y0, "plan_gross_t"]
    assert cut <= bound * (1 + 1e-6) + 1e-6


def test_abatement_adds_up(demo):
    _, _, plan = demo
    by_year = plan.abatement.groupby("year")["abated_t"].sum()
    for y in plan.years:
        want = plan.pathway.loc[y, "bau_t"] - plan.pathway.loc[y, "plan_gross_t"]
        assert by_year.get(y, 0.0) == pytest.approx(want, rel=5e-3, abs=1.0)


def test_no_carbon_price_above_the_dearest_measure(demo):
    _, d, plan = demo
    for i, y in enumerate(d.years):
        price = plan.carbon_price.get(y, math.nan)
        if math.isnan(price):
            continue
        costs = [unit_cost(m, d, i) / a for m in d.measures if (a := unit_abatement(m, d, i)) > 1e-9]
        assert price <= max(costs) * (1 + 1e-3)
