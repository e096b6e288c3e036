"""Monitoring (guide chapter 9): measured years against the annual targets and the plan.

- Monitoring: measured years (`evaluation.actuals`, or a CSV/Excel table in the template's format) are
  turned into metric values with the same inventory code as the baseline, then compared with the annual
  target and with the plan. Status per metric and year (`status()`):
  on_track  = meets the target (emissions at or below it; shares at or above it);
  at_risk   = misses it by at most AT_RISK_TOLERANCE (5 %) of the target value;
  off_track = misses it by more; no_target / no_data where there is nothing to compare.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from core.baseline import baseline
from core.i18n import t
from core.inventory import compute_inventory
from core.results import Plan
from core.schema import METRICS, ImprovementAction, Scenario
from core.targets import annual_targets

AT_RISK_TOLERANCE = 0.05  # within 5 % of the target value on the wrong side -> at risk

# lower is better ("down") or higher is better ("up")
DIRECTION: dict[str, str] = {
    "emissions": "down",
    "emission_intensity": "down",
    "energy_intensity": "down",
    "renewable_share": "up",
    "waste_recycling_rate": "up",
    "water_reuse_rate": "up",
    "carbon_per_energy": "down",
    "clean_energy_share": "up",
}
STATUSES = ("on_track", "at_risk", "off_track", "no_target", "no_data")


def status(actual: float | None, reference: float | None, direction: str, tolerance: float = AT_RISK_TOLERANCE) -> str:
    """Traffic light of one value against a reference (a target or the plan).

    >>> status(95, 100, "down"), status(104, 100, "down"), status(106, 100, "down")
    ('on_track', 'at_risk', 'off_track')
    >>> status(0.29, 0.30, "up"), status(0.25, 0.30, "up"), status(None, 0.3, "up"), status(1, None, "up")
    ('at_risk', 'off_track', 'no_data', 'no_target')
    """
    if reference is None or (isinstance(reference, float) and math.isnan(reference)):
        return "no_target"
    if actual is None or (isinstance(actual, float) and math.isnan(actual)):
        return "no_data"
    slack = tolerance * abs(reference)
    if direction == "down":
        if actual <= reference + 1e-9:
            return "on_track"
        return "at_risk" if actual <= reference + slack + 1e-9 else "off_track"
    if actual >= reference - 1e-9:
        return "on_track"
    return "at_risk" if actual >= reference - slack - 1e-9 else "off_track"


def metric_values(inv: Any) -> dict[str, float | None]:
    """Target metrics (core.schema.METRICS) of an inventory, defined as the optimiser defines them:
    emissions = Scope 1 + Scope 2 location-based (optional Scope 3 categories left out)."""
    k = inv.kpis

    def f(key: str) -> float | None:
        v = k.get(key)
        return None if v is None else float(v)

    emissions = float(inv.totals["total_t"] - inv.totals.get("scope3_t", 0.0))
    output = f("output_musd")
    return {
        "emissions": emissions,
        "emission_intensity": emissions / output if output else None,
        "renewable_share": f("renewable_share"),
        "energy_intensity": f("energy_gj_per_musd"),
        "waste_recycling_rate": f("waste_recycling_rate"),
        "water_reuse_rate": f("water_reuse_rate"),
        "carbon_per_energy": emissions / k["energy_tce"] if k.get("energy_tce") else None,
        "clean_energy_share": f("clean_energy_share"),
    }


def base_values(s: Scenario) -> dict[str, float]:
    """Base-year value of each metric (what annual targets start from), from the Baseline."""
    return {k: v for k, v in baseline(s).metric_base.items() if v is not None}


def actual_values(s: Scenario) -> pd.DataFrame:
    """Measured metric values: year, metric, actual (one row per actual year and metric)."""
    rows = []
    for a in sorted(s.evaluation.actuals, key=lambda a: a.year):
        for m, v in metric_values(compute_inventory(s, a)).items():
            rows.append({"year": a.year, "metric": m, "actual": v})
    return pd.DataFrame(rows, columns=["year", "metric", "actual"])


def annual_target_table(s: Scenario) -> pd.DataFrame:
    """Annual targets (metric, year, target, basis) from core.targets, or empty if there are none."""
    cols = ["metric", "year", "target", "basis"]
    if not s.targets.milestones and not s.targets.overrides:
        return pd.DataFrame({c: [] for c in cols})
    df = annual_targets(s, base_values(s))
    if "basis" not in df:
        df = df.assign(basis="gross")
    return df[cols]


def plan_values(plan: Plan | None) -> pd.DataFrame:
    """Plan value of each metric by year: year, metric, plan (from the pathway, else the plan's targets)."""
    cols = ["year", "metric", "plan"]
    if plan is None or not getattr(plan, "ok", False):
        return pd.DataFrame({c: [] for c in cols})
    p = plan.pathway
    rows = []
    for y in p.index:
        r = p.loc[y]
        out = r.get("output_musd")
        gross = r.get("plan_gross_t")
        vals = {
            "emissions": gross,
            "emission_intensity": gross / out if out else None,
            "renewable_share": r.get("renewable_share"),
            "energy_intensity": r.get("energy_gj") / out if out and r.get("energy_gj") is not None else None,
        }
        rows += [{"year": int(y), "metric": m, "plan": v} for m, v in vals.items() if v is not None]
    got = {(r["year"], r["metric"]) for r in rows}
    t = plan.targets
    if not t.empty:
        for r in t.itertuples():
            if (int(r.year), r.metric) not in got and r.achieved is not None:
                rows.append({"year": int(r.year), "metric": r.metric, "plan": float(r.achieved)})
    return pd.DataFrame(rows, columns=cols)


def monitoring_table(s: Scenario, plan: Plan | None = None, targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Actual vs annual target vs plan, per actual year and metric.

    Columns: year, metric, direction, actual, target, plan, gap (actual - target; positive = worse for
    'down' metrics), status (vs target), status_plan (vs plan).
    """
    cols = ["year", "metric", "direction", "actual", "target", "plan", "gap", "status", "status_plan"]
    act = actual_values(s)
    if act.empty:
        return pd.DataFrame({c: [] for c in cols})
    tgt = annual_target_table(s) if targets is None else targets
    if "basis" in tgt:  # one target per metric and year: the gross one where both exist
        tgt = tgt.sort_values("basis", key=lambda b: b.ne("gross")).drop_duplicates(["metric", "year"])
    tmap = {(r.metric, int(r.year)): float(r.target) for r in tgt.itertuples()}
    pmap = {(r.metric, int(r.year)): r.plan for r in plan_values(plan).itertuples()}
    rows = []
    for r in act.itertuples():
        d = DIRECTION[r.metric]
        target, pv = tmap.get((r.metric, r.year)), pmap.get((r.metric, r.year))
        gap = None if target is None or r.actual is None else r.actual - target
        rows.append(
            {
                "year": r.year,
                "metric": r.metric,
                "direction": d,
                "actual": r.actual,
                "target": target,
                "plan": pv,
                "gap": gap,
                "status": status(r.actual, target, d),
                "status_plan": status(r.actual, pv, d),
            }
        )
    return pd.DataFrame(rows, columns=cols)


def off_track_findings(table: pd.DataFrame) -> list[tuple[str, int, str]]:
    """(metric, year, status) of every at-risk or off-track row, latest year first."""
    bad = table[table["status"].isin(["at_risk", "off_track"])].sort_values(["year", "metric"], ascending=[False, True])
    return [(r.metric, int(r.year), r.status) for r in bad.itertuples()]


def tracking_long(s: Scenario, plan: Plan | None, metric: str = "emissions") -> pd.DataFrame:
    """One metric over the plan years in long form for a chart: year, series (target | plan | actual), value."""
    rows = []
    tgt = annual_target_table(s)
    if "basis" in tgt and not tgt.empty:
        tgt = tgt[tgt["basis"] == "gross"] if (tgt["basis"] == "gross").any() else tgt
    for r in tgt[tgt["metric"] == metric].itertuples():
        rows.append({"year": int(r.year), "series": "target", "value": float(r.target)})
    pv = plan_values(plan)
    for r in pv[pv["metric"] == metric].itertuples():
        rows.append({"year": int(r.year), "series": "plan", "value": float(r.plan)})
    act = actual_values(s)
    for r in act[act["metric"] == metric].itertuples():
        if r.actual is not None and not pd.isna(r.actual):
            rows.append({"year": int(r.year), "series": "actual", "value": float(r.actual)})
    return pd.DataFrame(rows, columns=["year", "series", "value"])


def metrics() -> tuple[str, ...]:
    return METRICS


def monitoring_actions(s: Scenario, plan: Plan | None, lang: str = "en") -> list[ImprovementAction]:
    """An improvement action for each at-risk or off-track metric and year that has none yet."""
    if not s.evaluation.actuals:
        return []
    have = {a.item for a in s.evaluation.actions}
    out = []
    for m, y, _ in off_track_findings(monitoring_table(s, plan)):
        item = f"monitoring_{m}_{y}"
        if item not in have:
            metric = t(f"evaluation.metric_{m}", lang)
            out.append(
                ImprovementAction(item=item, action=t("evaluation.monitoring_action", lang, metric=metric, year=y))
            )
    return out
