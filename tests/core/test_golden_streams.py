"""Golden tests of the physics (issue 11): streams, pace, offsets and the implied carbon price.

Tiny ModelData built by hand (tests.core.test_golden_optimise.data: discount 0, lifetime 1, no prices, so
NPV = sum of annual cost x units); optima found by hand or by enumeration in the test.
"""

import itertools
from dataclasses import replace

import pytest

from core.catalogue import resolve_measures, unavailable
from core.optimise import solve_data
from core.optimise.data import MeasureData, TargetRow, prepare
from tests.core.test_golden_optimise import EXACT, data
from tests.helpers import tenant, tiny_scenario


def process_measure(mid, removes, cost, ub, stream="process:calcination", integer=True, **kw):
    return MeasureData(mid, 0.0, cost, 1, 0, ub, integer, {}, process=-removes, om=cost, stream=stream,
                       stream_saving=removes, **kw)  # fmt: skip


def process_data(measures, target, stream_t=100.0, years=(2026,)):
    d = data(measures, target, bau=0.0, years=years)
    n = len(years)
    d.process_bau = [stream_t] * n
    d.streams = {"process:calcination": [stream_t] * n}
    d.targets = [TargetRow("emissions", "gross", y, target, stream_t) for y in years]
    return d


def test_two_measures_on_one_stream_cannot_exceed_it():
    # 100 t of calcination CO2; A removes 70 t, B removes 60 t (lumpy, cost 1 each). Target 0 t. Together they
    # would claim 130 t of a 100 t stream: the stream row refuses that, so by enumeration over the choices it
    # allows (70 x + 60 y <= 100) the least that can be left is 30 t (A alone).
    a, b = process_measure("a", 70, 1.0, 1), process_measure("b", 60, 1.0, 1)
    plan = solve_data(process_data([a, b], 0.0), EXACT)
    got = plan.pathway.loc[2026, "plan_gross_t"]
    allowed = [(x, y) for x, y in itertools.product((0, 1), repeat=2) if 70 * x + 60 * y <= 100]
    assert got == pytest.approx(min(100 - 70 * x - 60 * y for x, y in allowed))  # 30 t
    assert not ((plan.units["measure"] == "a").any() and (plan.units["measure"] == "b").any())
    removed = sum(v for v in plan.abatement["abated_t"])
    assert removed == pytest.approx(100.0 - got)  # attribution adds up to BAU - plan, no double counting


def test_stream_row_binds_for_continuous_measures():
    # continuous A (1 per t) and B (2 per t), each up to 80 t of a 100 t stream, target 10 t: the cheapest
    # cut of 90 t is 80 t of A + 10 t of B = 80 + 20 = 100; without the stream row 90 t of A alone would do.
    a = process_measure("a", 1.0, 1.0, 80, integer=False)
    b = process_measure("b", 1.0, 2.0, 80, integer=False)
    plan = solve_data(process_data([a, b], 10.0), EXACT)
    assert plan.status == "optimal"
    assert plan.npv["total"] == pytest.approx(80 * 1.0 + 10 * 2.0, rel=1e-6)
    over = process_data([a, b], 0.0)  # 160 t of savings offered, 100 t exist: the target 0 is reachable only
    p2 = solve_data(over, EXACT)  # ... because the stream row stops at 100 t, and costs 80 + 20 x 2 = 120
    assert p2.pathway.loc[2026, "plan_gross_t"] == pytest.approx(0.0, abs=1e-3)
    assert p2.npv["total"] == pytest.approx(80 + 20 * 2.0, rel=1e-6)


def test_measure_on_an_absent_stream_is_unavailable():
    s = tiny_scenario(tenants=[tenant("T1", sector="auto_parts", energy={"electricity_mwh": 1000})])
    gone = dict(unavailable(s))
    assert gone["ccus"] == "process:calcination" and gone["refrigerant_management"] == "fugitive"
    ms = {m.id: m for m in resolve_measures(s)}
    assert ms["ccus"].max_units == 0 and ms["clinker_substitution"].max_units == 0
    d = prepare(s)
    assert any(k == "unavailable" and "ccus" in f["ids"] for k, f in d.notes)


def test_refrigerant_control_abates_at_most_the_leaks():
    # 100 kg HFC-134a (AR6 1,530) = 153 t; refrigerant management may take 50 % of it: 76.5 t/yr at most
    s = tiny_scenario(
        tenants=[tenant("T1", energy={"electricity_mwh": 10}, refrigerants=[{"gas": "HFC-134a", "leak_kg": 100}])]
    )
    ms = {m.id: m for m in resolve_measures(s)}
    assert ms["refrigerant_management"].max_units == pytest.approx(0.5 * 153.0)


def test_build_rate_binds():
    # one year, a continuous measure may be built at most 25 % of its bound (100 t) in a year: the target
    # 50 t (cut 50 t of 100) is 25 t short in the first year, met in the second (25 + 25 = 50 t active)
    m = process_measure("m", 1.0, 1.0, 100, integer=False, build_share=0.25)
    m = replace(m, lifetime=5)
    d = process_data([m], 50.0, years=(2026, 2027))
    plan = solve_data(d, EXACT)
    short = plan.shortfall
    assert list(short["year"]) == [2026]
    assert short.iloc[0]["short_by"] == pytest.approx(25.0)
    assert plan.pathway.loc[2027, "plan_gross_t"] == pytest.approx(50.0)


def test_offsets_beyond_the_limit_are_refused():
    # 100 t gross, no abatement measure; credits at 1 per t; a net-zero target. The limit: 10 % of base-year
    # emissions = 10 t: net 90 t, 90 t short (offsets past the limit refused); without the limit net would be 0.
    off = MeasureData("off", 0.0, 1.0, 1, 0, 1000, False, {}, offsets=1.0, om=1.0)
    d = data([off], 0.0, bau=100.0, net=True)
    d.offsets_cap = [10.0]
    plan = solve_data(d, EXACT)
    assert plan.pathway.loc[2026, "offsets_t"] == pytest.approx(10.0, rel=1e-5)
    assert plan.shortfall.iloc[0]["short_by"] == pytest.approx(90.0, rel=1e-5)
    d.offsets_cap = []
    assert solve_data(d, EXACT).pathway.loc[2026, "plan_net_t"] == pytest.approx(0.0, abs=1e-3)


def test_implied_carbon_price_is_the_marginal_cost():
    # continuous cuts at 20 and 50 per t, 60 t each of a 100 t stream; target 30 t -> cut 70 t: 60 t at 20 and
    # 10 t at 50: the marginal tonne costs 50. A finite-difference re-solve (target -1 %) agrees.
    a = process_measure("a", 1.0, 20.0, 60, integer=False)
    b = process_measure("b", 1.0, 50.0, 60, integer=False)
    plan = solve_data(process_data([a, b], 30.0), EXACT)
    assert plan.carbon_price[2026] == pytest.approx(50.0, rel=1e-6)
    lower = solve_data(process_data([a, b], 30.0 * 0.99), EXACT)
    fd = (lower.npv["total"] - plan.npv["total"]) / (30.0 * 0.01)
    assert plan.carbon_price[2026] == pytest.approx(fd, rel=1e-6)
    # out of reach (target 0 with 120 t offered but no more than... the stream is 100 t: reachable) -> a price;
    # target below what the measures can do at all: no price, the answer is the shortfall
    c = process_measure("c", 1.0, 20.0, 30, integer=False)
    short = solve_data(process_data([c], 30.0), EXACT)
    assert short.status == "infeasible_targets"
    assert short.carbon_price.isna().all()
    # a met target that does not bind (BAU already below it): no price either
    loose = solve_data(process_data([a], 200.0), EXACT)
    assert loose.carbon_price.isna().all()
