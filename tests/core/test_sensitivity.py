"""Sensitivity: parameter application, sweeps (serial and on 2 worker processes) and the tornado.

A stand-in solver with a known answer keeps these tests about the sweep machinery, not the optimiser:
npv = 1000 + 10 x carbon price at the horizon + 2000 x discount rate; net emissions 100 - price / 2
per year; measure "pv" is built in 2026 once the price reaches 50.
"""

from __future__ import annotations

import pandas as pd
import pytest

from core.results import Plan
from core.schema import Scenario
from core.sensitivity import SensitivityError, apply, base_value, linspace, parameters, summarise, sweep, tornado
from core.year_paths import interpolate
from tests.helpers import tenant, tiny_scenario

YEARS = [2026, 2027]


def scenario(**assumptions) -> Scenario:
    return tiny_scenario(
        **{
            "zone": {"area_ha": 10},
            "horizon": 2027,
            "assumptions": {"discount_rate": 0.10, "carbon_price_per_t": {2025: 0, 2027: 40}, **assumptions},
            "tenants": [tenant("T1", sector="x", output_musd=1, location=[0, 0])],
            "measures": {
                "catalogue": "none",
                "custom": [
                    {
                        "id": "pv",
                        "name_en": "PV",
                        "name_zh": "光伏",
                        "area": "energy",
                        "unit": "kWp",
                        "capex_per_unit": 800,
                        "lifetime_years": 25,
                    },
                    {
                        "id": "bins",
                        "name_en": "Bins",
                        "name_zh": "分类",
                        "area": "resources",
                        "unit": "unit",
                        "capex_per_unit": 50,
                        "lifetime_years": 5,
                    },
                ],
            },
        }
    )


def fake_solve(s: Scenario, settings=None) -> Plan:
    price = interpolate(s.assumptions.carbon_price_per_t, [s.horizon])[s.horizon]
    e = 100 - price / 2
    built = [("pv", 2026, 1.0, 1.0)] if price >= 50 else []
    return Plan(
        status="optimal",
        message="",
        years=YEARS,
        pathway=pd.DataFrame({"bau_t": [100.0, 100.0], "plan_net_t": [e, e]}, index=YEARS),
        units=pd.DataFrame(built, columns=["measure", "year", "built", "active"]),
        capex=pd.Series({2026: 800.0 if built else 0.0}),
        npv={"total": 1000 + 10 * price + 2000 * s.assumptions.discount_rate, "bau_total": 1000.0},
    )


def broken_solve(s: Scenario, settings=None) -> Plan:
    raise RuntimeError("solver exploded")


def test_apply_each_parameter():
    s = scenario(prices={"electricity_per_mwh": {2025: 100}})
    assert base_value(s, "carbon_price") == 40
    # path {2025: 0, 2027: 40} scaled to 60 at the horizon -> x1.5 -> {0, 60}
    assert apply(s, "carbon_price", 60).assumptions.carbon_price_per_t == {2025: 0, 2027: 60}
    assert apply(s, "discount_rate", 0.03).assumptions.discount_rate == 0.03
    assert apply(s, "activity_growth", 0.05).assumptions.activity.growth == 0.05
    assert apply(s, "energy_prices", 1.2).assumptions.prices["electricity_per_mwh"][2025] == pytest.approx(120)
    # grid factor: no override -> the country factor for the base year, times the multiplier
    from core.factors import grid_factor

    g = grid_factor("THA", 2025).value
    assert apply(s, "grid_factor", 0.5).assumptions.grid_factor_t_per_mwh == {2025: pytest.approx(g * 0.5)}
    # capex of one area only: pv (energy) 800 -> 1000, bins (resources) unchanged
    m = {c.id: c.capex_per_unit for c in apply(s, "capex:energy", 1.25).measures.custom}
    assert m == {"pv": 1000, "bins": 50}
    m = {c.id: c.capex_per_unit for c in apply(s, "capex", 2).measures.custom}
    assert m == {"pv": 1600, "bins": 100}
    assert s.assumptions.discount_rate == 0.10  # the original is untouched


def test_apply_from_zero_price_and_bad_input():
    s = scenario(carbon_price_per_t={})
    assert apply(s, "carbon_price", 80).assumptions.carbon_price_per_t == {2025: 0, 2027: 80}
    with pytest.raises(SensitivityError, match="unknown parameter"):
        apply(s, "weather", 1)
    with pytest.raises(SensitivityError, match="unknown parameter"):
        apply(s, "capex:space", 1)
    with pytest.raises(SensitivityError, match="multiplier must be >= 0"):
        apply(s, "grid_factor", -1)
    assert "capex:ghg" in parameters()


def test_serial_sweep_with_progress():
    seen = []
    sw = sweep(
        scenario(),
        "carbon_price",
        linspace(0, 100, 5),
        workers=1,
        solve_fn=fake_solve,
        progress=lambda d, n: seen.append((d, n)),
    )
    t = sw.table
    assert list(t["value"]) == [0, 25, 50, 75, 100]
    # npv = 1000 + 10 x price + 2000 x 0.10 -> price 25: 1450
    assert t.loc[1, "npv_total"] == pytest.approx(1450)
    # cumulative net emissions at price 100: 2 years x (100 - 50) = 100
    assert t.loc[4, "cum_net_t"] == pytest.approx(100)
    assert list(t["measures"]) == ["", "", "pv:2026", "pv:2026", "pv:2026"]
    assert list(sw.chosen["value"]) == [50, 75, 100]
    assert seen == [(i, 5) for i in range(1, 6)]
    assert sw.base_value == 40


def test_parallel_sweep_matches_serial():
    values = [0.0, 60.0, 120.0]
    serial = sweep(scenario(), "carbon_price", values, workers=1, solve_fn=fake_solve).table
    calls = []
    parallel = sweep(
        scenario(), "carbon_price", values, workers=2, solve_fn=fake_solve, progress=lambda d, n: calls.append(d)
    ).table
    pd.testing.assert_frame_equal(serial, parallel)
    assert sorted(calls) == [1, 2, 3]


def test_failed_points_are_reported_not_raised():
    t = sweep(scenario(), "discount_rate", [0.05], workers=1, solve_fn=broken_solve).table
    assert t.loc[0, "status"] == "error" and "solver exploded" in t.loc[0, "message"]
    assert summarise(Plan.failed("no"))["npv_total"] is None


def test_tornado_swings():
    df = tornado(scenario(), params=["carbon_price", "discount_rate"], workers=1, solve_fn=fake_solve).set_index(
        "parameter"
    )
    # carbon price 40 +/- 20 % = 32 / 48 -> npv 1000 + 320 + 200 = 1520 / 1680: swing 160
    assert df.loc["carbon_price", "low_npv"] == pytest.approx(1520)
    assert df.loc["carbon_price", "swing"] == pytest.approx(160)
    # discount 0.10 +/- 20 % = 0.08 / 0.12 -> 2000 x 0.04 = 80
    assert df.loc["discount_rate", "swing"] == pytest.approx(80)
    assert df.loc["discount_rate", "base_npv"] == pytest.approx(1600)
    assert list(df.index) == ["carbon_price", "discount_rate"]  # largest swing first


CALLS: list[float] = []


def counting_solve(s: Scenario, settings=None) -> Plan:
    CALLS.append(s.assumptions.discount_rate)
    return fake_solve(s, settings)


def test_results_cache_skips_solved_points(tmp_path):
    from core.store import Store

    store = Store(f"sqlite:///{tmp_path / 'c.sqlite'}")
    CALLS.clear()
    first = sweep(scenario(), "discount_rate", [0.05, 0.06], workers=1, solve_fn=counting_solve, cache=store).table
    assert CALLS == [0.05, 0.06]
    # the second sweep shares 0.06: only 0.07 is solved; the cached row is identical
    second = sweep(scenario(), "discount_rate", [0.06, 0.07], workers=1, solve_fn=counting_solve, cache=store).table
    assert CALLS == [0.05, 0.06, 0.07]
    assert second.loc[0, "npv_total"] == first.loc[1, "npv_total"] == pytest.approx(1000 + 400 + 120)
    # failed points are not cached
    sweep(scenario(), "discount_rate", [0.08], workers=1, solve_fn=broken_solve, cache=store)
    t = sweep(scenario(), "discount_rate", [0.08], workers=1, solve_fn=broken_solve, cache=store).table
    assert t.loc[0, "status"] == "error"


def test_warm_started_sweep_matches_cold_on_a_demo_zone():
    """Real optimiser: starting each point from the base plan changes speed, not the answer (within the gap)."""
    from core.demo import load_demo

    s = load_demo("thai_auto")
    values = [0.0, 150.0]
    cold = sweep(s, "carbon_price", values, workers=1, warm=False).table
    warm = sweep(s, "carbon_price", values, workers=1, warm=True).table
    assert list(cold["status"]) == list(warm["status"])
    assert set(cold["status"]) <= {"optimal", "infeasible_targets"}
    for a, b in zip(cold["npv_total"], warm["npv_total"], strict=True):
        assert abs(a - b) <= 2e-3 * abs(a)  # both within the 0.1 % MIP gap of the optimum
    assert warm.loc[1, "npv_total"] > warm.loc[0, "npv_total"]  # a carbon price costs money


def target_solve(s: Scenario, settings=None) -> Plan:
    """2026 always met; 2027 met only when the horizon carbon price is at least 40."""
    plan = fake_solve(s, settings)
    price = interpolate(s.assumptions.carbon_price_per_t, [s.horizon])[s.horizon]
    met_2027 = price >= 40
    targets = pd.DataFrame(
        {
            "metric": ["emissions", "emissions"],
            "basis": ["gross", "gross"],
            "year": YEARS,
            "target": [90.0, 70.0],
            "achieved": [80.0, 70.0 if met_2027 else 75.0],
            "short_by": [0.0, 0.0 if met_2027 else 5.0],
            "met": [True, met_2027],
        }
    )
    from dataclasses import replace

    return replace(plan, targets=targets)


def test_monte_carlo_probability_of_meeting_targets():
    from core.monte_carlo import draw_factors, monte_carlo

    n, spread = 40, 0.2
    mc = monte_carlo(scenario(), n=n, spread=spread, params=["carbon_price"], seed=7, workers=1, solve_fn=target_solve)
    factors = [f["carbon_price"] for f in draw_factors(["carbon_price"], n, spread, seed=7)]
    assert all(0.8 <= f <= 1.2 for f in factors)
    # price = 40 x factor: 2027 is met exactly in the draws with factor >= 1
    expected = sum(f >= 1 for f in factors) / n
    met = mc.met.set_index("year")["p_met"]
    assert met[2026] == 1.0
    assert met[2027] == pytest.approx(expected)
    assert 0 < expected < 1  # the draws do straddle the threshold
    assert list(mc.draws["carbon_price"]) == factors
    with pytest.raises(SensitivityError, match="draws"):
        monte_carlo(scenario(), n=0, solve_fn=target_solve)


def test_activity_growth_keeps_an_occupancy_path():
    """Egypt grows by an occupancy path: its own growth value gives back that path (and the same plan); another
    value tilts the path instead of replacing it by a constant rate."""
    from core.baseline import baseline
    from core.demo import load_demo
    from core.optimise import solve
    from core.sensitivity import base_value

    s = load_demo("egypt_materials")
    g0 = base_value(s, "activity_growth")
    same = apply(s, "activity_growth", g0)
    assert same.assumptions.activity == s.assumptions.activity
    assert solve(same).npv["total"] == solve(s).npv["total"]
    faster = baseline(apply(s, "activity_growth", g0 + 0.01)).activity
    own = baseline(s).activity
    y = s.horizon
    assert faster[y] == pytest.approx(own[y] * ((1 + g0 + 0.01) / (1 + g0)) ** (y - s.base_year))
