"""Real browser, as a planner works (issue 13): a results link opened in a fresh browser shows the same plan; the
tornado runs; a bad cell applied on the Baseline page shows its problem where the user is; the app on a 390 px
phone screen. Screenshots in artifacts/."""

import pytest

from tests.browser.browser_util import ARTIFACTS, browser, have_browser, new_page, streamlit_server, wait_idle

pytestmark = pytest.mark.skipif(not have_browser(), reason="playwright or /usr/bin/chromium missing")

NPV_TILE = '[data-testid="stMetric"]:has-text("Plan cost, NPV")'


def _npv(page) -> str:  # noqa: ANN001
    tile = page.locator(NPV_TILE).first
    tile.wait_for(timeout=90000)
    return tile.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_a_results_link_opened_afresh_shows_the_same_plan():
    with streamlit_server() as base, browser() as b:
        page = new_page(b)
        page.goto(f"{base}/optimise?lang=en")
        page.get_by_role("button", name="Run optimisation").click()
        npv = _npv(page)
        wait_idle(page)
        page.wait_for_function("location.search.includes('plan=1')", timeout=30000)
        link = page.url
        assert "demo=" in link or "sid=" in link
        other = new_page(b)  # its own context: a new Streamlit session, nothing shared but the link
        other.goto(link)
        assert _npv(other) == npv
        wait_idle(other)
        other.screenshot(path=str(ARTIFACTS / "results_link_fresh.png"))


def test_the_tornado_runs():
    with streamlit_server() as base, browser() as b:
        page = new_page(b)
        page.goto(f"{base}/sensitivity?lang=en")
        wait_idle(page)
        charts = page.locator('[data-testid="stVegaLiteChart"]')
        before = charts.count()
        page.get_by_role("button", name="Run the tornado").click()
        page.wait_for_function(
            f"document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]').length > {before}", timeout=180000
        )
        wait_idle(page, 180000)
        assert page.locator('[data-testid="stException"]').count() == 0
        page.screenshot(path=str(ARTIFACTS / "tornado.png"), full_page=True)


def test_a_bad_cell_shows_its_problem_where_the_user_is():
    with streamlit_server() as base, browser() as b:
        page = new_page(b)
        page.goto(f"{base}/baseline?lang=en")
        page.get_by_role("tab", name="Tenants").click()
        wait_idle(page)
        grid = page.locator('[data-testid="stDataFrame"]:visible')
        grid.locator('[data-testid="glide-cell-2-0"]').wait_for(state="attached", timeout=30000)
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 64, box["y"] + 35 + 17)  # first data row, ID column (canvas grid)
        page.keyboard.press("ArrowRight")  # its name
        page.keyboard.press("Delete")  # a tenant without a name
        page.wait_for_timeout(500)
        page.get_by_role("button", name="Apply changes").first.click()
        wait_idle(page)
        warning = page.get_by_text("problem(s) in your edits", exact=False).first
        warning.wait_for(timeout=30000)
        assert warning.is_visible()
        assert page.get_by_role("tab", name="Tenants", selected=True).count() == 1  # still on the tab edited
        problem = grid.locator('[data-testid="glide-cell-1-0"]')  # the Problem column, first, on the row
        assert "name" in problem.inner_text()
        page.screenshot(path=str(ARTIFACTS / "baseline_problem.png"), full_page=True)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_phone_screen(lang):
    """390 px wide: the overview and the results read without sideways scrolling of the page."""
    with streamlit_server() as base, browser() as b:
        page = new_page(b, width=390, height=844)
        page.goto(f"{base}/?lang={lang}")
        page.wait_for_selector('[data-testid="stMetric"]', timeout=60000)
        wait_idle(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
        page.screenshot(path=str(ARTIFACTS / f"phone_{lang}_overview.png"), full_page=True)


def test_a_meter_file_is_uploaded_checked_and_used(tmp_path):
    """Issue 14: a tenant's 15-minute meter file on the Baseline page; a broken one is named by its row."""
    from datetime import datetime, timedelta

    start = datetime(2025, 1, 1)
    good = tmp_path / "meter.csv"
    good.write_text(
        "time,load (kWh)\n"
        + "\n".join(
            f"{(start + timedelta(minutes=15 * k)).isoformat(' ')},{2 + (k // 4) % 24 / 10}" for k in range(35040)
        )
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("time,load (kWh)\n2025-01-01 00:00,1\n2025-01-01 00:15,-3\n")
    with streamlit_server() as base, browser() as b:
        page = new_page(b)
        page.goto(f"{base}/baseline?lang=en")
        page.get_by_role("tab", name="Upload").click()
        wait_idle(page)
        page.get_by_text("Meter data of a tenant").first.wait_for(timeout=30000)
        uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="Meter file (CSV)")
        uploader.locator('input[type="file"]').set_input_files(str(bad))
        page.get_by_text("bad.csv row 2").first.wait_for(timeout=30000)  # the negative reading, by its row
        uploader.locator('input[type="file"]').set_input_files(str(good))
        page.get_by_role("button", name="Use this meter data").click()
        page.get_by_text("Meter data of T01").first.wait_for(timeout=30000)
        wait_idle(page)
        page.screenshot(path=str(ARTIFACTS / "meter_applied.png"), full_page=True)
