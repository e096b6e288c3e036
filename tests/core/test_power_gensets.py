"""Golden tests of gensets in the hourly balance: existing capacity (no capex, fuel only), new capacity for what it
cannot cover, gas against diesel. The zone of test_power_golden (flat 1 MW load, one day of 365, no PV); fuel
emission factors 0.0741 t/GJ, grid 1 t/MWh, discount factor 1, CRF 1. Answers are computed by hand below.
"""

import pytest

from core.optimise import solve_data
from core.power.techs import PowerTech
from tests.core.test_power_golden import EXACT, data

DIESEL_HR, GAS_HR = 11.18, 8.889  # GJ per MWh
NEW_COST = 7.0  # per MW and year, any new genset
OUTAGE = (18, 19, 20, 21)  # 4 hours a day without grid
CARRIERS = ("electricity", "diesel", "natural_gas")


def existing(fuel, mw, hr, om=0.0):
    return PowerTech(f"genset_existing_{fuel}", 0.0, 0.0, 1, fuel=fuel, existing=mw, fuel_gj_per_mwh=hr, om_per_mwh=om)


def new_diesel():
    return PowerTech("genset", 0.0, NEW_COST, 1, crf=1.0, fuel_gj_per_mwh=DIESEL_HR, ub=10.0)


def new_gas(om=0.0):
    return PowerTech("genset_gas", 0.0, NEW_COST, 1, crf=1.0, fuel_gj_per_mwh=GAS_HR, om_per_mwh=om, ub=10.0)


def zone(techs, diesel=0.5, gas=0.1, grid=0.0, **kw):
    d = data(None, techs=techs, measures=[], carriers=CARRIERS, **kw)
    d.price.update(electricity=[grid], diesel=[diesel], natural_gas=[gas])
    return d


def fuel_use(plan, carrier):
    e = plan.energy
    return e[(e.carrier == carrier) & (e.year == 2030)]["plan"].iloc[0]


def test_existing_gensets_cover_the_outage_hours_at_fuel_cost_only():
    # 1 MW of existing diesel sets against the 1 MW load in 4 outage hours: 1,460 MWh, no new set, cost = fuel
    price = 0.5
    techs = {"genset": new_diesel(), "genset_existing_diesel": existing("diesel", 1.0, DIESEL_HR)}
    plan = solve_data(zone(techs, diesel=price, outage=OUTAGE), EXACT)
    assert plan.ok, plan.message
    p = plan.power[2030]
    mwh = 4 * 365
    assert p["genset_mwh"] == pytest.approx(mwh, rel=1e-6)
    assert p["genset_mw_installed"] == pytest.approx(0.0, abs=1e-9)
    assert p["genset_mw_existing"] == 1.0
    assert p["genset_fuel_gj"] == pytest.approx(mwh * DIESEL_HR, rel=1e-6)
    assert p["genset_fuel_gj_diesel"] == pytest.approx(mwh * DIESEL_HR, rel=1e-6)
    assert fuel_use(plan, "diesel") == pytest.approx(mwh * DIESEL_HR, rel=1e-6)
    assert plan.npv["total"] == pytest.approx(mwh * DIESEL_HR * price, rel=1e-6)
    assert plan.npv["parts"]["annualised_capex"] == pytest.approx(0.0, abs=1e-9)


def test_new_capacity_is_built_for_what_existing_cannot_cover():
    # existing 0.6 MW: 0.4 MW new diesel for the outage hours; all 1,460 MWh burn diesel
    price = 0.5
    techs = {"genset": new_diesel(), "genset_existing_diesel": existing("diesel", 0.6, DIESEL_HR)}
    plan = solve_data(zone(techs, diesel=price, outage=OUTAGE), EXACT)
    assert plan.ok, plan.message
    p = plan.power[2030]
    mwh = 4 * 365
    assert p["genset_mw_installed"] == pytest.approx(0.4, rel=1e-6)
    assert p["genset_mwh"] == pytest.approx(mwh, rel=1e-6)
    assert plan.npv["total"] == pytest.approx(0.4 * NEW_COST + mwh * DIESEL_HR * price, rel=1e-6)
    day = plan.power_days[2030][0]
    assert day["genset"][18:22] == pytest.approx([1.0] * 4, rel=1e-6)


def test_with_cheap_gas_the_model_picks_the_gas_genset():
    # a 0.6 MW connection under the 1 MW load: 0.4 MW of new genset runs every hour, 3,504 MWh; per MWh diesel
    # costs 11.18 x 1.0 = 11.18, gas 8.889 x 0.1 + 0.5 O&M = 1.389: gas
    om = 0.5
    techs = {"genset": new_diesel(), "genset_gas": new_gas(om)}
    plan = solve_data(zone(techs, diesel=1.0, gas=0.1, grid_mw=0.6), EXACT)
    assert plan.ok, plan.message
    p = plan.power[2030]
    mwh = 0.4 * 8760
    assert p["genset_mwh"] == pytest.approx(mwh, rel=1e-6)
    assert p["genset_mw_installed"] == pytest.approx(0.4, rel=1e-6)
    assert p["genset_fuel_gj"] == pytest.approx(mwh * GAS_HR, rel=1e-6)
    assert p["genset_fuel_gj_natural_gas"] == pytest.approx(mwh * GAS_HR, rel=1e-6)
    assert p["genset_fuel_gj_diesel"] == pytest.approx(0.0, abs=1e-6)
    assert fuel_use(plan, "natural_gas") == pytest.approx(mwh * GAS_HR, rel=1e-6)
    assert fuel_use(plan, "diesel") == pytest.approx(0.0, abs=1e-6)
    assert plan.npv["total"] == pytest.approx(0.4 * NEW_COST + mwh * (GAS_HR * 0.1 + om), rel=1e-6)
    gross = 0.6 * 8760 * 1.0 + mwh * GAS_HR * 0.0741
    assert plan.pathway.loc[2030, "plan_gross_t"] == pytest.approx(gross, rel=1e-6)


def test_with_dear_gas_the_model_keeps_diesel():
    techs = {"genset": new_diesel(), "genset_gas": new_gas()}
    plan = solve_data(zone(techs, diesel=0.1, gas=1.0, grid_mw=0.6), EXACT)
    p = plan.power[2030]
    assert p["genset_fuel_gj_diesel"] == pytest.approx(0.4 * 8760 * DIESEL_HR, rel=1e-6)
    assert p["genset_fuel_gj_natural_gas"] == pytest.approx(0.0, abs=1e-6)


def test_existing_gensets_and_the_gas_genset_come_from_the_scenario():
    from core.carriers import to_canonical
    from core.optimise.data import prepare
    from tests.helpers import tenant, tiny_scenario

    plant = {"type": "power_plant", "tenant": "T1", "location": [13, 101]}
    s = tiny_scenario(
        zone={"grid_outage_hours_per_day": 2},
        tenants=[tenant("T1", energy={"electricity_mwh": 20000, "diesel_l": 500000, "natural_gas_gj": 10000})],
        facilities=[
            {"id": "F1", "capacity_mw": 3, "fuel": "diesel", **plant},
            {"id": "F2", "capacity_mw": 2, "fuel": "natural_gas", **plant},
            {"id": "F3", "capacity_mw": 5, "fuel": "natural_gas", "type": "other", "location": [13, 101]},
        ],
        assumptions={"prices": {"electricity_per_mwh": {2025: 100}, "diesel_per_l": {2025: 1.0}}},
    )
    d = prepare(s, power_mode="hourly", days=2)
    techs = d.power.techs
    # by hand: the tenant's diesel runs F1 evenly, what is left of 3 MW is free; gas has no price: no gas sets
    _, diesel_gj = to_canonical("diesel_l", 500000)
    assert techs["genset_existing_diesel"].existing == pytest.approx(3 - diesel_gj / DIESEL_HR / 8760, rel=1e-9)
    assert techs["genset_existing_diesel"].capex == 0.0
    assert "genset" in techs
    assert "genset_gas" not in techs and "genset_existing_natural_gas" not in techs
    gas = s.assumptions.model_copy(update={"prices": {**s.assumptions.prices, "natural_gas_per_gj": {2025: 3.0}}})
    d = prepare(s.model_copy(update={"assumptions": gas}), power_mode="hourly", days=2)
    techs = d.power.techs
    assert techs["genset_existing_natural_gas"].existing == pytest.approx(2 - 10000 / GAS_HR / 8760, rel=1e-9)
    assert techs["genset_gas"].fuel == "natural_gas" and techs["genset_gas"].capex == 2305000
    assert "natural_gas" in d.carriers
    plan = solve_data(d, EXACT)
    assert plan.ok, plan.message


def test_existing_gensets_in_slots_keep_their_mw():
    # the outage in a 4-hour slot: 0.6 MW existing gives 0.6 x 4 MWh a day there, new sets the other 0.4 MW
    from tests.core.test_power_segments import in_slots

    techs = {"genset": new_diesel(), "genset_existing_diesel": existing("diesel", 0.6, DIESEL_HR)}
    plan = solve_data(in_slots(zone(techs, outage=OUTAGE), 3), EXACT)
    assert plan.ok, plan.message
    p = plan.power[2030]
    assert p["genset_mw_installed"] == pytest.approx(0.4, rel=1e-6)
    assert p["genset_mwh"] == pytest.approx(4 * 365, rel=1e-6)
