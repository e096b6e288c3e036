"""Issue 19: one deadline per command; a time-limited solve always returns a plan and one gap."""

import json
import time

import pytest

from bench.synthetic import synthetic_zone
from core.cli import main
from core.optimise import SolveSettings, solve
from core.optimise.solving import deadline, plan_gap
from core.results import Phase, PhaseStatus
from tests.helpers import ROOT

DEMO = str(ROOT / "data/demo/thai_auto/scenario.yaml")


@pytest.fixture(scope="module")
def zone():
    return synthetic_zone(12, 10, seed=3)


def test_no_time_at_all_still_gives_the_do_nothing_plan(zone):
    p = solve(zone, SolveSettings(time_limit_s=1e-9))
    assert p.ok and p.status == "time_limit"
    assert ("nothing_in_time", {}) in p.notes and "does nothing" in p.message
    assert p.units["built"].sum() == 0 if not p.units.empty else True
    assert p.pathway["plan_gross_t"].to_dict() == pytest.approx(p.pathway["bau_t"].to_dict())
    assert p.start == {}  # nothing to reuse as a warm start


def test_command_deadline_caps_every_solve(zone):
    t = time.perf_counter()
    with deadline(0.0):
        p = solve(zone, SolveSettings(time_limit_s=60))
    assert p.status == "time_limit" and time.perf_counter() - t < 5


def test_one_gap_for_message_and_json():
    phases = (
        Phase("shortfall", PhaseStatus.TIME_LIMIT, 2.0, 1.0, 0.3),
        Phase("cost", PhaseStatus.OPTIMAL, 0.1, 0.0041, 5.0),
    )
    assert plan_gap(phases) == 1.0  # the cut-off phase's gap, not the cost phase's
    assert plan_gap(phases[1:]) == 0.0041
    assert plan_gap((Phase("shortfall", PhaseStatus.TIME_LIMIT, 2.0, None, 0.3),)) is None


def test_plan_gap_is_the_json_gap(zone):
    p = solve(zone, SolveSettings(time_limit_s=60))
    assert p.solver.gap == plan_gap(p.solver.phases)


@pytest.mark.parametrize("limit", ["0", "-1", "nan", "inf"])
def test_time_limit_must_be_positive(limit, capsys):
    assert main(["solve", DEMO, "--time-limit", limit]) == 2
    assert "--time-limit: must be > 0 seconds" in capsys.readouterr().err


def test_report_and_cbam_take_a_time_limit(tmp_path, capsys):
    assert main(["cbam", DEMO, "--json", "--time-limit", "0.001"]) == 0
    capsys.readouterr()
    out = tmp_path / "r.html"
    assert main(["report", DEMO, "--out", str(out), "--json", "--time-limit", "0.001"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["plan_status"] == "time_limit" and out.stat().st_size > 0
