"""The zone's base year and its business-as-usual (BAU) paths, built once per scenario.

`baseline(s)` -> a frozen `Baseline`: base-year quantities summed over tenants (energy by carrier in
canonical units, on-site and purchased renewable electricity, process and fugitive emissions, water,
waste, output), the activity index of every year, emission factors by year, each target metric's
base-year value and BAU path. The optimiser (`core.optimise.data.prepare`), the inventory's KPIs, the
catalogue's potentials, targets, CBAM and evaluation read it; nothing else recomputes these numbers.

`metrics(flows, ...)` is the one definition of how yearly quantities become the target metrics: BAU
(`Baseline.bau_flows`) and every plan (`core.optimise.readback`) go through it.

Conventions: electricity `energy["electricity"]` is grid purchase (MWh); demand = grid + on-site
renewable; renewable share = (on-site + green purchases) / demand; BAU quantities scale with activity.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from core.carriers import carriers, energy_to_canonical
from core.factors import emission_factor_table, gwp
from core.schema import Scenario, Tenant
from core.streams import wastewater_ch4_t, zone_streams
from core.units import GJ_PER_MWH, GJ_PER_TCE
from core.year_paths import interpolate


def activity_index(s: Scenario, years: Sequence[int]) -> dict[int, float]:
    """Activity relative to the base year (1.0): the occupancy path, or constant growth."""
    a = s.assumptions.activity
    if a.path is not None:
        return interpolate({s.base_year: 1.0, **a.path}, years)
    g = a.growth or 0.0
    return {y: (1.0 + g) ** (y - s.base_year) for y in years}


def fugitive_t(tenants: Sequence[Tenant], gwp_set: str) -> float:
    """Refrigerant leaks in tCO2e (kg x GWP / 1000)."""
    return sum(r.leak_kg * gwp(r.gas, gwp_set) / 1000.0 for t in tenants for r in t.refrigerants)


@dataclass(frozen=True)
class Flows:
    """Yearly physical quantities (lists over plan years), BAU or a plan's."""

    use: Mapping[str, Sequence[float]]  # carrier -> use in canonical units; electricity = grid purchase
    demand_mwh: Sequence[float]  # electricity demand: grid + on-site renewable
    green_mwh: Sequence[float]  # renewable purchases (market-based, count in the renewable share)
    process_t: Sequence[float]  # process + fugitive tCO2e
    offsets_t: Sequence[float]
    water_m3: Sequence[float]  # withdrawn
    recycled_t: Sequence[float]
    fossil_mwh: Sequence[float] = ()  # electricity made on site from fuel (gensets; its fuel is in `use`)


def metrics(
    f: Flows,
    ef: Mapping[str, Sequence[float]],
    output: Sequence[float],
    waste_gen: Sequence[float],
    water_demand: Sequence[float],
) -> dict[str, list]:
    """Per-year emissions by source, gross/net emissions, energy and every target metric of `f`."""
    n = len(output)
    nan = float("nan")
    by_source = {c: [f.use[c][i] * ef[c][i] for i in range(n)] for c in f.use}
    by_source["process"] = list(f.process_t)
    gross = [sum(v[i] for v in by_source.values()) for i in range(n)]
    net = [gross[i] - f.offsets_t[i] for i in range(n)]
    fossil = f.fossil_mwh or [0.0] * n  # counted by its fuel in energy use, never as renewable
    energy_gj = [
        sum(f.use[c][i] for c in f.use if c != "electricity") + GJ_PER_MWH * (f.demand_mwh[i] - fossil[i])
        for i in range(n)
    ]
    grid = f.use.get("electricity", [0.0] * n)
    renewable = [f.demand_mwh[i] - grid[i] - fossil[i] + f.green_mwh[i] for i in range(n)]
    ratio = lambda a, b: a / b if b > 0 else nan  # noqa: E731
    biomass = f.use.get("biomass", [0.0] * n)
    clean = [GJ_PER_MWH * renewable[i] + biomass[i] for i in range(n)]  # renewable electricity + biomass, GJ
    return {
        "carbon_per_energy": [ratio(gross[i], energy_gj[i] / GJ_PER_TCE) for i in range(n)],
        "clean_share": [ratio(clean[i], energy_gj[i]) for i in range(n)],
        "by_source": by_source,
        "gross": gross,
        "net": net,
        "offsets": list(f.offsets_t),
        "energy_gj": energy_gj,
        "renewable_share": [ratio(renewable[i], f.demand_mwh[i]) for i in range(n)],
        "waste_rate": [ratio(f.recycled_t[i], waste_gen[i]) for i in range(n)],
        "water_rate": [1 - f.water_m3[i] / water_demand[i] if water_demand[i] > 0 else nan for i in range(n)],
    }


def metric_value(q: Mapping[str, list], output: Sequence[float], metric: str, basis: str, i: int) -> float:
    """Value of a target metric in year index i from `metrics(...)` output."""
    if metric in ("emissions", "emission_intensity"):
        e = q["net" if basis == "net" else "gross"][i]
        return e if metric == "emissions" else (e / output[i] if output[i] > 0 else float("nan"))
    if metric == "energy_intensity":
        return q["energy_gj"][i] / output[i] if output[i] > 0 else float("nan")
    key = {
        "renewable_share": "renewable_share",
        "waste_recycling_rate": "waste_rate",
        "water_reuse_rate": "water_rate",
        "carbon_per_energy": "carbon_per_energy",
        "clean_energy_share": "clean_share",
    }
    return q[key[metric]][i]


@dataclass(frozen=True)
class Baseline:
    """Base-year quantities of a zone (summed over tenants) and their BAU paths over the plan years."""

    base_year: int
    years: tuple[int, ...]  # plan years
    activity: Mapping[int, float]  # base year and plan years -> index (base year 1.0)
    energy: Mapping[str, float]  # carrier -> base-year use, canonical units (electricity: grid purchase)
    onsite_mwh: float  # on-site renewable electricity consumed
    green_mwh: float  # renewable purchases (each tenant's capped at its grid use)
    process_t: float  # process emissions reported by tenants, tCO2e
    fugitive_t: float  # refrigerant leaks, tCO2e
    wastewater_t: float  # CH4 of on-site wastewater treatment, tCO2e
    water_m3: float
    water_reused_m3: float
    waste_t: float
    waste_recycled_t: float
    output_musd: float
    ef: Mapping[str, Mapping[int, float]]  # carrier -> year (base and plan) -> tCO2e per canonical unit
    streams: Mapping[str, float]  # core.streams keys -> base-year quantity

    @property
    def non_energy_t(self) -> float:
        """Process + fugitive + wastewater emissions (the model's `process` quantity), tCO2e."""
        return self.process_t + self.fugitive_t + self.wastewater_t

    # ------------------------------------------------------------ base year

    @property
    def demand_mwh(self) -> float:
        """Electricity demand: grid purchase + on-site renewable."""
        return self.energy.get("electricity", 0.0) + self.onsite_mwh

    @property
    def energy_gj(self) -> float:
        """Final energy use: fuels and steam in GJ + electricity demand at 3.6 GJ/MWh."""
        return sum(q for c, q in self.energy.items() if c != "electricity") + GJ_PER_MWH * self.demand_mwh

    @property
    def emissions_t(self) -> float:
        """Base-year Scope 1 + 2 (location-based): energy x factors + process + fugitive."""
        y = self.base_year
        return sum(q * self.ef[c][y] for c, q in self.energy.items()) + self.non_energy_t

    @cached_property
    def metric_base(self) -> dict[str, float | None]:
        """Base-year value of each target metric (None where it is undefined, e.g. no waste)."""
        ratio = lambda a, b: a / b if b > 0 else None  # noqa: E731
        demand = self.water_m3 + self.water_reused_m3
        return {
            "emissions": self.emissions_t,
            "emission_intensity": ratio(self.emissions_t, self.output_musd),
            "energy_intensity": ratio(self.energy_gj, self.output_musd),
            "renewable_share": ratio(self.onsite_mwh + self.green_mwh, self.demand_mwh),
            "waste_recycling_rate": ratio(self.waste_recycled_t, self.waste_t),
            "water_reuse_rate": ratio(demand - self.water_m3, demand),
            "carbon_per_energy": ratio(self.emissions_t, self.energy_gj / GJ_PER_TCE),
            "clean_energy_share": ratio(
                GJ_PER_MWH * (self.onsite_mwh + self.green_mwh) + self.energy.get("biomass", 0.0), self.energy_gj
            ),
        }

    # ------------------------------------------------------------ BAU paths over plan years

    def bau(self, base_value: float) -> list[float]:
        """A base-year quantity scaled by activity over the plan years."""
        return [base_value * self.activity[y] for y in self.years]

    def ef_path(self, carrier: str) -> list[float]:
        return [self.ef[carrier][y] for y in self.years]

    @cached_property
    def output(self) -> list[float]:
        return self.bau(self.output_musd)

    @cached_property
    def waste_gen(self) -> list[float]:
        return self.bau(self.waste_t)

    @cached_property
    def water_demand(self) -> list[float]:
        return self.bau(self.water_m3 + self.water_reused_m3)

    def bau_flows(self, carriers_: Sequence[str] | None = None) -> Flows:
        """BAU quantities by year (electricity use = grid purchase)."""
        cs = list(carriers_) if carriers_ is not None else [c for c, q in self.energy.items() if q > 0]
        n = len(self.years)
        return Flows(
            use={c: self.bau(self.energy.get(c, 0.0)) for c in cs},
            demand_mwh=self.bau(self.demand_mwh),
            green_mwh=self.bau(self.green_mwh),
            process_t=self.bau(self.non_energy_t),
            offsets_t=[0.0] * n,
            water_m3=self.bau(self.water_m3),
            recycled_t=self.bau(self.waste_recycled_t),
        )

    @cached_property
    def bau_metrics(self) -> dict[str, list]:
        """`metrics(...)` of the BAU flows."""
        f = self.bau_flows()
        ef = {c: self.ef_path(c) for c in f.use}
        return metrics(f, ef, self.output, self.waste_gen, self.water_demand)

    def bau_path(self, metric: str, basis: str = "gross") -> dict[int, float]:
        """BAU value of a target metric for every plan year."""
        q = self.bau_metrics
        return {y: metric_value(q, self.output, metric, basis, i) for i, y in enumerate(self.years)}


def baseline(s: Scenario, tenants: Sequence[Tenant] | None = None) -> Baseline:
    """The Baseline of a scenario (of `tenants` in place of the scenario's, e.g. a monitored year's)."""
    ts = list(s.tenants if tenants is None else tenants)
    years = tuple(s.plan_years)
    energy = dict.fromkeys(carriers(), 0.0)
    green = 0.0
    for t in ts:
        e = energy_to_canonical(t.energy.quantities())
        for c, q in e.items():
            energy[c] += q
        green += min(t.renewable_purchase_mwh, e.get("electricity", 0.0))
    all_years = [s.base_year, *years]
    return Baseline(
        base_year=s.base_year,
        years=years,
        activity=activity_index(s, all_years),
        energy=energy,
        onsite_mwh=sum(t.onsite_renewable_mwh for t in ts),
        green_mwh=green,
        process_t=sum(t.process_emissions_t for t in ts),
        fugitive_t=fugitive_t(ts, s.assumptions.gwp),
        wastewater_t=sum(wastewater_ch4_t(t, s.assumptions.gwp) for t in ts),
        water_m3=sum(t.water_m3 for t in ts),
        water_reused_m3=sum(t.water_reused_m3 for t in ts),
        waste_t=sum(t.waste_t for t in ts),
        waste_recycled_t=sum(t.waste_recycled_t for t in ts),
        output_musd=sum(t.output_musd for t in ts),
        ef=emission_factor_table(s, all_years),
        streams=zone_streams(ts, s.assumptions.gwp),
    )
