"""Where the plan's measures sit: active units of a year attributed to roofs, facilities, tenants and links.

Input is the optimiser's `Plan.units` (measure, year, built, active) and its measure rows
(`Plan.measures`, or `Measure` models): rows with `facility`, `from_facility`/`to_facility` or `tenant`
are sited on those; measures that use roof area without naming a roof are spread over the rooftops
in proportion to their roof area; heat-supply measures (unit kWth, or "boiler" in the id) that name no site
are spread over the zone's boilers in proportion to capacity (equally if none is given): the boilers they
replace or upgrade. Everything else is zone-wide (listed, not drawn).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from core.geo.distance import haversine_km
from core.i18n import name
from core.schema import Scenario

Kind = Literal["roof", "boiler", "facility", "tenant", "link", "zone"]  # "zone": built zone-wide, no one site
EPS = 1e-6  # active units below this count as none


@dataclass(frozen=True)
class SitedMeasure:
    measure: str
    name_en: str
    name_zh: str
    kind: Kind
    site_ids: tuple[str, ...]  # one facility/tenant id, or (from, to) for a link
    locations: tuple[tuple[float, float], ...]  # [lat, lon] of each site
    units: float  # active units on this site in the year
    unit: str
    length_km: float | None = None  # links only
    area: str = ""

    def display_name(self, lang: str) -> str:
        """The measure's name in `lang` (catalogue names; other languages from the names catalogue)."""
        return name({"id": self.measure, "area": self.area, "name_en": self.name_en, "name_zh": self.name_zh}, lang)


@dataclass(frozen=True)
class PlanSites:
    year: int
    sited: list[SitedMeasure] = field(default_factory=list)
    zone_wide: list[SitedMeasure] = field(default_factory=list)  # kind "zone", no sites


def _records(measures: pd.DataFrame | Iterable[Any]) -> dict[str, dict[str, Any]]:
    """Measure rows (DataFrame, pydantic models or dicts) -> {id: fields}."""
    if isinstance(measures, pd.DataFrame):
        rows = measures.reset_index().to_dict("records") if "id" not in measures else measures.to_dict("records")
    else:
        rows = [m.model_dump() if hasattr(m, "model_dump") else dict(m) for m in measures]
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        mid = r.get("id") or r.get("measure")
        if mid:
            out[str(mid)] = r
    return out


def _text(r: Mapping[str, Any], key: str) -> str | None:
    v = r.get(key)
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    v = str(v).strip()
    return v or None


def _uses_roof(r: Mapping[str, Any]) -> bool:
    ru = r.get("resource_use")
    if isinstance(ru, Mapping) and ru.get("roof_area_m2"):
        return True
    v = r.get("roof_area_m2")
    return isinstance(v, int | float) and not math.isnan(v) and v > 0


def _replaces_boilers(mid: str, r: Mapping[str, Any]) -> bool:
    unit = (_text(r, "unit") or "").lower()
    return unit == "kwth" or "boiler" in mid.lower()


def active_units(units: pd.DataFrame, year: int) -> dict[str, float]:
    """Active units per measure in one year (measures with none left out)."""
    if units is None or units.empty:
        return {}
    df = units.reset_index() if "measure" not in units.columns else units
    df = df[df["year"] == year]
    return {str(k): float(v) for k, v in df.groupby("measure")["active"].sum().items() if v > EPS}


def plan_years(units: pd.DataFrame) -> list[int]:
    """Years present in the plan's units table."""
    if units is None or units.empty:
        return []
    df = units.reset_index() if "year" not in units.columns else units
    return sorted(int(y) for y in df["year"].unique())


def site_plan(s: Scenario, units: pd.DataFrame, measures: pd.DataFrame | Iterable[Any], year: int) -> PlanSites:
    """The measures active in `year`, each placed on its roof(s), facility, tenant or link."""
    recs = _records(measures)
    facilities = {f.id: f for f in s.facilities}
    tenants = {t.id: t for t in s.tenants}
    roofs = [f for f in s.facilities if f.roof_area_m2]  # as the optimiser counts roof area: any facility
    roof_total = sum(f.roof_area_m2 or 0 for f in roofs)
    boilers = [f for f in s.facilities if f.type == "boiler"]
    weights = {f.id: (f.capacity_mw or 0.0) for f in boilers}
    if boilers and sum(weights.values()) <= 0:
        weights = {f.id: 1.0 for f in boilers}
    boiler_total = sum(weights.values())
    sited: list[SitedMeasure] = []
    zone_wide: list[SitedMeasure] = []
    for mid, n in sorted(active_units(units, year).items()):
        r = recs.get(mid, {})
        en = _text(r, "name_en") or mid
        zh = _text(r, "name_zh") or en
        unit = _text(r, "unit") or ""
        fac, src, dst, ten = (_text(r, k) for k in ("facility", "from_facility", "to_facility", "tenant"))

        def add(kind: Kind, ids: tuple[str, ...], locs: tuple, amount: float, km: float | None = None) -> None:
            sited.append(SitedMeasure(mid, en, zh, kind, ids, locs, amount, unit, km, _text(r, "area")))  # noqa: B023

        if src and dst and src in facilities and dst in facilities:
            a, b = facilities[src].location, facilities[dst].location
            add("link", (src, dst), (a, b), n, haversine_km(a, b))
        elif fac and fac in facilities:
            add("roof" if facilities[fac].type == "rooftop" else "facility", (fac,), (facilities[fac].location,), n)
        elif _uses_roof(r) and roof_total > 0:
            for f in roofs:
                add("roof", (f.id,), (f.location,), n * (f.roof_area_m2 or 0) / roof_total)
        elif ten and ten in tenants:
            add("tenant", (ten,), (tenants[ten].location,), n)
        elif boilers and _replaces_boilers(mid, r):
            for f in boilers:
                if weights[f.id] > 0:
                    add("boiler", (f.id,), (f.location,), n * weights[f.id] / boiler_total)
        else:
            zone_wide.append(SitedMeasure(mid, en, zh, "zone", (), (), n, unit, None, _text(r, "area")))
    return PlanSites(year, sited, zone_wide)


def site_at(s: Scenario, lat: float, lon: float, max_km: float = 0.05) -> tuple[str, str] | None:
    """The tenant (preferred) or facility nearest a clicked point within max_km: ("tenant"|"facility", id)."""
    best: tuple[float, int, str, str] | None = None
    for rank, kind, items in ((0, "tenant", s.tenants), (1, "facility", s.facilities)):
        for it in items:
            d = haversine_km((lat, lon), it.location)
            if d <= max_km and (best is None or (d, rank) < best[:2]):
                best = (d, rank, kind, it.id)
    return (best[2], best[3]) if best else None
