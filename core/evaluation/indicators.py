"""Framework indicators (guide chapter 9).

- Indicators: framework thresholds from `data/indicators.csv`; values for the base year and every plan
  year; the first plan year that meets each threshold.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache

import pandas as pd

from core.baseline import baseline
from core.evaluation.replan import _tenants_at
from core.inventory import compute_inventory
from core.results import Plan
from core.schema import ActualYear, Scenario
from core.tables import read_table
from core.units import GJ_PER_MWH, GJ_PER_TCE


@cache
def load_indicators() -> pd.DataFrame:
    """Framework indicators with thresholds (data/indicators.csv)."""
    return pd.DataFrame([dict(r) for r in read_table("indicators.csv")]).astype({"threshold": float})


def _energy_indicators(fuel_gj: float, grid_mwh: float, renew_mwh: float, biomass_gj: float, energy_t: float):
    total = fuel_gj + grid_mwh * GJ_PER_MWH + renew_mwh * GJ_PER_MWH
    tce = total / GJ_PER_TCE
    return {
        "t_co2_per_tce": energy_t / tce if tce > 0 else None,
        "clean_energy_share": (renew_mwh * GJ_PER_MWH + biomass_gj) / total if total > 0 else None,
        "electrification": (grid_mwh + (renew_mwh)) * GJ_PER_MWH / total if total > 0 else None,
    }


def indicator_values_base(s: Scenario, actual: ActualYear | None = None) -> dict[str, float | None]:
    """Indicator metrics of the base year (or an actual year): t_co2_per_tce, clean_energy_share
    (renewable electricity incl. certificates + biomass, share of final energy; natural gas is not counted
    as clean), renewable_share, electrification, waste_recycling_rate, water_reuse_rate."""
    inv = compute_inventory(s, actual)
    b = baseline(s, _tenants_at(s, actual) if actual is not None else None)
    energy = b.energy
    grid, onsite, green = energy.get("electricity", 0.0), b.onsite_mwh, b.green_mwh
    fuel = sum(q for c, q in energy.items() if c != "electricity")
    energy_t = float(inv.lines.loc[inv.lines["source"].isin(("combustion", "electricity", "steam")), "t_co2e"].sum())
    out = _energy_indicators(fuel, grid - green, onsite + green, energy.get("biomass", 0.0), energy_t)
    k = inv.kpis
    out.update(
        renewable_share=k.get("renewable_share"),
        waste_recycling_rate=k.get("waste_recycling_rate"),
        water_reuse_rate=k.get("water_reuse_rate"),
        waste_heat_use=None,
    )
    return out


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
    energy_em: dict[int, float] = {}
    if not src.empty:
        en = src[src["source"].isin(plan.energy["carrier"].unique())]
        energy_em = {int(y): float(v) for y, v in en.groupby("year")["plan_t"].sum().items()}
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
        vals = _energy_indicators(fuel, grid - green, onsite + green, q.get("biomass", 0.0), energy_em.get(y, 0.0))
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
    ind = load_indicators()
    base = indicator_values_base(s)
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
                "source": r.source,
                "status": r.status,
            }
        )
    return pd.DataFrame(rows)
