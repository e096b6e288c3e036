"""Golden tests of the hourly power balance: one plan year, one representative day of 365 days, a flat 1 MW load
(8,760 MWh a year) and PV that shines 12 hours a day at an even rate. Answers are computed by hand below.

Costs: discount rate 0 and lifetime 1 (CRF = 1), so a plan's NPV is units x `annual`; no energy or carbon price.
Emissions are grid electricity x 1 t/MWh.
"""

import math

import pytest

from core.optimise import SolveSettings, solve_data
from core.optimise.data import MeasureData, ModelData, TargetRow
from core.optimise.readback import bau_quantities
from core.power.techs import PowerData, PowerTech

EXACT = SolveSettings(gap=1e-9, time_limit_s=30)
LOAD_MWH = 8760.0
FLAT = [1 / 8760] * 24  # share of the year's load in each hour of the day (weight 365)
SUN = [0.0] * 6 + [1 / (365 * 12)] * 12 + [0.0] * 6  # PV: 12 equal hours
PV_COST = 0.05  # per MWh/yr of PV capacity
E_COST, P_COST = 2.0, 3.0  # battery energy per MWh, power per MW (annual)


def pv(ub=20000.0):
    return MeasureData(
        id="pv", capex=0.0, annual=PV_COST, lifetime=1, first=0, ub=ub, integer=False, eff={}, gen=1.0,
        om=PV_COST, solar=True, resources={"roof_area_m2": 1.0},
    )  # fmt: skip


def battery(rte=0.81):
    return {
        "battery_energy": PowerTech("battery_energy", 0.0, E_COST, 1, crf=1.0, efficiency=rte, ub=100.0),
        "battery_power": PowerTech("battery_power", 0.0, P_COST, 1, crf=1.0, ub=100.0),
    }


def data(target_cut, techs=None, onsite=0.0, grid_mw=None, measures=None, carriers=("electricity",), outage=()):
    carriers = list(carriers)
    bau = {c: [0.0] for c in carriers}
    bau["electricity"] = [LOAD_MWH - onsite]
    targets = []
    if target_cut is not None:
        targets = [TargetRow("emissions", "gross", 2030, LOAD_MWH * (1 - target_cut), LOAD_MWH)]
    return ModelData(
        years=[2030], base_year=2029, carriers=carriers, bau=bau,
        ef={c: [1.0 if c == "electricity" else 0.0741] for c in carriers},
        price={c: [0.0] for c in carriers}, carbon_price=[0.0], df=[1.0], process_bau=[0.0],
        renewable_bau=[onsite], onsite_bau=[onsite], water_bau=[0.0], water_demand=[0.0], waste_gen=[0.0],
        waste_recycled_bau=[0.0], output=[1.0], measures=[pv()] if measures is None else measures, resources={},
        budget=[None], targets=targets, daylight_share=0.5,
        power=PowerData(
            weights=[365.0], load=[FLAT], pv=[SUN], techs=techs or {}, grid_mw=grid_mw, days=[0],
            outage_hours=list(outage),
        ),
    )  # fmt: skip


def test_pv_without_storage_stops_at_the_daylight_share():
    # a 70 % cut needs 6,132 MWh from PV; without storage PV can only run the 12 daylight hours: 4,380 MWh,
    # so the least possible emissions are 4,380 t against a target of 2,628 t
    plan = solve_data(data(0.70), EXACT)
    assert plan.status == "infeasible_targets"
    short = plan.shortfall.iloc[0]
    assert short["short_by"] == pytest.approx(4380 - 2628, rel=1e-6)
    p = plan.power[2030]
    assert p["grid_import_mwh"] == pytest.approx(4380, rel=1e-6)
    assert p["onsite_renewable_used_mwh"] == pytest.approx(4380, rel=1e-6)
    assert p["curtailed_mwh"] == pytest.approx(0.0, abs=1e-3)  # cost phase builds no useless PV
    assert p["hourly_cfe_share"] == pytest.approx(0.5, rel=1e-6)
    assert p["peak_grid_import_mw"] == pytest.approx(1.0, rel=1e-6)
    assert plan.power_mode == "hourly"


def test_annual_mode_gives_the_same_daylight_limit():
    d = data(0.70)
    d.power = None
    plan = solve_data(d, EXACT)
    assert plan.power_mode == "annual"
    assert plan.shortfall.iloc[0]["short_by"] == pytest.approx(4380 - 2628, rel=1e-6)


def test_a_battery_makes_the_deep_target_feasible_at_a_higher_cost():
    rte = 0.81
    plan0 = solve_data(data(0.70), EXACT)
    plan = solve_data(data(0.70, techs=battery(rte)), EXACT)
    assert plan.status == "optimal", plan.message
    # by hand: grid <= 2,628 MWh, so on site 6,132 MWh = 16.8 MWh a day: 12 in daylight, 4.8 from the battery
    night = 16.8 - 12.0
    eta = math.sqrt(rte)
    soc = night / eta  # stored energy drawn down overnight
    charge = soc / eta  # PV into the battery per day
    pv_mwh = 365 * (12.0 + charge)
    power = max(charge, night) / 12  # charge and discharge spread over 12 hours each
    cost = pv_mwh * PV_COST + soc * E_COST + power * P_COST
    assert plan.npv["total"] == pytest.approx(cost, rel=1e-6)
    assert plan.npv["total"] > plan0.npv["total"]
    p = plan.power[2030]
    assert p["storage_mwh_installed"] == pytest.approx(soc, rel=1e-6)
    assert p["storage_discharge_mwh"] == pytest.approx(365 * night, rel=1e-6)
    assert p["grid_import_mwh"] == pytest.approx(2628, rel=1e-6)
    assert plan.pathway.loc[2030, "plan_gross_t"] == pytest.approx(2628, rel=1e-6)


def test_curtailment_when_pv_exceeds_the_load_and_nothing_stores_it():
    # existing PV 6,000 MWh/yr over 4,380 daylight hours = 1.37 MW against a 1 MW load: 1,620 MWh spilled,
    # and the night (4,380 MWh) comes from the grid - the annual balance would have said 2,760 MWh
    d = data(None, onsite=6000.0, measures=[])
    d.price["electricity"] = [0.1]  # grid power costs something, so the sun is used when it shines
    plan = solve_data(d, EXACT)
    p = plan.power[2030]
    assert p["curtailed_mwh"] == pytest.approx(6000 - 4380, rel=1e-6)
    assert p["grid_import_mwh"] == pytest.approx(4380, rel=1e-6)
    assert plan.pathway.loc[2030, "plan_gross_t"] == pytest.approx(4380, rel=1e-6)
    assert p["onsite_generation_used_share"] == pytest.approx(4380 / 6000, rel=1e-6)
    assert bau_quantities(d)["use"]["electricity"][0] == pytest.approx(2760, rel=1e-6)  # the annual balance


def test_a_genset_covers_the_load_above_the_grid_connection():
    # a 0.6 MW connection under a flat 1 MW load: a 0.4 MW genset runs every hour, 3,504 MWh, on diesel
    techs = {"genset": PowerTech("genset", 0.0, 7.0, 1, crf=1.0, fuel_gj_per_mwh=11.18, ub=10.0)}
    plan = solve_data(data(None, techs=techs, grid_mw=0.6, measures=[], carriers=("electricity", "diesel")), EXACT)
    assert plan.ok, plan.message
    p = plan.power[2030]
    assert p["genset_mw_installed"] == pytest.approx(0.4, rel=1e-6)
    assert p["genset_mwh"] == pytest.approx(0.4 * 8760, rel=1e-6)
    assert p["peak_grid_import_mw"] == pytest.approx(0.6, rel=1e-6)
    assert p["grid_import_mwh"] == pytest.approx(0.6 * 8760, rel=1e-6)
    assert p["genset_fuel_gj"] == pytest.approx(0.4 * 8760 * 11.18, rel=1e-6)
    diesel = plan.energy[(plan.energy.carrier == "diesel") & (plan.energy.year == 2030)]["plan"].iloc[0]
    assert diesel == pytest.approx(0.4 * 8760 * 11.18, rel=1e-6)
    gross = 0.6 * 8760 * 1.0 + 0.4 * 8760 * 11.18 * 0.0741
    assert plan.pathway.loc[2030, "plan_gross_t"] == pytest.approx(gross, rel=1e-6)
    assert plan.npv["total"] == pytest.approx(0.4 * 7.0, rel=1e-6)


def test_an_annual_plan_is_checked_hour_by_hour():
    # annual mode: the plan's 4,380 MWh of PV (daylight cap) checked on the day: all used, night from the grid
    d = data(0.70)
    d.power.hourly = False
    plan = solve_data(d, EXACT)
    assert plan.power_mode == "annual"
    p = plan.power[2030]
    assert p["onsite_renewable_used_mwh"] == pytest.approx(4380, rel=1e-6)
    assert p["peak_grid_import_mw"] == pytest.approx(1.0, rel=1e-6)
    assert p["hourly_cfe_share"] == pytest.approx(0.5, rel=1e-6)


def test_a_genset_covers_the_outage_hours():
    # the grid is off 18:00-22:00 every day: a 1 MW genset runs 4 h a day, 1,460 MWh a year
    techs = {"genset": PowerTech("genset", 0.0, 7.0, 1, crf=1.0, fuel_gj_per_mwh=11.18, ub=10.0)}
    d = data(None, techs=techs, measures=[], carriers=("electricity", "diesel"), outage=(18, 19, 20, 21))
    plan = solve_data(d, EXACT)
    assert plan.ok, plan.message
    p = plan.power[2030]
    assert p["genset_mw_installed"] == pytest.approx(1.0, rel=1e-6)
    assert p["genset_mwh"] == pytest.approx(4 * 365, rel=1e-6)
    assert p["grid_import_mwh"] == pytest.approx(8760 - 4 * 365, rel=1e-6)
    day = plan.power_days[2030][0]
    assert day["grid"][18:22] == pytest.approx([0.0] * 4, abs=1e-9)
    assert day["genset"][18:22] == pytest.approx([1.0] * 4, rel=1e-6)


def test_outage_hours_come_from_the_zone():
    from core.optimise.data import prepare
    from tests.helpers import tiny_scenario

    s = tiny_scenario()
    s = s.model_copy(update={"zone": s.zone.model_copy(update={"grid_outage_hours_per_day": 3})})
    d = prepare(s, power_mode="hourly", days=2)
    assert d.power.outage_hours == [18, 19, 20]
    assert "genset" in d.power.techs and "diesel" in d.carriers


def test_an_annual_plan_that_counts_power_the_load_cannot_take_says_so():
    # existing PV 6,000 MWh/yr under a flat 1 MW load: the annual balance buys 8,760 - 6,000 = 2,760 MWh, but the
    # sun only shines 12 h: hour by hour the grid supplies the 4,380 night MWh, 1,620 MWh more (18.5 % of the load)
    d = data(None, onsite=6000.0, measures=[])
    d.power.hourly = False
    plan = solve_data(d, EXACT)
    (note,) = [f for k, f in plan.notes if k == "annual_overstated"]
    assert note["year"] == 2030 and note["mwh"] == pytest.approx(1620, rel=1e-6)
    assert note["share"] == pytest.approx(1620 / 8760, rel=1e-6)
    assert "1,620 MWh more from the grid" in plan.describe("en")
    d = data(None, onsite=3000.0, measures=[])  # all of it used in daylight: nothing to say
    d.power.hourly = False
    assert not [k for k, _ in solve_data(d, EXACT).notes if k == "annual_overstated"]
