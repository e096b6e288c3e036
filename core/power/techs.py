"""Storage and gensets the hourly model may build: sourced defaults (data/power_tech.csv, USD like the measure
catalogue) and the power layer's model data (`PowerData`: representative days, techs, grid limit)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from core.power.export import ExportRule
from core.tables import read_table
from core.year_paths import crf

TABLE = "power_tech.csv"
GENSET_FUEL = "diesel"
OUTAGE_FROM = 18  # grid outages start at 18:00, after sunset: the hours PV cannot help (assumption, stated)


@dataclass
class PowerTech:
    """A size the model chooses per year (MWh of storage energy, MW of storage power or genset capacity)."""

    id: str  # battery_energy | battery_power | genset
    capex: float  # per unit (MWh or MW), USD
    om: float  # per unit and year
    lifetime: int
    crf: float = 0.0
    efficiency: float = 1.0  # battery_energy: round trip
    fuel_gj_per_mwh: float = 0.0  # genset
    ub: float = 0.0  # most units active

    @property
    def annual(self) -> float:
        return self.capex * self.crf + self.om


@dataclass
class PowerData:
    """Hourly mode: representative days (weights in days; load and pv as shares of the annual total per hour),
    the techs the model may build, the grid connection limit (MW, None: none)."""

    weights: list[float]
    load: list[list[float]]
    pv: list[list[float]]
    techs: dict[str, PowerTech] = field(default_factory=dict)
    grid_mw: float | None = None
    days: list[int] = field(default_factory=list)  # day of year of each representative day
    hourly: bool = True  # False: annual mode; the days only check the annual plan hour by hour afterwards
    outage_hours: list[int] = field(default_factory=list)  # hours of every day without grid supply
    export: list[ExportRule | None] = field(default_factory=list)  # by plan year (core.power.export); []: none


@cache
def _params() -> dict[tuple[str, str], float]:
    return {(r["id"], r["parameter"]): float(r["value"]) for r in read_table(TABLE)}


def default_techs(rate: float, genset: bool) -> dict[str, PowerTech]:
    """Battery energy and power (always) and a diesel genset (when `genset`), sourced defaults."""
    p = _params()
    out = {}
    for tid in ("battery_energy", "battery_power") + (("genset",) if genset else ()):
        capex = p[(tid, "capex_per_unit")]
        life = int(p[(tid, "lifetime_years")])
        om = p.get((tid, "om_per_unit_year"), capex * p.get((tid, "om_share_per_year"), 0.0))
        out[tid] = PowerTech(
            id=tid,
            capex=capex,
            om=om,
            lifetime=life,
            crf=crf(rate, life),
            efficiency=p.get((tid, "round_trip_efficiency"), 1.0),
            fuel_gj_per_mwh=p.get((tid, "fuel_gj_per_mwh"), 0.0),
        )
    return out
