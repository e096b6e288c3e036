"""Streamlit side of the scenario store and of shareable links.

- ``get_store() -> Store``: one store per database URL for the server process (``st.cache_resource``), acting
  for this browser session's principal (``ui.auth``; the laptop's local owner when nobody signs in).
- ``opened() -> (id, version) | None``: the saved scenario the session's scenario came from.
- ``open_saved(store, id)``: make a saved scenario the current one (and remember id and version).
- ``sync_from_url(lang)``: ``?sid=<id>`` in the URL opens that saved scenario once (shared links).
- ``share_link(page, **params)``: an absolute link (when the browser URL is known) that reproduces a view:
  scenario id, language and page-specific values (year, compared ids, sweep settings).
- ``url_params(**values)``: keep page values in the URL so the address bar is always a shareable link.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

import pandas as pd
import streamlit as st

from core.auth_mode import auth_mode
from core.errors import ScenarioError
from core.i18n import t
from core.store import Store, StoreError, default_url
from ui import state
from ui.demo import cached_demo, demo_choices
from ui.widgets import code, md

K_OPEN_ID = "store_open_id"
K_OPEN_SID = "store_open_sid"  # the random id of links
K_PRINCIPAL = "auth_principal"  # set by ui.auth
K_OPEN_VERSION = "store_open_version"
K_OPEN_HASH = "store_open_hash"
K_URL_SID = "store_url_sid_seen"
K_URL_DEMO = "store_url_demo_seen"


@st.cache_resource(max_entries=4, show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def get_store() -> Store:
    """The store acting for this browser session: the signed-in user in the chosen workspace (or a share link);
    on a laptop the local owner. In a shared deployment a page never gets a store before sign-in."""
    p = st.session_state.get(K_PRINCIPAL)
    if p is not None:
        return base_store().acting(p)
    if auth_mode() != "none":
        st.stop()
    return base_store()


def base_store() -> Store:
    """The store of this server (the local owner); stops the page with a clear message when the database cannot
    be reached. Pages use ``get_store``."""
    url = default_url()
    try:
        return _store(url)
    except Exception as e:  # noqa: BLE001 - a database that is down or a folder that cannot be written
        shown = url.split("@")[-1] if "@" in url else url  # never show credentials
        st.error(t("scenarios.store_unavailable", state.current_lang(), url=shown, error=f"{type(e).__name__}: {e}"))
        st.stop()


def opened() -> tuple[int, int] | None:
    """(id, version) of the saved scenario the current one came from; None once another zone was opened
    (a demo or a file replaces the scenario's label; edits on other pages keep it)."""
    ss = st.session_state
    if ss.get(K_OPEN_ID) is None:
        return None
    if not state.scenario_label().startswith(f"store:{ss[K_OPEN_ID]}:"):
        return None
    return int(ss[K_OPEN_ID]), int(ss[K_OPEN_VERSION])


def remember(rec_id: int, version: int, name: str | None = None, sid: str | None = None) -> None:
    """The current scenario is saved as `rec_id` (random id `sid` in links) at `version` (its label names the
    store record)."""
    ss = st.session_state
    if sid is not None or ss.get(K_OPEN_ID) != rec_id:
        ss[K_OPEN_SID] = sid
    s = state.current_scenario()
    if s is not None and (name is not None or not state.scenario_label().startswith(f"store:{rec_id}:")):
        state.set_scenario(s, label=f"store:{rec_id}:{name or ''}")
    ss[K_OPEN_ID], ss[K_OPEN_VERSION] = rec_id, version
    ss[K_OPEN_HASH] = state.scenario_hash()


def keep_sid_in_url() -> None:
    """The address bar names the saved scenario (or the demo zone) while the view shows it unchanged, so the
    address is a link that opens the same zone elsewhere."""
    cur = opened()
    sid = (st.session_state.get(K_OPEN_SID) or cur[0]) if cur is not None and not is_modified() else None
    label = state.scenario_label()
    demo = label if sid is None and label in demo_choices() and state.current_scenario() == cached_demo(label) else None
    url_params(sid=sid, demo=demo)


def forget() -> None:
    for k in (K_OPEN_ID, K_OPEN_SID, K_OPEN_VERSION, K_OPEN_HASH):
        st.session_state.pop(k, None)


def is_modified() -> bool:
    """Has the current scenario changed since it was opened from (or saved to) the store?"""
    return opened() is not None and st.session_state.get(K_OPEN_HASH) != state.scenario_hash()


def open_saved(store: Store, rec_id: int | str) -> None:
    """Load a saved scenario (by id or random id) into the session (raises ScenarioError/StoreError)."""
    rec = store.get(rec_id)
    s = store.load(rec.id)
    state.set_scenario(s, label=f"store:{rec.id}:{rec.name}")
    remember(rec.id, rec.version, rec.name, rec.sid)


def sync_from_url(lang: str) -> None:
    """Open the scenario named by ``?sid=`` (a saved one) or ``?demo=`` (a demo zone) once per distinct value:
    a shared link opens the same zone in a fresh browser."""
    ss = st.session_state
    demo = st.query_params.get("demo")
    if demo and not st.query_params.get("sid") and ss.get(K_URL_DEMO) != demo:
        ss[K_URL_DEMO] = demo
        if demo in demo_choices() and state.scenario_label() != demo:
            state.set_scenario(cached_demo(demo), demo)
    sid = st.query_params.get("sid")
    if not sid or ss.get(K_URL_SID) == sid:
        return
    ss[K_URL_SID] = sid
    cur = opened()
    if cur is not None and sid in (str(cur[0]), ss.get(K_OPEN_SID)):
        return
    try:
        open_saved(get_store(), sid)
    except (StoreError, ScenarioError) as e:
        st.warning(t("scenarios.link_failed", lang, sid=sid, error=str(e)))


def url_params(**values: Any) -> None:
    """Write page values to the URL (None removes a key); the address bar stays a shareable link."""
    for k, v in values.items():
        if v is None or v == "" or v == []:
            if k in st.query_params:
                del st.query_params[k]
        else:
            text = ",".join(map(str, v)) if isinstance(v, list | tuple) else str(v)
            if st.query_params.get(k) != text:
                st.query_params[k] = text


def share_link(page: str, with_sid: bool = True, **params: Any) -> str:
    """Link to `page` (its URL path) with the scenario id (unless `with_sid` is False), language and the given
    values."""
    values: dict[str, str] = {}
    cur = opened()
    if cur is not None and with_sid:
        values["sid"] = str(st.session_state.get(K_OPEN_SID) or cur[0])
    values["lang"] = state.current_lang()
    for k, v in params.items():
        if v is not None and v != "":
            values[k] = ",".join(map(str, v)) if isinstance(v, list | tuple) else str(v)
    base = ""
    try:
        url = st.context.url
    except Exception:  # noqa: BLE001 - not known outside a browser session
        url = None
    if url:
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
    return f"{base}/{page}?{urlencode(values)}"


def records_frame(store: Store, lang: str) -> pd.DataFrame:
    """Saved scenarios as a table for display."""
    recs = store.records()
    names = {r.id: r.name for r in recs}
    return pd.DataFrame(
        [
            {
                t("scenarios.col_id", lang): r.id,
                t("scenarios.col_name", lang): r.name,
                t("scenarios.col_base", lang): names.get(r.base_id, "") if r.base_id else "",
                t("scenarios.col_version", lang): r.version,
                t("scenarios.col_updated", lang): r.updated_at.strftime("%Y-%m-%d %H:%M"),
            }
            for r in recs
        ]
    )


def record_label(store: Store) -> dict[int, str]:
    """id -> "name (#id)" for select boxes."""
    return {r.id: f"{r.name} (#{r.id})" for r in store.records()}


def store_error(e: Exception, lang: str) -> None:
    """Show a failed store operation: input problems one per line, else the message."""
    if isinstance(e, ScenarioError):
        st.error(t("scenarios.invalid", lang) + "\n\n" + "\n".join(f"- {code(i.text(lang))}" for i in e.issues[:30]))
    else:
        st.error(md(e))
