"""Open scenarios from demo zones and uploads into the session, never losing the last valid one."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core.errors import Issue, ScenarioError
from core.i18n import t
from core.loader import dump_scenario, parse_scenario
from core.schema import Scenario
from ui import state
from ui.widgets import md, show_issues


def open_demo(slug: str) -> None:
    from ui.demo import cached_demo

    state.set_scenario(cached_demo(slug), slug)
    state.flash("success", t("overview.opened", state.current_lang(), name=slug))


def open_upload(up, lang: str, prefix: str = "overview") -> None:  # noqa: ANN001 - Streamlit UploadedFile
    """Validate an uploaded scenario once per file; errors listed with their paths, old scenario kept."""
    ss = st.session_state
    seen, issues = f"{prefix}_upload_seen", f"{prefix}_upload_issues"
    if ss.get(seen) != up.file_id:
        ss[seen] = up.file_id
        ss[issues] = []
        try:
            s = parse_scenario(up.getvalue(), up.name)
        except ScenarioError as e:
            ss[issues] = list(e.issues)  # translated when shown
        else:
            state.set_scenario(s, up.name)
            state.flash("success", t("overview.opened", lang, name=md(up.name)))
            st.rerun()  # the sidebar (drawn before the page) names the new zone
    show_issues(ss.get(issues, []), lang)


def scenario_yaml(s: Scenario) -> str:
    return dump_scenario(s, "yaml")


def revalidated(s: Scenario, changes: dict[str, object]) -> tuple[Scenario | None, list[Issue]]:
    """A copy of ``s`` with dotted-path changes (``{"budget.capex_per_year": 1e6}``), fully validated.

    Returns (new scenario, []) or (None, the issues, each with its path); ``s`` itself is never touched.
    A value of None removes the field (back to its default).
    """
    from core.loader import validate_data

    data = s.model_dump(mode="json", exclude_defaults=True)
    for path, value in changes.items():
        *parents, leaf = path.split(".")
        node = data
        for p in parents:
            node = node.setdefault(p, {})
        if value is None:
            node.pop(leaf, None)
        else:
            node[leaf] = value
    try:
        return validate_data(data), []
    except ScenarioError as e:
        return None, list(e.issues)


def apply_edit(make: Callable[[], Scenario], lang: str) -> None:
    """Use the scenario `make()` builds from an edited table: its problems shown (the current scenario kept),
    or it becomes the session's scenario and the page reruns with a confirmation."""
    try:
        new = make()
    except ScenarioError as e:
        show_issues(e.issues, lang)
        return
    state.set_scenario(new)
    state.flash("success", t("common.applied", lang))
    st.rerun()
