"""Marginal abatement cost curves: per measure (stand-alone) and integrated over an optimised plan.

Levelised cost of abatement = (capex x CRF + O&M + energy cost change) / annual abatement, per unit,
at the prices and factors of a year; width = abatement potential (units at their bound).
"""

from __future__ import annotations

import math

import pandas as pd

from core.optimise.data import MeasureData, ModelData

COLUMNS = ["measure", "name_en", "name_zh", "area", "cost_per_t", "potential_t"]


def unit_abatement(m: MeasureData, d: ModelData, i: int) -> float:
    """tCO2e avoided per active unit in year i (offsets count as abatement of net emissions)."""
    el = d.ef.get("electricity", [0.0] * len(d.years))[i]
    delta = sum(d.ef[c][i] * v[i] for c, v in m.eff.items() if c in d.ef) - el * m.gen + m.process
    return -delta + m.offsets


def unit_cost(m: MeasureData, d: ModelData, i: int) -> float:
    """Annual cost per active unit in year i: annualised capex + O&M + energy cost change."""
    p_el = d.price.get("electricity", [0.0] * len(d.years))[i]
    energy = sum(d.price[c][i] * v[i] for c, v in m.eff.items() if c in d.price) - p_el * m.gen
    return m.annual + energy


def _names(names: dict[str, dict], mid: str) -> list:
    n = names.get(mid, {})
    return [n.get("name_en", mid), n.get("name_zh", mid), n.get("area", "")]


def measure_macc(d: ModelData, names: dict[str, dict], i: int = 0) -> pd.DataFrame:
    """Stand-alone MACC at year index i (default: first plan year), sorted by cost per t."""
    rows = []
    for m in d.measures:
        if m.offsets:  # offsets neutralise what is left; they are never abatement on a cost curve
            continue
        ab = unit_abatement(m, d, i) if d.years else 0.0
        if ab <= 0:
            continue
        cost = unit_cost(m, d, i) / ab
        pot = ab * m.ub if math.isfinite(m.ub) else float("nan")
        rows.append([m.id, *_names(names, m.id), cost, pot])
    df = pd.DataFrame(rows, columns=COLUMNS)
    return df.sort_values("cost_per_t", kind="stable").reset_index(drop=True)


def plan_macc(d: ModelData, active: dict[str, list[float]], names: dict[str, dict]) -> pd.DataFrame:
    """Integrated MACC of a plan: per chosen measure, discounted cost / discounted abatement over the
    plan years it is active (stand-alone attribution), width = cumulative abatement in t."""
    rows = []
    for m in d.measures:
        units = active.get(m.id)
        if m.offsets:
            continue
        if not units or max(units) <= 1e-9:
            continue
        cost = sum(d.df[i] * units[i] * unit_cost(m, d, i) for i in range(len(d.years)))
        ab_disc = sum(d.df[i] * units[i] * unit_abatement(m, d, i) for i in range(len(d.years)))
        ab = sum(units[i] * unit_abatement(m, d, i) for i in range(len(d.years)))
        if ab_disc <= 0:
            continue
        rows.append([m.id, *_names(names, m.id), cost / ab_disc, ab])
    df = pd.DataFrame(rows, columns=["measure", "name_en", "name_zh", "area", "cost_per_t", "abatement_t"])
    return df.sort_values("cost_per_t", kind="stable").reset_index(drop=True)
