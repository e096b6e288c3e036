"""CBAM rules as data: the phase-in share, default-value mark-ups, de-minimis, default values, ETS price.

- The CBAM share is 1 - the free allocation still granted that year (`data/cbam_rules.csv`); 0 before the
  definitive period (DEFINITIVE_FROM).
- Default SEE: `data/cbam_defaults.csv` (longest CN prefix, country-specific before `*`) plus the year's
  mark-up; electricity exports default to the grid factor of the year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from core.schema import Scenario
from core.tables import read_table
from core.year_paths import interpolate

DEFINITIVE_FROM = 2026  # first year with certificates to surrender (Reg (EU) 2023/956)


@dataclass(frozen=True)
class CbamRules:
    share: dict[int, float]  # year -> share of embedded emissions charged (1 - CBAM factor)
    markup: dict[str, dict[int, float]]  # good or '*' -> year -> mark-up on default values
    de_minimis_t: float
    de_minimis_goods: frozenset[str]
    indirect_goods: frozenset[str]
    ets_price_default: dict[int, float]  # EUR/t, used when the scenario gives no path
    table: pd.DataFrame = field(repr=False)  # the CSV, for display with sources and status


@cache
def load_rules() -> CbamRules:
    """Rules from data/cbam_rules.csv."""
    df = pd.DataFrame([dict(r) for r in read_table("cbam_rules.csv")])
    share: dict[int, float] = {}
    markup: dict[str, dict[int, float]] = {}
    de_min, de_goods, ind_goods, ets = 50.0, set(), set(), {}
    for r in df.itertuples():
        y, v = int(r.year), float(r.value)
        if r.rule == "cbam_share":
            share[y] = v
        elif r.rule == "default_markup":
            markup.setdefault(r.good, {})[y] = v
        elif r.rule == "de_minimis_t":
            de_min = v
        elif r.rule == "de_minimis_goods" and v:
            de_goods.add(r.good)
        elif r.rule == "indirect_counted" and v:
            ind_goods.add(r.good)
        elif r.rule == "eu_ets_price_default":
            ets[y] = v
    return CbamRules(share, markup, de_min, frozenset(de_goods), frozenset(ind_goods), ets, df)


def cbam_share(year: int, rules: CbamRules | None = None) -> float:
    """Share of embedded emissions charged in `year`: 0 before the definitive period, the table's value
    for listed years, the last listed value after (1.0 once free allocation is gone).

    >>> cbam_share(2025), cbam_share(2026), cbam_share(2030), cbam_share(2040)
    (0.0, 0.025, 0.485, 1.0)
    """
    r = rules or load_rules()
    if year < DEFINITIVE_FROM:
        return 0.0
    known = [y for y in sorted(r.share) if y <= year]
    return r.share[known[-1]] if known else 0.0


def default_markup(good: str, year: int, rules: CbamRules | None = None) -> float:
    """Mark-up added to default values in `year` (a good-specific row wins over '*'; step function).

    >>> default_markup("iron_steel", 2026), default_markup("iron_steel", 2031), default_markup("fertilisers", 2030)
    (0.1, 0.3, 0.01)
    """
    r = rules or load_rules()
    table = r.markup.get(good) or r.markup.get("*", {})
    known = [y for y in sorted(table) if y <= year]
    return table[known[-1]] if known else 0.0


@dataclass(frozen=True)
class DefaultValue:
    direct_t_per_t: float
    indirect_t_per_t: float
    source: str
    status: str
    cn_prefix: str
    country: str


def _defaults() -> tuple[Mapping[str, str], ...]:
    return read_table("cbam_defaults.csv")


def _digits(cn: str) -> str:
    return "".join(ch for ch in cn if ch.isdigit())


def default_value(good: str, cn_code: str, country: str) -> DefaultValue | None:
    """Default SEE for a good and CN code from data/cbam_defaults.csv: longest matching CN prefix first,
    then the country's own row before '*'. None when nothing is sourced for the good.

    >>> default_value("iron_steel", "7207 11", "THA").direct_t_per_t
    3.0
    >>> default_value("hydrogen", "2804 10 00", "THA") is None
    True
    """
    code = _digits(cn_code)
    best: tuple[tuple[int, int], dict[str, str]] | None = None
    for r in _defaults():
        prefix = _digits(r["cn_prefix"])
        if r["good"] != good or not code.startswith(prefix) or r["country"] not in ("*", country):
            continue
        rank = (len(prefix), r["country"] == country)
        if best is None or rank > best[0]:
            best = (rank, r)
    if best is None:
        return None
    r = best[1]
    return DefaultValue(
        float(r["direct_t_per_t"]),
        float(r["indirect_t_per_t"] or 0),
        r["source"],
        r["status"],
        r["cn_prefix"],
        r["country"],
    )


def ets_price_path(s: Scenario, years: list[int], rules: CbamRules | None = None) -> dict[int, float]:
    """EU ETS price (EUR/t) by year: the scenario's `eu_ets_price_per_t`, else the rules' default."""
    path = s.assumptions.eu_ets_price_per_t or (rules or load_rules()).ets_price_default
    return interpolate(path, years)
