"""Distances and roof potentials: the geography the optimiser uses.

Pure functions on scenario models; no file access, no map drawing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from core.geo.errors import fail
from core.schema import Facility, MeasureFields, Scenario

EARTH_RADIUS_KM = 6371.0088  # IUGG mean Earth radius R1
# Installed PV per m2 of usable roof: 6 m2 per kWp, the rule of thumb (unverified) of rooftop_pv's
# resource_use in data/measures.csv, so the map and the optimiser count the same potential.
DEFAULT_KWP_PER_M2 = 1 / 6
DEFAULT_KWP_PER_M2_SOURCE = "6 m2 of roof per kWp, as rooftop_pv in data/measures.csv (rule of thumb, unverified)"


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two [lat, lon] points, km.

    >>> round(haversine_km((0.0, 0.0), (0.0, 1.0)), 3)  # 1 degree of the equator = R * pi / 180
    111.195
    """
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def utm_epsg(lat: float, lon: float) -> int:
    """EPSG code of the WGS84 UTM zone containing a point (326xx north, 327xx south).

    >>> utm_epsg(13.05, 101.12), utm_epsg(6.5, 3.4), utm_epsg(-1.3, 36.8)
    (32647, 32631, 32737)
    """
    zone = min(60, int((lon + 180) // 6) + 1)
    return (32600 if lat >= 0 else 32700) + zone


def roof_potentials_kwp(facilities: Iterable[Facility], kwp_per_m2: float = DEFAULT_KWP_PER_M2) -> dict[str, float]:
    """PV potential of each facility with a roof area, kWp (facility id -> kWp)."""
    if kwp_per_m2 < 0:
        raise fail("kwp_per_m2", f"must be >= 0 (got {kwp_per_m2})")
    return {f.id: f.roof_area_m2 * kwp_per_m2 for f in facilities if f.roof_area_m2}


def roof_potential_kwp(facilities: Iterable[Facility], kwp_per_m2: float = DEFAULT_KWP_PER_M2) -> float:
    """Total rooftop PV potential of the facilities, kWp (sum of roof area x kWp per m2)."""
    return sum(roof_potentials_kwp(facilities, kwp_per_m2).values())


def site_location(s: Scenario, site_id: str) -> tuple[float, float]:
    """[lat, lon] of a facility id (or, failing that, a tenant id); GeoError if neither exists."""
    for f in s.facilities:
        if f.id == site_id:
            return f.location
    for t in s.tenants:
        if t.id == site_id:
            return t.location
    raise fail("facility", f"unknown facility or tenant {site_id!r}")


def link_length_km(s: Scenario, from_id: str, to_id: str) -> float:
    """Straight-line (great-circle) distance between two facilities of the scenario, km."""
    return haversine_km(site_location(s, from_id), site_location(s, to_id))


def is_link(m: MeasureFields) -> bool:
    """Does the measure connect two facilities (waste heat, steam, reclaimed water)?"""
    return bool(m.from_facility and m.to_facility)


def link_capex(s: Scenario, m: MeasureFields) -> float:
    """Pipe cost of a link measure: pipe_capex_per_km x distance between its facilities.

    0 for measures that are not links or carry no pipe cost. Add it to the capex of one unit.
    """
    if not is_link(m) or not m.pipe_capex_per_km:
        return 0.0
    return m.pipe_capex_per_km * link_length_km(s, m.from_facility, m.to_facility)
