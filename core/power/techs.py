"""Storage and gensets the hourly model may build or dispatch: sourced defaults (data/power_tech.csv, USD like the
measure catalogue), the zone's existing gensets, and the power layer's model data (`PowerData`: representative
days, techs, grid limit)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from core.carriers import energy_to_canonical
from core.power.export import ExportRule
from core.schema import Scenario
from core.tables import read_table
from core.year_paths import crf

TABLE = "power_tech.csv"
GENSET_FUEL = "diesel"
GENSETS = {"genset": "diesel", "genset_gas": "natural_gas"}  # new genset tech -> its fuel carrier
EXISTING = "genset_existing_"  # + fuel: the zone's existing gensets of that fuel
OUTAGE_FROM = 18  # grid outages start at 18:00, after sunset: the hours PV cannot help (assumption, stated)


@dataclass
class PowerTech:
    """A size the model chooses per year (MWh of storage energy, MW of storage power or genset capacity)."""

    id: str  # battery_energy | battery_power | genset | genset_gas | genset_existing_<fuel>
    capex: float  # per unit (MWh or MW), USD
    om: float  # per unit and year
    lifetime: int
    crf: float = 0.0
    efficiency: float = 1.0  # battery_energy: round trip
    fuel_gj_per_mwh: float = 0.0  # genset
    ub: float = 0.0  # most units active (0: nothing to build)
    fuel: str = ""  # genset: the carrier it burns
    om_per_mwh: float = 0.0  # genset: variable O&M
    existing: float = 0.0  # genset: MW in place, dispatched at no capex

    def __post_init__(self) -> None:
        self.fuel = self.fuel or GENSETS.get(self.id, "")

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
    export: list[ExportRule | None] = field(default_factory=list)  # by plan year (core.power.export); []: none
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


def default_techs(rate: float, genset: bool, fuels: tuple[str, ...] = (GENSET_FUEL,)) -> dict[str, PowerTech]:
    """Battery energy and power (always) and new gensets burning `fuels` (when `genset`), sourced defaults."""
    p = _params()
    out = {}
    gens = tuple(g for g, f in GENSETS.items() if f in fuels) if genset else ()
    for tid in ("battery_energy", "battery_power") + gens:
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
            fuel=GENSETS.get(tid, ""),
            om_per_mwh=p.get((tid, "om_per_mwh"), 0.0),
        )
    return out


def existing_gensets(mw: dict[str, float]) -> dict[str, PowerTech]:
    """The zone's existing gensets by fuel (MW free to run): no capex; the heat rate and variable O&M of the new
    genset of that fuel."""
    p = _params()
    out = {}
    for tid, fuel in GENSETS.items():
        if mw.get(fuel, 0.0) > 0:
            out[EXISTING + fuel] = PowerTech(
                id=EXISTING + fuel, capex=0.0, om=0.0, lifetime=1, fuel=fuel, existing=mw[fuel],
                fuel_gj_per_mwh=p[(tid, "fuel_gj_per_mwh")], om_per_mwh=p.get((tid, "om_per_mwh"), 0.0),
            )  # fmt: skip
    return out


def existing_genset_mw(s: Scenario) -> dict[str, float]:
    """MW of the zone's power plants burning a genset fuel (facilities of type power_plant with capacity_mw and
    fuel) left free after their baseline output: a tenant's whole use of that fuel is taken to run them (its
    baseline fuel / heat rate spread evenly over the year), so what the hourly model dispatches comes on top."""
    p = _params()
    heat = {f: p[(tid, "fuel_gj_per_mwh")] for tid, f in GENSETS.items()}
    cap: dict[tuple[str | None, str], float] = {}
    for f in s.facilities:
        if f.type == "power_plant" and f.capacity_mw and f.fuel in heat:
            cap[(f.tenant, f.fuel)] = cap.get((f.tenant, f.fuel), 0.0) + f.capacity_mw
    use = {t.id: energy_to_canonical(t.energy.quantities()) for t in s.tenants}
    out: dict[str, float] = {}
    for (tenant, fuel), mw in cap.items():
        base = use.get(tenant or "", {}).get(fuel, 0.0) / heat[fuel] / 8760
        out[fuel] = out.get(fuel, 0.0) + max(0.0, mw - base)
    return out
