"""A workshop's load: N browser sessions (one headless chromium, N pages) against one server, all at once.

    .venv/bin/python bench/workshop.py [--sessions 10] [--zone thai_auto] [--same]

Each page opens the optimisation page on a demo zone, sets its own capital budget (so every session is a
real, different solve; ``--same`` keeps the default budget so all sessions share one cached plan), presses
Run and waits for the results. Prints p50/p95 time to results (click -> KPI tile and pathway chart drawn),
the server's peak RSS (sampled every 0.1 s) and checks that no session shows another session's budget.
Goal: p95 < 5 s and < 2 GB on a 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser_util import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

RESULT_TILE = '[data-testid="stMetric"]:has-text("Annual targets met")'


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process (Linux /proc)."""
    try:
        f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(f[11]) + int(f[12])) / 100.0  # utime, stime in clock ticks (100 Hz)


def descendants(pid: int) -> list[int]:
    """Process ids below pid (Linux /proc), e.g. the playwright driver and chromium of this run."""
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, MB (Linux /proc)."""
    total = 0
    pids = [pid]
    try:
        for line in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            pids.append(int(line))
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


class PeakRss(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0.0, False

    def run(self) -> None:
        while not self.stop:
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.1)


async def session(browser, base: str, zone: str, budget: float | None, i: int) -> dict:  # noqa: ANN001
    ctx = await browser.new_context(viewport={"width": 1300, "height": 1000})
    page = await ctx.new_page()
    await page.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith(("http://127.0.0.1", "data:", "blob:")) else r.abort(),
    )
    t_open = time.perf_counter()
    if zone != "thai_auto":
        await page.goto(f"{base}/?lang=en", timeout=300000)
        await page.wait_for_selector('[data-testid="stMetric"]', timeout=120000)
        await page.locator('[data-testid="stSelectbox"]').first.click()
        await page.get_by_role("option", name=zone_name(zone)).click()
        await page.get_by_role("button", name="Open demo zone").click()
        await page.wait_for_timeout(1500)
        await page.locator('[data-testid="stSidebarNav"] a', has_text="Optimise & results").click()
    else:
        await page.goto(f"{base}/optimise?lang=en", timeout=300000)  # deep link straight to the page
    await page.get_by_role("button", name="Run optimisation").wait_for(timeout=120000)
    if budget is not None:
        box = page.locator('[data-testid="stNumberInput"] input').nth(2)  # time limit, gap, budget
        await box.fill(f"{budget:.0f}")
        await box.press("Tab")
    ready = time.perf_counter() - t_open
    t0 = time.perf_counter()
    await page.get_by_role("button", name="Run optimisation").click()
    await page.locator(RESULT_TILE).wait_for(timeout=300000)
    await page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=60000)
    dt = time.perf_counter() - t0
    shown = await page.locator('[data-testid="stNumberInput"] input').nth(2).input_value()
    status = await page.get_by_text(re.compile(r"Plan ready in [\d.]+ s")).first.inner_text()
    solve_s = float(re.search(r"([\d.]+) s", status)[1])  # measured on the server around the solve call
    await ctx.close()
    return {"i": i, "ready_s": ready, "results_s": dt, "solve_s": solve_s, "budget_shown": shown, "budget_set": budget}


def zone_name(slug: str) -> str:
    from core.demo import load_demo

    return load_demo(slug).zone.name


async def run(n: int, zone: str, same: bool) -> None:
    from playwright.async_api import async_playwright

    with streamlit_server() as base:
        pid = streamlit_server.last_pid
        sampler = PeakRss(pid)
        sampler.start()
        async with async_playwright() as p:
            # 10 pages in one headless browser: keep background pages from being throttled like hidden tabs
            extra = [
                "--disable-background-timer-throttling",
                "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows",
            ]
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + extra)
            await session(browser, base, zone, None, -1)  # warm-up (imports, demo zone): a server is warm in use
            rss0, cpu0 = rss_mb(pid), cpu_s(pid)
            me = os.getpid()
            browser_cpu0 = sum(cpu_s(q) for q in descendants(me) if q != pid)
            budgets = [None if same else 8_000_000 + 100_000 * (i + 1) for i in range(n)]
            t0 = time.perf_counter()
            res = await asyncio.gather(*(session(browser, base, zone, b, i) for i, b in enumerate(budgets)))
            wall = time.perf_counter() - t0
            browser_cpu = sum(cpu_s(q) for q in descendants(me) if q != pid) - browser_cpu0
            await browser.close()
        sampler.stop = True
        sampler.join()
        server_cpu = cpu_s(pid) - cpu0
    times = sorted(r["results_s"] for r in res)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    leaks = [r for r in res if r["budget_set"] is not None and float(r["budget_shown"]) != r["budget_set"]]
    print(f"sessions {n}, zone {zone}, {'same inputs (shared cache)' if same else 'different budget per session'}")
    print(f"{'session':>8}{'page ready s':>14}{'click->results s':>18}{'server solve s':>16}{'budget shown':>16}")
    for r in sorted(res, key=lambda r: r["i"]):
        print(f"{r['i']:>8}{r['ready_s']:>14.2f}{r['results_s']:>18.2f}{r['solve_s']:>16.2f}{r['budget_shown']:>16}")
    solves = sorted(r["solve_s"] for r in res)
    p95s = solves[min(len(solves) - 1, round(0.95 * (len(solves) - 1)))]
    print(f"server solve (inside the click): p50 {statistics.median(solves):.2f} s, p95 {p95s:.2f} s")
    print(
        f"time to results: p50 {statistics.median(times):.2f} s, p95 {p95:.2f} s, max {times[-1]:.2f} s; wall {wall:.1f} s"
    )
    print(
        f"server RSS: after warm-up {rss0:.0f} MB, peak {sampler.peak:.0f} MB; server CPU for the {n} sessions {server_cpu:.1f} s"
    )
    print(f"browser (chromium + driver) CPU {browser_cpu:.1f} s; machine load average {os.getloadavg()[0]:.1f}")
    print(f"sessions showing another session's budget: {len(leaks)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--zone", default="thai_auto")
    ap.add_argument("--same", action="store_true", help="all sessions solve the same inputs (cache shared)")
    a = ap.parse_args()
    asyncio.run(run(a.sessions, a.zone, a.same))


if __name__ == "__main__":
    main()
