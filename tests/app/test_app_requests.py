"""Data requests in the app (issue 15): the tenant's link opens a form in the chosen language with its own data
only (no pages, no other tenant, even in a shared deployment without signing in), refuses values without a
quality label, and is refused once used; the editor's page lists the request, reviews a submission and accepts
it into the actuals."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core.store import Store
from core.store.requests import DataRequests, submit
from tests.core.test_data_requests import GOOD, QUALITY, ZONE
from tests.helpers import APP


@pytest.fixture
def zone(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("LCZP_DB", str(tmp_path / "req.sqlite"))
    store = Store()
    rec = store.create("Zone with tenants", ZONE)
    token = DataRequests(store).create(rec.sid, "T01", 2026, lang="fr")
    yield store, rec, token
    store.close()


def _texts(at: AppTest) -> str:
    kinds = ("markdown", "caption", "error", "warning", "info", "success", "title", "subheader")
    return " ".join(str(x.value) for kind in kinds for x in getattr(at, kind))


@pytest.mark.parametrize("mode", ["none", "accounts"])
def test_tenant_link_shows_its_own_form_only(zone, mode, monkeypatch):
    monkeypatch.setenv("ZONE_PLANNER_AUTH", mode)
    store, rec, token = zone
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["request"] = token
    at.run()
    assert not at.exception, at.exception
    text = _texts(at)
    assert at.title[0].value == "Demande de données"  # the language the editor chose
    assert "Tenant one" in text and "2026" in text
    assert "Confidential" not in text and "4321" not in text and "Sign in" not in text
    assert "scenario" not in at.session_state and "auth_principal" not in at.session_state
    at.button(key="request_submit").click().run()  # prefilled values, no quality chosen yet
    assert not at.exception, at.exception
    assert "Pas encore envoyé" in _texts(at) and "choisissez sa qualité" in _texts(at)
    assert "measured" not in _texts(at)  # internal names never shown


def test_used_link_is_refused(zone):
    store, rec, token = zone
    submit(store.engine, token, GOOD, QUALITY)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["request"] = token
    at.query_params["lang"] = "en"
    at.run()
    assert "This link is not valid" in _texts(at) and "Tenant one" not in _texts(at)


def test_editor_reviews_and_accepts(zone):
    store, rec, token = zone
    submit(store.engine, token, GOOD, QUALITY)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["sid"] = rec.sid
    at.run()
    at.switch_page("pages/requests.py").run()
    assert not at.exception, at.exception
    assert "submitted, to review" in " ".join(e.label for e in at.expander)
    review = next(d.value for d in at.dataframe if "Submitted" in d.value.columns)
    row = review[review["Item"] == "Electricity (MWh)"].iloc[0]
    assert row["In the scenario"] == "1,000.00" and row["Submitted"] == "1,200.00" and row["Quality"] == "measured"
    at.button(key=f"requests_accept_actuals_{DataRequests(store).of_scenario(rec.sid)[0].id}").click().run()
    assert not at.exception, at.exception
    s = store.load(rec.sid)
    assert s.evaluation.actuals[0].tenants[0].energy.electricity_mwh == 1200
    assert at.session_state["scenario"].evaluation.actuals[0].year == 2026  # the session shows the saved version
