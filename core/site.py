"""Site-dependent defaults: values that depend on where the zone is, each with its source and status.

PV specific yield (``data/pv_yield.csv``): the region box that contains the zone's point (the smallest when
boxes overlap), else the country's average practical PVOUT (World Bank/ESMAP & Solargis 2020), else a stated
generic default. Country rows are utility-scale optimum-tilt values; flat industrial roofs typically yield
3-8 % less (assumption, noted in the table).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from core.schema import Scenario
from core.tables import read_table

PV_TABLE = "pv_yield.csv"
GENERIC_PV_YIELD_MWH_PER_KWP = 1.4
GENERIC_PV_SOURCE = (
    "generic default 1.4 MWh/kWp (assumption: the planner's former value for every site; "
    "no country row in data/pv_yield.csv)"
)


@dataclass(frozen=True)
class SiteFactor:
    """A site-dependent default: value in `unit`, with its source, the year of the value and its status
    (verified / secondary / unverified / assumption); `low`/`high` where the source gives a range."""

    value: float
    unit: str
    source: str
    year: int | None
    status: str
    region: str = ""
    url: str = ""
    low: float | None = None
    high: float | None = None


def _num(text: str) -> float | None:
    return float(text) if text.strip() else None


@cache
def _pv_rows() -> tuple[Mapping[str, str], ...]:
    return read_table(PV_TABLE)


def _in_box(r: Mapping[str, str], lat: float, lon: float) -> bool:
    return float(r["lat_min"]) <= lat <= float(r["lat_max"]) and float(r["lon_min"]) <= lon <= float(r["lon_max"])


def _area(r: Mapping[str, str]) -> float:
    return (float(r["lat_max"]) - float(r["lat_min"])) * (float(r["lon_max"]) - float(r["lon_min"]))


def _pv_factor(r: Mapping[str, str]) -> SiteFactor:
    k = 1000.0  # kWh/kWp -> MWh/kWp
    low, high = _num(r["low"]), _num(r["high"])
    return SiteFactor(
        value=float(r["specific_yield_kwh_per_kwp"]) / k,
        unit="MWh/kWp/yr",
        source=f"{r['source']} [{r['region']}; {r['basis']}]",
        year=int(r["year"]) if r["year"].strip() else None,
        status=r["status"],
        region=r["region"],
        url=r["url"],
        low=None if low is None else low / k,
        high=None if high is None else high / k,
    )


def pv_region(country: str, lat: float | None = None, lon: float | None = None) -> Mapping[str, str] | None:
    """The pv_yield.csv row used for a site: its region box, else the country row, else None."""
    rows = [r for r in _pv_rows() if r["country"] == country]
    if lat is not None and lon is not None:
        boxes = [r for r in rows if r["lat_min"].strip() and _in_box(r, lat, lon)]
        if boxes:
            return min(boxes, key=_area)
    whole = [r for r in rows if not r["lat_min"].strip()]
    return whole[0] if whole else None


def pv_yield_mwh_per_kwp(country: str, lat: float | None = None, lon: float | None = None) -> SiteFactor:
    """Annual PV specific yield (MWh per kWp installed) at a site: region box > country > generic 1.4."""
    r = pv_region(country, lat, lon)
    if r is None:
        return SiteFactor(GENERIC_PV_YIELD_MWH_PER_KWP, "MWh/kWp/yr", GENERIC_PV_SOURCE, None, "assumption")
    return _pv_factor(r)


def zone_location(s: Scenario) -> tuple[float, float] | None:
    """The zone's representative point: the mean of its tenants' locations (None without tenants)."""
    pts = [t.location for t in s.tenants]
    if not pts:
        return None
    return sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)


def pv_yield_for(s: Scenario) -> SiteFactor:
    """PV specific yield at the scenario's zone (country and tenants' mean location)."""
    at = zone_location(s)
    return pv_yield_mwh_per_kwp(s.zone.country, *(at or (None, None)))
