"""Evaluation and improvement (guide chapters 9-10): monitoring, indicators, self-assessment, actions.

- Monitoring: measured years (`evaluation.actuals`, or a CSV/Excel table in the template's format) are
  turned into metric values with the same inventory code as the baseline, then compared with the annual
  target and with the plan. Status per metric and year (`status()`):
  on_track  = meets the target (emissions at or below it; shares at or above it);
  at_risk   = misses it by at most AT_RISK_TOLERANCE (5 %) of the target value;
  off_track = misses it by more; no_target / no_data where there is nothing to compare.
- Re-plan: `replan_from_actuals(s)` returns a scenario whose base year is the latest actual year, with the
  actual data as the new baseline; relative milestones are converted to the absolute levels they meant
  against the original base year, so the targets are kept, not moved.
- Indicators: framework thresholds from `data/indicators.csv`; values for the base year and every plan
  year; the first plan year that meets each threshold.
- Self-assessment: `data/self_assessment.yaml` (chapters 4-10), answers 0/1/2, scored per chapter; items
  below 2 can become improvement actions saved in `evaluation.actions`.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from core.carriers import energy_to_canonical, input_keys
from core.loader import Issue, ScenarioError
from core.schema import METRICS, ActualTenant, ActualYear, ImprovementAction, Milestone, Scenario

DATA = Path(__file__).resolve().parent.parent / "data"
AT_RISK_TOLERANCE = 0.05  # within 5 % of the target value on the wrong side -> at risk
GJ_PER_MWH = 3.6
GJ_PER_TCE = 29.3076  # GB/T 2589-2020, as core.inventory

# lower is better ("down") or higher is better ("up")
DIRECTION: dict[str, str] = {
    "emissions": "down",
    "emission_intensity": "down",
    "energy_intensity": "down",
    "renewable_share": "up",
    "waste_recycling_rate": "up",
    "water_reuse_rate": "up",
}
STATUSES = ("on_track", "at_risk", "off_track", "no_target", "no_data")


# ---------------------------------------------------------------- status logic


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


# ---------------------------------------------------------------- metric values from an inventory


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
    }


def base_values(s: Scenario) -> dict[str, float]:
    """Base-year value of each metric (what annual targets start from)."""
    from core.inventory import compute_inventory

    return {k: v for k, v in metric_values(compute_inventory(s)).items() if v is not None}


def actual_values(s: Scenario) -> pd.DataFrame:
    """Measured metric values: year, metric, actual (one row per actual year and metric)."""
    from core.inventory import compute_inventory

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
    try:
        from core.targets import annual_targets
    except ImportError:  # targets module not available: nothing to compare with
        return pd.DataFrame({c: [] for c in cols})
    df = annual_targets(s, base_values(s))
    if "basis" not in df:
        df = df.assign(basis="gross")
    return df[cols]


def plan_values(plan: Any | None) -> pd.DataFrame:
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


def monitoring_table(s: Scenario, plan: Any | None = None, targets: pd.DataFrame | None = None) -> pd.DataFrame:
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


def tracking_long(s: Scenario, plan: Any | None, metric: str = "emissions") -> pd.DataFrame:
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


# ---------------------------------------------------------------- actuals: template, import, merge

ACTUAL_NUMBERS = (
    "output_musd",
    "renewable_purchase_mwh",
    "onsite_renewable_mwh",
    "process_emissions_t",
    "waste_t",
    "waste_recycled_t",
    "water_m3",
    "water_reused_m3",
)


def actual_columns() -> list[str]:
    """Columns of the actuals template: year, tenant, then every number an ActualTenant takes."""
    return ["year", "tenant", *input_keys().keys(), *ACTUAL_NUMBERS]


def actuals_template(s: Scenario, year: int | None = None) -> pd.DataFrame:
    """One row per tenant for `year` (default: the year after the latest data), prefilled with the
    baseline values so a user edits what changed."""
    latest = max([a.year for a in s.evaluation.actuals] + [s.base_year])
    y = year or latest + 1
    rows = []
    for t in s.tenants:
        row: dict[str, Any] = {"year": y, "tenant": t.id}
        row.update(t.energy.quantities())
        for k in ACTUAL_NUMBERS:
            row[k] = getattr(t, k)
        rows.append(row)
    df = pd.DataFrame(rows, columns=actual_columns())
    return df.dropna(axis=1, how="all").reindex(
        columns=[c for c in actual_columns() if c in df.dropna(axis=1, how="all")]
    )


def actuals_to_frame(s: Scenario) -> pd.DataFrame:
    """The scenario's actuals as a table in the template's format (for export)."""
    rows = []
    for a in s.evaluation.actuals:
        for at in a.tenants:
            row: dict[str, Any] = {"year": a.year, "tenant": at.id, **at.energy.quantities()}
            row.update({k: getattr(at, k) for k in ACTUAL_NUMBERS})
            rows.append(row)
    df = pd.DataFrame(rows, columns=actual_columns())
    return df.dropna(axis=1, how="all")


def read_table(raw: bytes, name: str) -> pd.DataFrame:
    """CSV or Excel bytes -> DataFrame; a file that cannot be read raises ScenarioError."""
    from core.loader import MAX_BYTES

    if len(raw) > MAX_BYTES:
        raise ScenarioError([Issue("", f"{name}: larger than the {MAX_BYTES // 2**20} MB limit")])
    try:
        if name.lower().endswith((".xlsx", ".xlsm")):
            return pd.read_excel(io.BytesIO(raw), engine="openpyxl")
        return pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    except Exception as e:  # noqa: BLE001 - any parser failure is bad input
        raise ScenarioError([Issue("", f"{name}: cannot read the table ({type(e).__name__}: {e})")]) from None


def actuals_from_frame(df: pd.DataFrame, s: Scenario | None = None) -> list[ActualYear]:
    """Validate a table of actuals; every problem is reported as `row N.column: message` (N = data row,
    1-based, as in a spreadsheet below the header)."""
    issues: list[Issue] = []
    df = df.rename(columns=lambda c: str(c).strip())
    allowed = set(actual_columns())
    for c in df.columns:
        if c not in allowed and not str(c).startswith("Unnamed"):
            issues.append(Issue(f"column {c!r}", f"unknown column; allowed: {', '.join(actual_columns())}"))
    for c in ("year", "tenant"):
        if c not in df.columns:
            issues.append(Issue(f"column {c!r}", "required column missing"))
    if issues:
        raise ScenarioError(issues)
    tenant_ids = {t.id for t in s.tenants} if s else None
    years: dict[int, list[ActualTenant]] = {}
    seen: set[tuple[int, str]] = set()
    for n, rec in enumerate(df.to_dict(orient="records"), start=1):
        if all(v is None or (isinstance(v, float) and math.isnan(v)) or str(v).strip() == "" for v in rec.values()):
            continue  # blank line
        where = f"row {n}"
        try:
            y = int(float(rec["year"]))
        except (TypeError, ValueError):
            issues.append(Issue(f"{where}.year", f"must be a year (got {rec['year']!r})"))
            continue
        tid = str(rec["tenant"]).strip()
        if s is not None and not s.base_year < y <= s.horizon:
            issues.append(Issue(f"{where}.year", f"must be within {s.base_year + 1}-{s.horizon} (got {y})"))
        if tenant_ids is not None and tid not in tenant_ids:
            issues.append(Issue(f"{where}.tenant", f"unknown tenant {tid!r}"))
        if (y, tid) in seen:
            issues.append(Issue(f"{where}.tenant", f"tenant {tid!r} given twice for {y}"))
        seen.add((y, tid))
        energy: dict[str, float] = {}
        fields: dict[str, float] = {}
        bad = False
        for k, v in rec.items():
            if k in ("year", "tenant") or k not in allowed or v is None or str(v).strip() == "":
                continue
            try:
                x = float(v)
            except (TypeError, ValueError):
                issues.append(Issue(f"{where}.{k}", f"must be a number (got {v!r})"))
                bad = True
                continue
            if math.isnan(x):
                continue
            if x < 0 or math.isinf(x):
                issues.append(Issue(f"{where}.{k}", f"must be a finite number >= 0 (got {x:g})"))
                bad = True
                continue
            (energy if k in input_keys() else fields)[k] = x
        if bad:
            continue
        try:
            at = ActualTenant.model_validate({"id": tid, "energy": energy, **fields})
        except Exception as e:  # noqa: BLE001 - pydantic error -> one issue per row
            issues.append(Issue(where, str(e).splitlines()[-1].strip()))
            continue
        if at.waste_recycled_t > at.waste_t and at.waste_t > 0:
            issues.append(Issue(f"{where}.waste_recycled_t", "must be <= waste_t"))
        years.setdefault(y, []).append(at)
    if issues:
        raise ScenarioError(issues)
    if not years:
        raise ScenarioError([Issue("", "the table has no data rows")])
    return [ActualYear(year=y, tenants=ts) for y, ts in sorted(years.items())]


def actuals_from_data(data: Any, s: Scenario | None = None) -> list[ActualYear]:
    """Actual years from parsed YAML/JSON in the baseline's own format: a scenario file of a later year
    (its `base_year` is the actual year; tenant fields that actuals do not carry, such as name or
    location, are ignored), one `{year, tenants}` mapping, a list of them, or `{actuals: [...]}`."""
    from pydantic import ValidationError

    keep = set(ActualTenant.model_fields)
    if isinstance(data, dict) and "base_year" in data and "tenants" in data:
        tenants = [{k: v for k, v in t.items() if k in keep} if isinstance(t, dict) else t for t in data["tenants"]]
        items, prefix = [{"year": data["base_year"], "tenants": tenants}], ""
    elif isinstance(data, dict) and "actuals" in data:
        items, prefix = data["actuals"], "actuals"
    elif isinstance(data, dict):
        items, prefix = [data], ""
    else:
        items, prefix = data, ""
    if not isinstance(items, list) or not items:
        raise ScenarioError([Issue(prefix, "expected actual years: {year, tenants: [...]} or a scenario file")])
    out, issues = [], []
    for n, item in enumerate(items):
        where = f"{prefix}[{n}]" if len(items) > 1 or prefix else ""
        try:
            out.append(ActualYear.model_validate(item))
        except ValidationError as e:
            for err in e.errors(include_url=False):
                loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")
                issues.append(Issue(f"{where}.{loc}".lstrip("."), err["msg"]))
    if s is not None:
        ids = {t.id for t in s.tenants}
        for n, a in enumerate(out):
            if not s.base_year < a.year <= s.horizon:
                issues.append(Issue(f"[{n}].year", f"must be within {s.base_year + 1}-{s.horizon} (got {a.year})"))
            issues += [
                Issue(f"[{n}].tenants[{j}].id", f"unknown tenant {t.id!r}")
                for j, t in enumerate(a.tenants)
                if t.id not in ids
            ]
    if issues:
        raise ScenarioError(issues)
    return out


def read_actuals(raw: bytes, name: str, s: Scenario | None = None) -> list[ActualYear]:
    """An uploaded file of actuals -> validated ActualYears (ScenarioError on bad input): CSV/Excel in
    the template's format, or YAML/JSON in the baseline's format (see `actuals_from_data`)."""
    if name.lower().endswith((".yaml", ".yml", ".json")):
        from core.loader import decode, parse_text

        return actuals_from_data(parse_text(decode(raw, name), name), s)
    return actuals_from_frame(read_table(raw, name), s)


def with_actuals(s: Scenario, actuals: Iterable[ActualYear]) -> Scenario:
    """The scenario with these actual years added (a year already present is replaced), validated."""
    new = {a.year: a for a in actuals}
    keep = [a for a in s.evaluation.actuals if a.year not in new]
    merged = sorted(keep + list(new.values()), key=lambda a: a.year)
    return _revalidate(s.model_copy(update={"evaluation": s.evaluation.model_copy(update={"actuals": merged})}))


def _revalidate(s: Scenario) -> Scenario:
    from core.loader import validate_data

    return validate_data(s.model_dump(mode="json", exclude_defaults=True))


# ---------------------------------------------------------------- re-plan from the latest actual year


def _tenants_at(s: Scenario, actual: ActualYear) -> list:
    by_id = {a.id: a for a in actual.tenants}
    out = []
    for t in s.tenants:
        a = by_id.get(t.id)
        if a is None:
            out.append(t)
            continue
        upd = a.model_dump(exclude={"id", "output_musd"})
        upd["energy"] = a.energy
        if a.output_musd is not None:
            upd["output_musd"] = a.output_musd
        out.append(t.model_copy(update=upd))
    return out


def replan_from_actuals(s: Scenario, year: int | None = None) -> Scenario:
    """A scenario re-based on the latest (or the given) actual year, ready for the optimiser.

    - base_year = that year; tenants carry its measured data (tenants without data keep the baseline);
    - milestones after it are kept; relative ones (`change_vs_base`) become absolute values computed
      against the original base year, so the ambition does not move; earlier milestones and overrides
      are dropped; a budget given by year keeps its later years; an activity path is re-indexed to 1.0
      in the new base year; actual years up to the new base year are dropped (they are now history).
    Raises ScenarioError when there is no actual year or nothing left to plan.
    """
    if not s.evaluation.actuals:
        raise ScenarioError([Issue("evaluation.actuals", "no actual year to re-plan from")])
    by_year = {a.year: a for a in s.evaluation.actuals}
    y = year if year is not None else max(by_year)
    if y not in by_year:
        raise ScenarioError([Issue("evaluation.actuals", f"no actual data for {y}")])
    if y >= s.horizon:
        raise ScenarioError(
            [Issue("horizon", f"the latest actual year {y} leaves no year to plan (horizon {s.horizon})")]
        )
    base = base_values(s)
    milestones = []
    for m in s.targets.milestones:
        if m.year <= y:
            continue
        if m.change_vs_base is not None:
            b = base.get(m.metric)
            if b is None:
                continue
            m = Milestone(metric=m.metric, year=m.year, value=max(0.0, b * (1 + m.change_vs_base)), basis=m.basis)
        milestones.append(m)
    overrides = {k: {yy: v for yy, v in p.items() if yy > y} for k, p in s.targets.overrides.items()}
    targets = s.targets.model_copy(
        update={"milestones": milestones, "overrides": {k: p for k, p in overrides.items() if p}}
    )
    budget = s.budget
    if isinstance(budget.capex_per_year, dict):
        budget = budget.model_copy(
            update={"capex_per_year": {k: v for k, v in budget.capex_per_year.items() if k > y} or None}
        )
    assumptions = s.assumptions
    act = assumptions.activity
    if act.path:
        from core.paths import interpolate

        ref = interpolate({s.base_year: 1.0, **act.path}, [y])[y] or 1.0
        path = {y: 1.0, **{k: v / ref for k, v in act.path.items() if k > y}}
        assumptions = assumptions.model_copy(update={"activity": act.model_copy(update={"path": path})})
    evaluation = s.evaluation.model_copy(update={"actuals": [a for a in s.evaluation.actuals if a.year > y]})
    new = s.model_copy(
        update={
            "base_year": y,
            "tenants": _tenants_at(s, by_year[y]),
            "targets": targets,
            "budget": budget,
            "assumptions": assumptions,
            "evaluation": evaluation,
        }
    )
    return _revalidate(new)


# ---------------------------------------------------------------- indicators


@cache
def load_indicators() -> pd.DataFrame:
    """Framework indicators with thresholds (data/indicators.csv)."""
    return pd.read_csv(DATA / "indicators.csv", dtype={"stage": str}, keep_default_na=False)


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
    from core.inventory import compute_inventory

    inv = compute_inventory(s, actual)
    tenants = _tenants_at(s, actual) if actual is not None else s.tenants
    energy: dict[str, float] = {}
    for t in tenants:
        for c, q in energy_to_canonical(t.energy.quantities()).items():
            energy[c] = energy.get(c, 0.0) + q
    grid = energy.get("electricity", 0.0)
    onsite = sum(t.onsite_renewable_mwh for t in tenants)
    green = sum(
        min(t.renewable_purchase_mwh, energy_to_canonical(t.energy.quantities()).get("electricity", 0.0))
        for t in tenants
    )
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


def indicator_path(s: Scenario, plan: Any | None, base: Mapping[str, float | None] | None = None) -> pd.DataFrame:
    """Indicator metrics for every plan year under the plan: year, metric, value.

    Energy-based ones come from the plan's energy table and emissions by source; renewable_share from
    the pathway; waste and water rates from the plan's achieved targets where it has them, else held at
    the base-year value (the plan does not track them otherwise)."""
    cols = ["year", "metric", "value"]
    if plan is None or not getattr(plan, "ok", False) or plan.energy.empty:
        return pd.DataFrame({c: [] for c in cols})
    base = indicator_values_base(s) if base is None else base
    green0 = sum(
        min(t.renewable_purchase_mwh, energy_to_canonical(t.energy.quantities()).get("electricity", 0.0))
        for t in s.tenants
    )
    from core.cbam import activity_index

    act = activity_index(s, list(plan.years))
    e = plan.energy
    src = plan.emissions_by_source
    rows = []
    tgt = plan.targets
    use: dict[int, dict[str, float]] = {}
    for y, c, v in zip(e["year"].astype(int), e["carrier"], e["plan"].astype(float), strict=True):
        use.setdefault(y, {})[c] = use.get(y, {}).get(c, 0.0) + v
    energy_em: dict[int, float] = {}
    if not src.empty:
        en = src[src["source"] != "process"]
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


def indicator_table(s: Scenario, plan: Any | None = None) -> pd.DataFrame:
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


# ---------------------------------------------------------------- self-assessment


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    chapter: str
    text_en: str
    text_zh: str
    action_en: str
    action_zh: str

    def text(self, lang: str) -> str:
        return self.text_zh if lang == "zh" else self.text_en

    def action(self, lang: str) -> str:
        return self.action_zh if lang == "zh" else self.action_en


@dataclass(frozen=True)
class Chapter:
    id: str
    number: int
    title_en: str
    title_zh: str
    items: tuple[ChecklistItem, ...]

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en


@cache
def load_checklist() -> tuple[Chapter, ...]:
    """Chapters 4-10 with their items, from data/self_assessment.yaml."""
    data = yaml.safe_load((DATA / "self_assessment.yaml").read_text(encoding="utf-8"))
    out = []
    for c in data["chapters"]:
        items = tuple(
            ChecklistItem(i["id"], c["id"], i["en"], i["zh"], i["action_en"], i["action_zh"]) for i in c["items"]
        )
        out.append(Chapter(c["id"], int(c["number"]), c["title_en"], c["title_zh"], items))
    return tuple(out)


def checklist_items() -> dict[str, ChecklistItem]:
    return {i.id: i for c in load_checklist() for i in c.items}


def check_answers(answers: Mapping[str, int]) -> list[Issue]:
    """Unknown item ids or scores outside 0..2, each with its path."""
    items = checklist_items()
    issues = []
    for k, v in answers.items():
        if k not in items:
            issues.append(Issue(f"evaluation.self_assessment.{k}", "unknown checklist item"))
        elif v not in (0, 1, 2):
            issues.append(Issue(f"evaluation.self_assessment.{k}", f"must be 0, 1 or 2 (got {v!r})"))
    return issues


def score_self_assessment(answers: Mapping[str, int]) -> pd.DataFrame:
    """Per chapter: items, answered, points (sum of 0/1/2), max_points (2 per item) and score = points /
    max_points (unanswered items count 0)."""
    rows = []
    for c in load_checklist():
        pts = sum(int(answers.get(i.id, 0)) for i in c.items)
        rows.append(
            {
                "chapter": c.id,
                "number": c.number,
                "title_en": c.title_en,
                "title_zh": c.title_zh,
                "items": len(c.items),
                "answered": sum(i.id in answers for i in c.items),
                "points": pts,
                "max_points": 2 * len(c.items),
                "score": pts / (2 * len(c.items)) if c.items else 0.0,
            }
        )
    return pd.DataFrame(rows)


def overall_score(answers: Mapping[str, int]) -> float:
    df = score_self_assessment(answers)
    return float(df["points"].sum() / df["max_points"].sum())


def unmet_items(answers: Mapping[str, int]) -> list[ChecklistItem]:
    """Items not fully met (score below 2, or not answered), in checklist order."""
    return [i for c in load_checklist() for i in c.items if int(answers.get(i.id, 0)) < 2]


def suggested_actions(s: Scenario, lang: str = "en") -> list[ImprovementAction]:
    """An improvement action for each unmet item that has none yet (owner and due date left to the user)."""
    have = {a.item for a in s.evaluation.actions}
    return [
        ImprovementAction(item=i.id, action=i.action(lang))
        for i in unmet_items(s.evaluation.self_assessment)
        if i.id not in have
    ]


def with_self_assessment(s: Scenario, answers: Mapping[str, int]) -> Scenario:
    issues = check_answers(answers)
    if issues:
        raise ScenarioError(issues)
    ev = s.evaluation.model_copy(update={"self_assessment": {k: int(v) for k, v in answers.items()}})
    return s.model_copy(update={"evaluation": ev})


def with_actions(s: Scenario, actions: Iterable[ImprovementAction | Mapping[str, Any]]) -> Scenario:
    """The scenario with its improvement actions replaced by `actions` (dicts are validated; errors are
    reported as `evaluation.actions[i].field: message`)."""
    out, issues = [], []
    for n, a in enumerate(actions):
        if isinstance(a, ImprovementAction):
            out.append(a)
            continue
        clean = {
            k: (None if v is None or (isinstance(v, float) and math.isnan(v)) or v == "" else v) for k, v in a.items()
        }
        clean = {k: v for k, v in clean.items() if v is not None or k == "due"}
        if clean.get("owner") is None:
            clean.pop("owner", None)
        try:
            out.append(ImprovementAction.model_validate(clean))
        except Exception as e:  # noqa: BLE001 - report, do not crash
            from pydantic import ValidationError

            if isinstance(e, ValidationError):
                for err in e.errors(include_url=False):
                    loc = ".".join(str(p) for p in err["loc"])
                    issues.append(Issue(f"evaluation.actions[{n}].{loc}", err["msg"]))
            else:
                issues.append(Issue(f"evaluation.actions[{n}]", str(e)))
    if issues:
        raise ScenarioError(issues)
    return s.model_copy(update={"evaluation": s.evaluation.model_copy(update={"actions": out})})


def add_actions(s: Scenario, actions: Iterable[ImprovementAction]) -> Scenario:
    return with_actions(s, [*s.evaluation.actions, *actions])


def actions_frame(s: Scenario) -> pd.DataFrame:
    cols = ["item", "action", "owner", "due", "status"]
    return pd.DataFrame([a.model_dump() for a in s.evaluation.actions], columns=cols)


# ---------------------------------------------------------------- export


def evaluation_tables(s: Scenario, plan: Any | None = None, lang: str = "en") -> dict[str, pd.DataFrame]:
    """Everything the evaluation shows, as tables (for Excel export and reports)."""
    sa = score_self_assessment(s.evaluation.self_assessment)
    items = pd.DataFrame(
        [
            {"chapter": i.chapter, "item": i.id, "text": i.text(lang), "score": s.evaluation.self_assessment.get(i.id)}
            for i in checklist_items().values()
        ]
    )
    return {
        "monitoring": monitoring_table(s, plan),
        "actuals": actuals_to_frame(s),
        "indicators": indicator_table(s, plan),
        "self_assessment": sa,
        "checklist": items,
        "actions": actions_frame(s),
    }


def evaluation_workbook(s: Scenario, plan: Any | None = None, lang: str = "en") -> bytes:
    """An Excel workbook with one sheet per evaluation table."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter") as xw:
        for name, df in evaluation_tables(s, plan, lang).items():
            df.to_excel(xw, sheet_name=name[:31], index=False)
    return buf.getvalue()


def metrics() -> tuple[str, ...]:
    return METRICS
