"""Where the many solves of a page run (core.cluster), and what the page says when the cluster is unreachable.

`scheduler()` is what a page passes to sweep / tornado / Monte Carlo: None (DASK_SCHEDULER_ADDRESS or the
local cluster) unless the user chose the local cluster after a failure. `failed(e)` remembers the failure so
`notice()`, drawn outside the button that ran the work, shows one line and the offer to use the local cluster.
"""

from __future__ import annotations

import streamlit as st

from core.cluster import CONNECT_TIMEOUT_S, LOCAL, ClusterError, scheduler_address
from core.i18n import t

K_LOCAL = "cluster_use_local"  # True: the user chose the local cluster after the remote one failed
K_ERROR = "cluster_error"  # the address that could not be reached


def scheduler() -> str | None:
    return LOCAL if st.session_state.get(K_LOCAL) else None


def failed(e: ClusterError) -> None:
    st.session_state[K_ERROR] = e.address or str(scheduler_address() or "")


def _use_local() -> None:
    st.session_state[K_LOCAL] = True
    st.session_state.pop(K_ERROR, None)


def notice(lang: str, workers: int) -> None:
    """Where solves run (a caption), or the unreachable scheduler with a button to use the local cluster."""
    bad = st.session_state.get(K_ERROR)
    if bad:
        st.error(t("jobs.cluster_unreachable", lang, address=bad, seconds=f"{CONNECT_TIMEOUT_S:g}"))
        st.button(t("jobs.use_local", lang), key="cluster_use_local_button", on_click=_use_local)
        return
    addr = None if st.session_state.get(K_LOCAL) else scheduler_address()
    if addr:
        st.caption(t("jobs.runs_on_cluster", lang, address=addr))
    elif workers > 1:
        st.caption(t("jobs.runs_locally", lang, n=workers))
    else:
        st.caption(t("jobs.runs_here", lang))
