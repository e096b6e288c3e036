"""Saved scenarios: save, open, duplicate, rename, delete, variants (base + changes), import/export, share."""

import json

import streamlit as st

from core.errors import ScenarioError
from core.i18n import t
from core.overrides import changed_paths
from core.store import ConflictError, Role, StoreError
from ui import state
from ui.store_widgets import (
    forget,
    get_store,
    is_modified,
    keep_sid_in_url,
    open_saved,
    opened,
    record_label,
    records_frame,
    remember,
    share_link,
    store_error,
    sync_from_url,
)
from ui.widgets import code, md, show_flash, zone_name
from ui.workspace_view import deleted, history, share_links

lang = state.current_lang()
st.title(t("scenarios.title", lang))
st.caption(t("scenarios.intro", lang))
sync_from_url(lang)
keep_sid_in_url()
show_flash()
store = get_store()
s = state.current_scenario()

# ---------------------------------------------------------------- the current scenario
st.subheader(t("scenarios.current", lang))
if s is None:
    st.info(t("scenarios.no_current", lang))
else:
    cur = opened()
    st.markdown(f"**{md(zone_name(s, lang))}**")
    if cur is not None:
        st.caption(t("scenarios.opened_as", lang, id=cur[0], version=cur[1]))
        if is_modified():
            st.warning(t("scenarios.unsaved", lang))
        if st.button(t("scenarios.save", lang), key="scenarios_save", icon=":material/save:", type="primary"):
            try:
                rec = store.save(cur[0], s, expected_version=cur[1])
                remember(rec.id, rec.version, rec.name, rec.sid)
                state.flash("success", t("scenarios.saved", lang, name=rec.name, version=rec.version))
                st.rerun()
            except ConflictError as e:
                st.session_state["scenarios_conflict"] = str(e)
            except (StoreError, ScenarioError) as e:
                store_error(e, lang)
        conflict = st.session_state.get("scenarios_conflict")
        if conflict:
            st.error(t("scenarios.conflict", lang) + "\n\n" + md(conflict))
            c1, c2 = st.columns(2)
            if c1.button(t("scenarios.reload", lang), key="scenarios_reload"):
                st.session_state.pop("scenarios_conflict", None)
                open_saved(store, cur[0])
                st.rerun()
            if c2.button(t("scenarios.keep_mine", lang), key="scenarios_keep_mine"):
                st.session_state.pop("scenarios_conflict", None)
                rec = store.create(t("scenarios.conflict_copy", lang, name=store.get(cur[0]).name), s)
                remember(rec.id, rec.version, rec.name, rec.sid)
                state.flash("success", t("scenarios.saved_new", lang, name=rec.name, id=rec.id))
                st.rerun()

    labels = record_label(store)
    with st.form("scenarios_save_new"):
        name = st.text_input(t("scenarios.new_name", lang), value=zone_name(s, lang), max_chars=200)
        base = st.selectbox(
            t("scenarios.variant_of", lang),
            [None, *labels],
            format_func=lambda i: t("scenarios.no_base", lang) if i is None else labels[i],
            help=t("scenarios.variant_help", lang),
        )
        if st.form_submit_button(t("scenarios.save_new", lang), icon=":material/add:", key="scenarios_save_new_button"):
            try:
                rec = store.create(name, s, base_id=base)
                remember(rec.id, rec.version, rec.name, rec.sid)
                state.flash("success", t("scenarios.saved_new", lang, name=rec.name, id=rec.id))
                st.rerun()
            except (StoreError, ScenarioError) as e:
                store_error(e, lang)

# ---------------------------------------------------------------- saved scenarios
st.subheader(t("scenarios.saved_title", lang))
table = records_frame(store, lang)
if table.empty:
    st.info(t("scenarios.none_saved", lang))
else:
    st.dataframe(table, hide_index=True, width="stretch")
    labels = record_label(store)
    ids = list(labels)
    cur = opened()
    pick = st.selectbox(
        t("scenarios.pick", lang),
        ids,
        index=ids.index(cur[0]) if cur and cur[0] in ids else 0,
        format_func=lambda i: labels[i],
        key="scenarios_pick",
    )
    rec = store.get(pick)
    if rec.base_id is not None:
        paths = changed_paths(rec.stored)
        st.caption(
            t("scenarios.variant_changes", lang, base=md(labels.get(rec.base_id, rec.base_id)), n=len(paths))
            + (": " + ", ".join(code(p) for p in paths[:20]) if paths else "")
        )
        st.download_button(
            t("scenarios.export_patch", lang),
            json.dumps(rec.stored, ensure_ascii=False, indent=2).encode("utf-8"),
            file_name=f"variant_{pick}_changes.json",
            mime="application/merge-patch+json",
            key="scenarios_export_patch",
            on_click="ignore",
            help=t("scenarios.export_patch_help", lang),
        )
    c1, c2, c3, c4 = st.columns(4)
    if c1.button(t("scenarios.open", lang), key="scenarios_open", icon=":material/folder_open:"):
        try:
            open_saved(store, pick)
            state.flash("success", t("scenarios.opened", lang, name=rec.name))
            st.rerun()
        except (StoreError, ScenarioError) as e:
            store_error(e, lang)
    if c2.button(t("scenarios.duplicate", lang), key="scenarios_duplicate", icon=":material/content_copy:"):
        try:
            dup = store.duplicate(pick, t("scenarios.copy_name", lang, name=rec.name))
            state.flash("success", t("scenarios.saved_new", lang, name=dup.name, id=dup.id))
            st.rerun()
        except (StoreError, ScenarioError) as e:
            store_error(e, lang)
    try:
        export = store.export(pick, "yaml")
        c3.download_button(
            t("scenarios.export", lang),
            export.encode("utf-8"),
            file_name=f"scenario_{pick}.yaml",
            mime="application/x-yaml",
            key="scenarios_export",
            icon=":material/download:",
            on_click="ignore",
        )
    except (StoreError, ScenarioError) as e:
        c3.caption(md(e))
    if rec.base_id is not None and c4.button(t("scenarios.detach", lang), key="scenarios_detach"):
        store.detach(pick)
        state.flash("success", t("scenarios.detached", lang, name=rec.name))
        st.rerun()

    with st.expander(t("scenarios.rename_delete", lang)):
        new_name = st.text_input(t("scenarios.new_name", lang), value=rec.name, key="scenarios_rename_name")
        if st.button(t("scenarios.rename", lang), key="scenarios_rename"):
            try:
                store.rename(pick, new_name, expected_version=rec.version)
                st.rerun()
            except (StoreError, ScenarioError) as e:
                store_error(e, lang)
        sure = st.checkbox(t("scenarios.delete_confirm", lang, name=rec.name), key="scenarios_delete_sure")
        if st.button(t("scenarios.delete", lang), key="scenarios_delete", disabled=not sure, icon=":material/delete:"):
            try:
                store.delete(pick, expected_version=rec.version)
                if cur and cur[0] == pick:
                    forget()
                state.flash("success", t("scenarios.deleted", lang, name=rec.name))
                st.rerun()
            except StoreError as e:
                store_error(e, lang)
    history(store, rec, lang)
    share_links(store, rec, lang)
deleted(store, lang)

# ---------------------------------------------------------------- import and share
st.subheader(t("scenarios.import_title", lang))
up = st.file_uploader(t("scenarios.import", lang), type=["yaml", "yml", "json"], key="scenarios_upload")
if up is not None and st.button(t("scenarios.import_button", lang), key="scenarios_import"):
    try:
        rec = store.import_file(up.getvalue(), up.name)
        state.flash("success", t("scenarios.saved_new", lang, name=rec.name, id=rec.id))
        st.rerun()
    except (StoreError, ScenarioError) as e:
        store_error(e, lang)

if opened() is not None:
    st.subheader(t("scenarios.share_title", lang))
    st.caption(t("scenarios.share_help", lang))
    st.code(share_link("scenarios"), language=None)
if store.actor.role >= Role.OWNER and store.actor.scenario_id is None:  # where the data lives: for owners only
    st.caption(t("scenarios.where", lang, url=store.engine.url.render_as_string(hide_password=True)))
