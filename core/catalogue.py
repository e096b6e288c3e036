"""Measure catalogue: load data/measures.csv, apply a scenario's overrides, derive potentials, check.

A catalogue row is a `core.schema.Measure` (with `acts_on`: the stream it reduces, `lead_time_years`,
`max_build_share_per_year`) plus catalogue-only columns:
- `potential`: the share of its stream (core.streams) a measure saves at full adoption; max_units = that
  share of the stream at the horizon (after the measures before it on the same stream) / saving per unit;
- `source`, `url`, `year`, `status` (verified / secondary / unverified / assumption) of the main number;
  every parameter's own source is in data/measure_sources.csv.
Roof- and land-using measures are also limited by the facilities' roofs and the zone's free land.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache

import pandas as pd

from core.baseline import Baseline, baseline
from core.carriers import input_keys, to_canonical
from core.geo import link_capex
from core.host import Instrument, has_host_data, instruments, tariff
from core.schema import Effects, Measure, Scenario
from core.site import pv_yield_for
from core.streams import stream_of
from core.tables import read_table

CATALOGUE = "measures.csv"


def _pairs(text: str) -> dict[str, float]:
    """'a=1;b=-2' -> {'a': 1.0, 'b': -2.0}."""
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in (text or "").split(";"))):
        k, _, v = part.partition("=")
        out[k.strip()] = float(v)
    return out


def _rows() -> tuple[Mapping[str, str], ...]:
    return read_table(CATALOGUE)


def _measure(r: Mapping[str, str]) -> Measure:
    opt = lambda k, f: f(r[k]) if r.get(k, "").strip() else None  # noqa: E731
    data = {
        "id": r["id"],
        "name_en": r["name_en"],
        "name_zh": r["name_zh"],
        "area": r["area"],
        "unit": r["unit"],
        "capex_per_unit": float(r["capex_per_unit"]),
        "om_per_unit_year": float(r["om_per_unit_year"] or 0),
        "lifetime_years": int(r["lifetime_years"]),
        "earliest_year": opt("earliest_year", int),
        "max_units": opt("max_units", float),
        "integer": r["integer"].strip().lower() == "true",
        "effects": _pairs(r["effects"]),
        "share_effects": _pairs(r["share_effects"]),
        "resource_use": _pairs(r["resource_use"]),
        "exclusion_group": r["exclusion_group"] or None,
        "requires": [x for x in r["requires"].split(";") if x],
        "source": r["source"],
        "acts_on": r["acts_on"] or None,
        "lead_time_years": float(r["lead_time_years"] or 0),
        "max_build_share_per_year": float(r["max_build_share_per_year"] or 1),
    }
    return Measure.model_validate(data)


@cache
def _catalogue() -> tuple[Measure, ...]:
    return tuple(_measure(r) for r in _rows())


def catalogue_ids() -> frozenset[str]:
    """Ids of the default catalogue's measures."""
    return frozenset(m.id for m in _catalogue())


def load_catalogue() -> list[Measure]:
    """The default measures of data/measures.csv (validated)."""
    return list(_catalogue())


@cache
def potentials() -> dict[str, float]:
    """Catalogue id -> share of its `acts_on` stream it can save at full adoption (empty: no stream)."""
    return {r["id"]: float(r["potential"]) for r in _rows() if r["acts_on"] and r["potential"]}


def catalogue_table() -> pd.DataFrame:
    """The catalogue as a table for display (all columns, with source, status and notes)."""
    return pd.DataFrame([dict(r) for r in _rows()])


# ---------------------------------------------------------------- scenario -> measures


def merged_measures(s: Scenario) -> list[Measure]:
    """Catalogue (or nothing) + overrides - disabled + custom; no derived potentials."""
    base = list(_catalogue()) if s.measures.catalogue == "default" else []
    by_id = {m.id: m for m in base}
    for o in s.measures.overrides:
        if o.id in by_id:
            change = o.model_dump(exclude_none=True, exclude={"id"})
            # nested models are re-validated from plain data
            by_id[o.id] = Measure.model_validate({**by_id[o.id].model_dump(exclude_none=True), **change})
    disabled = set(s.measures.disabled)
    out = [by_id[m.id] for m in base if m.id not in disabled]
    out += [m for m in s.measures.custom if m.id not in disabled and m.id not in by_id]
    return out


def roof_area_m2(s: Scenario) -> float:
    return sum(f.roof_area_m2 or 0.0 for f in s.facilities)


def resource_caps(s: Scenario) -> dict[str, float | None]:
    """Available resources: roof from facilities, free land from the zone (none declared = none free),
    grid connection from the zone (None = no limit)."""
    return {
        "roof_area_m2": roof_area_m2(s),
        "land_ha": s.zone.land_available_ha or 0.0,
        "grid_connection_mw": s.zone.grid_connection_mw,
    }


def stream_saving(m: Measure, key: str) -> float:
    """What one unit of a measure removes from a stream (positive; canonical units, tCO2e or t COD)."""
    q = m.effects.quantities()
    kind, _, _ = key.partition(":")
    if key == "wastewater_cod":
        return 1.0  # units are t COD treated
    if kind in ("process", "fugitive", "wastewater"):
        return -q.get("process_emissions_t", 0.0)
    if kind == "water":
        return -q.get("water_m3", 0.0)
    total = q.get("onsite_renewable_mwh", 0.0) if kind == "electricity" else 0.0  # supply displaces grid MWh
    for k, v in q.items():
        if k in input_keys():
            c, x = to_canonical(k, v)
            total -= x if c == kind else 0.0
    return total


def _chains(ms: list[Measure], b: Baseline) -> dict[str, float]:
    """Most units of each stream-bound measure: measures on one stream take, smallest share first (efficiency
    before switching fuel or capturing: a 7 % economiser acts on the steam before an electric boiler takes the
    rest), their share of what the earlier ones leave at full potential, so together they never exceed the
    stream (the model adds a row per stream too); members of one exclusion group are alternatives (one slot)."""
    pots = potentials()
    act = b.activity[b.years[-1]] if b.years else 1.0

    def share_of(m: Measure) -> float:  # a measure with its own max_units takes what they save
        if m.max_units is None:
            return pots.get(m.id, 1.0)
        stream, per_unit = stream_of(b.streams, m.acts_on) * act, stream_saving(m, m.acts_on)
        return min(1.0, m.max_units * per_unit / stream) if stream > 0 else 0.0

    slots: dict[str, dict[str, float]] = {}  # stream -> earlier slots (group or id) -> largest share
    out: dict[str, float] = {}
    bound = [m for m in ms if m.acts_on]
    for m in sorted(bound, key=share_of):  # stable: catalogue order among equal shares
        key, share = m.acts_on, share_of(m)
        stream = stream_of(b.streams, key) * act
        per_unit = stream_saving(m, key)
        grp = m.exclusion_group or m.id
        earlier = slots.setdefault(key, {})
        avail = math.prod(1.0 - sh for g, sh in earlier.items() if g != grp)
        if m.max_units is None:
            out[m.id] = share * avail * stream / per_unit if per_unit > 0 and stream > 0 else 0.0
        earlier[grp] = max(earlier.get(grp, 0.0), share)
    return out


def unavailable(s: Scenario, b: Baseline | None = None) -> list[tuple[str, str]]:
    """(measure id, why) of the measures the zone cannot use: their stream does not exist there ('<stream>'),
    or the host country's rules offer no such instrument ('host rules')."""
    b = b or baseline(s)
    out = [(m.id, m.acts_on) for m in merged_measures(s) if m.acts_on and stream_of(b.streams, m.acts_on) <= 0]
    if has_host_data(s.zone.country) and green_power_instrument(s) is None:
        out += [(m.id, "host rules") for m in merged_measures(s) if m.id == GREEN_POWER]
    return out


# site: catalogue solar measures were written for this yield (MWh per kWp per year); their effects scale to the site's
SOLAR_REFERENCE_YIELD = {"rooftop_pv": 1.4, "ground_pv": 1.4, "solar_diesel_hybrid": 1.6}
GREEN_POWER = "green_ppa"  # the catalogue's contracted green power: exists only where the host country offers it
GREEN_POWER_KINDS = ("direct_ppa", "utility_green_tariff", "private_wire_ppa")


def _at_site(s: Scenario, m: Measure) -> Measure:
    """A catalogue solar measure with its effects scaled to the zone's PV yield (core.site)."""
    ref = SOLAR_REFERENCE_YIELD.get(m.id)
    if (
        ref is None
        or s.measures.catalogue != "default"
        or any(o.id == m.id and o.effects for o in s.measures.overrides)
    ):
        return m
    y = pv_yield_for(s)
    k = y.value / ref
    effects = {key: v * k for key, v in m.effects.quantities().items()}
    note = f"{m.source}; yield {y.value:.2f} MWh/kWp at the site: {y.source} [{y.status}]"
    return m.model_copy(update={"effects": Effects(**effects), "source": note})


def green_power_instrument(s: Scenario) -> Instrument | None:
    """The host country's way for a zone to buy green power in the first plan year that has one (None where
    the country's rules offer none; a country without host data keeps the generic instrument)."""
    for year in s.plan_years:
        got = [i for i in instruments(s.zone.country, year) if i.kind in GREEN_POWER_KINDS]
        if got:
            return sorted(got, key=lambda i: (i.check, GREEN_POWER_KINDS.index(i.kind)))[0]
    return None


def _host_rules(s: Scenario, m: Measure) -> Measure | None:
    """Green power as the host country sells it: its instrument, start date and price; None if it has none."""
    if m.id != GREEN_POWER or not has_host_data(s.zone.country):
        return m
    inst = green_power_instrument(s)
    if inst is None:
        return None
    update: dict = {"source": f"{inst.name} ({inst.kind.replace('_', ' ')}): {inst.source} [{inst.status}]"}
    if inst.available_from is not None and inst.available_from.year > s.base_year:
        update["earliest_year"] = max(inst.available_from.year, m.earliest_year or 0)
    grid = next((t.usd_per_mwh for t in tariff(s.zone.country) if t.usd_per_mwh), None)
    if inst.price_basis == "premium_over_tariff" and inst.usd_per_mwh is not None and grid is not None:
        update["om_per_unit_year"] = grid + inst.usd_per_mwh  # the tariff still paid + the green premium, per MWh
    elif inst.price_basis == "absolute" and inst.usd_per_mwh is not None:
        update["om_per_unit_year"] = inst.usd_per_mwh
    return m.model_copy(update=update)


def resolve_measures(s: Scenario, b: Baseline | None = None) -> list[Measure]:
    """The measures the optimiser may use, with max_units derived where the scenario leaves them open: the
    measure's share of its stream at the horizon (core.streams; chained, see `_chains`) and the roof or land
    that roof- and land-using measures need."""
    b = b or baseline(s)
    ms = []
    for m in merged_measures(s):
        hosted = _host_rules(s, _at_site(s, m))
        ms.append(hosted if hosted is not None else m.model_copy(update={"max_units": 0.0}))
    chained = _chains(ms, b)
    caps = resource_caps(s)
    out = []
    for m in ms:
        limit = chained.get(m.id, m.max_units)
        for r, use in m.resource_use.items():
            if use > 0 and caps.get(r) is not None:
                cap = caps[r] / use
                limit = cap if limit is None else min(limit, cap)
        if pipe := link_capex(s, m):  # geography feeds the optimiser: pipe cost from the map distance
            m = m.model_copy(update={"capex_per_unit": m.capex_per_unit + pipe})
        if limit is not None and m.integer:
            limit = float(math.floor(limit + 1e-9))
        if limit != m.max_units:
            m = m.model_copy(update={"max_units": limit})
        out.append(m)
    return out
