"""Framework indicators (guide chapter 9).

- Indicators: framework thresholds from `data/indicators.csv`; values for the base year and every plan
  year; the first plan year that meets each threshold.
- Zero-carbon-park core indicator (单位能耗碳排放, tCO2/tce) by the national method (发改环资〔2025〕910号,
  Annex 4 as reproduced; research/host/zero_carbon_park.md): CO2 only (no CH4, N2O, HFC); numerator =
  fossil fuel CO2 (biogenic excluded) + process CO2 + net purchased electricity and heat; electricity
  covered by the tenants' green purchases counts at zero, the rest at the location grid factor
  (assumption: the Annex 4 passage on green power was not retrieved); denominator 综合能耗 in tce at
  当量值 (0.1229 kgce/kWh, unverified choice). Only the size tier that applies to the zone's energy use is
  shown; below the lowest tier the lowest is applied as a benchmark and marked so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache

import pandas as pd

from core.baseline import Baseline, baseline
from core.evaluation.replan import _tenants_at
from core.factors import fuel_factor, heat_factor
from core.inventory import compute_inventory
from core.results import Plan
from core.schema import ActualYear, Scenario
from core.tables import read_table
from core.units import GJ_PER_MWH, GJ_PER_TCE


@cache
def load_indicators() -> pd.DataFrame:
    """Framework indicators with thresholds (data/indicators.csv)."""
    return pd.DataFrame([dict(r) for r in read_table("indicators.csv")]).astype({"threshold": float})


TIER_BELOW = "below the lowest tier ({min:,.0f} tce/yr): {thr:g} tCO2/tce applied as a benchmark (assumption)"
TIER_ABOVE = "above the highest tier listed: its threshold applied"
TIER_IN = "tier for {lo:,.0f}-{hi} tce/yr applies"
PROCESS_NOTE = "process emissions reported in tCO2e are counted as CO2 (assumption)"


def fuel_co2_t(s: Scenario, use: Mapping[str, float]) -> float:
    """Fossil CO2 (t) of burning the fuels in `use` (carrier -> GJ): CO2 only, biogenic CO2 excluded."""
    out = 0.0
    for c, q in use.items():
        if c in ("electricity", "steam", "onsite_renewable") or q == 0:
            continue
        f = fuel_factor(c, s)
        out += 0.0 if f.biogenic else q * f.co2_kg_per_gj / 1000.0
    return out


def park_co2_t(
    fuel_co2: float,
    process_co2: float,
    grid_mwh: float,
    green_mwh: float,
    grid_f: float,
    steam_gj: float,
    steam_f: float,
) -> float:
    """Numerator of the zero-carbon-park indicator (tCO2): fuel CO2 + process CO2 + (grid - green) x grid
    factor + steam x heat factor. Green purchases are capped at the grid purchase."""
    return fuel_co2 + process_co2 + max(grid_mwh - min(green_mwh, grid_mwh), 0.0) * grid_f + steam_gj * steam_f


def energy_tce(fuel_gj: float, grid_mwh: float, onsite_mwh: float) -> float:
    """综合能耗 (tce) at 当量值: fuels and steam in GJ + electricity consumed (grid + on-site) x 3.6 GJ/MWh."""
    return (fuel_gj + (grid_mwh + onsite_mwh) * GJ_PER_MWH) / GJ_PER_TCE


def _energy_indicators(
    fuel_gj: float, grid_mwh: float, onsite_mwh: float, green_mwh: float, biomass_gj: float, co2_t: float
) -> dict[str, float | None]:
    total = fuel_gj + (grid_mwh + onsite_mwh) * GJ_PER_MWH
    tce = energy_tce(fuel_gj, grid_mwh, onsite_mwh)
    renew_gj = (onsite_mwh + min(green_mwh, grid_mwh)) * GJ_PER_MWH
    return {
        "t_co2_per_tce": co2_t / tce if tce > 0 else None,
        "clean_energy_share": (renew_gj + biomass_gj) / total if total > 0 else None,
        "electrification": (grid_mwh + onsite_mwh) * GJ_PER_MWH / total if total > 0 else None,
    }


def _base_parts(s: Scenario, actual: ActualYear | None) -> tuple[Baseline, dict[str, float]]:
    inv = compute_inventory(s, actual)
    b = baseline(s, _tenants_at(s, actual) if actual is not None else None)
    energy = b.energy
    fuel_use = {c: q for c, q in energy.items() if c != "electricity"}
    parts = {
        "fuel_co2_t": fuel_co2_t(s, fuel_use),
        "process_co2_t": b.process_t,
        "grid_mwh": energy.get("electricity", 0.0),
        "green_mwh": b.green_mwh,
        "grid_factor": inv.grid_factor.value,
        "steam_gj": energy.get("steam", 0.0),
        "steam_factor": heat_factor(s).value,
        "onsite_mwh": b.onsite_mwh,
        "fuel_gj": sum(fuel_use.values()),
        "biomass_gj": energy.get("biomass", 0.0),
    }
    return b, parts


def _co2(p: Mapping[str, float]) -> float:
    return park_co2_t(
        p["fuel_co2_t"],
        p["process_co2_t"],
        p["grid_mwh"],
        p["green_mwh"],
        p["grid_factor"],
        p["steam_gj"],
        p["steam_factor"],
    )


def indicator_values_base(s: Scenario, actual: ActualYear | None = None) -> dict[str, float | None]:
    """Indicator metrics of the base year (or an actual year): t_co2_per_tce (zero-carbon-park method, CO2
    only), clean_energy_share (renewable electricity incl. green purchases + biomass, share of final energy;
    natural gas is not counted as clean), renewable_share, electrification, waste_recycling_rate,
    water_reuse_rate; plus energy_tce (the zone's 综合能耗, which picks the size tier)."""
    inv = compute_inventory(s, actual)
    _, p = _base_parts(s, actual)
    out = _energy_indicators(p["fuel_gj"], p["grid_mwh"], p["onsite_mwh"], p["green_mwh"], p["biomass_gj"], _co2(p))
    k = inv.kpis
    out.update(
        renewable_share=k.get("renewable_share"),
        waste_recycling_rate=k.get("waste_recycling_rate"),
        water_reuse_rate=k.get("water_reuse_rate"),
        waste_heat_use=None,
        energy_tce=energy_tce(p["fuel_gj"], p["grid_mwh"], p["onsite_mwh"]),
    )
    return out


def zero_carbon_park(s: Scenario, actual: ActualYear | None = None) -> dict[str, object]:
    """The national zero-carbon-park core indicator for the base (or an actual) year, with its parts, the
    size tier that applies (id, threshold, note) and whether it is met."""
    _, p = _base_parts(s, actual)
    tce = energy_tce(p["fuel_gj"], p["grid_mwh"], p["onsite_mwh"])
    co2 = _co2(p)
    ratio = co2 / tce if tce > 0 else None
    tier = applicable_tier(tce)
    notes = [tier["note"]] + ([PROCESS_NOTE] if p["process_co2_t"] > 0 else [])
    return {
        **p,
        "co2_t": co2,
        "energy_tce": tce,
        "t_co2_per_tce": ratio,
        "indicator": tier["id"],
        "threshold": tier["threshold"],
        "benchmark_only": tier["benchmark_only"],
        "met": _meets(ratio, "<=", tier["threshold"]),
        "note": "; ".join(notes),
    }


def applicable_tier(tce: float, framework: str = "CN national zero-carbon park", stage: str = "acceptance") -> dict:
    """The t_co2_per_tce row of a framework (and stage) that applies to a zone using `tce` per year."""
    ind = load_indicators()
    rows = ind[(ind["framework"] == framework) & (ind["metric"] == "t_co2_per_tce") & (ind["stage"] == stage)]
    keep = _pick_tiers(rows, tce)
    (r,) = keep.itertuples()
    return {
        "id": r.id,
        "threshold": float(r.threshold),
        "benchmark_only": r.tier_note.startswith("below"),
        "note": r.tier_note,
    }


def _pick_tiers(ind: pd.DataFrame, tce: float | None) -> pd.DataFrame:
    """Indicator rows with the size tiers that do not apply to `tce` removed; `tier_note` says which applies.

    Rows without `min_tce` are kept as they are. Per (framework, metric, stage): the tier containing `tce`;
    below every tier the lowest (a benchmark, marked); above every tier the highest."""
    ind = ind.assign(tier_note="")
    if tce is None or "min_tce" not in ind:
        return ind
    tiered = ind["min_tce"].astype(str).str.strip() != ""
    drop = []
    for _, g in ind[tiered].groupby(["framework", "metric", "stage"], sort=False):
        lo = g["min_tce"].astype(float)
        hi = g["max_tce"].replace("", "inf").astype(float)
        inside = g[(lo <= tce) & (tce < hi)]
        if not inside.empty:
            pick = inside.index[0]
            r = ind.loc[pick]
            note = TIER_IN.format(lo=float(r.min_tce), hi=f"{float(r.max_tce):,.0f}" if r.max_tce else "")
        elif tce < lo.min():
            pick = lo.idxmin()
            note = TIER_BELOW.format(min=lo.min(), thr=float(ind.loc[pick, "threshold"]))
        else:
            pick = lo.idxmax()
            note = TIER_ABOVE
        ind.loc[pick, "tier_note"] = note
        drop += [i for i in g.index if i != pick]
    return ind.drop(index=drop)


def indicator_path(s: Scenario, plan: Plan | None, base: Mapping[str, float | None] | None = None) -> pd.DataFrame:
    """Indicator metrics for every plan year under the plan: year, metric, value.

    Energy-based ones come from the plan's energy table and emissions by source; renewable_share from
    the pathway; waste and water rates from the plan's achieved targets where it has them, else held at
    the base-year value (the plan does not track them otherwise)."""
    cols = ["year", "metric", "value"]
    if plan is None or not getattr(plan, "ok", False) or plan.energy.empty:
        return pd.DataFrame({c: [] for c in cols})
    base = indicator_values_base(s) if base is None else base
    b = baseline(s)
    green0 = b.green_mwh
    act = b.activity
    e = plan.energy
    src = plan.emissions_by_source
    rows = []
    tgt = plan.targets
    use: dict[int, dict[str, float]] = {}
    for y, c, v in zip(e["year"].astype(int), e["carrier"], e["plan"].astype(float), strict=True):
        use.setdefault(y, {})[c] = use.get(y, {}).get(c, 0.0) + v
    process: dict[int, float] = {}
    if not src.empty:
        pr = src[src["source"].astype(str).str.startswith("process")]  # CO2 of processes, not leaks or CH4
        process = {int(y): float(v) for y, v in pr.groupby("year")["plan_t"].sum().items()}
    ef_el, ef_steam = b.ef.get("electricity", {}), b.ef.get("steam", {})
    achieved: dict[tuple[str, int], float] = {}
    if not tgt.empty:
        for m, y, v in zip(tgt["metric"], tgt["year"].astype(int), tgt["achieved"], strict=True):
            achieved.setdefault((m, y), float(v))
    rshare = plan.pathway["renewable_share"].to_dict() if "renewable_share" in plan.pathway else {}
    for y in plan.years:
        q = dict(use.get(y, {}))
        grid = q.pop("electricity", 0.0)
        onsite = q.pop("onsite_renewable", 0.0)
        green = min(green0 * act[y], grid)
        fuel = sum(q.values())
        co2 = park_co2_t(
            fuel_co2_t(s, q),
            process.get(y, 0.0),
            grid,
            green,
            ef_el.get(y, 0.0),
            q.get("steam", 0.0),
            ef_steam.get(y, 0.0),
        )
        vals = _energy_indicators(fuel, grid, onsite, green, q.get("biomass", 0.0), co2)
        if y in rshare:
            vals["renewable_share"] = float(rshare[y])
        for m in ("waste_recycling_rate", "water_reuse_rate"):
            vals[m] = achieved.get((m, y), base.get(m))
        rows += [{"year": y, "metric": k, "value": v} for k, v in vals.items()]
    return pd.DataFrame(rows, columns=cols)


def _meets(value: float | None, direction: str, threshold: float) -> bool | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value <= threshold + 1e-12 if direction == "<=" else value >= threshold - 1e-12


def indicator_table(s: Scenario, plan: Plan | None = None) -> pd.DataFrame:
    """Every framework indicator: threshold, base value, met in base year, first plan year that meets it
    (`year_met`, None if never or not computable) and, for staged thresholds, whether that is in time."""
    base = indicator_values_base(s)
    ind = _pick_tiers(load_indicators(), base.get("energy_tce"))
    path = indicator_path(s, plan, base)
    computed = set(path["metric"][path["value"].notna()])
    rows = []
    for r in ind.itertuples():
        v0 = base.get(r.metric)
        thr = float(r.threshold)
        year_met = None
        if not path.empty:
            mine = path[path["metric"] == r.metric].sort_values("year")
            for y, v in zip(mine["year"], mine["value"], strict=True):
                if _meets(v, r.direction, thr):
                    year_met = int(y)
                    break
        in_time = None
        if r.stage.isdigit():
            in_time = bool(_meets(v0, r.direction, thr)) or (year_met is not None and year_met <= int(r.stage))
        rows.append(
            {
                "id": r.id,
                "framework": r.framework,
                "framework_zh": r.framework_zh,
                "metric": r.metric,
                "name_en": r.name_en,
                "name_zh": r.name_zh,
                "unit": r.unit,
                "direction": r.direction,
                "threshold": thr,
                "stage": r.stage,
                "base_value": v0,
                "met_base": _meets(v0, r.direction, thr),
                "year_met": year_met,
                "in_time": in_time,
                "computable": v0 is not None or r.metric in computed,
                "tier_note": r.tier_note,
                "source": r.source,
                "status": r.status,
            }
        )
    return pd.DataFrame(rows)
