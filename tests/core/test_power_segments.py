"""Segments: a representative day's hours merged into fewer time slots (core.power.segments).

Identical neighbouring hours merge first and at no cost: the golden days of test_power_golden (a flat load, PV
12 equal hours) in 3 slots (6 dark, 12 sunny, 6 dark hours) give the hour-by-hour answers, worked by hand there.
Slots keep the energy of their hours, and powers (battery, genset, grid connection) scale by the slot's hours.
"""

import pytest

from core.demo import load_demo
from core.optimise import SolveSettings, solve, solve_data
from core.optimise.data import prepare
from core.power.segments import segment_days
from core.power.techs import PowerTech
from tests.core.test_power_golden import EXACT, FLAT, SUN, battery, data


def in_slots(d, n):
    """The golden data with its day in (at most) n slots."""
    p = d.power
    p.load, p.pv, p.dur = segment_days(p.load, p.pv, n, p.outage_hours)
    return d


def test_identical_hours_merge_first_and_keep_their_energy():
    load, pv, dur = segment_days([FLAT], [SUN], 3)
    assert dur == [[6, 12, 6]]
    assert load[0] == pytest.approx([6 / 8760, 12 / 8760, 6 / 8760])
    assert pv[0] == pytest.approx([0.0, 12 / (365 * 12), 0.0])
    _, _, dur = segment_days([FLAT], [SUN], 1)  # sunrise and sunset stay edges: no slot takes sun into the dark
    assert dur == [[6, 12, 6]]


def test_a_slot_never_spans_an_outage_edge():
    _, _, dur = segment_days([FLAT], [SUN], 3, [18, 19, 20, 21])
    starts = [sum(dur[0][:j]) for j in range(len(dur[0]))]
    assert {18, 22} <= set(starts)
    assert dur == [[6, 12, 4, 2]]  # the outage hours keep a slot of their own (and the sun its hours)


def test_the_battery_answer_is_the_same_in_three_slots():
    hourly = solve_data(data(0.70, techs=battery(0.81)), EXACT)
    slots = solve_data(in_slots(data(0.70, techs=battery(0.81)), 3), EXACT)
    assert slots.status == hourly.status == "optimal"
    assert slots.npv["total"] == pytest.approx(hourly.npv["total"], rel=1e-7)
    for k in ("storage_mwh_installed", "storage_mw_installed", "storage_discharge_mwh", "grid_import_mwh"):
        assert slots.power[2030][k] == pytest.approx(hourly.power[2030][k], rel=1e-6, abs=1e-6), k
    assert len(slots.power_days[2030][0]["load"]) == 24  # the day is shown hour by hour all the same


def test_a_genset_covers_the_outage_in_slots():
    # 18:00-22:00 without grid under a 1 MW load: a 1 MW genset (not 4 MW: the 4-hour slot's power is MWh / 4)
    techs = {"genset": PowerTech("genset", 0.0, 7.0, 1, crf=1.0, fuel_gj_per_mwh=11.18, ub=10.0)}
    d = in_slots(data(None, techs=techs, measures=[], carriers=("electricity", "diesel"), outage=(18, 19, 20, 21)), 3)
    d.price["diesel"] = [0.01]  # fuel costs something, so the genset runs only when it must
    plan = solve_data(d, EXACT)
    p = plan.power[2030]
    assert p["genset_mw_installed"] == pytest.approx(1.0, rel=1e-6)
    assert p["genset_mwh"] == pytest.approx(4 * 365, rel=1e-6)
    assert plan.power_days[2030][0]["genset"][18:22] == pytest.approx([1.0] * 4, rel=1e-6)


def test_the_grid_connection_caps_a_slot_by_its_hours():
    # a 0.6 MW connection under a flat 1 MW load, in slots of 6, 12 and 6 hours: the genset still needs 0.4 MW
    techs = {"genset": PowerTech("genset", 0.0, 7.0, 1, crf=1.0, fuel_gj_per_mwh=11.18, ub=10.0)}
    d = in_slots(data(None, techs=techs, grid_mw=0.6, measures=[], carriers=("electricity", "diesel")), 3)
    p = solve_data(d, EXACT).power[2030]
    assert p["genset_mw_installed"] == pytest.approx(0.4, rel=1e-6)
    assert p["peak_grid_import_mw"] == pytest.approx(0.6, rel=1e-6)


def test_a_zone_in_slots_keeps_its_annual_load_and_pv_and_no_sun_at_night():
    s = load_demo("thai_auto")
    d = prepare(s, power_mode="hourly", days=4, segments=12)
    hourly = prepare(s, power_mode="hourly", days=4, segments=24).power
    p = d.power
    assert all(sum(r) == 24 for r in p.dur) and max(map(len, p.load)) <= 12
    for k in range(len(p.weights)):
        for h, dh, start in p.slots(k):
            lit = [hourly.pv[k][x] > 0 for x in range(start, start + dh)]
            assert all(lit) or not any(lit)  # a slot is all lit or all dark
    for rows in (p.load, p.pv):
        assert sum(w * sum(r) for w, r in zip(p.weights, rows, strict=True)) == pytest.approx(1.0, rel=1e-9)


def test_the_plan_says_how_the_day_was_cut():
    s = load_demo("egypt_materials")
    plan = solve(s, SolveSettings(power_mode="hourly", power_segments=10))
    assert plan.power_slots == [4, 10]
    assert plan.to_json()["power_resolution"] == {"days": 4, "slots_per_day": 10}
    assert "power_resolution" not in solve(s).to_json()  # annual mode: hours are not the model's
