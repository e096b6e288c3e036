"""Golden optimisation tests: tiny instances whose optimum is found by enumeration in the test.

Instances are one-year (or two-year) ModelData built by hand: discount rate 0 (discount factor 1),
lifetime 1 (CRF(0, 1) = 1), no energy prices and no carbon price, so a plan's NPV is exactly the sum
of `annual` (O&M-like) cost x units. Emissions = electricity or gas use x factor.
"""

import itertools

import pytest

from core.optimise import SolveSettings, solve_data
from core.optimise.data import MeasureData, ModelData, TargetRow, bound_measures

EXACT = SolveSettings(gap=1e-9, time_limit_s=30)


def measure(mid, saves, cost, ub=1, integer=True, carrier="electricity", capex=0.0, n=1, **kw):
    return MeasureData(
        id=mid,
        capex=capex,
        annual=cost,
        lifetime=1,
        first=0,
        ub=ub,
        integer=integer,
        eff={carrier: [-saves] * n},
        om=cost,
        **kw,
    )


def data(measures, target, bau=100.0, ef=1.0, carrier="electricity", years=(2026,), budget=None, net=False):
    n = len(years)
    return ModelData(
        years=list(years),
        base_year=years[0] - 1,
        carriers=[carrier],
        bau={carrier: [bau] * n},
        ef={carrier: [ef] * n},
        price={carrier: [0.0] * n},
        carbon_price=[0.0] * n,
        df=[1.0] * n,
        process_bau=[0.0] * n,
        renewable_bau=[0.0] * n,
        onsite_bau=[0.0] * n,
        water_bau=[0.0] * n,
        water_demand=[0.0] * n,
        waste_gen=[0.0] * n,
        waste_recycled_bau=[0.0] * n,
        output=[1.0] * n,
        measures=measures,
        resources={},
        budget=[budget] * n,
        targets=[TargetRow("emissions", "net" if net else "gross", y, target, bau * ef) for y in years],
    )


def enumerate_best(ms, bau, ef, target, budget=None, group=(), requires=None):
    """Least cost over every integer choice (one year): feasible first, else least shortfall."""
    best = None
    for units in itertools.product(*[range(int(m.ub) + 1) for m in ms]):
        chosen = dict(zip([m.id for m in ms], units, strict=True))
        if sum(1 for g in group if chosen[g]) > 1:
            continue
        if requires and any(chosen[b] and not chosen[a] for b, a in requires.items()):
            continue
        if budget is not None and sum(m.capex * u for m, u in zip(ms, units, strict=True)) > budget + 1e-9:
            continue
        saved = sum(-sum(v[0] for v in m.eff.values()) * u for m, u in zip(ms, units, strict=True))
        emissions = max(0.0, bau - saved) * ef  # use cannot go below zero
        short = max(0.0, emissions - target)
        cost = sum(m.annual * u for m, u in zip(ms, units, strict=True))
        key = (round(short, 9), cost)
        if best is None or key < best[0]:
            best = (key, chosen, emissions)
    return best


def built(plan):
    return {m: int(round(v)) for m, v in plan.units.groupby("measure")["built"].sum().items() if v > 1e-9}


def test_greedy_cost_per_tonne_is_wrong():
    # BAU 100 t, target 50 t -> need 50 t. Cost per t: A 30/30 = 1.0, B 60/50 = 1.2, C 40/25 = 1.6.
    # Greedy takes A (30 t) then B (cheapest next): 30 + 60 = 90. Optimum is B alone: 60.
    ms = [measure("a", 30, 30), measure("b", 50, 60), measure("c", 25, 40)]
    (short, cost), chosen, _ = enumerate_best(ms, 100, 1.0, 50)
    assert (short, cost) == (0, 60) and chosen == {"a": 0, "b": 1, "c": 0}
    plan = solve_data(data(ms, 50), EXACT)
    assert plan.status == "optimal"
    assert built(plan) == {"b": 1}
    assert plan.npv["total"] == pytest.approx(60)
    assert plan.pathway.loc[2026, "plan_gross_t"] == pytest.approx(50)


def test_infeasible_reports_known_minimal_shortfall():
    # BAU 100 t, target 20 t; the only measure saves 30 t, at most 2 units -> best 100 - 60 = 40 t,
    # short by 40 - 20 = 20 t. Phase 2 still builds both units (cost 2 x 7 = 14).
    ms = [measure("a", 30, 7, ub=2)]
    (short, cost), chosen, em = enumerate_best(ms, 100, 1.0, 20)
    assert short == 20 and chosen == {"a": 2}
    plan = solve_data(data(ms, 20), EXACT)
    assert plan.status == "infeasible_targets"
    row = plan.shortfall.iloc[0]
    assert (row.metric, int(row.year)) == ("emissions", 2026)
    assert row.short_by == pytest.approx(20) and row.achieved == pytest.approx(40)
    assert plan.npv["total"] == pytest.approx(14)
    assert "a" in plan.message  # named as a measure at its limit
    js = plan.to_json()
    assert js["status"] == "infeasible_targets" and js["shortfall"][0]["short_by"] == pytest.approx(20)


def test_overlapping_measures_on_one_carrier_do_not_add_up():
    # Gas 100 GJ x 0.05 t/GJ = 5 t. A saves 70 GJ (cost 10), B saves 60 GJ (cost 12); target 1 t = 20 GJ left.
    # A alone leaves 30 GJ = 1.5 t, B alone 40 GJ = 2 t: both are needed; together use is 0, not -30 GJ.
    ms = [measure("a", 70, 10, carrier="natural_gas"), measure("b", 60, 12, carrier="natural_gas")]
    (short, cost), chosen, em = enumerate_best(ms, 100, 0.05, 1.0)
    assert (short, cost, em) == (0, 22, 0.0)
    plan = solve_data(data(ms, 1.0, ef=0.05, carrier="natural_gas"), EXACT)
    assert plan.status == "optimal" and built(plan) == {"a": 1, "b": 1}
    assert plan.pathway.loc[2026, "plan_gross_t"] == pytest.approx(0.0, abs=1e-9)
    gas = plan.energy[plan.energy["carrier"] == "natural_gas"].iloc[0]
    assert gas.plan == pytest.approx(0.0, abs=1e-9) and gas.bau == pytest.approx(100)


def test_budget_limits_the_choice():
    # Need 50 t of 100. A: capex 100, annual cost 100, saves 50. B: no capex, annual cost 150, saves 50.
    # Unlimited budget: A (100). Budget 80 < capex of A: B (150).
    a = measure("a", 50, 100, capex=100.0)
    b = measure("b", 50, 150)
    assert enumerate_best([a, b], 100, 1.0, 50)[0] == (0, 100)
    assert enumerate_best([a, b], 100, 1.0, 50, budget=80)[0] == (0, 150)
    free = solve_data(data([a, b], 50), EXACT)
    tight = solve_data(data([a, b], 50, budget=80.0), EXACT)
    assert built(free) == {"a": 1} and free.npv["total"] == pytest.approx(100)
    assert built(tight) == {"b": 1} and tight.npv["total"] == pytest.approx(150)
    assert tight.capex.loc[2026] == pytest.approx(0.0)


def test_exclusion_group_at_most_one():
    # Need 80 t. A 40 t for 40, B 40 t for 45, C 30 t for 60 (C at most 2). A and B exclude each other.
    # Free choice: A + B = 85. With the group: A + 2C... (A + C = 70 t is short), so A + 2C = 160 or B + 2C = 165
    # or 3 x C unavailable; enumeration decides.
    ms = [measure("a", 40, 40, group="g"), measure("b", 40, 45, group="g"), measure("c", 30, 60, ub=2)]
    (short, cost), chosen, _ = enumerate_best(ms, 100, 1.0, 20, group=("a", "b"))
    assert short == 0 and cost == 160 and chosen == {"a": 1, "b": 0, "c": 2}
    plan = solve_data(data(ms, 20), EXACT)
    assert plan.status == "optimal" and built(plan) == chosen_nonzero(chosen)
    assert plan.npv["total"] == pytest.approx(160)


def chosen_nonzero(chosen):
    return {k: v for k, v in chosen.items() if v}


@pytest.mark.parametrize(("cost_a", "expect"), [(20, {"a": 1, "b": 1}), (30, {"c": 1})])
def test_prerequisite(cost_a, expect):
    # Need 60 t. B saves 60 for 10 but requires A (no effect, cost 20 or 30); C saves 60 for 35.
    # A + B = 30 < 35 -> A + B; with A at 30: A + B = 40 > 35 -> C.
    a = MeasureData("a", 0.0, cost_a, 1, 0, 1, True, {}, om=cost_a)
    b = measure("b", 60, 10, requires=["a"])
    c = measure("c", 60, 35)
    ms = [a, b, c]
    best = enumerate_best(ms, 100, 1.0, 40, requires={"b": "a"})
    assert chosen_nonzero(best[1]) == expect
    plan = solve_data(data(ms, 40), EXACT)
    assert plan.status == "optimal"
    assert built(plan) == expect
    assert plan.npv["total"] == pytest.approx(best[0][1])


def test_lifetime_and_stock_flow_over_years():
    # Three years, one continuous measure with a 2-year life saving 1 t per unit; target 60 t of 100 each year.
    # Needs 40 active units every year: 40 built in 2026, none in 2027, 40 again in 2028 (the first retire).
    m = MeasureData("m", 0.0, 1.0, 2, 0, 100, False, {"electricity": [-1.0] * 3}, om=1.0)
    plan = solve_data(data([m], 60, years=(2026, 2027, 2028)), EXACT)
    assert plan.status == "optimal"
    assert plan.active_units("m") == pytest.approx({2026: 40, 2027: 40, 2028: 40})
    b = plan.units.set_index("year")["built"]
    assert b.get(2026) == pytest.approx(40) and b.get(2028) == pytest.approx(40)
    assert b.get(2027, 0.0) == pytest.approx(0.0, abs=1e-6)
    assert plan.npv["total"] == pytest.approx(120)  # 40 active x 3 years x 1


def test_net_target_uses_offsets_and_dual_price():
    # Net target 40 t of 100: efficiency saves 1 t per unit for 8 (at most 30); offsets cost 5 per t.
    # Optimum: 0 efficiency (8 > 5) and 60 t of offsets: cost 300. The implied carbon price is 5 per t.
    eff = measure("eff", 1, 8, ub=30, integer=False)
    off = MeasureData("off", 0.0, 5.0, 1, 0, 1000, False, {}, offsets=1.0, om=5.0)
    plan = solve_data(data([eff, off], 40, net=True), EXACT)
    assert plan.status == "optimal"
    assert plan.npv["total"] == pytest.approx(300)
    assert plan.pathway.loc[2026, "plan_net_t"] == pytest.approx(40)
    assert plan.pathway.loc[2026, "plan_gross_t"] == pytest.approx(100)
    assert plan.carbon_price.loc[2026] == pytest.approx(5.0)


def test_a_waste_measure_handles_no_more_waste_than_there_is():
    # 100 t of waste a year, 20 t already recycled: a sorting centre (1 t diverted and 2 units of diesel saved per
    # unit) is useful up to 80 units, even though the diesel alone could take 500 (no waste, no diesel saved)
    m = measure("sorting", 2, 1.0, ub=float("inf"), integer=False, carrier="diesel", waste=1.0)
    d = data([m], 1e9, bau=1000.0, carrier="diesel")
    d.waste_gen, d.waste_recycled_bau = [100.0], [20.0]
    assert bound_measures(d)[0].ub == 80.0
