"""Issue 19: user text (zone, tenant and scenario names, messages quoting them) is shown as text, never as
Markdown or HTML: no live link, no remote image, no formatting."""

import re

import pytest

from core.loader import validate_data
from tests.helpers import open_app, scenario_data, tenant
from ui.widgets import md

EVIL = "[Session expired: log in](http://x) ![t](http://x/t.png) <img src=x> :red[x] **b**"
LIVE = re.compile(r"(?<!\\)\]\((?!\\)|(?<!\\)!\[|(?<!\\)<img|(?<!\\):red\[")


def test_md_escapes_every_markup():
    out = md(EVIL + "\n# head\n- item `code` $x$")
    assert not LIVE.search(out)
    assert "\n" not in out and "\\`" in out and "\\$" in out
    assert md("# head") == "\\# head" and md("12. x") == "12\\. x" and md("- x") == "\\- x"
    assert md("heat_link_t01 added. Re-planned: ok & done") == "heat_link_t01 added. Re-planned: ok & done"


def _bodies(at) -> list[str]:
    out = []
    for kind in ("markdown", "caption", "subheader", "header", "title", "error", "warning", "info", "success"):
        out += [str(getattr(e, "body", getattr(e, "value", ""))) for e in getattr(at, kind)]
    out += [str(e.value) for e in at.sidebar.markdown] + [str(e.value) for e in at.sidebar.caption]
    return out


@pytest.mark.parametrize("page", [None, "scenarios"])
def test_evil_zone_name_renders_as_text(page, tmp_path, monkeypatch):
    monkeypatch.setenv("LCZP_DB", str(tmp_path / "s.sqlite"))
    s = validate_data(scenario_data(zone={"name": EVIL, "description": EVIL}, tenants=[tenant(name=EVIL)]))
    at = open_app(page, scenario=s)
    assert not at.exception, at.exception
    bodies = _bodies(at)
    assert any("Session expired" in b for b in bodies), bodies
    assert [b for b in bodies if LIVE.search(b)] == []


def test_flash_is_shown_as_text(monkeypatch, tmp_path):
    monkeypatch.setenv("LCZP_DB", str(tmp_path / "s.sqlite"))
    at = open_app(None, session={"flash": ("success", f"saved {EVIL}")})
    assert not at.exception
    got = [e.value for e in at.success]
    assert got and not LIVE.search(got[0]) and "Session expired" in got[0]
