"""Issue 13: the Monte Carlo fan of emissions, percentiles computed by hand."""

import pytest

from core.monte_carlo import FAN_COLUMNS, emission_fan


def test_fan_percentiles_by_hand():
    paths = [{2030: float(v), "2031": 2.0 * v} for v in (10, 20, 30, 40, 50)]  # year keys as int or JSON text
    fan = emission_fan(paths, [2030, 2031, 2032])
    assert list(fan.columns) == FAN_COLUMNS and list(fan["year"]) == [2030, 2031]  # 2032: no draw has it
    r = fan.iloc[0]
    # linear interpolation over 5 sorted values: position 0.1 x 4 = 0.4 -> 10 + 0.4 x 10 = 14; 0.9 x 4 = 3.6 -> 46
    assert (r["low"], r["p10"], r["p50"], r["p90"], r["high"], r["n"]) == pytest.approx((10, 14, 30, 46, 50, 5))
    assert fan.iloc[1]["p90"] == pytest.approx(92)


def test_monte_carlo_carries_the_fan_of_its_draws():
    from core.monte_carlo import monte_carlo
    from tests.core.test_sensitivity import scenario

    mc = monte_carlo(scenario(), n=4, spread=0.3, params=["carbon_price"], seed=3, workers=1)  # real solves
    ok = mc.draws[mc.draws["status"] != "error"]
    assert len(mc.fan) >= 1 and (mc.fan["n"] == len(ok)).all()
    assert (mc.fan["low"] <= mc.fan["p10"]).all() and (mc.fan["p10"] <= mc.fan["p50"]).all()
    assert (mc.fan["p50"] <= mc.fan["p90"]).all() and (mc.fan["p90"] <= mc.fan["high"]).all()


def test_a_zone_where_nothing_can_be_built_plans_to_do_nothing():
    """Everything that passes validation solves: no measure acts on anything and no target -> a model without
    variables; the plan is doing nothing (optimal, zero cost), not an error."""
    from core.optimise import solve
    from tests.core.test_sensitivity import scenario

    p = solve(scenario())
    assert p.ok and p.status == "optimal" and p.npv["total"] == 0.0 and p.solver.n_vars == 0
