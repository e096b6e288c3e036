"""Open scenarios from demo zones and uploads into the session, never losing the last valid one."""

from __future__ import annotations

import streamlit as st

from core.i18n import t
from core.loader import ScenarioError, dump_scenario, parse_scenario
from core.schema import Scenario
from ui import state
from ui.widgets import show_issues

_UPLOAD_SEEN = "overview_upload_seen"
_UPLOAD_ISSUES = "overview_upload_issues"


def open_demo(slug: str) -> None:
    from core.demo import load_demo

    state.set_scenario(load_demo(slug), slug)
    state.flash("success", t("overview.opened", state.current_lang(), name=slug))


def open_upload(up, lang: str) -> None:  # noqa: ANN001 - Streamlit UploadedFile
    """Validate an uploaded scenario once per file; errors listed with their paths, old scenario kept."""
    ss = st.session_state
    if ss.get(_UPLOAD_SEEN) != up.file_id:
        ss[_UPLOAD_SEEN] = up.file_id
        ss[_UPLOAD_ISSUES] = []
        try:
            s = parse_scenario(up.getvalue(), up.name)
        except ScenarioError as e:
            ss[_UPLOAD_ISSUES] = [str(i) for i in e.issues]
        else:
            state.set_scenario(s, up.name)
            st.success(t("overview.opened", lang, name=up.name))
    show_issues(ss.get(_UPLOAD_ISSUES, []), lang)


def scenario_yaml(s: Scenario) -> str:
    return dump_scenario(s, "yaml")
