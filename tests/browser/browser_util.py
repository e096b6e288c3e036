"""Shared helpers for real-browser tests: a `streamlit run app.py` server on a free port and Debian's chromium
through Playwright (never `playwright install`). No internet: every request not to localhost is aborted.

    from tests.browser.browser_util import streamlit_server, browser_page, wait_idle, ARTIFACTS

    with streamlit_server() as base, browser_page() as page:
        page.goto(f"{base}/?lang=zh"); wait_idle(page)
        page.screenshot(path=ARTIFACTS / "x.png", full_page=True)
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tests.helpers import ROOT

ARTIFACTS = ROOT / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def have_browser() -> bool:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return Path(CHROMIUM).exists()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(app: str = "app.py", env: dict[str, str] | None = None, timeout_s: float = 60) -> Iterator[str]:
    """Start the app headless on a free port; yields its base URL; stops it (and only it) afterwards.

    Its scenario store is a fresh file of its own (never the user's ~/.lczp store) unless `env` names one.

    The server's process id is also available as ``streamlit_server.last_pid`` for memory readings."""
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / f"streamlit_{port}.log", "w")  # noqa: SIM115 - closed in finally
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", app,
            "--server.port", str(port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "LCZP_DB": str(ARTIFACTS / f"store_{port}.sqlite"), **(env or {})},
    )  # fmt: skip
    streamlit_server.last_pid = proc.pid
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=1).status == 200:  # noqa: S310
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start (see {log.name})")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


streamlit_server.last_pid = None  # type: ignore[attr-defined]


def _local_only(route) -> None:  # noqa: ANN001 - playwright Route
    url = route.request.url
    if url.startswith(("http://127.0.0.1", "http://localhost", "data:", "blob:", "about:")):
        route.continue_()
    else:
        route.abort()


@contextlib.contextmanager
def browser(headless: bool = True) -> Iterator[object]:
    """One headless chromium (Playwright Browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=headless)
        try:
            yield b
        finally:
            b.close()


def new_page(b, width: int = 1400, height: int = 1000):  # noqa: ANN001, ANN201 - playwright objects
    """A page in its own context (own cookies: its own Streamlit session), local requests only."""
    ctx = b.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = ctx.new_page()
    page.route("**/*", _local_only)
    return page


@contextlib.contextmanager
def browser_page(width: int = 1400, height: int = 1000) -> Iterator[object]:
    with browser() as b:
        yield new_page(b, width, height)


def wait_idle(page, timeout_ms: int = 60000) -> None:  # noqa: ANN001
    """Wait until the app is drawn and no script run is in progress."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]')
             && !document.querySelector('[data-testid="stSkeleton"]')
             && document.querySelector('[data-testid="stMain"]')""",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(300)
