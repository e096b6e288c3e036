"""Golden tests of grid export in the hourly balance. The zone of test_power_golden: one representative day of 365
days, a flat 1 MW load (8,760 MWh a year), PV shining 12 hours a day at an even rate. Existing PV of 6,000 MWh a year
gives 6,000 / 4,380 = 1.3699 MW in each daylight hour against the 1 MW load, so by hand the surplus is
6,000 - 4,380 = 1,620 MWh a year (0.3699 MW in each of 12 hours). Grid power costs 0.1 per MWh, discount factor 1.
"""

import pytest

from core.optimise import solve_data
from core.power.export import ExportRule
from tests.core.test_power_golden import EXACT, data

PV_MWH = 6000.0
DAYLIGHT = 4380.0  # MWh of load in the 12 sunny hours
SURPLUS = PV_MWH - DAYLIGHT  # 1,620 MWh
GRID_PRICE = 0.1
DF = 1.0


def zone(rule=None, outage=()):
    d = data(None, onsite=PV_MWH, measures=[], outage=outage)
    d.price["electricity"] = [GRID_PRICE]
    d.power.export = [rule]
    return d


def test_without_export_the_surplus_is_curtailed():
    plan = solve_data(zone(None), EXACT)
    p = plan.power[2030]
    assert p["curtailed_mwh"] == pytest.approx(SURPLUS, rel=1e-6)
    assert p["export_mwh"] == 0.0
    assert p["export_revenue"] == 0.0


def test_export_sells_the_surplus_and_lowers_the_cost_by_its_revenue():
    price = 0.05
    base = solve_data(zone(None), EXACT)
    plan = solve_data(zone(ExportRule(price)), EXACT)
    p = plan.power[2030]
    assert p["export_mwh"] == pytest.approx(SURPLUS, rel=1e-6)
    assert p["curtailed_mwh"] == pytest.approx(0.0, abs=1e-6)
    assert p["export_revenue"] == pytest.approx(SURPLUS * price, rel=1e-6)
    assert base.npv["total"] - plan.npv["total"] == pytest.approx(SURPLUS * price * DF, rel=1e-6)
    # no emission credit: the grid import (the night, 4,380 MWh) and Scope 2 are those without export
    assert p["grid_import_mwh"] == pytest.approx(8760 - DAYLIGHT, rel=1e-6)
    assert plan.pathway.loc[2030, "plan_gross_t"] == pytest.approx(base.pathway.loc[2030, "plan_gross_t"], rel=1e-9)
    assert p["onsite_renewable_used_mwh"] == pytest.approx(DAYLIGHT, rel=1e-6)
    day = plan.power_days[2030][0]
    assert day["export"][6:18] == pytest.approx([PV_MWH / DAYLIGHT - 1.0] * 12, rel=1e-6)


def test_export_at_price_zero_brings_nothing():
    base = solve_data(zone(None), EXACT)
    plan = solve_data(zone(ExportRule(0.0)), EXACT)
    p = plan.power[2030]
    assert p["export_mwh"] + p["curtailed_mwh"] == pytest.approx(SURPLUS, rel=1e-6)  # either, the cost is equal
    assert plan.npv["total"] == pytest.approx(base.npv["total"], rel=1e-9)
    assert p["export_revenue"] == 0.0


def test_a_volume_share_caps_the_export_and_the_rest_is_curtailed():
    share = 0.2  # annual export <= 20 % of the 6,000 MWh generated: 1,200 MWh
    plan = solve_data(zone(ExportRule(0.05, share=share)), EXACT)
    p = plan.power[2030]
    assert p["export_mwh"] == pytest.approx(share * PV_MWH, rel=1e-6)
    assert p["curtailed_mwh"] == pytest.approx(SURPLUS - share * PV_MWH, rel=1e-6)


def test_export_stays_within_pv_used_the_mw_cap_and_outside_outage_hours():
    # grid out 10:00-12:00 (2 sunny hours): their surplus is curtailed; a 0.3 MW cap trims the other 10 hours
    plan = solve_data(zone(ExportRule(0.05, mw=0.3), outage=(10, 11)), EXACT)
    p = plan.power[2030]
    surplus_mw = PV_MWH / DAYLIGHT - 1.0
    assert p["export_mwh"] == pytest.approx(365 * 10 * 0.3, rel=1e-6)
    assert p["curtailed_mwh"] == pytest.approx(SURPLUS - 365 * 10 * 0.3, rel=1e-6)
    day = plan.power_days[2030][0]
    assert day["export"][10:12] == [0.0, 0.0]
    for h in range(24):
        used = day["pv"][h] + day["other"][h] + day["export"][h]  # all PV used, on site and exported
        assert day["export"][h] <= used + 1e-9
        assert day["export"][h] <= 0.3 + 1e-9
    assert surplus_mw > 0.3


def test_a_host_without_an_export_rule_exports_nothing():
    from core.optimise.data import prepare
    from tests.helpers import tiny_scenario

    s = tiny_scenario()
    assert s.zone.country == "THA"  # THA_ROOFTOP_EXPORT: offered = no
    s = s.model_copy(update={"zone": s.zone.model_copy(update={"grid_export_allowed": True})})
    d = prepare(s, power_mode="hourly", days=2)
    assert d.power.export == [None] * len(d.years)
    plan = solve_data(d, EXACT)
    assert all(f["export_mwh"] == 0.0 for f in plan.power.values())


def test_export_rules_follow_the_host_rule_and_the_zone():
    from core.power.export import export_rules

    years = [2025, 2026]
    grid = [100.0, 100.0]
    # Vietnam, Decree 58 (to 25 Jun 2026, 20 % cap, price in words) then Decree 243 (check, 50 %)
    rules, notes = export_rules("VNM", years, grid, True, None, "USD")
    assert [r.share for r in rules] == [0.20, 0.50]
    assert [r.price for r in rules] == [0.0, 0.0]
    assert {k for k, _ in notes} == {"export_check", "export_price_unknown"}
    rules, _ = export_rules("VNM", years, grid, True, 40.0, "USD")  # the zone's price overrides
    assert [r.price for r in rules] == [40.0, 40.0]
    rules, _ = export_rules("VNM", years, grid, False, 40.0, "USD")  # the zone does not allow export
    assert rules == [None, None]
    # Egypt net metering: at the grid price, until 31 Dec 2025
    rules, _ = export_rules("EGY", years, [70.0, 80.0], True, None, "USD")
    assert rules[0].price == 70.0 and rules[0].mw == 20.0 and rules[1] is None


def test_the_export_price_stays_below_the_zone_genset_running_cost():
    from core.power.export import export_rules

    # a genset running at 30 per MWh: exporting at 40 would pay the model to run it and sell its power
    rules, notes = export_rules("VNM", [2025, 2026], [100.0, 100.0], True, 40.0, "USD", genset_cost=[30.0, 50.0])
    assert [r.price for r in rules] == [30.0, 40.0]
    assert "export_price_capped" in {k for k, _ in notes}


def test_export_and_its_mw_cap_in_three_slots():
    # the day in 3 slots (6 dark, 12 sunny, 6 dark hours): the same answers as hour by hour, the MW cap x 12 hours
    from tests.core.test_power_segments import in_slots

    plan = solve_data(in_slots(zone(ExportRule(0.05, mw=0.3)), 3), EXACT)
    p = plan.power[2030]
    assert plan.power_slots == [1, 3]
    assert p["export_mwh"] == pytest.approx(365 * 12 * 0.3, rel=1e-6)
    assert p["curtailed_mwh"] == pytest.approx(SURPLUS - 365 * 12 * 0.3, rel=1e-6)
    assert plan.power_days[2030][0]["export"][6:18] == pytest.approx([0.3] * 12, rel=1e-6)


def test_the_day_chart_shows_the_export():
    from ui.power_view import day_frame

    plan = solve_data(zone(ExportRule(0.05)), EXACT)
    df = day_frame(plan.power_days[2030][0], "en")
    noon = df[(df.hour == 12) & (df.source == "Solar exported")]["mw"]
    assert noon.iloc[0] == pytest.approx(PV_MWH / DAYLIGHT - 1.0, rel=1e-6)
