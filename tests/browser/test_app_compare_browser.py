"""Real browser: a shared link (deep link to /compare with ids, year and language) reproduces the comparison
in a fresh session, and a /scenarios?sid= link opens the saved scenario. Screenshots go to artifacts/."""

from __future__ import annotations

import pytest

from core.demo import load_demo
from core.overrides import scenario_data
from core.store import Store
from tests.browser.browser_util import ARTIFACTS, browser, have_browser, new_page, streamlit_server, wait_idle

pytestmark = pytest.mark.skipif(not have_browser(), reason="needs playwright and /usr/bin/chromium")


def test_shared_compare_link_reproduces_view(tmp_path):
    db = tmp_path / "shared.sqlite"
    store = Store(f"sqlite:///{db}")
    base = load_demo("thai_auto")
    b = store.create("Thai base", base)
    data = scenario_data(base)
    data["assumptions"]["discount_rate"] = 0.04
    v1 = store.create("Low discount", data, base_id=b.id)
    data = scenario_data(base)
    data["assumptions"]["carbon_price_per_t"] = {"2025": 0, "2050": 200}
    v2 = store.create("High carbon price", data, base_id=b.id)
    store.close()
    ids = f"{b.id},{v1.id},{v2.id}"

    with streamlit_server(env={"LCZP_DB": str(db)}) as url, browser() as br:
        page = new_page(br)
        page.goto(f"{url}/compare?ids={ids}&year=2050&lang=zh", timeout=60000)
        wait_idle(page, 180000)
        page.get_by_text("情景对比").first.wait_for(timeout=60000)
        page.get_by_text("单位减排成本").first.wait_for(timeout=180000)  # the cost table has been drawn
        body = page.inner_text("body")
        for name in ("Thai base", "Low discount", "High carbon price"):
            assert name in body
        assert f"ids={ids.replace(',', '%2C')}" in page.url or f"ids={ids}" in page.url
        assert "lang=zh" in page.url and "year=2050" in page.url
        page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=60000)
        page.wait_for_timeout(3000)
        wait_idle(page, 120000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "compare_shared_link_zh.png"), full_page=True)

        # a second, fresh session opens a saved scenario from its link
        other = new_page(br)
        other.goto(f"{url}/scenarios?sid={v1.id}&lang=en", timeout=60000)
        wait_idle(other, 120000)
        other.get_by_text(f"Opened from the store as #{v1.id}").first.wait_for(timeout=60000)
        other.screenshot(path=str(ARTIFACTS / "scenarios_sid_link.png"), full_page=True)


def test_sweep_runs_on_worker_processes_inside_the_server(tmp_path):
    """The real path: a 3-point sweep on 2 worker processes started from the Streamlit server."""
    with streamlit_server(env={"LCZP_DB": str(tmp_path / "s.sqlite")}) as url, browser() as br:
        page = new_page(br)
        page.goto(f"{url}/sensitivity?param=discount_rate&lo=0.04&hi=0.1&n=3&lang=en", timeout=60000)
        wait_idle(page, 120000)
        page.get_by_role("button", name="Run the sweep").click()
        page.get_by_text("Net present cost along the sweep").first.wait_for(timeout=240000)
        wait_idle(page, 120000)
        body = page.inner_text("body")
        assert "could not be solved" not in body
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "sensitivity_sweep.png"), full_page=True)
