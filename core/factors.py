"""Emission factors, GWP sets and grid factors from data/ (every number with its source).

Tables: ``data/fuel_factors.csv`` (IPCC 2006 Tier 1 per GJ NCV), ``data/gwp.csv`` (AR4/AR5/AR6 GWP100),
``data/grid_factors.csv`` (grid factors: `kind` = average | marginal | upstream | excluded; `boundary` =
combustion | lifecycle | upstream; averages carry a `rank`: 1 official national, 2 other direct-combustion
average, 3 Ember (lifecycle), 4 Electricity Maps (lifecycle)), ``data/heat_factors.csv`` (steam).

Scope 2 (location-based) uses only `average` rows, direct-combustion ones before lifecycle ones (which
include upstream fuel supply, i.e. overlap Scope 3.3). Margin factors (operating / build / combined
margin: IFI harmonised, Viet Nam's DCC series) are kept apart in `grid_marginal` for avoided-emission
estimates and are never used for Scope 2: a margin row marked `average` is refused when the table loads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from core.carriers import carriers
from core.i18n import t
from core.schema import Scenario
from core.tables import read_table
from core.year_paths import interpolate

GWP_SETS = ("AR4", "AR5", "AR6")
SCENARIO_VALUE = "scenario"  # source of a value the scenario sets itself (shown in words by `source_text`)
OVERRIDE = "scenario override: "  # + the user's own source text
STATUS_WORD = {"reported": "user"}  # statuses shown as another legend word: a tenant's reported figure is its own


def source_text(source: str, lang: str) -> str:
    """A source as shown to a reader: cited works as published, the scenario's own values and missing sources in
    words."""
    if not source or source.startswith("no source"):
        return t("reports.no_source", lang)
    if source == SCENARIO_VALUE:
        return t("common.source_scenario", lang)
    if source.startswith(OVERRIDE):
        return t("common.source_override", lang, src=source.removeprefix(OVERRIDE))
    return source


@dataclass(frozen=True)
class Factor:
    value: float
    unit: str
    source: str
    year: int | None
    status: str


@dataclass(frozen=True)
class FuelFactor:
    """Combustion factors of one carrier per GJ (NCV); CO2 of biogenic fuels is a memo item."""

    carrier: str
    co2_kg_per_gj: float
    ch4_kg_per_gj: float
    n2o_kg_per_gj: float
    biogenic: bool
    source: str
    status: str

    def co2e_t_per_gj(self, gwp_set: str = "AR6") -> float:
        """Counted tCO2e per GJ: fossil CO2 + CH4 + N2O (biogenic CO2 excluded)."""
        co2 = 0.0 if self.biogenic else self.co2_kg_per_gj
        ch4 = self.ch4_kg_per_gj * ch4_gwp(self.biogenic, gwp_set)
        return (co2 + ch4 + self.n2o_kg_per_gj * gwp("N2O", gwp_set)) / 1000.0


def _rows(name: str) -> tuple[Mapping[str, str], ...]:
    return read_table(name)


# ---------------------------------------------------------------- GWP


@cache
def _gwp_table() -> dict[str, dict[str, float]]:
    return {r["gas"]: {s: float(r[s.lower()]) for s in GWP_SETS} for r in _rows("gwp.csv")}


def gwp_status(gas: str) -> str:
    """Status of a gas's GWP row in data/gwp.csv (the legend)."""
    return next((r["status"] for r in _rows("gwp.csv") if r["gas"] == gas), "unverified")


def gases() -> tuple[str, ...]:
    """Gas names accepted by `gwp` (CO2, CH4, N2O, SF6, HFC-134a, R-410A, ...)."""
    return tuple(_gwp_table())


def gwp(gas: str, gwp_set: str = "AR6") -> float:
    """GWP100 of a gas in a set (AR4, AR5, AR6). KeyError names the allowed values."""
    table = _gwp_table()
    if gas not in table:
        raise KeyError(f"unknown gas {gas!r}; known: {', '.join(table)}")
    if gwp_set not in GWP_SETS:
        raise KeyError(f"unknown GWP set {gwp_set!r}; known: {', '.join(GWP_SETS)}")
    return table[gas][gwp_set]


def ch4_gwp(biogenic: bool, gwp_set: str = "AR6") -> float:
    """CH4 GWP for combustion: AR6 distinguishes fossil (29.8) and biogenic (27.0); AR5/AR4 use generic CH4."""
    if gwp_set == "AR6":
        return gwp("CH4_biogenic" if biogenic else "CH4_fossil", gwp_set)
    return gwp("CH4", gwp_set)


# ---------------------------------------------------------------- fuels and heat


@cache
def _fuel_table() -> dict[str, FuelFactor]:
    out = {}
    for r in _rows("fuel_factors.csv"):
        out[r["carrier"]] = FuelFactor(
            carrier=r["carrier"],
            co2_kg_per_gj=float(r["co2_kg_per_gj"]),
            ch4_kg_per_gj=float(r["ch4_kg_per_gj"]),
            n2o_kg_per_gj=float(r["n2o_kg_per_gj"]),
            biogenic=r["co2_type"] == "biogenic",
            source=r["source"],
            status=r["status"],
        )
    return out


def fuel_carriers() -> tuple[str, ...]:
    """Carriers burnt on site (Scope 1), as in data/fuel_factors.csv."""
    return tuple(_fuel_table())


def fuel_factor(carrier: str, s: Scenario | None = None) -> FuelFactor:
    """IPCC default for a fuel, with the scenario's `assumptions.emission_factor_overrides` applied."""
    table = _fuel_table()
    if carrier not in table:
        raise KeyError(f"no combustion factor for {carrier!r}; fuels: {', '.join(table)}")
    f = table[carrier]
    o = s.assumptions.emission_factor_overrides.get(carrier) if s is not None else None
    if o is None:
        return f
    return FuelFactor(
        carrier=carrier,
        co2_kg_per_gj=f.co2_kg_per_gj if o.co2_kg_per_gj is None else o.co2_kg_per_gj,
        ch4_kg_per_gj=f.ch4_kg_per_gj if o.ch4_kg_per_gj is None else o.ch4_kg_per_gj,
        n2o_kg_per_gj=f.n2o_kg_per_gj if o.n2o_kg_per_gj is None else o.n2o_kg_per_gj,
        biogenic=f.biogenic,
        source=f"{OVERRIDE}{o.source}",
        status="user",
    )


@cache
def _heat_default() -> Factor:
    r = next(r for r in _rows("heat_factors.csv") if r["carrier"] == "steam")
    return Factor(float(r["value_t_per_gj"]), "tCO2/GJ", r["source"], int(r["year"]), r["status"])


def heat_factor(s: Scenario | None = None) -> Factor:
    """Purchased steam/heat factor, tCO2/GJ (default 0.11, unverified); a scenario override wins."""
    o = s.assumptions.emission_factor_overrides.get("steam") if s is not None else None
    if o is not None and o.co2_kg_per_gj is not None:
        return Factor(o.co2_kg_per_gj / 1000.0, "tCO2/GJ", f"{OVERRIDE}{o.source}", None, "user")
    return _heat_default()


# ---------------------------------------------------------------- grid electricity


MARGIN_WORDS = ("margin", "_om", "_bm", "_cm")
GRID_BOUNDARIES = ("combustion", "lifecycle", "upstream")


def is_margin(row: Mapping[str, str]) -> bool:
    """True for an operating / build / combined margin factor (by `kind` or by its `metric` name)."""
    metric = row["metric"].lower()
    return row["kind"] == "marginal" or any(w in metric for w in MARGIN_WORDS)


def check_grid_rows(rows: tuple[Mapping[str, str], ...]) -> tuple[Mapping[str, str], ...]:
    """The margin rule: no margin factor may be a Scope 2 `average`; every row names its boundary."""
    for r in rows:
        if r["kind"] == "average" and is_margin(r):
            raise ValueError(
                f"grid_factors.csv: {r['iso3']} {r['metric']} {r['year']} is a margin factor and cannot be a "
                "Scope 2 average (mark it kind=marginal)"
            )
        if r["boundary"] not in GRID_BOUNDARIES:
            raise ValueError(f"grid_factors.csv: {r['iso3']} {r['metric']}: boundary must be one of {GRID_BOUNDARIES}")
    return rows


@cache
def _grid_rows() -> tuple[Mapping[str, str], ...]:
    return check_grid_rows(_rows("grid_factors.csv"))


@cache
def known_countries() -> frozenset[str]:
    """ISO3 codes of the countries with a Scope 2 (average) grid factor."""
    return frozenset(r["iso3"] for r in _grid_rows() if r["kind"] == "average")


def _factor(r: Mapping[str, str]) -> Factor:
    what = r["metric"]
    if r["boundary"] == "lifecycle":
        what += "; lifecycle: includes upstream fuel supply (overlaps Scope 3.3), no direct average known"
    return Factor(
        value=float(r["value_t_per_mwh"]),
        unit="tCO2/MWh",
        source=f"{r['source']} ({what})",
        year=int(r["year"]) if r["year"].isdigit() else None,
        status=r["status"],
    )


def _pick_year(rows: list[Mapping[str, str]], year: int | None) -> Mapping[str, str]:
    """Latest row not after `year` (or the latest of all when none is that old / year is None)."""
    rows = sorted(rows, key=lambda r: int(r["year"]))
    if year is not None:
        older = [r for r in rows if int(r["year"]) <= year]
        if older:
            return older[-1]
        return rows[0]
    return rows[-1]


def _preference(r: Mapping[str, str]) -> tuple[bool, int]:
    """Direct-combustion averages first, then lifecycle ones; within each, the lower rank."""
    return (r["boundary"] != "combustion", int(r["rank"]))


def grid_factor(country: str, year: int | None = None) -> Factor:
    """Location-based average grid factor (tCO2/MWh) for Scope 2: the preferred source of the country
    (direct-combustion official > other direct average > Ember lifecycle > Electricity Maps lifecycle), the
    latest year not after `year`. Margin factors are never returned."""
    rows = [r for r in _grid_rows() if r["iso3"] == country and r["kind"] == "average"]
    if not rows:
        raise KeyError(f"no grid average factor for {country!r}; known: {', '.join(sorted(known_countries()))}")
    best = min(_preference(r) for r in rows)
    return _factor(_pick_year([r for r in rows if _preference(r) == best], year))


def grid_marginal(country: str, metric: str = "combined_margin_intermittent_RE", year: int | None = None) -> Factor:
    """Marginal factor (for avoided emissions of PV/wind; never Scope 2), the latest year not after `year`.

    metric: combined_margin_intermittent_RE | combined_margin_consumption | operating_margin (IFI harmonised
    2021) | combined_margin_official (Viet Nam DCC series).
    """
    rows = [r for r in _grid_rows() if r["iso3"] == country and r["kind"] == "marginal" and r["metric"] == metric]
    if not rows:
        raise KeyError(f"no marginal factor {metric!r} for {country!r}")
    return _factor(_pick_year(rows, year))


def grid_upstream(country: str) -> Factor | None:
    """Upstream (Scope 3, category 3) electricity factor where an official one is known, else None."""
    for r in _grid_rows():
        if r["iso3"] == country and r["kind"] == "upstream":
            return _factor(r)
    return None


def grid_path(s: Scenario, years: list[int]) -> dict[int, float]:
    """Location-based grid factor by year: `assumptions.grid_factor_t_per_mwh` if given, else flat at the
    country's factor for the base year."""
    path = s.assumptions.grid_factor_t_per_mwh
    if path:
        return interpolate(path, years)
    f = grid_factor(s.zone.country, s.base_year).value
    return dict.fromkeys(years, f)


def grid_factor_for(s: Scenario) -> Factor:
    """The base-year location-based grid factor the scenario uses, with its source."""
    path = s.assumptions.grid_factor_t_per_mwh
    if path:
        v = interpolate(path, [s.base_year])[s.base_year]
        return Factor(v, "tCO2/MWh", SCENARIO_VALUE, s.base_year, "user")
    return grid_factor(s.zone.country, s.base_year)


# ---------------------------------------------------------------- per-carrier table for the optimiser


def emission_factor_table(s: Scenario, years: list[int]) -> dict[str, dict[int, float]]:
    """tCO2e per canonical unit for every carrier and year.

    electricity: t/MWh, location-based grid path; steam: t/GJ; fuels: t/GJ of fossil CO2 + CH4 + N2O
    (scenario GWP set); biomass: CH4 + N2O only (its CO2 is biogenic).
    """
    out: dict[str, dict[int, float]] = {}
    for c in carriers():
        if c == "electricity":
            out[c] = grid_path(s, years)
        elif c == "steam":
            out[c] = dict.fromkeys(years, heat_factor(s).value)
        else:
            out[c] = dict.fromkeys(years, fuel_factor(c, s).co2e_t_per_gj(s.assumptions.gwp))
    return out
