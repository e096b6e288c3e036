"""Scenario -> the numbers the model needs (ModelData): BAU by carrier and year, factors, prices,
measures with per-unit coefficients and tight upper bounds, targets. No solver code here.

Units: electricity MWh, other carriers GJ (canonical), emissions tCO2e, money scenario currency.
Index `i` runs over plan years (`years[i]`).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from core.baseline import Baseline, baseline
from core.carriers import input_keys, to_canonical
from core.catalogue import resolve_measures, resource_caps, stream_saving, unavailable
from core.load_profiles import daylight_share
from core.power.export import export_rules
from core.power.segments import DEFAULT_SEGMENTS, segment_days
from core.power.slices import DEFAULT_DAYS, zone_slices
from core.power.techs import (
    GENSET_FUEL,
    OUTAGE_FROM,
    PowerData,
    default_techs,
    existing_genset_mw,
    existing_gensets,
    storage_years,
)
from core.schema import Measure, Scenario
from core.site import zone_location
from core.streams import stream_of
from core.targets import annual_targets
from core.year_paths import crf, discount_factors, interpolate

# stream kind -> emission source name of the plan tables (process kinds become process_<kind>)
NON_ENERGY_SOURCE = {"process": "process", "fugitive": "fugitive", "wastewater": "wastewater"}


@dataclass
class MeasureData:
    id: str
    capex: float  # per unit, real outlay in the install year
    annual: float  # capex x CRF + fixed O&M, per active unit and year
    lifetime: int
    first: int  # index of the first year it may be installed
    ub: float  # most active units (tight: no more than can be useful)
    integer: bool
    eff: dict[str, list[float]]  # carrier -> per-unit change of use by year (absolute + share x BAU)
    gen: float = 0.0  # renewable electricity supplied, MWh per unit (displaces grid)
    process: float = 0.0  # tCO2e per unit
    offsets: float = 0.0  # tCO2e per unit (net emissions only)
    water: float = 0.0  # m3 withdrawal change per unit
    waste: float = 0.0  # t diverted per unit
    resources: dict[str, float] = field(default_factory=dict)
    group: str | None = None
    requires: list[str] = field(default_factory=list)
    crf: float = 0.0
    om: float = 0.0
    stream: str | None = None  # the stream it acts on (core.streams key)
    stream_saving: float = 0.0  # what one active unit removes from that stream
    build_share: float = 1.0  # most of its bound that may be installed in one year (pace)
    solar: bool = False  # its generation follows the sun (annual mode: at most the daylight share of demand)


@dataclass
class TargetRow:
    metric: str
    basis: str
    year: int
    value: float
    norm: float  # shortfall unit: the base-year value of the metric (1 where it is 0)
    source: str = ""


@dataclass
class ModelData:
    years: list[int]
    base_year: int
    carriers: list[str]
    bau: dict[str, list[float]]  # carrier -> BAU use by year (electricity: grid purchase)
    ef: dict[str, list[float]]  # tCO2e per canonical unit
    price: dict[str, list[float]]  # currency per canonical unit
    carbon_price: list[float]
    df: list[float]  # discount factors
    process_bau: list[float]  # process + fugitive tCO2e
    renewable_bau: list[float]  # MWh on-site renewable + green purchases (renewable share numerator)
    onsite_bau: list[float]  # MWh on-site renewable consumed (part of electricity demand)
    water_bau: list[float]  # m3 withdrawn
    water_demand: list[float]  # m3 withdrawn + reused (fixed)
    waste_gen: list[float]
    waste_recycled_bau: list[float]
    output: list[float]  # million currency
    measures: list[MeasureData]
    resources: dict[str, float | None]
    budget: list[float | None]
    targets: list[TargetRow]
    export_allowed: bool = False
    streams: dict[str, list[float]] = field(default_factory=dict)  # stream -> BAU quantity by year
    non_energy: dict[str, list[float]] = field(default_factory=dict)  # source -> BAU tCO2e by year (sum: process_bau)
    delivery: list[float | None] = field(default_factory=list)  # delivery capacity, capex per year
    offsets_cap: list[float] = field(default_factory=list)  # most offsets per year, tCO2e
    daylight_share: float = 1.0  # share of electricity demand in PV hours (annual-mode bound on solar)
    currency: str = "USD"
    notes: list[tuple[str, dict]] = field(default_factory=list)  # (i18n key in namespace 'plan', fields)
    info: dict[str, dict] = field(default_factory=dict)  # measure id -> display and siting fields
    sites: Any = None  # core.optimise.sites.SiteData: who each measure acts on and who pays (None: not known)
    power: PowerData | None = None  # hourly mode (core.optimise.power_model); None: annual balance

    @property
    def hourly(self) -> bool:
        """Hourly mode: the electricity balance of every plan year on representative days inside the model."""
        return self.power is not None and self.power.hourly

    def shortfall_key(self) -> str:
        """Hash of everything the shortfall phase depends on (not prices, carbon price, discounting, O&M)."""
        keep = asdict(self)
        for k in ("price", "carbon_price", "df", "currency", "notes", "info"):
            keep.pop(k)
        for m in keep["measures"]:
            for k in ("annual", "crf", "om"):
                m.pop(k)
            if all(b is None for b in self.budget) and all(x is None for x in self.delivery):
                m.pop("capex")
        blob = json.dumps(keep, sort_keys=True, default=str).encode()
        return hashlib.sha1(blob, usedforsecurity=False).hexdigest()


# ---------------------------------------------------------------- scenario -> ModelData


def _prices(s: Scenario, years: list[int]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    keys = input_keys()
    for k, path in s.assumptions.prices.items():
        carrier_unit = k.replace("_per_", "_")
        c, per_canonical = keys[carrier_unit].carrier, keys[carrier_unit].to_canonical
        if c not in out:
            vals = interpolate(path, years)
            out[c] = [vals[y] / per_canonical for y in years]
    return out


def _canonical_effects(m: Measure) -> tuple[dict[str, float], dict[str, float]]:
    energy: dict[str, float] = {}
    other: dict[str, float] = {}
    for k, v in m.effects.quantities().items():
        if k in input_keys():
            c, q = to_canonical(k, v)
            energy[c] = energy.get(c, 0.0) + q
        else:
            other[k] = v
    return energy, other


def _year_amounts(b: float | dict[int, float] | None, years: list[int]) -> list[float | None]:
    """A money limit given as one number or a year path, for every plan year (None: no limit)."""
    if b is None:
        return [None] * len(years)
    if isinstance(b, int | float):
        return [float(b)] * len(years)
    vals = interpolate(b, years)
    return [vals[y] for y in years]


def prepare(
    s: Scenario,
    b: Baseline | None = None,
    adjust: Callable[[list[Measure]], list[Measure]] | None = None,
    power_mode: str = "annual",
    days: int = DEFAULT_DAYS,
    segments: int = DEFAULT_SEGMENTS,
) -> ModelData:
    """All model numbers for a scenario: BAU from its Baseline, prices, measures, annual targets. `adjust`
    changes the resolved measures first (tenant mode: core.optimise.sites); in hourly `power_mode`, the
    representative days (`days` of them, each in `segments` slots) and the storage and gensets it may build."""
    b = b or baseline(s)
    outage = s.zone.grid_outage_hours_per_day or 0.0
    genset = power_mode == "hourly" and (s.zone.grid_connection_mw is not None or outage > 0)
    years = list(b.years)
    cp = interpolate(s.assumptions.carbon_price_per_t, years)
    df = discount_factors(years, b.base_year, s.assumptions.discount_rate)
    prices = _prices(s, years)

    measures = resolve_measures(s, b)
    if adjust is not None:
        measures = adjust(measures)
    used = {c for c, q in b.energy.items() if q > 0}
    for m in measures:
        energy, _ = _canonical_effects(m)
        used |= {c for c, v in energy.items() if v} | {c for c, v in m.share_effects.items() if v}
    if any(m.effects.quantities().get("onsite_renewable_mwh") for m in measures):
        used.add("electricity")
    if power_mode == "hourly" and "electricity" in used:
        used |= set(genset_fuels(s, prices, genset)) | set(_existing(s, prices))
    carriers = [c for c in b.ef if c in used]

    d = ModelData(
        years=years,
        base_year=b.base_year,
        carriers=carriers,
        bau={c: b.bau(b.energy.get(c, 0.0)) for c in carriers},
        ef={c: b.ef_path(c) for c in carriers},
        price={c: prices.get(c, [0.0] * len(years)) for c in carriers},
        carbon_price=[cp[y] for y in years],
        df=[df[y] for y in years],
        process_bau=b.bau(b.process_t + b.fugitive_t),
        renewable_bau=b.bau(b.onsite_mwh + b.green_mwh),
        onsite_bau=b.bau(b.onsite_mwh),
        water_bau=b.bau(b.water_m3),
        water_demand=b.water_demand,
        waste_gen=b.waste_gen,
        waste_recycled_bau=b.bau(b.waste_recycled_t),
        output=b.output,
        measures=[],
        resources=resource_caps(s),
        budget=_year_amounts(s.budget.capex_per_year, years),
        targets=[],
        export_allowed=s.zone.grid_export_allowed,
        currency=s.currency,
        delivery=_year_amounts(s.budget.delivery_capex_per_year, years),
        offsets_cap=[s.targets.offsets_max_share * b.emissions_t] * len(years),
        daylight_share=daylight_share(s.tenants),
    )
    d.non_energy = {
        NON_ENERGY_SOURCE[k.partition(":")[0]] + (f"_{k.partition(':')[2]}" if ":" in k else ""): b.bau(v)
        for k, v in sorted(b.streams.items())
        if k.partition(":")[0] in NON_ENERGY_SOURCE
    }
    ww_intensity = b.wastewater_t / b.streams["wastewater_cod"] if b.streams.get("wastewater_cod") else 0.0
    if none := unavailable(s, b):
        d.notes.append(("unavailable", {"ids": ", ".join(sorted({m for m, _ in none}))}))
    missing = [c for c in carriers if c not in prices and any(d.bau[c])]
    if missing:
        d.notes.append(("no_price", {"carriers": ", ".join(missing)}))
    d.measures = [measure_data(m, d, s.assumptions.discount_rate, ww_intensity) for m in measures]
    d.streams = {k: b.bau(stream_of(b.streams, k)) for k in sorted({m.stream for m in d.measures if m.stream})}
    d.info = {m.id: measure_info(m) for m in measures}
    d.measures = bound_measures(d)
    if "electricity" in carriers:  # annual mode: the days check the annual plan hour by hour afterwards
        d.power = power_data(s, d, b.base_year, days, genset, power_mode == "hourly", segments)

    base = b.metric_base
    for r in annual_targets(s, base).itertuples():
        v = base.get(r.metric)
        norm = abs(v) if v else 1.0
        d.targets.append(TargetRow(r.metric, r.basis, int(r.year), float(r.target), norm, r.source))
    return d


def genset_fuels(s: Scenario, prices: dict, genset: bool) -> tuple[str, ...]:
    """Fuels of the new gensets offered (`genset`: the zone has a grid limit or outages): diesel, and natural gas
    where the scenario prices it."""
    if not genset:
        return ()
    return (GENSET_FUEL,) + (("natural_gas",) if "natural_gas" in prices else ())


def _existing(s: Scenario, prices: dict) -> dict[str, float]:
    """Free MW of the zone's existing gensets by fuel, for fuels the scenario prices (unpriced fuel would run free)."""
    return {f: mw for f, mw in existing_genset_mw(s).items() if f in prices and mw > 0}


def power_data(
    s: Scenario, d: ModelData, base_year: int, days: int, genset: bool, hourly: bool = True, segments: int = 24
) -> PowerData:
    """Representative days of the zone (tenants' shift patterns, PV at the zone's latitude) and the techs, each
    bounded by what can be useful: storage energy by a day's largest possible load (it cycles daily), power
    and genset by the peak of the largest possible load. Hourly mode: grid export by year (core.power.export)."""
    at = zone_location(s)
    sl = zone_slices(s.tenants, base_year, at[0] if at else 0.0, days)
    outage = round(s.zone.grid_outage_hours_per_day or 0.0)
    hours = [(OUTAGE_FROM + h) % 24 for h in range(outage)]
    load, pv, dur = segment_days(sl.load, sl.pv, segments if hourly else 24, hours)
    n = len(d.years)
    most = max((d.bau["electricity"][i] + d.onsite_bau[i] for i in range(n)), default=0.0)
    for m in d.measures:
        up = max(m.eff.get("electricity", [0.0]), default=0.0)
        if up > 0 and math.isfinite(m.ub):
            most += up * m.ub
    prices = {c: v for c, v in d.price.items() if c in _prices(s, d.years)}
    techs = default_techs(s.assumptions.discount_rate, genset, genset_fuels(s, prices, genset)) if hourly else {}
    peak = max(max(r) for r in sl.load) * most
    for t in techs.values():
        t.ub = most / 365 if t.id == "battery_energy" else (3 * peak if t.id == "battery_power" else peak)
    storage: list[bool] = []
    if hourly and s.zone.grid_connection_mw is None and not outage:
        gen = lambda m, solar: m.gen * m.ub if m.gen and m.solar == solar else 0.0  # noqa: E731
        solar_max = [d.onsite_bau[i] + sum(gen(m, True) for m in d.measures) for i in range(n)]
        flat_max = [sum(gen(m, False) for m in d.measures)] * n
        cut = lambda m, i: min(0.0, m.eff.get("electricity", [0.0] * n)[i] * m.ub) if m.ub else 0.0  # noqa: E731
        low = [d.bau["electricity"][i] + d.onsite_bau[i] + sum(cut(m, i) for m in d.measures) for i in range(n)]
        storage = storage_years(load, pv, solar_max, flat_max, [max(0.0, x) for x in low], dur)
    if hourly:
        techs.update(existing_gensets({f: mw for f, mw in _existing(s, prices).items() if f in d.carriers}))
    export: list = []
    if hourly and "electricity" in d.price:
        z = s.zone
        gens = [t for t in techs.values() if t.fuel]  # cheapest genset running cost per MWh, by year
        cost = lambda t, i: d.price.get(t.fuel, [0.0] * n)[i] * t.fuel_gj_per_mwh + t.om_per_mwh  # noqa: E731
        run = [min(cost(t, i) for t in gens) for i in range(n)] if gens else None
        export, notes = export_rules(
            z.country, d.years, d.price["electricity"], z.grid_export_allowed, z.grid_export_price_per_mwh, s.currency,
            run,
        )  # fmt: skip
        d.notes += notes
    return PowerData(
        weights=list(sl.weights),
        load=load,
        pv=pv,
        techs=techs,
        grid_mw=s.zone.grid_connection_mw,
        days=list(sl.days),
        hourly=hourly,
        outage_hours=hours,
        storage=storage,
        dur=dur,
        export=export,
    )


INFO_FIELDS = ("name_en", "name_zh", "area", "unit", "tenant", "facility", "from_facility", "to_facility", "source")


def measure_info(m: Measure) -> dict:
    """Display and siting fields of a measure (ids apart from names)."""
    out = {k: getattr(m, k) for k in INFO_FIELDS}
    out.update(capex_per_unit=m.capex_per_unit, om_per_unit_year=m.om_per_unit_year, lifetime_years=m.lifetime_years)
    out.update(integer=m.integer, max_units=m.max_units, exclusion_group=m.exclusion_group, requires=list(m.requires))
    return out


def measure_data(m: Measure, d: ModelData, rate: float, ww_intensity: float = 0.0) -> MeasureData:
    """Per-unit coefficients of one measure. A measure on the wastewater COD stream removes the zone's CH4 per
    t COD (`ww_intensity`, tCO2e/t) on top of its own effects."""
    energy, other = _canonical_effects(m)
    n = len(d.years)
    eff: dict[str, list[float]] = {}
    for c in set(energy) | set(m.share_effects):
        absolute = energy.get(c, 0.0)
        share = m.share_effects.get(c, 0.0)
        base = d.bau.get(c, [0.0] * n)
        if c == "electricity":  # a share of all electricity use (grid + on-site)
            base = [b + o for b, o in zip(base, d.onsite_bau, strict=True)]
        eff[c] = [absolute + share * base[i] for i in range(n)]
    first = int(m.lead_time_years)  # decided in the first plan year, operating after its lead time
    if m.earliest_year is not None:
        first = max(first, m.earliest_year - d.years[0])
    process = other.get("process_emissions_t", 0.0)
    if m.acts_on == "wastewater_cod":
        process -= ww_intensity
    stream = m.acts_on or ("process" if process < 0 else None)  # a zone's own process measure: all process CO2
    return MeasureData(
        id=m.id,
        capex=m.capex_per_unit,
        annual=m.capex_per_unit * crf(rate, m.lifetime_years) + m.om_per_unit_year,
        lifetime=m.lifetime_years,
        first=min(first, n),
        ub=math.inf if m.max_units is None else m.max_units,
        integer=m.integer,
        eff={c: v for c, v in eff.items() if any(v)},
        gen=other.get("onsite_renewable_mwh", 0.0),
        process=process,
        offsets=other.get("offsets_t", 0.0),
        water=other.get("water_m3", 0.0),
        waste=other.get("waste_diverted_t", 0.0),
        resources=dict(m.resource_use),
        group=m.exclusion_group,
        requires=list(m.requires),
        crf=crf(rate, m.lifetime_years),
        om=m.om_per_unit_year,
        stream=stream,
        stream_saving=stream_saving(m, stream) if stream else 0.0,
        build_share=m.max_build_share_per_year,
        solar=other.get("onsite_renewable_mwh", 0.0) > 0 and bool({"roof_area_m2", "land_ha"} & set(m.resource_use)),
    )


def bound_measures(d: ModelData) -> list[MeasureData]:
    """Tighten each measure's upper bound to the units that can still be useful.

    A unit is useful while one of its savings has something left to save: a carrier saving up to
    the carrier's largest possible use, generation up to electricity demand, offsets up to the largest
    gross emissions, water/process up to theirs. A measure that handles waste is bounded by the waste there is (its
    other effects, e.g. diesel saved per t diverted, come with that waste). Measures with no useful effect get 0 unless
    another measure requires them. Resource limits cap the rest.
    """
    n = len(d.years)
    required = {r for m in d.measures for r in m.requires}
    maxuse = {c: max(d.bau[c]) if n else 0.0 for c in d.carriers}

    def useful(m: MeasureData, use: dict[str, float], gross: float) -> float:
        caps = []
        for c, v in m.eff.items():
            worst = min(v) if v else 0.0
            if worst < 0:
                caps.append(use.get(c, 0.0) / -worst)
        if m.gen > 0:
            caps.append(use.get("electricity", 0.0) / m.gen)
        if m.process < 0:
            caps.append(max(d.process_bau, default=0.0) / -m.process)
        if m.water < 0:
            caps.append(max(d.water_bau, default=0.0) / -m.water)
        if m.offsets > 0:
            caps.append(gross / m.offsets)
        if m.waste > 0:  # its units are waste handled: none beyond the waste there is, whatever else they save
            gap = max((g - r for g, r in zip(d.waste_gen, d.waste_recycled_bau, strict=True)), default=0.0)
            return gap / m.waste
        return max(caps, default=0.0)

    # first pass: bounds from BAU use; second: carriers may grow by what other measures add
    bounds = {}
    for m in d.measures:
        u = useful(m, maxuse, 0.0)
        bounds[m.id] = min(u, m.ub)
    use = dict(maxuse)
    for m in d.measures:
        b = bounds[m.id]
        if math.isfinite(b):
            for c, v in m.eff.items():
                if max(v) > 0:
                    use[c] = use.get(c, 0.0) + max(v) * b
    gross = sum(use.get(c, 0.0) * max(d.ef[c]) for c in d.carriers) + max(d.process_bau, default=0.0)
    out = []
    for m in d.measures:
        u = min(useful(m, use, gross), m.ub)
        if u == 0 and m.id in required:
            u = m.ub if math.isfinite(m.ub) else 1.0
        for r, per in m.resources.items():
            cap = d.resources.get(r)
            if per > 0 and cap is not None:
                u = min(u, cap / per)
        if m.integer:
            u = math.ceil(u - 1e-9) if u < m.ub else math.floor(m.ub + 1e-9)
        m.ub = max(0.0, float(u))
        out.append(m)
    return out
