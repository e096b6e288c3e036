"""Workshop rooms: open, join by code, variants with levers solved as jobs, votes; all saved."""

from __future__ import annotations

import pytest

from core.errors import ScenarioError
from core.jobs import Jobs, JobStatus
from core.loader import validate_data
from core.optimise import solve
from core.sensitivity import base_value
from core.store import Store
from core.workshop import ALPHABET, Levers, Workshop, WorkshopError, apply_levers
from tests.core.test_cli_solve import SCENARIO


@pytest.fixture
def engine(tmp_path):
    st = Store(f"sqlite:///{tmp_path / 'room.sqlite'}")
    yield st.engine
    st.close()


def test_levers_change_the_scenario_as_said():
    s = validate_data(SCENARIO)
    v = apply_levers(
        s, Levers(carbon_price=80, budget_per_year=250_000, measures_off=("rooftop_pv",), target_year=2029)
    )
    assert base_value(v, "carbon_price") == pytest.approx(80)
    assert v.budget.capex_per_year == 250_000
    assert "rooftop_pv" in v.measures.disabled and "green_ppa" in v.measures.disabled
    assert v.targets.milestones[0].year == 2029 and v.targets.milestones[0].change_vs_base == -0.3
    assert apply_levers(s, Levers()) == s
    with pytest.raises(ScenarioError) as e:
        apply_levers(s, Levers(target_year=1990))
    assert e.value.issues[0].path.startswith("levers.")


def test_a_room_with_two_participants_saved_and_reopened(engine):
    ws = Workshop(engine)
    jobs = Jobs(engine)
    s = validate_data(SCENARIO)
    code = ws.open_room(s, "Rayong workshop")
    assert len(code) == 5 and set(code) <= set(ALPHABET)
    room = ws.room(code.lower())  # codes are typed in any case
    assert room.title == "Rayong workshop" and room.scenario == s
    ids = {}
    for name, lv in (("Anna", Levers(carbon_price=0)), ("Bao", Levers(carbon_price=150))):
        job = jobs.submit(apply_levers(room.scenario, lv))
        ids[name] = ws.add_variant(code, name, lv, job)
    ws.vote(code, "Anna", ids["Bao"])
    ws.vote(code, "Bao", ids["Bao"])
    ws.vote(code, "Anna", ids["Anna"])  # a new vote replaces the old one
    assert ws.votes(code) == {ids["Anna"]: 1, ids["Bao"]: 1}
    # reopened from the database (another process): the variants, their plans and votes are there
    again = Workshop(Store(str(engine.url)).engine)
    vs = again.variants(code)
    assert [v.participant for v in vs] == ["Anna", "Bao"] and vs[1].levers.carbon_price == 150
    plans = {v.participant: jobs.wait(v.job_id, 60) for v in vs}
    assert all(j.status == JobStatus.DONE for j in plans.values())
    expected = solve(apply_levers(s, Levers(carbon_price=150)))
    assert plans["Bao"].plan.npv["total"] == pytest.approx(expected.npv["total"], rel=1e-6)
    assert plans["Bao"].plan.npv["total"] > plans["Anna"].plan.npv["total"]  # a carbon price costs money
    jobs.close()


def test_bad_codes_names_and_votes_are_messages(engine):
    ws = Workshop(engine)
    assert ws.room("NOPE1") is None
    with pytest.raises(WorkshopError, match="^room:"):
        ws.add_variant("NOPE1", "Anna", Levers(), None)
    code = ws.open_room(validate_data(SCENARIO), "x")
    with pytest.raises(WorkshopError, match="^participant:"):
        ws.add_variant(code, "   ", Levers(), None)
    with pytest.raises(WorkshopError, match="^variant:"):
        ws.vote(code, "Anna", 999)
