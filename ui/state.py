"""Session state of the app: the single place where session keys live.

Pages and ui helpers call these functions instead of touching ``st.session_state`` keys:

- ``current_lang() -> "en" | "zh"``: the display language (sidebar switch, mirrored in the URL ``?lang=zh``).
- ``set_lang(lang)``: change it (also updates the URL).
- ``current_scenario() -> Scenario | None``: the user's last *valid* scenario (a demo zone by default).
- ``set_scenario(s, label=None)``: replace it (after validation); ``label`` names where it came from
  (demo slug or file name). Results of a previous scenario stay readable through ``current_plan()``.
- ``can_undo()`` / ``undo()``: the last edits of the working scenario (up to 20) can be taken back.
- ``scenario_label() -> str``, ``scenario_hash(s=None) -> str``: content hash (of ``dump_scenario``),
  the key of every cached computation.
- ``current_plan() -> Plan | None``: the last solve result of this session (possibly of an older scenario).
- ``set_plan(p, key=None)``: store a solve result; ``key`` = ``solve_key(s, settings)`` it was solved for.
- ``plan_is_current(settings=None) -> bool``: does the stored plan belong to the current scenario (and settings)?
- ``solve_settings() -> SolveSettings`` / ``set_solve_settings(st)``: solver, time limit, gap (optimise page).
- ``flash(kind, text)`` / ``pop_flash()``: a message shown once on the next run (after ``st.rerun()``).
- ``app_shell_started()`` (app.py only) and ``ensure_app_shell()`` (called by ``current_lang``): a deep link
  on a fresh server still runs inside app.py.

Raw keys (read-only for others until they switch to the functions): ``st.session_state["scenario"]``
(a Scenario) and ``st.session_state["lang"]`` ("en" | "zh"). Page-only keys must be prefixed with the page
name (``baseline_...``, ``map_...``) so pages never collide.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import replace

import streamlit as st

from core.i18n import DEFAULT_LANG, LANGS
from core.loader import dump_scenario
from core.optimise import SolveSettings
from core.results import Plan
from core.schema import Scenario

# ---------------------------------------------------------------- the keys (only here)
K_LANG = "lang"
K_LANG_WIDGET = "_w_lang"
K_SCENARIO = "scenario"
K_SCENARIO_HASH = "scenario_hash"
K_SCENARIO_LABEL = "scenario_label"
K_PLAN = "plan"
K_PLAN_KEY = "plan_key"
K_SOLVE_SETTINGS = "solve_settings"
K_FLASH = "flash"
K_UNDO = "undo_stack"
UNDO_DEPTH = 20  # changes kept for undo

DEFAULT_DEMO = "thai_auto"


# ---------------------------------------------------------------- language


def _lang_from_url() -> str | None:
    v = st.query_params.get("lang")
    return v if v in LANGS else None


def app_shell_started() -> None:
    """Called first by app.py: the pages/ folder is ours, run through st.navigation (never legacy mode)."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


def ensure_app_shell() -> None:
    """Run every page through app.py (st.navigation).

    A fresh server whose first request is a deep link (``/baseline``) starts in Streamlit's legacy
    ``pages/`` mode and runs the page file alone, without app.py; the flag flips only once app.py calls
    ``st.navigation``. Flip it here and rerun, so the page comes back inside the app shell."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        if "streamlit.testing.v1.app_test" not in sys.modules:  # AppTest runs every page this way by design
            st.rerun()


def current_lang() -> str:
    ensure_app_shell()
    ss = st.session_state
    if K_LANG not in ss:
        ss[K_LANG] = _lang_from_url() or DEFAULT_LANG
    return ss[K_LANG]


def set_lang(lang: str) -> None:
    if lang not in LANGS:
        lang = DEFAULT_LANG
    st.session_state[K_LANG] = lang
    st.query_params["lang"] = lang


def sync_lang_with_url() -> str:
    """Called once per run by app.py: a changed ``?lang=`` wins, and the URL always shows the language."""
    url = _lang_from_url()
    ss = st.session_state
    if url and url != ss.get(K_LANG) and ss.get("_url_lang_seen") != url:
        ss[K_LANG] = url
    lang = current_lang()
    ss["_url_lang_seen"] = lang
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang


# ---------------------------------------------------------------- scenario


def scenario_hash(s: Scenario | None = None) -> str:
    """Content hash of a scenario (the current one by default); equal content -> equal hash."""
    ss = st.session_state
    if s is None or s is ss.get(K_SCENARIO):
        s = ss.get(K_SCENARIO)
        if s is None:
            return ""
        if not ss.get(K_SCENARIO_HASH):
            ss[K_SCENARIO_HASH] = _hash(s)
        return ss[K_SCENARIO_HASH]
    return _hash(s)


def _hash(s: Scenario) -> str:
    return hashlib.sha256(dump_scenario(s, "json").encode("utf-8")).hexdigest()[:24]


def _default_scenario() -> tuple[Scenario, str] | None:
    from ui.demo import cached_demo, demo_choices

    zones = demo_choices()
    if not zones:
        return None
    slug = DEFAULT_DEMO if DEFAULT_DEMO in zones else next(iter(zones))
    return cached_demo(slug), slug


def current_scenario() -> Scenario | None:
    ss = st.session_state
    if ss.get(K_SCENARIO) is None and not ss.get("_default_tried"):
        ss["_default_tried"] = True
        got = _default_scenario()
        if got:
            set_scenario(*got)
    return ss.get(K_SCENARIO)


def set_scenario(s: Scenario, label: str | None = None) -> None:
    """Replace the working scenario: an edit (no label) can be undone; opening another zone (a label) starts a
    new history."""
    ss = st.session_state
    prev = ss.get(K_SCENARIO)
    if label is not None:
        ss[K_UNDO] = []
    elif prev is not None and prev is not s:
        ss[K_UNDO] = [*ss.get(K_UNDO, []), prev][-UNDO_DEPTH:]
    _put(s, label)


def can_undo() -> bool:
    return bool(st.session_state.get(K_UNDO))


def undo() -> bool:
    """Back to the scenario before the last edit (False when there is none)."""
    stack = st.session_state.get(K_UNDO) or []
    if not stack:
        return False
    st.session_state[K_UNDO] = stack[:-1]
    _put(stack[-1], None)
    return True


def _put(s: Scenario, label: str | None) -> None:
    ss = st.session_state
    ss[K_SCENARIO] = s
    ss[K_SCENARIO_HASH] = _hash(s)
    if label is not None:
        ss[K_SCENARIO_LABEL] = label


def scenario_label() -> str:
    return st.session_state.get(K_SCENARIO_LABEL, "")


# ---------------------------------------------------------------- optimisation results


APP_SETTINGS = SolveSettings(power_mode="hourly")  # the app balances power hour by hour unless asked otherwise


def solve_settings() -> SolveSettings:
    """The session's solver settings (APP_SETTINGS until the optimise page changes them)."""
    return st.session_state.get(K_SOLVE_SETTINGS) or APP_SETTINGS


def set_solve_settings(settings: SolveSettings) -> None:
    st.session_state[K_SOLVE_SETTINGS] = replace(settings, warm_start=None)


def solve_key(s: Scenario | None = None, settings: SolveSettings | None = None) -> str:
    """Key of a solve: scenario content + solver settings (never the warm start)."""
    x = settings if settings is not None else solve_settings()
    return f"{scenario_hash(s)}|{x.key()}"


def plan_key() -> str:
    """The solve key the session's plan was solved for ('' when there is none)."""
    return str(st.session_state.get(K_PLAN_KEY, ""))


def current_plan() -> Plan | None:
    """The last Plan of this session or None."""
    return st.session_state.get(K_PLAN)


def set_plan(p: Plan, key: str | None = None) -> None:
    st.session_state[K_PLAN] = p
    st.session_state[K_PLAN_KEY] = key if key is not None else solve_key()


def plan_is_current(settings: SolveSettings | None = None) -> bool:
    ss = st.session_state
    if ss.get(K_PLAN) is None:
        return False
    if settings is None:
        return str(ss.get(K_PLAN_KEY, "")).split("|")[0] == scenario_hash()
    return ss.get(K_PLAN_KEY) == solve_key(None, settings)


# ---------------------------------------------------------------- one-shot messages across a rerun


def flash(kind: str, text: str) -> None:
    """Show ``text`` once on the next run (kind: success | info | warning | error), as text: it may quote user
    names, so ``ui.widgets.show_flash`` escapes every Markdown character (``ui.widgets.md``)."""
    st.session_state[K_FLASH] = (kind, text)


def pop_flash() -> tuple[str, str] | None:
    return st.session_state.pop(K_FLASH, None)
