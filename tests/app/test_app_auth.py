"""Sign-in in the app (issue 15): accounts mode shows nothing but the sign-in page until a user signs in; pages
see only the user's workspace (another workspace's ?sid= is "not found"); a viewer cannot save; sign-out forgets the
scenario; an unknown ZONE_PLANNER_AUTH is a clear start-up error; a laptop needs no sign-in."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core.store import Store
from core.store.accounts import Accounts
from tests.core.test_store import BASE
from tests.helpers import APP

PASSWORD = "correct horse battery"


@pytest.fixture
def shared(tmp_path, monkeypatch):
    db = tmp_path / "shared.sqlite"
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("LCZP_DB", str(db))
    monkeypatch.setenv("ZONE_PLANNER_AUTH", "accounts")
    store = Store(f"sqlite:///{db}")
    acc = Accounts(store.engine)
    acc.add("alice", PASSWORD, "zone-a", "owner")
    acc.add("victor", PASSWORD, "zone-a", "viewer")
    acc.add("bob", PASSWORD, "zone-b", "owner")
    a = store.for_user("alice", "zone-a").create("Plan of zone A", BASE)
    b = store.for_user("bob", "zone-b").create("Plan of zone B", BASE)
    yield {"a": a, "b": b}
    store.close()


def _texts(at: AppTest) -> str:
    return " ".join(str(x.value) for kind in ("markdown", "caption", "error", "warning", "info", "success", "title")
                    for x in getattr(at, kind))  # fmt: skip


def _signed_in(user: str, query: dict[str, str] | None = None) -> AppTest:
    """A session that signed in as `user` (the form itself is clicked in tests/browser/test_browser_auth.py:
    AppTest runs a page file alone when the current address is that page's, which a real server never does)."""
    token = Accounts(Store().engine).sign_in(user, PASSWORD)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["auth_session_token"] = token
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def test_signed_out_shows_only_the_sign_in_page(shared):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["sid"] = shared["a"].sid
    at.run()
    assert not at.exception, at.exception
    assert [x.value for x in at.title] == ["Sign in"] and "scenario" not in at.session_state
    assert at.text_input(key="auth_password_input").proto.type == 1  # TextInput.PASSWORD: masked
    assert "Plan of zone A" not in _texts(at) and "Test Zone" not in _texts(at)


def test_a_link_opens_the_workspace_scenario(shared):
    at = _signed_in("alice", {"sid": shared["a"].sid})
    assert "Signed in as alice" in " ".join(c.value for c in at.sidebar.caption)
    assert at.session_state["store_open_sid"] == shared["a"].sid


def test_an_ended_session_is_refused_and_forgotten(shared):
    token = Accounts(Store().engine).sign_in("alice", PASSWORD)
    Accounts(Store().engine).sign_out(token)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["auth_session_token"] = token
    at.session_state["scenario"] = Store().for_user("alice", "zone-a").load(shared["a"].sid)  # left from before
    at.run()
    assert [x.value for x in at.title] == ["Sign in"]
    assert "Your session has expired or ended" in _texts(at)
    assert "auth_session_token" not in at.session_state and "scenario" not in at.session_state


def test_pages_see_only_the_workspace(shared):
    at = _signed_in("alice")
    at.switch_page("pages/scenarios.py").run()
    assert not at.exception, at.exception
    shown = " ".join(str(d.value.to_dict()) for d in at.dataframe)
    assert "Plan of zone A" in shown and "Plan of zone B" not in shown
    at.query_params["sid"] = shared["b"].sid  # another workspace's id, through the page
    at.run()
    assert "no scenario with id" in _texts(at)
    at.query_params["sid"] = str(shared["b"].id)  # and its old integer id
    at.run()
    assert "no scenario with id" in _texts(at)
    assert at.session_state.get("store_open_sid") != shared["b"].sid


def test_viewer_cannot_save(shared):
    at = _signed_in("victor")
    at.switch_page("pages/scenarios.py").run()
    at.button(key="scenarios_open").click().run()
    at.button(key="scenarios_save").click().run()
    assert "this needs editor or owner" in _texts(at)
    assert Store().for_user("alice", "zone-a").get(shared["a"].sid).version == 1


def test_unknown_mode_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("LCZP_DB", str(tmp_path / "x.sqlite"))
    monkeypatch.setenv("ZONE_PLANNER_AUTH", "ldap")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    assert "ZONE_PLANNER_AUTH='ldap' is not one of none, accounts, oidc" in at.error[0].value


def test_laptop_needs_no_sign_in(monkeypatch, tmp_path):
    monkeypatch.setenv("LCZP_DB", str(tmp_path / "x.sqlite"))
    monkeypatch.delenv("ZONE_PLANNER_AUTH", raising=False)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    at.switch_page("pages/scenarios.py").run()
    assert not at.exception, at.exception
    assert "Sign in" not in [t.value for t in at.title]


def test_oidc_mode_without_provider_settings_says_so(monkeypatch, tmp_path):
    monkeypatch.setenv("LCZP_DB", str(tmp_path / "o.sqlite"))
    monkeypatch.setenv("ZONE_PLANNER_AUTH", "oidc")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    assert [x.value for x in at.title] == ["Sign in"]
    assert "has no [auth] section" in at.error[0].value  # no secrets.toml here: the operator is told what is missing
    assert "auth_principal" not in at.session_state


def test_oidc_mode_offers_the_provider_sign_in(monkeypatch, tmp_path):
    monkeypatch.setenv("LCZP_DB", str(tmp_path / "o.sqlite"))
    monkeypatch.setenv("ZONE_PLANNER_AUTH", "oidc")
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {
        "redirect_uri": "https://planner.example.org/oauth2callback",
        "cookie_secret": "not-a-real-secret-for-tests",
        "client_id": "planner",
        "client_secret": "not-a-real-secret-either",
        "server_metadata_url": "https://login.example.org/.well-known/openid-configuration",
    }
    at.run()
    assert not at.exception, at.exception
    assert at.button(key="auth_oidc").label == "Sign in with your organisation"
    assert "auth_principal" not in at.session_state


def test_share_link_without_account_sees_one_scenario_until_revoked(shared):
    owner = Store().for_user("alice", "zone-a")
    other = owner.create("Another plan of zone A", BASE)
    token = owner.share(shared["a"].sid)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["share"] = token
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["store_open_sid"] == shared["a"].sid  # the shared scenario is open, no sign-in
    at.switch_page("pages/scenarios.py").run()
    shown = " ".join(str(d.value.to_dict()) for d in at.dataframe)
    assert "Plan of zone A" in shown and "Another plan" not in shown and "Plan of zone B" not in shown
    at.query_params["sid"] = other.sid  # a sibling in the same workspace: not reachable through the link
    at.run()
    assert "no scenario with id" in _texts(at)
    owner.revoke_share(owner.shares(shared["a"].sid)[0].id)
    again = AppTest.from_file(APP, default_timeout=60)
    again.query_params["share"] = token
    again.run()
    assert [x.value for x in again.title] == ["Sign in"] and "This share link is not valid" in _texts(again)


def test_owner_restores_a_deleted_scenario_and_sees_its_history(monkeypatch, tmp_path):
    monkeypatch.setenv("LCZP_DB", str(tmp_path / "x.sqlite"))
    monkeypatch.delenv("ZONE_PLANNER_AUTH", raising=False)
    store = Store()
    rec = store.create("Deleted by mistake", BASE)
    store.delete(rec.sid)
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/scenarios.py").run()
    assert not at.exception, at.exception
    assert "Deleted scenarios (1)" in [e.label for e in at.expander]
    at.button(key=f"auth_restore_{rec.id}").click().run()
    assert not at.exception, at.exception
    assert [r.name for r in store.records()] == ["Deleted by mistake"]
    history = next(d.value for d in at.dataframe if "What" in d.value.columns)
    assert list(history["What"]) == ["restored", "deleted", "created"]
