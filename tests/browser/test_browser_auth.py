"""Real browser, shared deployment (ZONE_PLANNER_AUTH=accounts): a link to a saved scenario shows only the sign-in
page; after signing in it opens that scenario; after signing out the scenario is gone and the same link shows the
sign-in page again. Screenshots go to artifacts/."""

from __future__ import annotations

import pytest

from core.store import Store
from core.store.accounts import Accounts
from tests.browser.browser_util import ARTIFACTS, browser, have_browser, new_page, streamlit_server, wait_idle
from tests.core.test_store import BASE

pytestmark = pytest.mark.skipif(not have_browser(), reason="needs playwright and /usr/bin/chromium")
PASSWORD = "correct horse battery"


def test_sign_in_open_sign_out(tmp_path):
    db = tmp_path / "shared.sqlite"
    store = Store(f"sqlite:///{db}")
    Accounts(store.engine).add("alice", PASSWORD, "zone-a", "owner")
    data = dict(BASE, zone={**BASE["zone"], "name": "Secret Park"})
    rec = store.for_user("alice", "zone-a").create("Secret plan", data)
    store.close()
    link = f"/scenarios?sid={rec.sid}&lang=en"
    env = {"LCZP_DB": str(db), "ZONE_PLANNER_AUTH": "accounts"}
    with streamlit_server(env=env) as url, browser() as br:
        page = new_page(br)
        page.goto(url + link, timeout=60000)
        wait_idle(page)
        page.get_by_label("User name").wait_for(timeout=60000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "auth_sign_in.png"), full_page=True)
        assert "Secret" not in page.inner_text("body")
        page.get_by_label("User name").fill("alice")
        page.get_by_label("Password", exact=True).fill("a wrong password")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("Wrong user name or password.").wait_for(timeout=60000)
        assert "Secret" not in page.inner_text("body") and "Saved scenarios" not in page.inner_text("body")
        page.get_by_label("User name").fill("alice")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("Signed in as alice").wait_for(timeout=60000)
        page.get_by_text("Opened from the store as").first.wait_for(timeout=60000)  # the linked page and scenario
        assert "Secret Park" in page.inner_text("body") and "/scenarios" in page.url
        wait_idle(page)
        page.screenshot(path=str(ARTIFACTS / "auth_signed_in_scenario.png"), full_page=True)
        page.get_by_role("button", name="Sign out").click()
        page.get_by_label("User name").wait_for(timeout=60000)
        wait_idle(page)
        assert "Secret" not in page.inner_text("body")
        page.goto(url + link, timeout=60000)
        wait_idle(page)
        page.get_by_label("User name").wait_for(timeout=60000)
        assert "Secret" not in page.inner_text("body") and "Page not found" not in page.inner_text("body")
        page.screenshot(path=str(ARTIFACTS / "auth_signed_out.png"), full_page=True)


def test_tenant_form_in_the_tenants_language(tmp_path):
    """A tenant's link in a shared deployment: no sign-in, no pages, the form in Thai with its own values only."""
    from core.store.requests import DataRequests
    from tests.core.test_data_requests import ZONE

    db = tmp_path / "shared.sqlite"
    store = Store(f"sqlite:///{db}")
    Accounts(store.engine).add("edith", PASSWORD, "zone-a", "editor")
    editor = store.for_user("edith", "zone-a")
    rec = editor.create("Zone", ZONE)
    token = DataRequests(editor).create(rec.sid, "T01", 2026, lang="th")
    store.close()
    with streamlit_server(env={"LCZP_DB": str(db), "ZONE_PLANNER_AUTH": "accounts"}) as url, browser() as br:
        page = new_page(br, height=1600)
        page.goto(f"{url}/?request={token}", timeout=60000)
        page.get_by_text("คำขอข้อมูล").first.wait_for(timeout=60000)
        wait_idle(page)
        page.wait_for_timeout(1500)
        body = page.inner_text("body")
        assert "Tenant one" in body and "Confidential" not in body and "User name" not in body
        assert "Saved scenarios" not in body and "ภาพรวม" not in body  # no navigation to the zone's pages
        page.screenshot(path=str(ARTIFACTS / "request_form_th.png"), full_page=True)


def test_switching_workspace_closes_the_other_workspaces_scenario(tmp_path):
    db = tmp_path / "shared.sqlite"
    store = Store(f"sqlite:///{db}")
    acc = Accounts(store.engine)
    acc.add("alice", PASSWORD, "zone-a", "owner")
    acc.add("alice", None, "zone-b", "viewer")
    acc.add("bob", PASSWORD, "zone-b", "owner")
    a = store.for_user("alice", "zone-a").create("Plan A", dict(BASE, zone={**BASE["zone"], "name": "Park Alpha"}))
    store.for_user("bob", "zone-b").create("Plan B", dict(BASE, zone={**BASE["zone"], "name": "Park Bravo"}))
    store.close()
    with streamlit_server(env={"LCZP_DB": str(db), "ZONE_PLANNER_AUTH": "accounts"}) as url, browser() as br:
        page = new_page(br)
        page.goto(f"{url}/scenarios?sid={a.sid}&lang=en", timeout=60000)
        page.get_by_label("User name").fill("alice")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("Workspace zone-a: owner").wait_for(timeout=60000)
        page.get_by_text("Park Alpha").first.wait_for(timeout=60000)
        page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text="Workspace").click()
        page.get_by_role("option", name="zone-b").click()
        page.get_by_text("Workspace zone-b: viewer (read only)").wait_for(timeout=60000)
        wait_idle(page)
        body = page.inner_text("body")
        assert "Park Alpha" not in body and "Opened from the store" not in body
        page.screenshot(path=str(ARTIFACTS / "auth_workspace_switch.png"), full_page=True)
