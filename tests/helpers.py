"""Shared test helpers: paths, a tiny scenario builder and an AppTest helper (fixtures in conftest.py)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from core.loader import validate_data
from core.schema import Scenario

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
APP = str(ROOT / "app.py")

BASE: dict[str, Any] = {
    "zone": {"name": "Z", "country": "THA", "area_ha": 100},
    "base_year": 2025,
    "horizon": 2030,
    "tenants": [{"id": "T1", "name": "t", "sector": "other", "output_musd": 10, "location": [13, 101]}],
}


def tenant(tid: str = "T1", **fields: Any) -> dict[str, Any]:
    """A tenant row: id, name, sector 'other', output 10, a location in Thailand, plus `fields`."""
    return {"id": tid, "name": tid, "sector": "other", "output_musd": 10, "location": [13, 101], **fields}


def scenario_data(**over: Any) -> dict[str, Any]:
    """A minimal valid scenario as plain data; mappings in `over` merge into the base, the rest replace it."""
    data = copy.deepcopy(BASE)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(data.get(k), dict):
            data[k] = {**data[k], **copy.deepcopy(v)}
        else:
            data[k] = copy.deepcopy(v)
    return data


def tiny_scenario(**over: Any) -> Scenario:
    """`scenario_data(**over)` validated (every check of the loader applies)."""
    return validate_data(scenario_data(**over))


def open_app(
    page: str | None = None,
    lang: str | None = "en",
    scenario: Scenario | None = None,
    query: dict[str, str] | None = None,
    session: dict[str, Any] | None = None,
    timeout: float = 120,
) -> AppTest:
    """The app run once (optionally with a scenario, language, URL parameters and session values), then
    switched to `pages/<page>.py` and run again."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    if lang:
        at.session_state["lang"] = lang
        at.query_params["lang"] = lang
    if scenario is not None:
        at.session_state["scenario"] = scenario
    for k, v in (session or {}).items():
        at.session_state[k] = v
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(f"pages/{page}.py")
        at.run()
    return at


def goto(at: AppTest, page: str) -> AppTest:
    """Switch an app under test to `pages/<page>.py` and run it; no exception allowed."""
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at
