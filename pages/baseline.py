"""Baseline: inventory charts and KPIs, editable tenants and facilities, table and scenario uploads."""

import streamlit as st

from core.carriers import input_keys
from core.factors import fuel_carriers
from core.i18n import t
from core.inventory import sector_name, sectors
from core.schema import FACILITY_TYPES
from ui import state
from ui.cache import cached_frames, cached_inventory_view
from ui.meter_view import meter_import
from ui.scenario_io import open_upload
from ui.tables import (
    PROBLEM,
    apply_tables,
    energy_columns,
    read_table,
    template_csv,
    template_frame,
    tenants_frame,
    upload_issue_text,
    with_problems,
)
from ui.widgets import excel_bytes, kpi_tiles, label, require_scenario, show_flash, show_issues

lang = state.current_lang()
s = require_scenario()
ss = st.session_state
st.title(t("baseline.title", lang))
st.caption(t("baseline.intro", lang))
show_flash()


def col_label(c: str) -> str:
    if c in input_keys():
        k = input_keys()[c]
        return f"{label('baseline.carrier_' + k.carrier, lang, k.carrier)} ({k.unit})"
    return label(f"baseline.col_{c}", lang, c)


def column_config(columns: list[str]) -> dict:
    cfg: dict = {}
    for c in columns:
        if c == PROBLEM:
            cfg[c] = st.column_config.TextColumn(t("baseline.col_problem", lang), disabled=True, width="large")
        elif c == "type":
            cfg[c] = st.column_config.SelectboxColumn(
                col_label(c),
                options=list(FACILITY_TYPES),
                required=True,
                format_func=lambda x: label(f"baseline.facility_{x}", lang, x),
            )
        elif c == "sector":
            cfg[c] = st.column_config.SelectboxColumn(
                col_label(c), options=list(sectors()), format_func=lambda x: sector_name(x, lang)
            )
        elif c == "fuel":
            cfg[c] = st.column_config.SelectboxColumn(
                col_label(c),
                options=list(fuel_carriers()),
                format_func=lambda x: label(f"baseline.carrier_{x}", lang, x),
            )
        elif c in ("id", "name", "name_zh", "tenant"):
            cfg[c] = st.column_config.TextColumn(col_label(c))
        else:
            cfg[c] = st.column_config.NumberColumn(col_label(c), format="localized")
    return cfg


def editor(table: str, frame) -> None:  # noqa: ANN001 - DataFrame
    """One editable table in a form; invalid edits come back with a problem column, nothing is lost."""
    draft_key, ver_key = f"baseline_{table}_draft", f"baseline_{table}_ver"
    draft = ss.get(draft_key)
    if draft is not None and draft[0] != state.scenario_hash():
        draft = ss[draft_key] = None  # the scenario changed underneath: the draft is obsolete
    df = draft[1] if draft is not None else frame
    with st.form(f"baseline_{table}_form", border=False):
        edited = st.data_editor(
            df,
            key=f"baseline_{table}_editor_{ss.get(ver_key, 0)}",
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            column_config=column_config(list(df.columns)),
        )
        ok = st.form_submit_button(t("common.apply", lang), type="primary", icon=":material/check:")
    if draft is not None:
        show_issues(draft[2], lang)
        if st.button(t("common.reset", lang), key=f"baseline_{table}_discard"):
            ss[draft_key] = None
            ss[ver_key] = ss.get(ver_key, 0) + 1
            st.rerun()
    if ok:
        new, issues = apply_tables(s, **{table: edited}, lang=lang)
        ss[ver_key] = ss.get(ver_key, 0) + 1
        if new is None:
            ss[draft_key] = (state.scenario_hash(), with_problems(edited, issues, table), [str(i) for i in issues])
        else:
            ss[draft_key] = None
            state.set_scenario(new)
            state.flash("success", t("common.applied", lang))
        st.rerun()


labels = [
    t("baseline.tab_inventory", lang),
    t("baseline.tab_tenants", lang),
    t("baseline.tab_facilities", lang),
    t("baseline.tab_upload", lang),
]
# a table applied with problems reopens on its own tab, with the problems beside its rows (not behind a tab)
open_tab = None
for table, label_ in (("tenants", labels[1]), ("facilities", labels[2])):
    draft = st.session_state.get(f"baseline_{table}_draft")
    if draft is not None and draft[0] == state.scenario_hash():
        open_tab = open_tab or label_
        st.warning(t("baseline.draft_problems", lang, table=label_, n=len(draft[2])))
tab_inv, tab_ten, tab_fac, tab_up = st.tabs(labels, default=open_tab)

with tab_inv:
    view = cached_inventory_view(s, lang)
    if view is not None:
        kpi_tiles(view["kpis"], columns=4)
        c1, c2 = st.columns(2)
        c1.vega_lite_chart(view["scope"], width="stretch")
        c2.vega_lite_chart(view["source"], width="stretch")
        c3, c4 = st.columns(2)
        c3.vega_lite_chart(view["carrier"], width="stretch")
        c4.vega_lite_chart(view["tenants"], width="stretch")
        with st.expander(t("baseline.factors", lang), icon=":material/info:"):
            st.caption(t("baseline.factors_help", lang))
            st.dataframe(view["lines"], hide_index=True, width="stretch")

with tab_ten:
    st.caption(t("baseline.tenants_help", lang))
    editor("tenants", tenants_frame(s, energy_columns(s)))

with tab_fac:
    st.caption(t("baseline.facilities_help", lang))
    editor("facilities", cached_frames(s)[1])

with tab_up:
    st.markdown(f"**{t('baseline.upload_table', lang)}**")
    c1, c2 = st.columns(2)
    c1.download_button(
        t("baseline.template", lang),
        template_csv(),
        file_name="tenants_template.csv",
        mime="text/csv",
        key="baseline_template",
        on_click="ignore",
        icon=":material/download:",
    )
    c2.download_button(
        t("baseline.template_xlsx", lang),
        lambda: excel_bytes({"tenants": template_frame()}),
        file_name="tenants_template.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="baseline_template_xlsx",
        on_click="ignore",
        icon=":material/download:",
    )
    up = st.file_uploader(t("baseline.upload_table_file", lang), type=["csv", "xlsx"], key="baseline_table_upload")
    if up is not None and ss.get("baseline_table_seen") != up.file_id:
        ss["baseline_table_seen"] = up.file_id
        ss["baseline_table_issues"] = []
        from core.errors import ScenarioError

        try:
            new, issues = apply_tables(s, tenants=read_table(up.getvalue(), up.name), lang=lang)
        except ScenarioError as e:
            new, issues = None, []
            ss["baseline_table_issues"] = [i.text(lang) for i in e.issues]
        if new is not None:
            state.set_scenario(new)
            state.flash("success", t("baseline.table_loaded", lang, n=len(new.tenants), name=up.name))
            st.rerun()
        ss["baseline_table_issues"] += [upload_issue_text(i) for i in issues]
    if up is not None:
        show_issues(ss.get("baseline_table_issues", []), lang)
    st.divider()
    meter_import(s, lang)
    st.divider()
    st.markdown(f"**{t('baseline.upload_scenario', lang)}**")
    sup = st.file_uploader(t("overview.upload", lang), type=["yaml", "yml", "json"], key="baseline_scenario_upload")
    if sup is not None:
        open_upload(sup, lang, prefix="baseline")
