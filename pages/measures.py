"""Measures: the catalogue by the guide's five areas; enable/disable, edit costs and limits, add a custom
measure; the marginal abatement cost curve (MACC)."""

import streamlit as st

from core.carriers import input_keys
from core.i18n import t
from core.schema import AREAS, EFFECT_KEYS
from ui import state
from ui.cache import cached_macc_chart, cached_measures
from ui.measures_view import all_measures_scenario, measure_changes, measures_frame, parse_effects
from ui.scenario_io import revalidated
from ui.widgets import label, require_scenario, show_flash, show_issues

lang = state.current_lang()
s = require_scenario()
ss = st.session_state
cur = s.currency
st.title(t("measures.title", lang))
st.caption(t("measures.intro", lang))
show_flash()

every = cached_measures(all_measures_scenario(s))


def area_label(a: str) -> str:
    return label(f"measures.area_{a}", lang, a)


areas = st.pills(
    t("measures.areas", lang),
    list(AREAS),
    selection_mode="multi",
    default=list(AREAS),
    format_func=area_label,
    key="measures_areas",
)
shown = measures_frame(every, s, lang)
shown = shown[shown["area"].isin(areas or [])].reset_index(drop=True)
n_on = int((~shown["id"].isin(s.measures.disabled)).sum())
st.caption(t("measures.count", lang, n=len(shown), on=n_on))

with st.form("measures_form", border=False):
    edited = st.data_editor(
        shown,
        key=f"measures_editor_{state.scenario_hash()}_{','.join(areas or [])}",
        hide_index=True,
        width="stretch",
        disabled=["id", "name", "area", "unit", "stream", "integer", "custom", "source", "url", "status"],
        column_order=[c for c in shown.columns if c != "id"],  # kept in the rows (edits merge by id), not shown
        column_config={
            "enabled": st.column_config.CheckboxColumn(t("measures.col_enabled", lang)),
            "id": t("measures.col_id", lang),
            "name": t("measures.col_name", lang),
            "area": st.column_config.SelectboxColumn(
                t("measures.col_area", lang), options=list(AREAS), format_func=area_label
            ),
            "unit": t("common.unit", lang),
            "stream": st.column_config.TextColumn(
                t("measures.col_stream", lang), help=t("measures.col_stream_help", lang)
            ),
            "lead_time_years": st.column_config.NumberColumn(t("measures.col_lead", lang), min_value=0, max_value=15),
            "max_build_share_per_year": st.column_config.NumberColumn(
                t("measures.col_pace", lang), min_value=0.01, max_value=1.0, format="percent"
            ),
            "url": st.column_config.LinkColumn(
                t("measures.col_url", lang), display_text=t("measures.open_source", lang)
            ),
            "status": t("measures.col_status", lang),
            "capex_per_unit": st.column_config.NumberColumn(
                t("measures.col_capex", lang, cur=cur), min_value=0, format="localized"
            ),
            "om_per_unit_year": st.column_config.NumberColumn(
                t("measures.col_om", lang, cur=cur), min_value=0, format="localized"
            ),
            "lifetime_years": st.column_config.NumberColumn(
                t("measures.col_lifetime", lang), min_value=1, max_value=60, step=1
            ),
            "earliest_year": st.column_config.NumberColumn(t("measures.col_earliest", lang), format="%d", step=1),
            "max_units": st.column_config.NumberColumn(
                t("measures.col_max_units", lang), min_value=0, format="localized"
            ),
            "integer": st.column_config.CheckboxColumn(t("measures.col_integer", lang)),
            "custom": st.column_config.CheckboxColumn(t("measures.col_custom", lang)),
            "source": st.column_config.TextColumn(t("common.source", lang), width="medium"),
        },
    )
    apply = st.form_submit_button(t("common.apply", lang), type="primary", icon=":material/check:")
if apply:
    new, issues = revalidated(s, measure_changes(s, shown, edited))
    if new is None:
        show_issues(issues, lang)
    else:
        state.set_scenario(new)
        state.flash("success", t("common.applied", lang))
        st.rerun()

# ---------------------------------------------------------------- MACC
st.subheader(t("measures.macc", lang))
spec = cached_macc_chart(s, lang)
if spec is None:
    st.info(t("measures.macc_missing", lang))
else:
    st.vega_lite_chart(spec, width="stretch")
    st.caption(t("measures.macc_help", lang))

# ---------------------------------------------------------------- custom measure
with st.expander(t("measures.add_custom", lang), icon=":material/add:"):
    with st.form("measures_custom_form"):
        c1, c2, c3 = st.columns(3)
        mid = c1.text_input(t("measures.col_id", lang), placeholder="heat_exchange_f3_f7")
        name_en = c2.text_input(t("measures.name_en", lang))
        name_zh = c3.text_input(t("measures.name_zh", lang))
        c4, c5, c6 = st.columns(3)
        area = c4.selectbox(t("measures.col_area", lang), list(AREAS), format_func=area_label)
        unit = c5.text_input(t("common.unit", lang), value="unit")
        lifetime = c6.number_input(t("measures.col_lifetime", lang), 1, 60, 15)
        c7, c8, c9 = st.columns(3)
        capex = c7.number_input(t("measures.col_capex", lang, cur=cur), min_value=0.0, value=100000.0, step=1000.0)
        om = c8.number_input(t("measures.col_om", lang, cur=cur), min_value=0.0, value=0.0, step=100.0)
        max_units = c9.number_input(t("measures.col_max_units", lang), min_value=0.0, value=1.0)
        effects = st.text_input(
            t("measures.effects", lang),
            placeholder="natural_gas_gj=-12000; electricity_mwh=150",
            help=t("measures.effects_help", lang, keys=", ".join([*input_keys(), *EFFECT_KEYS])),
        )
        integer = st.checkbox(t("measures.col_integer", lang), value=True)
        add = st.form_submit_button(t("measures.add", lang), icon=":material/add:")
    if add:
        try:
            eff = parse_effects(effects)
        except ValueError as e:
            show_issues([f"effects: {e}"], lang)
        else:
            spec = s.measures.model_dump(mode="json", exclude_none=True)
            custom = [
                *spec.get("custom", []),
                {
                    "id": mid.strip(),
                    "name_en": name_en.strip() or mid.strip(),
                    "name_zh": name_zh.strip() or name_en.strip() or mid.strip(),
                    "area": area,
                    "unit": unit.strip() or "unit",
                    "capex_per_unit": capex,
                    "om_per_unit_year": om,
                    "lifetime_years": int(lifetime),
                    "max_units": max_units,
                    "integer": integer,
                    "effects": eff,
                },
            ]
            new, issues = revalidated(s, {"measures.custom": custom})
            if new is None:
                show_issues(issues, lang)
            else:
                state.set_scenario(new)
                state.flash("success", t("measures.added", lang, id=mid.strip()))
                st.rerun()
