"""AppTest of solve jobs on the Optimise page: solve as a background job (polled), then a second session
opens the stored plan from the ?job= link without solving."""

from __future__ import annotations

import time

import pytest

from core.loader import validate_data
from tests.core.test_cli_solve import SCENARIO
from tests.helpers import open_app


def test_background_job_and_a_link_to_its_plan(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("LCZP_DB", str(tmp_path / "app.sqlite"))
    s = validate_data(SCENARIO)
    at = open_app("optimise", "en", s)
    assert not at.exception, at.exception
    assert at.session_state["plan"] is None if "plan" in at.session_state else True
    at.button(key="job_panel_run").click().run()
    assert not at.exception, at.exception
    job_id = at.query_params["job"]
    job_id = job_id[0] if isinstance(job_id, list) else job_id
    t0 = time.monotonic()
    while "job_panel_id" in at.session_state and at.session_state["job_panel_id"]:
        assert time.monotonic() - t0 < 60
        time.sleep(0.3)
        at.run()
        assert not at.exception, at.exception
    plan = at.session_state["plan"]
    assert plan is not None and plan.status == "optimal"
    assert any("Annual targets met" in m.label for m in at.metric)

    import ui.cache

    monkeypatch.setattr(ui.cache, "solve", lambda *a, **k: pytest.fail("solved again"))
    other = open_app("optimise", "zh", s, query={"job": job_id})
    assert not other.exception, other.exception
    got = other.session_state["plan"]
    assert got.npv["total"] == pytest.approx(plan.npv["total"], rel=1e-12) and got.to_json() == plan.to_json()
    assert not other.warning  # the stored plan is for these very inputs: current, not stale
