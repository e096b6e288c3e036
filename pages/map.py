"""Zone map: boundary, facilities, tenants by emissions, the plan's measures by year; geodata import."""

import pandas as pd
import streamlit as st

from core.geo.build_map import BASEMAPS
from core.geo.sites import plan_years
from core.i18n import t
from ui import state
from ui.map_widget import (
    boundary_notes,
    current_boundary,
    import_form,
    plan_sites,
    roof_note,
    show_map,
    site_details,
    solve_button,
    tenant_emissions,
    usable_plan,
)
from ui.widgets import require_scenario, show_flash

lang = state.current_lang()
s = require_scenario()
st.title(t("map.title", lang))
st.caption(t("map.caption", lang))
show_flash()

boundary, boundary_errors = current_boundary(s, lang)
emissions = tenant_emissions(s)

c1, c2 = st.columns([1, 2])
basemap = c1.radio(
    t("map.basemap", lang),
    BASEMAPS,
    format_func=lambda b: t(f"map.basemap_{b}", lang),
    key="map_basemap",
    horizontal=True,
)
plan = state.current_plan() if state.plan_is_current() else None
if not usable_plan(plan):
    with c2:
        st.info(t("map.no_plan", lang))
        solve_button(s, lang)  # reruns the page once a plan is there
sites = None
cut = None
if usable_plan(plan):
    years = plan_years(plan.units)
    year = c2.select_slider(t("map.year", lang), options=years, value=years[-1], key="map_year")
    sites = plan_sites(s, plan, year)
    c2.caption(t("map.plan_status", lang, status=t(f"plan.status_{plan.status}", lang)))
    if plan.tenancy is not None and not plan.tenancy.by_tenant.empty:
        by = c1.radio(
            t("map.colour_by", lang),
            ["intensity", "cut"],
            format_func=lambda k: t(f"map.colour_{k}", lang),
            key="map_colour_by",
        )
        cut = plan.tenancy.cut(year) if by == "cut" else None

left, right = st.columns([4, 1])
with left:
    power = plan.power.get(sites.year) if sites is not None and plan is not None and plan.power else None
    selected = show_map(s, boundary, emissions, sites, lang, basemap, tenant_cut=cut, power=power)
with right:
    if selected:
        site_details(s, selected, emissions, lang)
    else:
        st.caption(t("map.click_hint", lang))
    if note := roof_note(s, lang):
        st.caption(note)
    st.caption(t("map.boundary_area", lang, area=f"{boundary.area_ha:,.0f}", declared=f"{s.zone.area_ha:,.0f}"))
    if emissions is None:
        st.caption(t("map.inventory_missing", lang))

errors, warnings = boundary_notes(s, boundary, lang)
if boundary_errors or errors or warnings:
    with st.expander(t("map.boundary_warning", lang), expanded=bool(boundary_errors or errors)):
        for e in [*boundary_errors, *errors]:
            st.error(e)
        for w in warnings:
            st.warning(w)

if sites and sites.zone_wide:
    st.subheader(t("map.zone_wide", lang, year=sites.year))
    rows = [
        {
            t("map.col_measure", lang): sm.display_name(lang),
            t("map.col_units", lang): round(sm.units, 1),
            t("map.col_unit", lang): sm.unit,
        }
        for sm in sites.zone_wide
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)

with st.expander(t("map.import_title", lang)):
    import_form(s, boundary, lang)
