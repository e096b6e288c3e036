"""Zone GHG inventory (DESIGN section 5): Scope 1, 2 (location- and market-based), optional Scope 3, KPIs.

Boundary: the zone as one organisation (operational control) = all tenants. Conventions:
- `energy.electricity_mwh` is electricity bought from the grid; `onsite_renewable_mwh` is extra,
  self-generated renewable electricity consumed on site (zero emissions).
- Combustion: CO2, CH4 and N2O lines per fuel (IPCC 2006 Tier 1, GWP set of the scenario); biomass CO2
  is a memo line (`biogenic_co2_t`), not in totals.
- Scope 2 location-based: grid average factor (never a marginal one). Market-based: electricity
  covered by `renewable_purchase_mwh` at 0, the rest at `market_factor_t_per_mwh` (or the location
  factor when none is given). Steam counts the same in both.
- `total_t` = Scope 1 + Scope 2 location-based + the optional Scope 3 categories the scenario lists
  (none by default); `scope12_t` = Scope 1 + 2 location-based, what targets and the optimiser use.
  `total_market_t` is the same total with market-based Scope 2.
- Every line carries the factor (value, unit, source, year, status) it used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pandas as pd

from core.baseline import baseline
from core.carriers import canonical_unit, carriers, energy_to_canonical
from core.factors import (
    SCENARIO_VALUE,
    Factor,
    ch4_gwp,
    fuel_carriers,
    fuel_factor,
    grid_factor,
    grid_path,
    grid_upstream,
    gwp,
    gwp_status,
    heat_factor,
)
from core.i18n import name
from core.schema import ActualYear, Scenario, Tenant
from core.streams import wastewater_ch4_t
from core.tables import read_table
from core.units import GJ_PER_TCE

LINE_COLUMNS = [
    "tenant",
    "tenant_name",
    "sector",
    "scope",
    "source",
    "carrier",
    "gas",
    "quantity",
    "unit",
    "factor",
    "factor_unit",
    "factor_source",
    "factor_year",
    "factor_status",
    "t_co2e",
    "biogenic_co2_t",
    "scope2_market_t",
]
ENERGY_SOURCES = ("combustion", "electricity", "steam")


@dataclass(frozen=True)
class Inventory:
    """Result of `compute_inventory`. `lines` is the detail; the rest are sums of it."""

    year: int
    lines: pd.DataFrame
    totals: dict[str, float]
    kpis: dict[str, float | None]
    by_tenant: pd.DataFrame
    by_sector: pd.DataFrame
    by_source: pd.DataFrame
    by_scope: pd.DataFrame
    by_carrier: pd.DataFrame
    grid_factor: Factor
    gwp_set: str = "AR6"
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        def records(df: pd.DataFrame) -> list[dict]:
            return [{k: _plain(v) for k, v in r.items()} for r in df.to_dict(orient="records")]

        return {
            "base_year": self.year,
            **{k: round(v, 3) for k, v in self.totals.items()},
            "gwp_set": self.gwp_set,
            "grid_factor": {
                "value": self.grid_factor.value,
                "unit": self.grid_factor.unit,
                "source": self.grid_factor.source,
                "year": self.grid_factor.year,
                "status": self.grid_factor.status,
            },
            "by_tenant": records(self.by_tenant),
            "by_sector": records(self.by_sector),
            "by_source": records(self.by_source),
            "by_scope": records(self.by_scope),
            "by_carrier": records(self.by_carrier),
            "kpis": {k: _plain(v) for k, v in self.kpis.items()},
            "notes": list(self.notes),
        }


def _plain(v: Any) -> Any:
    """numpy scalars -> python; NaN -> None (JSON-safe)."""
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and v != v:
        return None
    return v


@cache
def _scope3_water() -> tuple[float, str, str]:
    r = next(r for r in read_table("scope3_factors.csv") if r["category"] == "water")
    return float(r["value"]), r["source"], r["status"]


@cache
def sectors() -> dict[str, dict[str, str]]:
    """Sector slug -> {name_en, name_zh, isic4} from data/sectors.csv."""
    return {r["sector"]: {k: r[k] for k in ("name_en", "name_zh", "isic4")} for r in read_table("sectors.csv")}


def sector_name(slug: str, lang: str = "en") -> str:
    """Display name of a sector slug; a slug not in data/sectors.csv shows as itself."""
    row = sectors().get(slug)
    return name({"sector": slug, **row}, lang) if row else slug


# ---------------------------------------------------------------- lines


def _tenant_lines(t: Tenant, s: Scenario, grid: Factor, year: int) -> list[dict[str, Any]]:
    gwp_set = s.assumptions.gwp
    base = {"tenant": t.id, "tenant_name": t.name, "sector": t.sector}
    rows: list[dict[str, Any]] = []

    def add(scope: int, source: str, carrier: str, gas: str, q: float, unit: str, f: Factor, t_co2e: float, **kw):
        rows.append(
            {
                **base,
                "scope": scope,
                "source": source,
                "carrier": carrier,
                "gas": gas,
                "quantity": q,
                "unit": unit,
                "factor": f.value,
                "factor_unit": f.unit,
                "factor_source": f.source,
                "factor_year": f.year,
                "factor_status": f.status,
                "t_co2e": t_co2e,
                "biogenic_co2_t": kw.get("biogenic_co2_t", 0.0),
                "scope2_market_t": kw.get("scope2_market_t", 0.0),
            }
        )

    energy = energy_to_canonical(t.energy.quantities())
    # Scope 1: stationary combustion, one line per gas
    for c in fuel_carriers():
        q = energy.get(c, 0.0)
        if q <= 0:
            continue
        ff = fuel_factor(c, s)
        co2 = Factor(ff.co2_kg_per_gj / 1000, "tCO2/GJ", ff.source, 2006, ff.status)
        if ff.biogenic:
            add(1, "combustion", c, "CO2_biogenic", q, "GJ", co2, 0.0, biogenic_co2_t=q * co2.value)
        else:
            add(1, "combustion", c, "CO2", q, "GJ", co2, q * co2.value)
        g_ch4 = ch4_gwp(ff.biogenic, gwp_set)
        ch4 = Factor(
            ff.ch4_kg_per_gj * g_ch4 / 1000, "tCO2e/GJ", f"{ff.source}; GWP {gwp_set} {g_ch4:g}", 2006, ff.status
        )
        add(1, "combustion", c, "CH4", q, "GJ", ch4, q * ch4.value)
        g_n2o = gwp("N2O", gwp_set)
        n2o = Factor(
            ff.n2o_kg_per_gj * g_n2o / 1000, "tCO2e/GJ", f"{ff.source}; GWP {gwp_set} {g_n2o:g}", 2006, ff.status
        )
        add(1, "combustion", c, "N2O", q, "GJ", n2o, q * n2o.value)
    # Scope 1: process and fugitive
    if t.process_emissions_t > 0:
        f = Factor(1.0, "tCO2e/tCO2e", "reported by the tenant", year, "reported")
        add(1, "process", "", "CO2e", t.process_emissions_t, "tCO2e", f, t.process_emissions_t)
    for r in t.refrigerants:
        if r.leak_kg <= 0:
            continue
        g = gwp(r.gas, gwp_set)
        f = Factor(g / 1000, "tCO2e/kg", f"GWP100 {gwp_set} {r.gas} = {g:g} (data/gwp.csv)", None, gwp_status(r.gas))
        add(1, "fugitive", "", r.gas, r.leak_kg, "kg", f, r.leak_kg * g / 1000)
    ww = wastewater_ch4_t(t, gwp_set)
    if ww > 0:
        mcf_note = f"IPCC 2006 Vol.5 Ch.6: COD x 0.25 kg CH4/kg COD x MCF ({t.wastewater_treatment}) x GWP {gwp_set}"
        f = Factor(ww / t.wastewater_cod_t, "tCO2e/t COD", mcf_note, 2006, "verified")
        add(1, "wastewater", "", "CH4", t.wastewater_cod_t, "t COD", f, ww)
    # Scope 2: purchased electricity (location and market) and steam
    mwh = energy.get("electricity", 0.0)
    if mwh > 0:
        market_f = s.assumptions.market_factor_t_per_mwh
        market_f = grid.value if market_f is None else market_f
        covered = min(t.renewable_purchase_mwh, mwh)
        add(
            2,
            "electricity",
            "electricity",
            "CO2e",
            mwh,
            "MWh",
            grid,
            mwh * grid.value,
            scope2_market_t=(mwh - covered) * market_f,
        )
    gj = energy.get("steam", 0.0)
    if gj > 0:
        hf = heat_factor(s)
        add(2, "steam", "steam", "CO2", gj, "GJ", hf, gj * hf.value, scope2_market_t=gj * hf.value)
    # Scope 3 (optional categories)
    if "water" in s.assumptions.scope3 and t.water_m3 > 0:
        kwh_per_m3, src, status = _scope3_water()
        f = Factor(kwh_per_m3 * grid.value, "tCO2e/m3", f"{src} x grid {grid.value:g} t/MWh", grid.year, status)
        add(3, "water", "", "CO2e", t.water_m3, "m3", f, t.water_m3 * f.value)
    if "upstream_energy" in s.assumptions.scope3 and mwh > 0:
        up = grid_upstream(s.zone.country)
        if up is not None:
            add(3, "upstream_energy", "electricity", "CO2e", mwh, "MWh", up, mwh * up.value)
    return rows


def _scope3_notes(s: Scenario) -> list[str]:
    notes = []
    cats = s.assumptions.scope3
    if "waste" in cats:
        notes.append("Scope 3 waste: left out - no sourced factor for waste sent off-site in data/ yet.")
    if "upstream_energy" in cats:
        if grid_upstream(s.zone.country) is None:
            notes.append(f"Scope 3 upstream energy: left out - no sourced upstream factor for {s.zone.country}.")
        else:
            notes.append("Scope 3 upstream energy: electricity only (official upstream factor); fuels left out.")
    if "water" in cats:
        notes.append("Scope 3 water: supply energy of purchased water (0.37 kWh/m3) x grid factor.")
    return notes


# ---------------------------------------------------------------- actual years (monitoring)


def _apply_actuals(s: Scenario, actual: ActualYear) -> tuple[list[Tenant], list[str]]:
    """Tenants with a year's measured data in place of the baseline; unreported tenants keep baseline."""
    by_id = {a.id: a for a in actual.tenants}
    out, missing = [], []
    for t in s.tenants:
        a = by_id.get(t.id)
        if a is None:
            missing.append(t.id)
            out.append(t)
            continue
        upd = a.model_dump(exclude={"id"})
        if a.output_musd is None:
            upd.pop("output_musd")
        upd["energy"] = a.energy
        out.append(t.model_copy(update=upd))
    notes = [f"{actual.year}: no actual data for {', '.join(missing)}; baseline values used."] if missing else []
    return out, notes


# ---------------------------------------------------------------- public API


def compute_inventory(s: Scenario, actual: ActualYear | None = None) -> Inventory:
    """GHG inventory of the base year (or of a monitored year when `actual` is given)."""
    year = s.base_year if actual is None else actual.year
    tenants, notes = (list(s.tenants), []) if actual is None else _apply_actuals(s, actual)
    grid = _grid_for(s, year)
    rows: list[dict[str, Any]] = []
    for t in tenants:
        rows += _tenant_lines(t, s, grid, year)
    lines = pd.DataFrame(rows, columns=LINE_COLUMNS)
    for c in ("quantity", "factor", "t_co2e", "biogenic_co2_t", "scope2_market_t"):
        lines[c] = lines[c].astype(float)
    lines["scope"] = lines["scope"].astype(int)

    def sum_of(mask) -> float:
        return float(lines.loc[mask, "t_co2e"].sum())

    s1 = sum_of(lines["scope"] == 1)
    s2 = sum_of(lines["scope"] == 2)
    s3 = sum_of(lines["scope"] == 3)
    s2m = float(lines["scope2_market_t"].sum())
    totals = {
        "total_t": s1 + s2 + s3,
        "total_market_t": s1 + s2m + s3,
        "scope12_t": s1 + s2,
        "scope1_t": s1,
        "scope2_location_t": s2,
        "scope2_market_t": s2m,
        "scope3_t": s3,
        "biogenic_co2_t": float(lines["biogenic_co2_t"].sum()),
    }
    by_tenant = _by_tenant(tenants, rows)
    return Inventory(
        year=year,
        lines=lines,
        totals=totals,
        kpis=_kpis(s, tenants, lines, totals),
        by_tenant=by_tenant,
        by_sector=_by_sector(by_tenant),
        by_source=_group(lines, ["scope", "source"]),
        by_scope=_group(lines, ["scope"]),
        by_carrier=_by_carrier(tenants, lines),
        grid_factor=grid,
        gwp_set=s.assumptions.gwp,
        notes=notes + _scope3_notes(s),
    )


def _grid_for(s: Scenario, year: int) -> Factor:
    v = grid_path(s, [year])[year]
    if s.assumptions.grid_factor_t_per_mwh:
        return Factor(v, "tCO2/MWh", SCENARIO_VALUE, year, "user")
    return grid_factor(s.zone.country, s.base_year)


# ---------------------------------------------------------------- aggregates and KPIs


def _group(lines: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    g = lines.groupby(keys, as_index=False)[["t_co2e", "scope2_market_t", "biogenic_co2_t"]].sum()
    return g.sort_values("t_co2e", ascending=False, ignore_index=True)


def _by_tenant(tenants: list[Tenant], rows: list[dict[str, Any]]) -> pd.DataFrame:
    # plain-python sums: a boolean mask per tenant costs ~10 ms each in pandas
    acc = {t.id: {"s1": 0.0, "s2": 0.0, "s3": 0.0, "mkt": 0.0, "bio": 0.0} for t in tenants}
    for r in rows:
        a = acc[r["tenant"]]
        a[f"s{r['scope']}"] += r["t_co2e"]
        a["mkt"] += r["scope2_market_t"]
        a["bio"] += r["biogenic_co2_t"]
    out = []
    for t in tenants:
        a = acc[t.id]
        total = a["s1"] + a["s2"] + a["s3"]
        out.append(
            {
                "tenant": t.id,
                "tenant_name": t.name,
                "sector": t.sector,
                "scope1_t": a["s1"],
                "scope2_location_t": a["s2"],
                "scope2_market_t": a["mkt"],
                "scope3_t": a["s3"],
                "total_t": total,
                "biogenic_co2_t": a["bio"],
                "output_musd": t.output_musd,
                "intensity_t_per_musd": total / t.output_musd if t.output_musd > 0 else None,
                "lat": t.location[0],
                "lon": t.location[1],
            }
        )
    return pd.DataFrame(out).sort_values("total_t", ascending=False, ignore_index=True)


def _by_sector(by_tenant: pd.DataFrame) -> pd.DataFrame:
    cols = ["scope1_t", "scope2_location_t", "scope2_market_t", "scope3_t", "total_t", "output_musd"]
    g = by_tenant.groupby("sector", as_index=False)[cols].sum()
    g["tenants"] = by_tenant.groupby("sector")["tenant"].count().reindex(g["sector"]).to_numpy()
    g["name_en"] = [sector_name(x, "en") for x in g["sector"]]
    g["name_zh"] = [sector_name(x, "zh") for x in g["sector"]]
    return g.sort_values("total_t", ascending=False, ignore_index=True)


def _by_carrier(tenants: list[Tenant], lines: pd.DataFrame) -> pd.DataFrame:
    use = dict.fromkeys(carriers(), 0.0)
    for t in tenants:
        for c, q in energy_to_canonical(t.energy.quantities()).items():
            use[c] += q
    energy_lines = lines[lines["source"].isin(ENERGY_SOURCES)]
    em = energy_lines.groupby("carrier")["t_co2e"].sum()
    rows = [
        {"carrier": c, "quantity": q, "unit": canonical_unit(c), "t_co2e": float(em.get(c, 0.0))}
        for c, q in use.items()
        if q > 0
    ]
    return pd.DataFrame(rows, columns=["carrier", "quantity", "unit", "t_co2e"])


def _ratio(a: float, b: float) -> float | None:
    return a / b if b > 0 else None


def _kpis(s: Scenario, tenants: list[Tenant], lines: pd.DataFrame, totals: dict[str, float]) -> dict:
    b = baseline(s, tenants)
    mb = b.metric_base
    energy_tce = b.energy_gj / GJ_PER_TCE
    energy_t = float(lines.loc[lines["source"].isin(ENERGY_SOURCES), "t_co2e"].sum())
    output = b.output_musd
    return {
        "total_t": totals["total_t"],
        "total_market_t": totals["total_market_t"],
        "intensity_t_per_musd": _ratio(totals["total_t"], output),
        "t_per_ha": _ratio(totals["total_t"], s.zone.area_ha),
        "energy_gj": b.energy_gj,
        "energy_tce": energy_tce,
        "energy_gj_per_musd": mb["energy_intensity"],
        "t_co2_per_tce": _ratio(energy_t, energy_tce),
        "electricity_mwh": b.demand_mwh,
        "renewable_share": mb["renewable_share"],
        "waste_recycling_rate": mb["waste_recycling_rate"],
        "water_reuse_rate": mb["water_reuse_rate"],
        "clean_energy_share": mb["clean_energy_share"],
        "output_musd": output,
    }
