"""Data requests to tenants (issue 15): a link reaches one tenant's own data only, validates like the app (each
problem names its field or row), is used up by a submission, expires; an editor accepts into the actuals or the
baseline, and the acceptance (values with their quality labels) is in the audit trail."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from core.errors import ScenarioError
from core.store import AccessDenied, NotFoundError, Store, StoreError
from core.store.accounts import Accounts
from core.store.requests import DataRequests, open_request, submit
from core.tenant_data import from_template
from tests.core.pg import pg_server, pg_url  # noqa: F401 - fixtures
from tests.core.test_store import BASE

PASSWORD = "correct horse battery"
ZONE = copy.deepcopy(BASE)
ZONE["tenants"].append(
    {
        "id": "T02",
        "name": "Confidential Neighbour Ltd",
        "sector": "auto_parts",
        "output_musd": 20,
        "location": [13.0, 101.0],
        "energy": {"electricity_mwh": 4321},
    }
)


@pytest.fixture(params=["sqlite", "postgresql"])
def ws(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'r.sqlite'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    root = Store(url)
    acc = Accounts(root.engine)
    acc.add("edith", PASSWORD, "zone-a", "editor")
    acc.add("victor", PASSWORD, "zone-a", "viewer")
    acc.add("bob", PASSWORD, "zone-b", "owner")
    editor = root.for_user("edith", "zone-a")
    rec = editor.create("Zone A", ZONE)
    yield root, editor, rec
    root.close()


GOOD = {"electricity_mwh": 1200, "natural_gas_gj": 50, "waste_t": 10, "water_m3": 900}
QUALITY = {"electricity_mwh": "measured", "natural_gas_gj": "estimated", "waste_t": "allocated", "water_m3": "measured"}


def test_link_shows_one_tenant_and_is_used_up(ws):
    root, editor, rec = ws
    token = DataRequests(editor).create(rec.sid, "T01", 2026, lang="th")
    view = open_request(root.engine, token)
    assert view.tenant["id"] == "T01" and view.year == 2026 and view.lang == "th"
    assert view.tenant["values"]["electricity_mwh"] == 1000
    shown = json.dumps(view.__dict__, default=str)
    assert "T02" not in shown and "Confidential" not in shown and "4321" not in shown  # nothing of other tenants
    submit(root.engine, token, GOOD, QUALITY)
    with pytest.raises(NotFoundError, match="not valid"):
        open_request(root.engine, token)  # a used link is refused
    with pytest.raises(NotFoundError):
        submit(root.engine, token, GOOD, QUALITY)
    with pytest.raises(NotFoundError):
        open_request(root.engine, "a-guessed-token")


def test_bad_input_names_each_field_and_keeps_nothing(ws):
    root, editor, rec = ws
    token = DataRequests(editor).create(rec.sid, "T01", 2026)
    bad = {"electricity_mwh": "lots", "natural_gas_gj": -5, "waste_t": 10, "waste_recycled_t": 20}
    with pytest.raises(ScenarioError) as e:
        submit(root.engine, token, bad, {"waste_t": "guessed"})
    paths = {i.path for i in e.value.issues}
    assert {"electricity_mwh", "natural_gas_gj"} <= paths
    with pytest.raises(ScenarioError) as e:
        submit(root.engine, token, {"waste_t": 10}, {"waste_t": "guessed"})
    assert [i.path for i in e.value.issues] == ["waste_t"] and "measured, estimated, allocated" in str(e.value)
    with pytest.raises(ScenarioError) as e:
        submit(
            root.engine, token, GOOD, QUALITY, refrigerants=[{"gas": "HFC-134a", "leak_kg": 3, "quality": "measured"},
                                                             {"gas": "unobtainium", "leak_kg": 1, "quality": "measured"}]
        )  # fmt: skip
    assert any(i.path.startswith("refrigerants row 2") for i in e.value.issues)
    assert open_request(root.engine, token).year == 2026  # still open: nothing was kept


def test_accept_into_actuals_is_saved_and_audited(ws):
    root, editor, rec = ws
    requests = DataRequests(editor)
    token = requests.create(rec.sid, "T01", 2026)
    submit(root.engine, token, GOOD, QUALITY, refrigerants=[{"gas": "HFC-134a", "leak_kg": 3, "quality": "measured"}])
    [req] = requests.of_scenario(rec.sid)
    assert req.status == "submitted" and req.submission.quality["waste_t"] == "allocated"
    with pytest.raises(AccessDenied):
        DataRequests(root.for_user("victor", "zone-a")).accept(req.id, "actuals")
    with pytest.raises(NotFoundError):
        DataRequests(root.for_user("bob", "zone-b")).accept(req.id, "actuals")
    requests.accept(req.id, "actuals")
    s = editor.load(rec.sid)
    [year] = s.evaluation.actuals
    [mine] = year.tenants
    assert year.year == 2026 and mine.id == "T01"
    assert mine.energy.electricity_mwh == 1200 and mine.energy.natural_gas_gj == 50 and mine.water_m3 == 900
    assert s.tenants[1].energy.electricity_mwh == 4321  # the neighbour's data untouched
    trail = editor.history(rec.sid)
    assert [e.action for e in trail[:3]] == ["accept", "save", "request"]
    assert trail[0].detail["quality"] == QUALITY and trail[0].detail["into"] == "actuals" and trail[0].actor == "edith"
    assert trail[1].detail["patch"]["evaluation"]["actuals"][0]["tenants"][0]["energy"]["electricity_mwh"] == 1200
    with pytest.raises(StoreError, match="only a submitted one"):
        requests.accept(req.id, "actuals")


def test_accept_into_the_baseline_of_the_base_year_only(ws):
    root, editor, rec = ws
    requests = DataRequests(editor)
    token = requests.create(rec.sid, "T01", 2025)
    exports = [{"good": "aluminium", "cn_code": "7601", "eu_t": 120, "quality": "measured"}]
    refr = [{"gas": "HFC-134a", "leak_kg": 4, "quality": "estimated"}]
    submit(root.engine, token, {"electricity_mwh": 950}, {"electricity_mwh": "measured"}, refr, exports)
    [req] = requests.of_scenario(rec.sid)
    requests.accept(req.id, "baseline")
    t = editor.load(rec.sid).tenants[0]
    assert t.energy.electricity_mwh == 950 and t.refrigerants[0].leak_kg == 4 and t.exports[0].eu_t == 120
    token = requests.create(rec.sid, "T01", 2026)
    submit(root.engine, token, GOOD, QUALITY)
    later = requests.of_scenario(rec.sid)[0]
    with pytest.raises(ScenarioError, match="the baseline is 2025"):
        requests.accept(later.id, "baseline")


def test_expired_or_revoked_link_and_who_may_ask(ws):
    root, editor, rec = ws
    requests = DataRequests(editor)
    token = requests.create(rec.sid, "T01", 2026, days=1)
    with root.engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE data_requests SET expires_at = :t"), {"t": datetime.now(UTC) - timedelta(seconds=1)}
        )
    with pytest.raises(NotFoundError):
        open_request(root.engine, token)
    token = requests.create(rec.sid, "T01", 2026)
    requests.revoke(requests.of_scenario(rec.sid)[0].id)
    with pytest.raises(NotFoundError):
        submit(root.engine, token, GOOD, QUALITY)
    with pytest.raises(AccessDenied):
        DataRequests(root.for_user("victor", "zone-a")).create(rec.sid, "T01", 2026)
    with pytest.raises(NotFoundError):
        DataRequests(root.for_user("bob", "zone-b")).create(rec.sid, "T01", 2026)
    with pytest.raises(StoreError, match="no tenant"):
        requests.create(rec.sid, "T99", 2026)
    with pytest.raises(StoreError, match="year"):
        requests.create(rec.sid, "T01", 2099)


def test_template_upload_takes_the_tenants_own_row():
    raw = b"year,tenant,electricity_mwh,waste_t,notes_ignored\n2026,T01,1500,12,x\n2026,T02,9999,1,y\n"
    assert from_template(raw, "data.csv", "T01") == {"electricity_mwh": 1500.0, "waste_t": 12.0}
    with pytest.raises(ScenarioError, match="exactly one row for tenant 'T03'"):
        from_template(raw, "data.csv", "T03")
    with pytest.raises(ScenarioError, match="waste_t: must be a number"):
        from_template(b"year,tenant,waste_t\n2026,T01,lots\n", "data.csv", "T01")
