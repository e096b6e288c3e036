"""Folium (Leaflet) maps of a zone: boundary, facilities, tenants and the plan's measures by year.

Offline by construction: Leaflet's JS/CSS come from the app's own static files (no CDN, no jQuery or
Bootstrap); markers are SVG circles or HTML div icons (no image files); tooltips and popups carry
JSON-encoded, HTML-escaped text only. The basemap is optional ("none" draws on a plain background).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

import folium
from branca.element import MacroElement, Template

from core.geo.io import Boundary
from core.geo.sites import SitedMeasure
from core.i18n import t
from core.inventory import sector_name
from core.schema import FACILITY_TYPES, Scenario

LEAFLET_JS = "/app/static/leaflet/leaflet.js"
LEAFLET_CSS = "/app/static/leaflet/leaflet.css"
BASEMAPS = ("none", "osm")

# Okabe-Ito (colour-blind safe) for facility types; a short code is drawn inside each icon.
FACILITY_STYLE: dict[str, tuple[str, str]] = {
    "rooftop": ("#E69F00", "R"),
    "boiler": ("#D55E00", "B"),
    "power_plant": ("#CC79A7", "P"),
    "substation": ("#0072B2", "S"),
    "wastewater_plant": ("#009E73", "WW"),
    "water_plant": ("#56B4E9", "W"),
    "waste_station": ("#999933", "X"),
    "warehouse": ("#882255", "H"),
    "office": ("#332288", "O"),
    "parking": ("#777777", "K"),
    "other": ("#000000", "?"),
}
assert set(FACILITY_STYLE) == set(FACILITY_TYPES)  # noqa: S101 - a new type needs a style
# Viridis, 5 classes, light (low intensity) to dark (high): readable for colour-blind users.
INTENSITY_COLOURS = ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154")
CUT_BOUNDS = (0.1, 0.3, 0.5, 0.7, 1.0)  # plan cut classes: below 10 %, 10-30 %, 30-50 %, 50-70 %, 70 % and more
CUT_COLOURS = ("#d7301f", "#fc8d59", "#fdcc8a", "#a6d96a", "#1a9641")  # little cut red, deep cut green
LEGEND_PX = 250  # width of the legend box at the map's right edge, px
PLAN_COLOURS = {"roof": "#E69F00", "boiler": "#D55E00", "facility": "#CC79A7", "tenant": "#009E73", "link": "#0072B2"}
MIN_RADIUS, MAX_RADIUS = 5.0, 22.0
GRID = "<div style='display:grid;grid-template-columns:auto auto;column-gap:8px'>"  # two-column legend block


def esc(text: object) -> str:
    """HTML-escape user text for a popup or tooltip (also backticks and `$`, harmless in any JS string)."""
    return html.escape(str(text), quote=True).replace("`", "&#96;").replace("$", "&#36;")


class _Bind(MacroElement):
    """bindTooltip / bindPopup with the HTML passed as a JSON string (never spliced into JS source)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.{{ this.method }}({{ this.html|tojson }}, {{ this.options|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, method: str, html_text: str, **options: Any):
        super().__init__()
        self._name = "Bind"
        self.method = method
        self.html = html_text
        self.options = options


class _Legend(MacroElement):
    """A Leaflet control in the bottom-right corner holding the legend (HTML built from escaped text)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = L.control({position: 'bottomright'});"
        "{{ this.get_name() }}.onAdd = function () {"
        " var d = L.DomUtil.create('div', 'lczp-legend'); d.innerHTML = {{ this.html|tojson }};"
        " L.DomEvent.disableClickPropagation(d); return d; };"
        "{{ this.get_name() }}.addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )

    def __init__(self, html_text: str):
        super().__init__()
        self._name = "Legend"
        self.html = html_text


def _tooltip(layer: folium.Element, text: str) -> None:
    layer.add_child(_Bind("bindTooltip", text, sticky=True))


def _popup(layer: folium.Element, rows: Sequence[tuple[str, object]], title: str) -> None:
    body = "".join(
        f"<tr><th style='text-align:left;padding-right:6px'>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows
    )
    layer.add_child(_Bind("bindPopup", f"<b>{esc(title)}</b><table>{body}</table>", maxWidth=360))


def _display(obj: Any, lang: str) -> str:
    zh = getattr(obj, "name_zh", None)
    return zh if lang == "zh" and zh else (getattr(obj, "name", None) or obj.id)


def _other_name(obj: Any, lang: str) -> str | None:
    """The name in the other language, for bilingual popups."""
    zh, en = getattr(obj, "name_zh", None), getattr(obj, "name", None)
    return (en if lang == "zh" else zh) or None


def _fmt(x: float, digits: int = 0) -> str:
    return f"{x:,.{digits}f}"


def new_map(center: tuple[float, float], basemap: str = "none", zoom: int = 14) -> folium.Map:
    """An empty map whose Leaflet comes from the app's static files; basemap 'osm' or 'none'."""
    m = folium.Map(location=list(center), zoom_start=zoom, tiles=None, control_scale=True)
    m.default_js = [("leaflet", LEAFLET_JS)]  # instance attributes: the CDN defaults stay untouched
    m.default_css = [("leaflet_css", LEAFLET_CSS)]
    if basemap == "osm":
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap", control=False).add_to(m)
    return m


def intensity_classes(values: Sequence[float]) -> list[float]:
    """Upper bounds of 5 equal-count classes of tenant intensity (the last bound is the maximum).

    >>> intensity_classes([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    [2.0, 4.0, 6.0, 8.0, 10.0]
    """
    vals = sorted(v for v in values if v is not None and math.isfinite(v))
    if not vals:
        return []
    n = len(vals)
    return [float(vals[min(n - 1, math.ceil(n * k / 5) - 1)]) for k in range(1, 6)]


def _class_of(v: float, bounds: Sequence[float]) -> int:
    return next((i for i, b in enumerate(bounds) if v <= b), len(bounds) - 1)


def radius_px(emissions_t: float, max_t: float) -> float:
    """Circle radius: area proportional to emissions, between MIN_RADIUS and MAX_RADIUS pixels.

    >>> radius_px(100, 100), radius_px(25, 100), radius_px(0, 100)
    (22.0, 13.5, 5.0)
    """
    if max_t <= 0:
        return MIN_RADIUS
    return MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(max(emissions_t, 0) / max_t)


def build_map(
    s: Scenario,
    boundary: Boundary | None = None,
    tenant_emissions_t: Mapping[str, float] | None = None,
    sited: Sequence[SitedMeasure] | None = None,
    year: int | None = None,
    lang: str = "en",
    basemap: str = "none",
    tenant_cut: Mapping[str, float] | None = None,
    power: Mapping[str, float] | None = None,
) -> folium.Map:
    """The zone map: boundary, facilities by type, tenants sized by emissions and coloured by intensity (or,
    with `tenant_cut`, by the share of their BAU emissions the plan avoids in `year`), and (if given) the
    plan's measures active in `year`, with the storage and gensets of its hourly balance (`power`: that year's
    figures) at the zone's substation or power plant; layer control and legend."""
    pts = [t_.location for t_ in s.tenants] + [f.location for f in s.facilities]
    center = (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
    m = new_map(center, basemap)
    legend: list[str] = []

    if boundary is not None:
        _add_boundary(m, s, boundary, lang)
        minx, miny, maxx, maxy = boundary.geometry.bounds
        bounds = [[miny, minx], [maxy, maxx]]
    else:
        bounds = [[min(p[0] for p in pts), min(p[1] for p in pts)], [max(p[0] for p in pts), max(p[1] for p in pts)]]
    # the legend and the layer switch sit at the right: keep a band of LEGEND_PX free of the zone there
    m.fit_bounds(bounds, padding_top_left=(20, 20), padding_bottom_right=(LEGEND_PX + 16, 20))

    if s.facilities:
        legend.append(_add_facilities(m, s, lang))
    legend.append(_add_tenants(m, s, tenant_emissions_t, lang, tenant_cut, year))
    if sited:
        legend.append(_add_plan(m, s, sited, year, lang))
    if power:
        _add_power(m, s, power, year, lang)
    folium.LayerControl(collapsed=False).add_to(m)
    m.add_child(
        _Legend(
            "<details open style='background:#fff;padding:4px 8px;font:11px sans-serif;border-radius:4px;"
            f"box-shadow:0 0 4px #888;width:{LEGEND_PX - 20}px'><summary style='cursor:pointer;font-weight:bold'>"
            + esc(t("map.legend", lang))
            + "</summary>"
            + "".join(legend)
            + "</details>"
        )
    )
    return m


def _add_boundary(m: folium.Map, s: Scenario, b: Boundary, lang: str) -> None:
    name = t("map.layer_boundary", lang)
    fg = folium.FeatureGroup(name=name)
    style = {"color": "#0072B2", "weight": 3, "fillColor": "#0072B2", "fillOpacity": 0.06}
    if b.derived:
        style["dashArray"] = "6 6"
    gj = folium.GeoJson(b.to_geojson(), name=name, style_function=lambda _f, st=style: st)
    zone_name = s.zone.name_zh if lang == "zh" and s.zone.name_zh else s.zone.name
    tip = f"<b>{esc(zone_name)}</b><br>{esc(t('map.area_ha', lang, area=_fmt(b.area_ha)))}"
    if b.derived:
        tip += f"<br><i>{esc(t('map.boundary_derived', lang))}</i>"
    _tooltip(gj, tip)
    gj.add_to(fg)
    fg.add_to(m)


def _facility_icon(ftype: str) -> folium.DivIcon:
    colour, code = FACILITY_STYLE[ftype]
    box = (
        f"<div class='lczp-fac lczp-fac-{ftype}' style='background:{colour};color:#fff;border:2px solid #fff;"
        "border-radius:4px;width:22px;height:22px;line-height:22px;text-align:center;"
        f"font:bold 10px sans-serif;box-shadow:0 0 3px #333'>{code}</div>"
    )
    return folium.DivIcon(html=box, icon_size=(26, 26), icon_anchor=(13, 13), class_name="lczp-fac-icon")


def _add_facilities(m: folium.Map, s: Scenario, lang: str) -> str:
    fg = folium.FeatureGroup(name=t("map.layer_facilities", lang))
    tenant_names = {t_.id: _display(t_, lang) for t_ in s.tenants}
    for f in s.facilities:
        marker = folium.Marker(list(f.location), icon=_facility_icon(f.type))
        type_label = t(f"map.type_{f.type}", lang)
        _tooltip(marker, f"<b>{esc(_display(f, lang))}</b><br>{esc(type_label)}")
        rows: list[tuple[str, object]] = [(t("map.field_id", lang), f.id), (t("map.field_type", lang), type_label)]
        if other := _other_name(f, lang):
            rows.append((t("map.field_other_name", lang), other))
        if f.tenant:
            rows.append((t("map.field_tenant", lang), tenant_names.get(f.tenant, f.tenant)))
        if f.roof_area_m2:
            rows.append((t("map.field_roof_area", lang), _fmt(f.roof_area_m2)))
        if f.capacity_mw:
            rows.append((t("map.field_capacity", lang), _fmt(f.capacity_mw, 1)))
        if f.fuel:
            rows.append((t("map.field_fuel", lang), f.fuel))
        _popup(marker, rows, _display(f, lang))
        marker.add_to(fg)
    fg.add_to(m)
    used = [ft for ft in FACILITY_TYPES if any(f.type == ft for f in s.facilities)]
    items = "".join(
        f"<div><span style='display:inline-block;min-width:18px;background:{FACILITY_STYLE[ft][0]};color:#fff;"
        f"text-align:center;font-weight:bold;border-radius:3px;margin-right:4px'>{FACILITY_STYLE[ft][1]}</span>"
        f"{esc(t(f'map.type_{ft}', lang))}</div>"
        for ft in used
    )
    return f"<div><b>{esc(t('map.layer_facilities', lang))}</b>{GRID}{items}</div></div>"


def _cut_class(cut: float) -> int:
    return next((i for i, b in enumerate(CUT_BOUNDS) if cut < b), len(CUT_BOUNDS) - 1)


def _add_tenants(
    m: folium.Map,
    s: Scenario,
    emissions: Mapping[str, float] | None,
    lang: str,
    cut: Mapping[str, float] | None = None,
    year: int | None = None,
) -> str:
    fg = folium.FeatureGroup(name=t("map.layer_tenants", lang))
    em = {t_.id: float(emissions.get(t_.id, 0.0)) for t_ in s.tenants} if emissions else {}
    intensity = {t_.id: em[t_.id] / t_.output_musd for t_ in s.tenants if em and t_.output_musd > 0}
    bounds = intensity_classes(list(intensity.values()))
    max_t = max(em.values(), default=0.0)
    for t_ in s.tenants:
        if cut and t_.id in cut:
            colour = CUT_COLOURS[_cut_class(cut[t_.id])]
        elif t_.id in intensity and not cut:
            colour = INTENSITY_COLOURS[_class_of(intensity[t_.id], bounds)]
        else:
            colour = "#888888"
        circle = folium.CircleMarker(
            list(t_.location),
            radius=radius_px(em.get(t_.id, 0.0), max_t),
            color="#333333",
            weight=1,
            fill=True,
            fill_color=colour,
            fill_opacity=0.85,
            class_name="lczp-tenant",
        )
        name = _display(t_, lang)
        tip = f"<b>{esc(name)}</b>"
        if em:
            tip += f"<br>{esc(t('map.tip_emissions', lang, t=_fmt(em[t_.id])))}"
        if cut and t_.id in cut:
            tip += f"<br>{esc(t('map.tip_cut', lang, year=year, pct=_fmt(100 * cut[t_.id], 0)))}"
        _tooltip(circle, tip)
        rows: list[tuple[str, object]] = [(t("map.field_id", lang), t_.id)]
        if other := _other_name(t_, lang):
            rows.append((t("map.field_other_name", lang), other))
        rows += [
            (t("map.field_sector", lang), sector_name(t_.sector, lang)),
            (t("map.field_output", lang), _fmt(t_.output_musd, 1)),
        ]
        if em:
            rows.append((t("map.field_emissions", lang), _fmt(em[t_.id])))
        if t_.id in intensity:
            rows.append((t("map.field_intensity", lang), _fmt(intensity[t_.id], 1)))
        _popup(circle, rows, name)
        circle.add_to(fg)
    fg.add_to(m)
    title = f"<b>{esc(t('map.layer_tenants', lang))}</b>"
    if cut:
        lows = [0.0, *CUT_BOUNDS[:-1]]
        items = "".join(
            f"<div><span style='display:inline-block;width:12px;height:12px;border-radius:6px;border:1px solid #333;"
            f"background:{c};margin-right:4px'></span>{_fmt(100 * lo, 0)}&ndash;{_fmt(100 * hi, 0)} %</div>"
            for c, lo, hi in zip(CUT_COLOURS, lows, CUT_BOUNDS, strict=True)
        )
        return f"<div>{title}<div>{esc(t('map.legend_cut', lang, year=year))}</div>{items}</div>"
    if not bounds:
        return f"<div>{title}<div>{esc(t('map.legend_no_emissions', lang))}</div></div>"
    lows = [0.0, *bounds[:-1]]
    items = "".join(
        f"<div><span style='display:inline-block;width:12px;height:12px;border-radius:6px;border:1px solid #333;"
        f"background:{c};margin-right:4px'></span>{_fmt(lo, 0)}&ndash;{_fmt(hi, 0)}</div>"
        for c, lo, hi in zip(INTENSITY_COLOURS, lows, bounds, strict=True)
    )
    return (
        f"<div style='margin-top:4px'>{title}<div>{esc(t('map.legend_intensity', lang))}</div>{GRID}{items}</div>"
        + (f"<div>{esc(t('map.legend_size', lang))}</div></div>")
    )


def _power_site(s: Scenario) -> tuple[float, float]:
    """Where the zone's batteries and gensets stand: its substation, else its power plant, else its centre."""
    for kind in ("substation", "power_plant"):
        f = next((f for f in s.facilities if f.type == kind), None)
        if f is not None:
            return tuple(f.location)  # type: ignore[return-value]
    pts = [x.location for x in s.tenants]
    return (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))


def _add_power(m: folium.Map, s: Scenario, power: Mapping[str, float], year: int | None, lang: str) -> None:
    """Batteries and gensets the plan builds (hourly balance), as one marker at their site."""
    lines = []
    if power.get("storage_mwh_installed", 0.0) > 1e-6:
        lines.append(t("map.battery", lang, mwh=_fmt(power["storage_mwh_installed"], 1),
                       mw=_fmt(power.get("storage_mw_installed", 0.0), 1)))  # fmt: skip
    if power.get("genset_mw_installed", 0.0) > 1e-6:
        lines.append(t("map.genset", lang, mw=_fmt(power["genset_mw_installed"], 1),
                       mwh=_fmt(power.get("genset_mwh", 0.0))))  # fmt: skip
    if not lines:
        return
    fg = folium.FeatureGroup(name=t("map.layer_power", lang, year=year if year is not None else ""))
    marker = folium.Marker(
        list(_power_site(s)),
        icon=folium.DivIcon(
            html="<div style='background:#009E73;color:#fff;border:2px solid #fff;border-radius:4px;width:24px;"
            "height:24px;line-height:24px;text-align:center;font:bold 12px sans-serif;box-shadow:0 0 3px #333'>"
            "&#9889;</div>",
            icon_size=(28, 28),
            icon_anchor=(14, 14),
        ),
    )
    _tooltip(marker, "<br>".join(esc(x) for x in lines))
    marker.add_to(fg)
    fg.add_to(m)


def _add_plan(m: folium.Map, s: Scenario, sited: Sequence[SitedMeasure], year: int | None, lang: str) -> str:
    title = t("map.layer_plan", lang, year=year if year is not None else "")
    fg = folium.FeatureGroup(name=title)
    rings: dict[tuple[float, float], int] = {}
    for sm in sited:
        name = sm.display_name(lang)
        amount = t("map.plan_units", lang, units=_fmt(sm.units, 1 if sm.units < 10 else 0), unit=sm.unit)
        tip = f"<b>{esc(name)}</b><br>{esc(amount)}"
        colour = PLAN_COLOURS[sm.kind]
        if sm.kind == "link":
            tip += f"<br>{esc(t('map.plan_length', lang, km=_fmt(sm.length_km or 0.0, 2)))}"
            layer: folium.Element = folium.PolyLine(
                [list(p) for p in sm.locations],
                color=colour,
                weight=5,
                opacity=0.9,
                dash_array="10 6",
                class_name="lczp-plan-link",
            )
        else:
            k = rings.get(sm.locations[0], 0)  # several measures on one site: concentric rings
            rings[sm.locations[0]] = k + 1
            layer = folium.CircleMarker(
                list(sm.locations[0]),
                radius=17 + 5 * k,
                color=colour,
                weight=4,
                fill=False,
                class_name="lczp-plan-site",
            )
        _tooltip(layer, tip)
        layer.add_to(fg)
    fg.add_to(m)
    kinds = sorted({sm.kind for sm in sited}, key=list(PLAN_COLOURS).index)
    items = "".join(
        f"<div><span style='display:inline-block;width:14px;height:4px;background:{PLAN_COLOURS[k]};"
        f"margin:0 4px 3px 0'></span>{esc(t(f'map.plan_kind_{k}', lang))}</div>"
        for k in kinds
    )
    return f"<div style='margin-top:4px'><b>{esc(title)}</b>{items}</div>"


def map_html(m: folium.Map) -> str:
    """The standalone HTML page of a map (what tests and exports inspect)."""
    return m.get_root().render()
