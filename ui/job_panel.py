"""Solve as a background job from a page: submit, watch (an `st.fragment` polling every second), cancel,
and open a stored plan from a link (`?job=<id>`) without solving again.

While a job runs, the page keeps showing the session's previous plan; a cancelled or failed job leaves it
there. A finished job's plan becomes the session's plan (current when its inputs are the page's inputs).
"""

from __future__ import annotations

import streamlit as st

from core.i18n import t
from core.jobs import JobStatus, job_key
from core.optimise import SolveSettings
from core.schema import Scenario
from ui import state
from ui.jobs_view import get_jobs, jobs_or_none, status_text
from ui.store_widgets import url_params

K_JOB = "job_panel_id"  # the job this session watches
K_OPENED = "job_panel_opened"  # the ?job= id already opened in this session


def _adopt(job, s: Scenario, settings: SolveSettings) -> None:
    """Make a finished job's plan the session's plan (current only when it was solved for these inputs)."""
    current = job.key == job_key(s, settings)
    state.set_plan(job.plan, state.solve_key(s, settings) if current else f"job:{job.id}")


def job_panel(s: Scenario, settings: SolveSettings, lang: str) -> None:
    """The job button and watcher; nothing when the database is unavailable (the page still solves in place)."""
    jobs = jobs_or_none()
    if jobs is None:
        return
    ss = st.session_state
    linked = st.query_params.get("job", "")
    if linked and ss.get(K_OPENED) != linked:  # a link to a stored plan: open it, no solve
        ss[K_OPENED] = linked
        job = jobs.get(linked)
        if job is not None and job.status == JobStatus.DONE and job.plan is not None:
            _adopt(job, s, settings)
            st.toast(t("jobs.job_opened", lang))
        elif job is not None and not job.finished:
            ss[K_JOB] = linked
        else:
            st.warning(t("jobs.job_not_found", lang, id=linked))
    if st.button(t("jobs.job_run", lang), key="job_panel_run", icon=":material/schedule_send:"):
        ss[K_JOB] = jobs.submit(s, settings)
        url_params(job=ss[K_JOB])
        ss[K_OPENED] = ss[K_JOB]
    if ss.get(K_JOB):
        _watch(s, settings, lang)


@st.fragment(run_every=1)
def _watch(s: Scenario, settings: SolveSettings, lang: str) -> None:
    jobs, ss = get_jobs(), st.session_state
    jid = ss.get(K_JOB)
    job = jobs.get(jid, with_plan=False) if jid else None
    if job is None:
        return
    if not job.finished:
        c1, c2 = st.columns([4, 1])
        c1.info(t("jobs.job_state", lang, id=jid[:8], status=status_text(job, lang)))
        if c2.button(t("jobs.job_cancel", lang), key="job_panel_cancel", icon=":material/cancel:"):
            jobs.cancel(jid)
            ss.pop(K_JOB, None)
            st.toast(t("jobs.job_cancelled", lang))
        return
    ss.pop(K_JOB, None)
    if job.status == JobStatus.DONE:
        _adopt(jobs.get(jid), s, settings)
        st.rerun(scope="app")  # the whole page draws the new plan
    elif job.status == JobStatus.FAILED:
        st.error(t("jobs.job_failed", lang, msg=job.message))
