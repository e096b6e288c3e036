"""Streamlit side of the zone map: cached boundary, tenant emissions, plan sites, the folium component,
details of a clicked site and the geodata import form. Drawing itself is in `core.geo.build_map`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from shapely.geometry import mapping
from streamlit_folium import st_folium

from core.demo import demo_zones
from core.errors import ScenarioError
from core.geo import DEFAULT_KWP_PER_M2, GeoError, roof_potentials_kwp
from core.geo.build_map import build_map
from core.geo.io import (
    MAX_UPLOAD_BYTES,
    Boundary,
    boundary_from_geometry,
    check_sites,
    derived_boundary,
    read_boundary,
    read_facilities,
    zone_boundary,
)
from core.geo.sites import PlanSites, plan_years, site_at, site_plan
from core.i18n import name as display_name
from core.i18n import t
from core.inventory import sector_name
from core.loader import dump_scenario, parse_text, validate_data
from core.results import Plan
from core.schema import Facility, Scenario
from ui import state
from ui.widgets import fmt_num, label, md

K_BOUNDARY = "map_boundary"  # (zone key, Boundary) imported on the map page
K_SELECTED = "map_selected"  # ("tenant" | "facility", id)
UPLOAD_TYPES = ["geojson", "json", "zip", "gpkg", "csv", "xlsx"]


# ---------------------------------------------------------------- data for the map


def scenario_dir(s: Scenario | None = None) -> Path | None:
    """Folder of the current scenario file when known, to resolve its boundary file: the demo zone it was
    opened as, or (saved / edited copies of a demo) the demo zone with the same zone name and boundary file."""
    zones = {k: Path(v) for k, v in demo_zones().items()}
    label = state.scenario_label()
    if label in zones:
        return zones[label].parent
    if s is not None and s.zone.boundary:
        from ui.demo import cached_demo, demo_choices

        for slug, (name_en, _) in demo_choices().items():
            if name_en == s.zone.name and cached_demo(slug).zone.boundary == s.zone.boundary:
                return zones[slug].parent
    return None


def _zone_key(s: Scenario) -> str:
    return f"{state.scenario_label()}|{s.zone.name}"


@st.cache_data(max_entries=16, show_spinner=False)
def _file_boundary(key: str, _s: Scenario, folder: str | None) -> Boundary:
    return zone_boundary(_s, Path(folder) if folder else None)


def current_boundary(s: Scenario, lang: str = "en") -> tuple[Boundary, list[str]]:
    """The boundary to draw (imported > scenario file > derived from the sites) and problems found on the way."""
    got = st.session_state.get(K_BOUNDARY)
    if got and got[0] == _zone_key(s):
        return got[1], []
    folder = scenario_dir(s)
    try:
        return _file_boundary(f"{state.scenario_hash(s)}|{folder}", s, str(folder) if folder else None), []
    except ScenarioError as e:
        return derived_boundary(s), [i.text(lang) for i in e.issues]


def tenant_emissions(s: Scenario) -> dict[str, float] | None:
    """Base-year emissions per tenant from the inventory (None if it cannot be computed)."""
    try:
        from ui.cache import cached_inventory

        bt = cached_inventory(s).by_tenant
        return {str(r.tenant): float(r.total_t) for r in bt.itertuples()}
    except Exception:  # noqa: BLE001 - the map still draws, with equal circles and a note
        return None


def plan_measures(s: Scenario, plan: Plan) -> Any:
    """Measure rows with siting fields: the resolved measures (all fields), else the plan's table."""
    try:
        from ui.cache import cached_measures

        return cached_measures(s)
    except Exception:  # noqa: BLE001 - fall back to what the plan carries
        return getattr(plan, "measures", pd.DataFrame())


def plan_sites(s: Scenario, plan: Plan, year: int) -> PlanSites:
    return site_plan(s, plan.units, plan_measures(s, plan), year)


def usable_plan(plan: Plan) -> bool:
    return plan is not None and getattr(plan, "status", "error") != "error" and bool(plan_years(plan.units))


# ---------------------------------------------------------------- the map component


def show_map(
    s: Scenario,
    boundary: Boundary,
    emissions: dict[str, float] | None,
    sites: PlanSites | None,
    lang: str,
    basemap: str,
    height: int = 600,
    tenant_cut: dict[str, float] | None = None,
    power: dict[str, float] | None = None,
) -> tuple[str, str] | None:
    """Draw the map; return the tenant/facility the user clicked last (kept across reruns)."""
    m = build_map(
        s,
        boundary,
        emissions,
        sites.sited if sites else None,
        sites.year if sites else None,
        lang,
        basemap,
        tenant_cut,
        power,
    )
    out = st_folium(
        m,
        key="map_component",
        height=height,
        use_container_width=True,
        returned_objects=["last_object_clicked"],
        render=False,  # st_folium renders the map itself once more; the full-page render is not needed
    )
    clicked = (out or {}).get("last_object_clicked")
    if clicked and clicked.get("lat") is not None:
        hit = site_at(s, float(clicked["lat"]), float(clicked["lng"]))
        if hit:
            st.session_state[K_SELECTED] = hit
    sel = st.session_state.get(K_SELECTED)
    return tuple(sel) if sel else None  # type: ignore[return-value]


def _energy_label(key: str, lang: str) -> str:
    from core.carriers import input_keys

    k = input_keys().get(key)
    return f"{label('baseline.carrier_' + k.carrier, lang, k.carrier)} ({k.unit})" if k else key


def site_details(s: Scenario, sel: tuple[str, str], emissions: dict[str, float] | None, lang: str) -> None:
    """Details of the selected tenant or facility, beside the map, in words and the language's numbers."""
    kind, sid = sel
    rows: list[tuple[str, str]] = []
    if kind == "tenant":
        obj = next((x for x in s.tenants if x.id == sid), None)
        if obj is None:
            return
        st.subheader(f"{t('map.tenant_details', lang)}: {md(display_name(obj, lang))}")
        rows = [
            (t("map.field_id", lang), obj.id),
            (t("map.field_sector", lang), sector_name(obj.sector, lang)),
            (t("map.field_output", lang), fmt_num(obj.output_musd, 1, lang=lang)),
        ]
        if emissions and sid in emissions:
            rows.append((t("map.field_emissions", lang), fmt_num(emissions[sid], 0, lang=lang)))
            if obj.output_musd > 0:
                rows.append((t("map.field_intensity", lang), fmt_num(emissions[sid] / obj.output_musd, 1, lang=lang)))
        rows += [(_energy_label(k, lang), fmt_num(v, 0, lang=lang)) for k, v in obj.energy.quantities().items()]
        facs = [f.id for f in s.facilities if f.tenant == sid]
        if facs:
            rows.append((t("map.layer_facilities", lang), ", ".join(facs)))
    else:
        obj = next((x for x in s.facilities if x.id == sid), None)
        if obj is None:
            return
        st.subheader(f"{t('map.facility_details', lang)}: {md(display_name(obj, lang))}")
        rows = [(t("map.field_id", lang), obj.id), (t("map.field_type", lang), t(f"map.type_{obj.type}", lang))]
        if obj.tenant:
            rows.append((t("map.field_tenant", lang), obj.tenant))
        if obj.roof_area_m2:
            rows.append((t("map.field_roof_area", lang), fmt_num(obj.roof_area_m2, 0, lang=lang)))
        if obj.capacity_mw:
            rows.append((t("map.field_capacity", lang), fmt_num(obj.capacity_mw, 1, lang=lang)))
        if obj.fuel:
            rows.append((t("map.field_fuel", lang), label(f"baseline.carrier_{obj.fuel}", lang, obj.fuel)))
    st.markdown("\n".join(f"- **{k}**: {md(v)}" for k, v in rows))


def solve_button(s: Scenario, lang: str) -> None:
    """No plan for this scenario yet: a button that solves it with the session's settings (cached)."""
    if not st.button(t("map.show_plan", lang), key="map_solve"):
        return None
    from ui.solve import solve_now

    if solve_now(s, lang).ok:
        st.rerun()
    return None


def kwp_per_m2(s: Scenario) -> float:
    """kWp per m2 of roof as the optimiser uses it (1 / rooftop_pv's roof_area_m2 per kWp), else the default."""
    try:
        from ui.cache import cached_measures

        measures = cached_measures(s)
    except Exception:  # noqa: BLE001 - no catalogue: the documented default
        return DEFAULT_KWP_PER_M2
    for m in measures:
        if m.id == "rooftop_pv" and m.unit == "kWp" and m.resource_use.get("roof_area_m2"):
            return 1 / m.resource_use["roof_area_m2"]
    return DEFAULT_KWP_PER_M2


def roof_note(s: Scenario, lang: str) -> str | None:
    per = kwp_per_m2(s)
    roofs = roof_potentials_kwp(s.facilities, per)
    if not roofs:
        return None
    return t("map.roof_potential", lang, kwp=f"{sum(roofs.values()):,.0f}", n=len(roofs), per=f"{per:.3g}")


def boundary_notes(s: Scenario, b: Boundary, lang: str = "en") -> tuple[list[str], list[str]]:
    """(errors, warnings) about the boundary: area vs declared, sites outside."""
    issues, warnings = check_sites(s, b)
    return [i.text(lang) for i in issues], [*b.warnings, *warnings]


# ---------------------------------------------------------------- import


def _show_problems(lang: str, errors: list[str], warnings: list[str], title_key: str = "map.import_errors") -> None:
    if errors:
        st.error(t(title_key, lang) + "\n\n" + "\n".join(f"- {md(e)}" for e in errors))
    if warnings:
        st.warning(t("map.import_warnings", lang) + "\n\n" + "\n".join(f"- {md(w)}" for w in warnings))


def merge_facilities(s: Scenario, new: list[Facility], mode: str) -> list[Facility]:
    """'replace': the imported list; 'merge': imported ids replace existing ones in place, new ids are appended."""
    if mode == "replace":
        return list(new)
    by_id = {f.id: f for f in new}
    kept = [by_id.pop(f.id, f) for f in s.facilities]
    return kept + [f for f in new if f.id in by_id]


def with_inline_boundary(s: Scenario, geometry: Any) -> Scenario:
    """The scenario carrying this boundary inline (``zone.boundary_geojson``), so saving it keeps the boundary."""
    data = parse_text(dump_scenario(s, "json"), "scenario.json")
    data["zone"].pop("boundary", None)  # the imported boundary replaces a file named before
    data["zone"]["boundary_geojson"] = json.loads(json.dumps(mapping(geometry)))
    return validate_data(data)


def import_form(s: Scenario, boundary: Boundary, lang: str) -> None:
    """Upload a boundary or facilities file; validate; apply on request."""
    st.caption(t("map.import_help", lang, mb=MAX_UPLOAD_BYTES // 2**20))
    c1, c2 = st.columns(2)
    with c1:
        up = st.file_uploader(t("map.import_boundary", lang), type=UPLOAD_TYPES, key="map_up_boundary")
        if up is not None:
            try:
                b = read_boundary(up.getvalue(), up.name, s.zone.area_ha)
            except GeoError as e:
                _show_problems(lang, [i.text(lang) for i in e.issues], [])
            else:
                st.success(t("map.import_ok_boundary", lang, area=f"{b.area_ha:,.0f}", epsg=b.utm_epsg, crs=up.name))
                errors, warnings = boundary_notes(s, b, lang)
                _show_problems(lang, [], errors + warnings)
                if st.button(t("map.import_apply_boundary", lang), key="map_apply_boundary"):
                    st.session_state[K_BOUNDARY] = (_zone_key(s), boundary_from_geometry(b.geometry, up.name))
                    state.set_scenario(with_inline_boundary(s, b.geometry))  # saved with the scenario from now on
                    st.session_state.pop(K_SELECTED, None)
                    state.flash("success", t("map.import_applied", lang))
                    st.rerun()
    with c2:
        up = st.file_uploader(
            t("map.import_facilities", lang),
            type=UPLOAD_TYPES,
            key="map_up_facilities",
            help=t("map.import_facilities_help", lang),
        )
        if up is not None:
            try:
                fi = read_facilities(up.getvalue(), up.name, None if boundary.derived else boundary)
            except GeoError as e:
                _show_problems(lang, [i.text(lang) for i in e.issues], [])
                return
            st.success(t("map.import_ok_facilities", lang, n=len(fi.facilities)))
            _show_problems(lang, [], fi.warnings)
            st.dataframe(pd.DataFrame([f.model_dump(exclude_none=True) for f in fi.facilities]), hide_index=True)
            mode = st.radio(
                t("map.import_mode", lang),
                ("merge", "replace"),
                format_func=lambda m: t(f"map.import_mode_{m}", lang),
                key="map_import_mode",
                horizontal=True,
            )
            if st.button(t("map.import_apply_facilities", lang), key="map_apply_facilities"):
                data = parse_text(dump_scenario(s, "json"), "scenario.json")
                data["facilities"] = [
                    f.model_dump(mode="json", exclude_none=True) for f in merge_facilities(s, fi.facilities, mode)
                ]
                try:
                    new = validate_data(data)
                except ScenarioError as e:
                    _show_problems(lang, [i.text(lang) for i in e.issues], [], "map.import_invalid_scenario")
                    return
                state.set_scenario(new)
                st.session_state.pop(K_SELECTED, None)
                state.flash("success", t("map.import_applied", lang))
                st.rerun()
