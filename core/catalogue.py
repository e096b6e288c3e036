"""Measure catalogue: load data/measures.csv, apply a scenario's overrides, derive potentials, check.

A catalogue row is a `core.schema.Measure` plus two catalogue-only columns:
- `potential`: most a measure can save, as a share of the zone's BAU use at the horizon
  (`electricity=0.15` -> max_units = 0.15 x BAU electricity / saving per unit); keys are carriers,
  `water` (m3 withdrawn) or `process` (process + fugitive tCO2e).
- `status`: verified / secondary / partly verified / unverified (from ../shared/domain/REFERENCE.md).
Roof-using measures get their potential from the facilities' roof area.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache

import pandas as pd

from core.baseline import Baseline, baseline
from core.carriers import carriers, input_keys, to_canonical
from core.geo import link_capex
from core.schema import Measure, Scenario
from core.tables import read_table

CATALOGUE = "measures.csv"
POTENTIAL_KEYS = (*carriers(), "water", "process")


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
        "source": f"{r['source']} [{r['status']}]",
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
def potentials() -> dict[str, dict[str, float]]:
    """Catalogue id -> {potential key: share of BAU use}."""
    return {r["id"]: _pairs(r["potential"]) for r in _rows()}


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


def bau_horizon(b: Baseline) -> dict[str, float]:
    """BAU use at the horizon by potential key (carriers canonical, water m3, process tCO2e)."""
    act = b.activity[b.years[-1]] if b.years else 1.0
    out = {c: q * act for c, q in b.energy.items()}
    out["water"] = b.water_m3 * act
    out["process"] = (b.process_t + b.fugitive_t) * act
    return out


def _unit_effect(m: Measure, key: str) -> float:
    """Per-unit effect of a measure on a potential key (canonical units)."""
    if key == "water":
        return m.effects.quantities().get("water_m3", 0.0)
    if key == "process":
        return m.effects.quantities().get("process_emissions_t", 0.0)
    q = m.effects.quantities()
    total = -q.get("onsite_renewable_mwh", 0.0) if key == "electricity" else 0.0  # supply displaces grid MWh
    for k, v in m.effects.quantities().items():
        if k in input_keys():
            c, q = to_canonical(k, v)
            total += q if c == key else 0.0
    return total


def resolve_measures(s: Scenario, b: Baseline | None = None) -> list[Measure]:
    """The measures the optimiser may use, with max_units derived where the scenario leaves them open:
    catalogue potentials (share of BAU use at the horizon) and roof area for roof-using measures."""
    pots = potentials()
    bau = None
    caps = resource_caps(s)
    out = []
    for m in merged_measures(s):
        limit = m.max_units
        if limit is None and pots.get(m.id):
            bau = bau if bau is not None else bau_horizon(b or baseline(s))
            for key, share in pots[m.id].items():
                per_unit = _unit_effect(m, key)
                if per_unit < 0:
                    cap = share * bau.get(key, 0.0) / -per_unit
                    limit = cap if limit is None else min(limit, cap)
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
