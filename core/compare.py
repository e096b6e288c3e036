"""Side-by-side comparison of 2-4 scenarios and their plans: tidy tables, one row per scenario and item.

- ``pathways``: scenario, year, series (bau, plan_gross, plan_net, target), t  (long form for charts)
- ``costs``: scenario, status, npv_total, bau_npv_total, extra_cost (plan - BAU), abated_t (cumulative,
  BAU - net plan over the plan years), abated_discounted_t, cost_per_t_abated (extra NPV cost per
  discounted tonne abated: the levelised cost of the plan's abatement), capex_total
- ``kpis``: scenario, year, emissions_t, change_vs_base, renewable_share, energy_gj, intensity_t_per_musd,
  capex_cumulative  (in the milestone years of any compared scenario, plus the horizon)
- ``measures``: measure, name_en, name_zh, area, scenario, first_year, max_active  (long form);
  ``measure_diff`` pivots it to one row per measure with "first year (units)" per scenario and a
  ``same`` flag
- ``shortfalls``: scenario, metric, basis, year, target, achieved, short_by
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from core.results import Plan
from core.schema import Scenario
from core.year_paths import discount_factors

MAX_COMPARED = 4
SERIES = ("bau", "plan_gross", "plan_net", "target")


@dataclass(frozen=True)
class Compared:
    """One scenario in a comparison: a display name, its inputs and its plan."""

    name: str
    scenario: Scenario
    plan: Plan
    base_emissions_t: float | None = None  # base-year inventory total (for change vs base)


@dataclass(frozen=True)
class Comparison:
    names: list[str]
    pathways: pd.DataFrame
    costs: pd.DataFrame
    kpis: pd.DataFrame
    measures: pd.DataFrame
    shortfalls: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def measure_diff(self, lang: str = "en") -> pd.DataFrame:
        return measure_diff(self.measures, self.names, lang)


def _check(items: list[Compared]) -> None:
    if not 1 <= len(items) <= MAX_COMPARED:
        raise ValueError(f"compare 1 to {MAX_COMPARED} scenarios, got {len(items)}")
    names = [c.name for c in items]
    if len(set(names)) != len(names):
        raise ValueError(f"scenario names must differ: {names}")


def _col(df: pd.DataFrame, name: str) -> pd.Series:
    return df[name].astype(float) if name in df else pd.Series(float("nan"), index=df.index)


def pathways(items: list[Compared]) -> pd.DataFrame:
    rows = []
    for c in items:
        p = c.plan.pathway
        if not c.plan.ok or p.empty:
            continue
        for series, column in zip(SERIES, ("bau_t", "plan_gross_t", "plan_net_t", "target_t"), strict=True):
            for year, value in _col(p, column).items():
                if pd.notna(value):
                    rows.append({"scenario": c.name, "year": int(year), "series": series, "t": float(value)})
    return pd.DataFrame(rows, columns=["scenario", "year", "series", "t"])


def _abatement(c: Compared) -> tuple[float, float]:
    """(cumulative abated t, discounted abated t) over the plan years: BAU minus net plan emissions."""
    p = c.plan.pathway
    if p.empty or "bau_t" not in p or "plan_net_t" not in p:
        return float("nan"), float("nan")
    abated = (p["bau_t"].astype(float) - p["plan_net_t"].astype(float)).fillna(0.0)
    df = discount_factors([int(y) for y in abated.index], c.scenario.base_year, c.scenario.assumptions.discount_rate)
    return float(abated.sum()), float(sum(v * df[int(y)] for y, v in abated.items()))


def costs(items: list[Compared]) -> pd.DataFrame:
    rows = []
    for c in items:
        plan = c.plan
        total = float(plan.npv.get("total", float("nan"))) if plan.ok else float("nan")
        bau = float(plan.npv.get("bau_total", float("nan"))) if plan.ok else float("nan")
        abated, abated_disc = _abatement(c) if plan.ok else (float("nan"), float("nan"))
        extra = total - bau
        rows.append(
            {
                "scenario": c.name,
                "status": plan.status,
                "npv_total": total,
                "bau_npv_total": bau,
                "extra_cost": extra,
                "abated_t": abated,
                "abated_discounted_t": abated_disc,
                # extra cost per discounted tonne (levelised); undefined without abatement
                "cost_per_t_abated": extra / abated_disc if abated_disc and abated_disc > 1e-9 else float("nan"),
                "capex_total": float(plan.capex.sum()) if plan.ok and not plan.capex.empty else 0.0,
            }
        )
    return pd.DataFrame(rows)


def milestone_years(items: list[Compared]) -> list[int]:
    """Milestone years of any compared scenario that fall inside its plan, plus each horizon."""
    years: set[int] = set()
    for c in items:
        s = c.scenario
        years |= {m.year for m in s.targets.milestones if s.base_year < m.year <= s.horizon}
        years.add(s.horizon)
    return sorted(years)


def kpis(items: list[Compared], years: list[int] | None = None) -> pd.DataFrame:
    years = years or milestone_years(items)
    rows = []
    for c in items:
        p = c.plan.pathway
        if not c.plan.ok or p.empty:
            continue
        capex_cum = c.plan.capex.sort_index().cumsum() if not c.plan.capex.empty else pd.Series(dtype=float)
        for y in years:
            if y not in p.index:
                continue
            e = float(_col(p, "plan_net_t")[y])
            out = float(_col(p, "output_musd")[y])
            base = c.base_emissions_t
            rows.append(
                {
                    "scenario": c.name,
                    "year": y,
                    "emissions_t": e,
                    "change_vs_base": e / base - 1 if base else float("nan"),
                    "renewable_share": float(_col(p, "renewable_share")[y]),
                    "energy_gj": float(_col(p, "energy_gj")[y]),
                    "intensity_t_per_musd": e / out if out and out > 0 else float("nan"),
                    "capex_cumulative": float(capex_cum[capex_cum.index <= y].iloc[-1])
                    if (capex_cum.index <= y).any()
                    else 0.0,
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "scenario",
            "year",
            "emissions_t",
            "change_vs_base",
            "renewable_share",
            "energy_gj",
            "intensity_t_per_musd",
            "capex_cumulative",
        ],
    )


def _names(plan: Plan) -> dict[str, tuple[str, str, str]]:
    m = plan.measures
    if m.empty or "id" not in m:
        return {}
    get = lambda col: m[col] if col in m else m["id"]  # noqa: E731
    return {
        str(i): (str(en), str(zh), str(a))
        for i, en, zh, a in zip(m["id"], get("name_en"), get("name_zh"), get("area"), strict=True)
    }


def measures(items: list[Compared]) -> pd.DataFrame:
    rows = []
    for c in items:
        u = c.plan.units
        if not c.plan.ok or u.empty:
            continue
        names = _names(c.plan)
        for measure, g in u.groupby("measure", sort=True):
            built = g[g["built"].astype(float) > 1e-9]
            if built.empty:
                continue
            en, zh, area = names.get(str(measure), (str(measure), str(measure), ""))
            rows.append(
                {
                    "measure": str(measure),
                    "name_en": en,
                    "name_zh": zh,
                    "area": area,
                    "scenario": c.name,
                    "first_year": int(built["year"].min()),
                    "max_active": float(g["active"].astype(float).max()),
                }
            )
    return pd.DataFrame(rows, columns=["measure", "name_en", "name_zh", "area", "scenario", "first_year", "max_active"])


def measure_diff(long: pd.DataFrame, names: list[str], lang: str = "en") -> pd.DataFrame:
    """One row per measure chosen anywhere: per scenario "first year (max active units)" or "-";
    ``same`` is True when every scenario chose it in the same first year."""
    if long.empty:
        return pd.DataFrame(columns=["measure", "name", *names, "same"])
    rows = []
    for measure, g in long.groupby("measure", sort=True):
        row = {"measure": measure, "name": g["name_zh" if lang == "zh" else "name_en"].iloc[0]}
        by = {r.scenario: r for r in g.itertuples()}
        for n in names:
            r = by.get(n)
            row[n] = f"{r.first_year} ({r.max_active:,.4g})" if r is not None else "-"
        firsts = {by[n].first_year if n in by else None for n in names}
        row["same"] = len(firsts) == 1
        rows.append(row)
    return pd.DataFrame(rows).sort_values(["same", "measure"]).reset_index(drop=True)


def shortfalls(items: list[Compared]) -> pd.DataFrame:
    cols = ["scenario", "metric", "basis", "year", "target", "achieved", "short_by"]
    frames = []
    for c in items:
        sf = c.plan.shortfall if c.plan.ok else pd.DataFrame()
        if not sf.empty:
            frames.append(sf.assign(scenario=c.name).reindex(columns=cols))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)


def compare(items: list[Compared], lang: str = "en") -> Comparison:
    """Every comparison table for 1-4 scenarios (ValueError for 0, more than 4, or equal names).

    ``notes``: one line per plan that is not optimal, its message in `lang` where the plan provides it."""
    _check(items)
    notes = [
        f"{c.name}: {c.plan.status} - {c.plan.describe(lang) if hasattr(c.plan, 'describe') else c.plan.message}"
        for c in items
        if c.plan.status != "optimal"
    ]
    return Comparison(
        names=[c.name for c in items],
        pathways=pathways(items),
        costs=costs(items),
        kpis=kpis(items),
        measures=measures(items),
        shortfalls=shortfalls(items),
        notes=notes,
    )
