"""AppTest of the Alternatives page: find near-optimal plans and show cost, pathways, measures and payers."""

from __future__ import annotations

import pytest

from core.loader import validate_data
from tests.core.test_cli_solve import SCENARIO
from tests.helpers import open_app


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_alternatives_page(tmp_path, monkeypatch, lang):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("LCZP_DB", str(tmp_path / "app.sqlite"))
    at = open_app("alternatives", lang, validate_data(SCENARIO), query={"slack": "5", "n": "2"})
    assert not at.exception, at.exception
    assert at.slider(key="alt_slack").value == 5 and at.slider(key="alt_n").value == 2
    at.button(key="alt_run").click().run()
    assert not at.exception, at.exception
    alts = at.session_state["alt_result"][1]
    assert len(alts.plans) == 2
    costs, measures = at.dataframe[0].value, at.dataframe[1].value
    assert len(costs) == 3 and costs.shape[1] == 8  # least cost + 2 alternatives
    assert measures.shape[1] == 4  # measure + 3 plans
    assert len(at.get("vega_lite_chart")) == 1
    assert not any("jobs." in str(x.value) for x in [*at.caption, *at.markdown, *at.subheader])
