"""The server's solve jobs and workshop rooms (one of each per database), and a job's status in words."""

from __future__ import annotations

import streamlit as st

from core.i18n import t
from core.jobs import Job, Jobs, JobStatus
from core.store import default_url
from core.workshop import Workshop
from ui.store_widgets import _store, get_store


@st.cache_resource(max_entries=4, show_spinner=False)
def _jobs(url: str) -> Jobs:
    return Jobs(_store(url).engine, workers=1)


@st.cache_resource(max_entries=4, show_spinner=False)
def _workshop(url: str) -> Workshop:
    return Workshop(get_store().engine)


def get_jobs() -> Jobs:
    """Solve jobs of this server (one worker thread: solves queue instead of fighting for the cores)."""
    return _jobs(default_url())


def jobs_or_none() -> Jobs | None:
    """The jobs, or None when the database cannot be used (a page that can solve without them goes on)."""
    try:
        return get_jobs()
    except Exception:  # noqa: BLE001 - the store page says what is wrong with the database
        return None


def get_workshop() -> Workshop:
    return _workshop(default_url())


def status_text(job: Job | None, lang: str) -> str:
    if job is None:
        return t("workshop.job_missing", lang)
    if job.status == JobStatus.RUNNING:
        return t("workshop.job_running", lang, s=f"{job.elapsed_s():.0f}")
    return t(f"workshop.job_{job.status}", lang)
