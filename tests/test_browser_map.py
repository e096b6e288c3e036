"""Real browser, no internet: the map page draws the boundary polygon and tenant markers with Leaflet served
by the app itself. Debian's chromium through Playwright; every request not to localhost is aborted.
Screenshot: artifacts/map_page.png."""

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=1).status == 200:
                    break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("streamlit did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_map_page_draws_offline(server):
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    out = ROOT / "artifacts"
    out.mkdir(exist_ok=True)

    def guard(route):
        url = route.request.url
        if re.match(r"^(https?|wss?)://(127\.0\.0\.1|localhost)(:\d+)?/", url) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.route("**/*", guard)
            # the main path: open the app, then the Map entry of the sidebar navigation
            page.goto(f"{server}/?lang=en", wait_until="domcontentloaded")
            # wait until app.py's st.navigation has replaced Streamlit's provisional pages/ listing
            page.locator("[data-testid=stSidebarNav] a", has_text=re.compile("Overview")).wait_for(timeout=60_000)
            nav = page.locator("[data-testid=stSidebarNav] a[href$='/map']")
            nav.click()
            frame_el = page.locator("iframe[title*='streamlit_folium']")
            frame_el.wait_for(timeout=60_000)
            frame = frame_el.element_handle().content_frame()
            frame.wait_for_selector(".leaflet-container", timeout=30_000)
            # the boundary polygon and the tenant circles are SVG paths in the overlay pane
            frame.wait_for_selector("path.lczp-tenant", timeout=30_000)
            n_tenants = frame.locator("path.lczp-tenant").count()
            n_paths = frame.locator(".leaflet-overlay-pane path").count()
            n_facilities = frame.locator(".lczp-fac").count()
            legend = frame.locator(".lczp-legend").inner_text()
            layers = frame.locator(".leaflet-control-layers").inner_text()
            box = frame_el.bounding_box()
            # clicking a tenant opens its popup and shows its details beside the map (a rerun of the page)
            frame.locator("path.lczp-tenant").first.click(force=True)
            frame.wait_for_selector(".leaflet-popup-content", timeout=30_000)
            popup = frame.locator(".leaflet-popup-content").inner_text()
            page.get_by_text(re.compile(r"^Tenant: ")).wait_for(timeout=60_000)
            details = page.get_by_text(re.compile(r"^Tenant: ")).inner_text()
            page.wait_for_timeout(500)
            page.screenshot(path=str(out / "map_page.png"), full_page=False)
        finally:
            browser.close()
    assert n_tenants >= 15  # the default demo zone (Thailand) has 20+ tenants
    assert n_paths >= n_tenants + 1  # + the boundary polygon
    assert n_facilities >= 10
    assert "Tenants" in legend and "Facilities" in layers and "Zone boundary" in layers
    assert details.removeprefix("Tenant: ") in popup  # the clicked tenant's name, in popup and side panel
    assert box and box["height"] > 300  # a blank map would keep the frame at height 0
    # nothing outside localhost was even needed for the map: only optional extras may have been blocked
    assert not [u for u in blocked if "leaflet" in u or "jquery" in u or "bootstrap" in u], blocked


def test_static_leaflet_is_served(server):
    with urllib.request.urlopen(f"{server}/app/static/leaflet/leaflet.js", timeout=5) as r:
        assert r.status == 200 and b"Leaflet 1.9.4" in r.read(400)
    assert shutil.which("chromium") or Path(CHROMIUM).exists()
