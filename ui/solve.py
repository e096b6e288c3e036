"""The one way a page solves: cached, never a traceback, with a visible status, and the session's plan
kept when a new run fails.

``solve_now(s, lang, settings=None, remember=True) -> Plan`` runs the (cached, warm-started) solve inside
a status box that shows the time it took; an unexpected exception becomes a failed Plan with a message.
With ``remember`` a plan that has tables becomes the session's plan (a failed run only when there was
none), so the previous results stay on screen. Pages decide what to show next (rerun, error, flash).
"""

from __future__ import annotations

import time

import streamlit as st

from core.i18n import t
from core.optimise import SolveSettings
from core.results import Plan
from core.schema import Scenario
from ui import state
from ui.cache import cached_solve


def solve_now(s: Scenario, lang: str, settings: SolveSettings | None = None, remember: bool = True) -> Plan:
    settings = settings if settings is not None else state.solve_settings()
    with st.status(t("optimise.solving", lang), expanded=False) as box:
        t0 = time.perf_counter()
        try:
            plan = cached_solve(s, settings)
        except Exception as e:  # noqa: BLE001 - never a traceback: the previous results stay
            plan = Plan.failed(t("common.internal_error", lang, what=type(e).__name__), s.plan_years)
        dt = time.perf_counter() - t0
        if plan.ok:
            box.update(label=t("optimise.solved", lang, s=f"{dt:.1f}"), state="complete")
        else:
            box.update(label=t("optimise.failed", lang, msg=plan.describe(lang)), state="error")
    if remember and (plan.ok or state.current_plan() is None):
        state.set_plan(plan, state.solve_key(s, settings))
    return plan
