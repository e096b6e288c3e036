"""Storage and gensets the hourly model may build: sourced defaults (data/power_tech.csv, USD like the measure
catalogue) and the power layer's model data (`PowerData`: representative days, techs, grid limit)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

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
    """Hourly mode: representative days (weights in days; load and pv as shares of the annual total per slot:
    an hour, or with `dur` a segment of `dur[k][s]` hours, core.power.segments), the techs the model may build,
    the grid connection limit (MW, None: none)."""

    weights: list[float]
    load: list[list[float]]
    pv: list[list[float]]
    techs: dict[str, PowerTech] = field(default_factory=dict)
    grid_mw: float | None = None
    days: list[int] = field(default_factory=list)  # day of year of each representative day
    hourly: bool = True  # False: annual mode; the days only check the annual plan hour by hour afterwards
    outage_hours: list[int] = field(default_factory=list)  # hours of every day without grid supply
    storage: list[bool] = field(default_factory=list)  # by plan year: may storage be of use (empty: every year)
    dur: list[list[int]] = field(default_factory=list)  # hours in each slot of each day (empty: every slot 1 h)

    def slots(self, k: int) -> list[tuple[int, int, int]]:
        """(slot, hours, first clock hour) of day k."""
        out, start = [], 0
        for s in range(len(self.load[k])):
            h = self.dur[k][s] if self.dur else 1
            out.append((s, h, start))
            start += h
        return out


def storage_years(
    load: list[list[float]],
    pv: list[list[float]],
    solar_max: list[float],
    flat_max: list[float],
    load_min: list[float],
    dur: list[list[int]],
) -> list[bool]:
    """Plan years in which storage can be of use when the grid is always there and unlimited: only those where in
    some slot (`dur` hours) the most on-site generation the measures could build exceeds the least load they could leave. The
    grid price and emission factor are the same in every hour of a year, so storing grid power only loses energy,
    and on-site power below the load is used as it comes; elsewhere storage stays at 0 in every optimum, and
    leaving its hourly variables out changes no answer (it makes the model ~9 times faster to solve)."""
    return [
        any(
            pv[k][h] * solar_max[i] + flat_max[i] * dur[k][h] / 8760 > load[k][h] * load_min[i] * (1 + 1e-9)
            for k in range(len(load))
            for h in range(len(load[k]))
        )
        for i in range(len(solar_max))
    ]


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
