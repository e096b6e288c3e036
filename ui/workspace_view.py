"""Workspace parts of the Saved scenarios page: a scenario's history (audit trail), its share links (create,
revoke) and, for owners, deleted scenarios to restore. Every call goes through the session's store, which checks
the role; a refusal is shown as a message."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from core.i18n import t
from core.l10n import datetime_utc
from core.store import Record, Role, Store, StoreError
from ui.store_widgets import share_link, store_error
from ui.widgets import md

MAX_CHANGE_CHARS = 300


def _change(detail: dict) -> str:
    text = json.dumps(detail.get("patch", detail), ensure_ascii=False, default=str)
    return text if len(text) <= MAX_CHANGE_CHARS else text[:MAX_CHANGE_CHARS] + " …"


def history(store: Store, rec: Record, lang: str) -> None:
    with st.expander(t("auth.history_title", lang), icon=":material/history:"):
        try:
            entries = store.history(rec.id)
        except StoreError as e:
            store_error(e, lang)
            return
        if not entries:
            st.caption(t("auth.history_empty", lang))
            return
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("auth.col_when", lang): datetime_utc(e.at, lang),
                        t("auth.col_who", lang): e.actor,
                        t("auth.col_action", lang): t(f"auth.action_{e.action}", lang),
                        t("auth.col_change", lang): _change(e.detail),
                    }
                    for e in entries
                ]
            ),
            hide_index=True,
            width="stretch",
        )


def share_links(store: Store, rec: Record, lang: str) -> None:
    if store.actor.role < Role.EDITOR or store.actor.scenario_id is not None:
        return
    with st.expander(t("auth.shares_title", lang), icon=":material/link:"):
        st.caption(t("auth.share_help", lang))
        roles = [r for r in (Role.VIEWER, Role.EDITOR) if r <= store.actor.role]
        c1, c2 = st.columns(2)
        role = c1.selectbox(
            t("auth.share_role", lang),
            roles,
            format_func=lambda r: t(f"auth.role_{r.label}", lang),
            key="auth_share_role",
        )
        days = c2.number_input(t("auth.share_days", lang), 0, 365, 30, key="auth_share_days")
        if st.button(t("auth.share_create", lang), key="auth_share_create", icon=":material/add_link:"):
            try:
                token = store.share(rec.id, role, days=float(days) or None)
                st.success(t("auth.share_created", lang))
                st.code(share_link("scenarios", with_sid=False, share=token), language=None)
            except StoreError as e:
                store_error(e, lang)
        links = store.shares(rec.id)
        for link in links:
            status = "active" if link.active else ("revoked" if link.revoked_at else "expired")
            expires = datetime_utc(link.expires_at, lang) if link.expires_at else t("auth.share_no_expiry", lang)
            c1, c2 = st.columns([4, 1])
            c1.caption(
                t(
                    "auth.share_line",
                    lang,
                    n=link.id,
                    role=t(f"auth.role_{link.role.label}", lang),
                    user=md(link.created_by),
                    expires=expires,
                    status=t(f"auth.share_{status}", lang),
                )
            )
            if link.active and c2.button(t("auth.share_revoke", lang), key=f"auth_revoke_{link.id}"):
                store.revoke_share(link.id)
                st.rerun()


def deleted(store: Store, lang: str) -> None:
    """Deleted scenarios an owner can restore."""
    if store.actor.role < Role.OWNER or store.actor.scenario_id is not None:
        return
    gone = store.deleted()
    if not gone:
        return
    with st.expander(t("auth.deleted_title", lang, n=len(gone)), icon=":material/restore_from_trash:"):
        for rec in gone:
            c1, c2 = st.columns([4, 1])
            c1.caption(t("auth.deleted_line", lang, name=md(rec.name), when=datetime_utc(rec.deleted_at, lang)))
            if c2.button(t("auth.restore", lang), key=f"auth_restore_{rec.id}"):
                try:
                    store.restore(rec.id)
                    st.rerun()
                except StoreError as e:
                    store_error(e, lang)
