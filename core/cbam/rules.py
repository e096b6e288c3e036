"""CBAM rules as data (`data/cbam/*.csv`, every row with source, url, year and status):

- `scope.csv`: CN scope by good (longest prefix wins; exclusion rows such as 7204 scrap), whether indirect
  emissions count (cement, fertilisers, agglomerated iron ore) and whether the good is in the de-minimis sum;
- `factor_schedule.csv`: the CBAM factor by year (share of the EU benchmark still given free; 0 from 2034);
- `rules.csv`: definitive period start, the 50 t de-minimis, the default EU certificate price, the CSCF;
- `grid_defaults.csv`: the Commission's grid emission factors for indirect emissions (IR 2025/2621 Annex II).

Default values and benchmarks (the big tables) are in `core.cbam.values`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from core.schema import Scenario
from core.tables import read_table
from core.year_paths import interpolate

OTHER = "OTHER"  # the "Other countries and territories" rows of IR 2025/2621


def digits(cn: str) -> str:
    """The digits of a CN code ('7318 15 90' -> '73181590')."""
    return "".join(ch for ch in str(cn) if ch.isdigit())


@dataclass(frozen=True)
class ScopeRow:
    good: str
    prefix: str  # digits
    cn: str  # as written in the table
    in_scope: bool
    indirect_counted: bool
    de_minimis: bool
    gases: str
    source: str
    status: str


@cache
def _scope_rows() -> tuple[ScopeRow, ...]:
    rows = [
        ScopeRow(
            r["good"],
            digits(r["cn_prefix"]),
            r["cn_prefix"],
            r["in_scope"] == "1",
            r["indirect_counted"] == "1",
            r["de_minimis"] == "1",
            r["gases"],
            r["source"],
            r["status"],
        )
        for r in read_table("cbam/scope.csv")
    ]
    return tuple(sorted(rows, key=lambda r: -len(r.prefix)))


def cn_scope(cn: str) -> ScopeRow | None:
    """The scope row of a CN code (longest matching prefix), None when no CBAM heading matches.
    A row with `in_scope` False is an exclusion (e.g. 7204 scrap).

    >>> cn_scope("7318 15").good, cn_scope("7204 10").in_scope, cn_scope("8471") is None
    ('iron_steel', False, True)
    """
    code = digits(cn)
    return next((r for r in _scope_rows() if code.startswith(r.prefix)), None)


def good_of(cn: str) -> str | None:
    """The CBAM good of a CN code, None when outside the scope."""
    r = cn_scope(cn)
    return r.good if r is not None and r.in_scope else None


def scope_prefixes(good: str) -> list[str]:
    """The CN headings of a good (for messages), e.g. ['2507 00 80', '2523']."""
    return sorted(r.cn for r in _scope_rows() if r.good == good and r.in_scope)


@dataclass(frozen=True)
class CbamRules:
    factor: dict[int, float]  # year -> CBAM factor (share of the benchmark still free)
    definitive_from: int
    de_minimis_t: float
    eu_price_default: float  # EUR per certificate when the scenario gives no path
    cscf: float
    table: pd.DataFrame = field(repr=False)  # the scalar rules and the factor schedule, for display


@cache
def load_rules() -> CbamRules:
    rules = {r["rule"]: float(r["value"]) for r in read_table("cbam/rules.csv")}
    sched = read_table("cbam/factor_schedule.csv")
    factor = {int(r["year"]): float(r["cbam_factor"]) for r in sched}
    table = pd.concat(
        [
            pd.DataFrame([dict(r) for r in read_table("cbam/rules.csv")]),
            pd.DataFrame([{"rule": "cbam_factor", **dict(r)} for r in sched]).rename(columns={"cbam_factor": "value"}),
        ],
        ignore_index=True,
    )
    return CbamRules(
        factor,
        int(rules["definitive_from"]),
        rules["de_minimis_t"],
        rules["eu_price_default"],
        rules["cscf"],
        table[["rule", "year", "value", "unit", "source", "url", "status", "notes"]].fillna(""),
    )


def cbam_factor(year: int, rules: CbamRules | None = None) -> float:
    """CBAM factor of `year`: 1 before the definitive period, the schedule's value, 0 after its last year.

    >>> cbam_factor(2025), cbam_factor(2026), cbam_factor(2030), cbam_factor(2034), cbam_factor(2040)
    (1.0, 0.975, 0.515, 0.0, 0.0)
    """
    r = rules or load_rules()
    if year < r.definitive_from:
        return 1.0
    if year in r.factor:
        return r.factor[year]
    return r.factor[max(r.factor)] if year > max(r.factor) else 1.0


def ets_price_path(s: Scenario, years: list[int], rules: CbamRules | None = None) -> dict[int, float]:
    """EU certificate price (EUR/t) by year: the scenario's `eu_ets_price_per_t`, else the rules' default."""
    path = s.assumptions.eu_ets_price_per_t or {2026: (rules or load_rules()).eu_price_default}
    return interpolate(path, years)


@dataclass(frozen=True)
class GridDefault:
    t_per_mwh: float
    country: str  # the row used (OTHER when the country has none)
    source: str
    status: str


def grid_default(country: str) -> GridDefault:
    """The Commission's default grid factor for indirect emissions (country row, else 'other countries')."""
    rows = {r["country"]: r for r in read_table("cbam/grid_defaults.csv")}
    r = rows.get(country) or rows[OTHER]
    return GridDefault(float(r["t_co2_per_mwh"]), r["country"], r["source"], r["status"])
