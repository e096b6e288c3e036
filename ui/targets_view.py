"""Targets for display and editing: milestones table, annual targets beside BAU, overrides from edits.

The annual targets and the BAU paths come from the scenario's ``core.baseline.Baseline``, as the
optimiser's do, so the page draws exactly what the model will enforce.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from core.baseline import baseline
from core.schema import METRICS, Scenario
from core.targets import annual_targets

MILESTONE_COLS = ["metric", "year", "change_pct", "value", "basis"]


def milestones_frame(s: Scenario) -> pd.DataFrame:
    rows = [
        {
            "metric": m.metric,
            "year": m.year,
            "change_pct": None if m.change_vs_base is None else round(100 * m.change_vs_base, 6),
            "value": m.value,
            "basis": m.basis,
        }
        for m in s.targets.milestones
    ]
    df = pd.DataFrame(rows, columns=MILESTONE_COLS)
    df["year"] = pd.to_numeric(df["year"], errors="coerce").astype("Int64")
    for c in ("change_pct", "value"):
        df[c] = pd.to_numeric(df[c], errors="coerce").astype(float)
    return df


def _v(x: Any) -> Any:
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return None
    return x.item() if hasattr(x, "item") else x


def milestones_data(df: pd.DataFrame) -> list[dict]:
    """Edited milestones table -> the scenario's ``targets.milestones`` (percent -> fraction)."""
    out = []
    for r in df.to_dict("records"):
        if all(_v(r.get(c)) is None for c in MILESTONE_COLS):
            continue  # an empty row added by the editor
        m = {"metric": _v(r.get("metric")), "year": _v(r.get("year")), "basis": _v(r.get("basis")) or "gross"}
        pct, val = _v(r.get("change_pct")), _v(r.get("value"))
        if pct is not None:
            m["change_vs_base"] = float(pct) / 100.0
        if val is not None:
            m["value"] = float(val)
        out.append(m)
    return out


def annual_with_bau(s: Scenario) -> pd.DataFrame:
    """metric, basis, year, target, source, bau: every annual target the optimiser enforces, with BAU."""
    b = baseline(s)
    df = annual_targets(s, b.metric_base)
    paths = {(m, bs): b.bau_path(m, bs) for m, bs in set(zip(df["metric"], df["basis"], strict=True))}
    df["bau"] = [
        paths[(m, bs)].get(int(y), float("nan")) for m, bs, y in zip(df["metric"], df["basis"], df["year"], strict=True)
    ]
    return df[["metric", "basis", "year", "target", "source", "bau"]]


def override_changes(s: Scenario, shown: pd.DataFrame, edited: pd.DataFrame, metric: str) -> dict[str, object]:
    """Annual table edits of one metric -> ``targets.overrides`` (only years whose value changed)."""
    over = {m: dict(p) for m, p in s.targets.overrides.items()}
    path = over.setdefault(metric, {})
    base = dict(zip(shown["year"].astype(int), shown["target"].astype(float), strict=False))
    for r in edited.to_dict("records"):
        y, v = int(r["year"]), _v(r["target"])
        if v is None:
            path.pop(y, None)
        elif y in base and not math.isclose(float(v), base[y], rel_tol=1e-9, abs_tol=1e-9):
            path[y] = float(v)
    data = {m: {int(y): v for y, v in p.items()} for m, p in over.items() if p}
    return {"targets.overrides": data or None}


def metrics() -> tuple[str, ...]:
    return METRICS


def chart_spec(sel: pd.DataFrame, bau: pd.DataFrame, metric: str, lang: str) -> dict:
    """Annual target (solid) against BAU (dashed) for one metric, as a Vega-Lite dict."""
    from core.i18n import t
    from ui.charts import lines
    from ui.plan_view import METRIC_UNITS, metric_label

    unit = METRIC_UNITS.get(metric, "") or t("targets.share", lang)
    share = metric.endswith(("_share", "_rate"))
    bau_name, target_name = t("results.series_bau", lang), t("results.series_target", lang)
    df = pd.concat(
        [
            pd.DataFrame({"year": bau["year"], "series": bau_name, "v": bau["bau"]}),
            pd.DataFrame({"year": sel["year"], "series": target_name, "v": sel["target"]}),
        ]
    ).dropna()
    return lines(
        df,
        "year",
        "v",
        "series",
        t("targets.chart", lang, metric=metric_label(metric, lang), unit=unit),
        unit,
        "",
        t("common.year", lang),
        dashed=(bau_name,),
        fmt=".1%" if share else ",.2f",
        y_format=".0%" if share else "~s",
    )


def emission_target_path(s: Scenario) -> pd.DataFrame:
    """The gross emission targets by plan year (year, value; empty when the scenario sets none)."""
    tg = annual_targets(s, baseline(s).metric_base)
    if tg.empty:
        return pd.DataFrame(columns=["year", "value"])
    g = tg[(tg["metric"] == "emissions") & (tg["basis"] == "gross")]
    return g.rename(columns={"target": "value"})[["year", "value"]].reset_index(drop=True)
