"""Display tables of a ``core.results.Plan``: long frames for charts, shortfalls in words, chosen measures.

Reshaping and labelling only; the numbers are the plan's.
"""

from __future__ import annotations

import pandas as pd

from core.assumptions import param_label
from core.i18n import name, t
from core.results import Plan
from ui.widgets import fmt_num, fmt_pct, label, unit_label

METRIC_UNITS = {
    "emissions": "tCO2e",
    "emission_intensity": "tCO2e/M",
    "renewable_share": "",
    "energy_intensity": "GJ/M",
    "waste_recycling_rate": "",
    "water_reuse_rate": "",
    "carbon_per_energy": "tCO2e/tce",
    "clean_energy_share": "",
}


def metric_label(metric: str, lang: str) -> str:
    return label(f"targets.metric_{metric}", lang, metric)


def fmt_metric(metric: str, v: float | None) -> str:
    if metric.endswith(("_share", "_rate")):
        return fmt_pct(v)
    digits = 0 if metric == "emissions" else 2
    return fmt_num(v, digits, METRIC_UNITS.get(metric, ""))


def measure_names(plan: Plan, lang: str) -> dict[str, str]:
    m = plan.measures
    if m is None or m.empty or "id" not in m:
        return {}
    return {r["id"]: name(r, lang) for r in m.to_dict("records")}


def pathway_long(plan: Plan, lang: str) -> pd.DataFrame:
    """year, series (translated), t: BAU, plan gross, plan net (if offsets), target."""
    p = plan.pathway
    series = [("bau_t", "results.series_bau"), ("plan_gross_t", "results.series_plan")]
    if "offsets_t" in p and p["offsets_t"].fillna(0).abs().sum() > 1e-6 and "plan_net_t" in p:
        series.append(("plan_net_t", "results.series_net"))
    series += [("target_t", "results.series_target"), ("target_net_t", "results.series_target_net")]
    rows = []
    for col, key in series:
        if col not in p:
            continue
        for y, v in p[col].items():
            if pd.notna(v):
                rows.append({"year": int(y), "series": t(key, lang), "t": float(v)})
    return pd.DataFrame(rows, columns=["year", "series", "t"])


def wedges_by_measure(plan: Plan, lang: str) -> pd.DataFrame:
    """year, measure (translated), abated_t: the plan's abatement by measure (core: adds up to BAU - plan in
    every year, overlaps counted once)."""
    cols = ["year", "measure", "abated_t"]
    a = plan.abatement
    if a is None or a.empty:
        return pd.DataFrame(columns=cols)
    names = measure_names(plan, lang)
    d = pd.DataFrame(
        {"year": a["year"].astype(int), "measure": [names.get(m, m) for m in a["measure"]], "abated_t": a["abated_t"]},
        columns=cols,
    )
    return d[d["abated_t"] > 1e-9].reset_index(drop=True)


def wedges_by_source(plan: Plan, lang: str) -> pd.DataFrame:
    """year, source (translated), abated_t = BAU - plan per source (positive = avoided)."""
    e = plan.emissions_by_source
    if e is None or e.empty:
        return pd.DataFrame(columns=["year", "source", "abated_t"])
    d = e.assign(abated_t=e["bau_t"] - e["plan_t"])
    d["source"] = [
        label(f"baseline.carrier_{x}", lang, label(f"baseline.source_{x}", lang, str(x))) for x in d["source"]
    ]
    return d[["year", "source", "abated_t"]]


def capex_by_measure(plan: Plan, lang: str) -> pd.DataFrame:
    """year, measure (translated), capex: units built x capex per unit (install-year outlay)."""
    u, m = plan.units, plan.measures
    if u is None or u.empty or m is None or m.empty or "capex_per_unit" not in m:
        return pd.DataFrame(columns=["year", "measure", "capex"])
    cpu = dict(zip(m["id"], m["capex_per_unit"].astype(float), strict=False))
    names = measure_names(plan, lang)
    d = u[u["built"] > 1e-9].copy()
    d["capex"] = [b * cpu.get(mid, 0.0) for b, mid in zip(d["built"], d["measure"], strict=False)]
    d["measure"] = [names.get(x, x) for x in d["measure"]]
    return d[["year", "measure", "capex"]].reset_index(drop=True)


def costs_long(plan: Plan, lang: str) -> pd.DataFrame:
    """year, series, cost: the plan's total yearly cost against BAU (undiscounted)."""
    c = plan.costs
    rows = []
    for col, key in (("bau_total", "results.series_bau"), ("total", "results.series_plan_cost")):
        if col in c:
            for y, v in c[col].items():
                rows.append({"year": int(y), "series": t(key, lang), "cost": float(v)})
    return pd.DataFrame(rows, columns=["year", "series", "cost"])


def chosen_measures(plan: Plan, lang: str) -> pd.DataFrame:
    """One row per measure built: name, area, unit, units built, first year, capex, active at horizon."""
    u = plan.units
    cols = ["measure", "area", "unit", "built", "first_year", "capex", "active_last"]
    if u is None or u.empty:
        return pd.DataFrame(columns=cols)
    built_rows = u[u["built"] > 1e-9]
    built = built_rows.groupby("measure")["built"].sum()
    first = built_rows.groupby("measure")["year"].min()
    last = max(plan.years) if plan.years else None
    active_last = u[u["year"] == last].groupby("measure")["active"].sum()
    info = {r["id"]: r for r in plan.measures.to_dict("records")} if not plan.measures.empty else {}
    rows = []
    for mid, b in built.items():
        m = info.get(mid, {"id": mid})
        area = str(m.get("area") or "")
        rows.append(
            {
                "measure": name(m, lang),
                "area": label(f"measures.area_{area}", lang, area),
                "unit": unit_label(str(m.get("unit") or ""), lang),
                "built": float(b),
                "first_year": int(first[mid]),
                "capex": float(b) * float(m.get("capex_per_unit") or 0.0),
                "active_last": float(active_last.get(mid, 0.0)),
            }
        )
    return pd.DataFrame(rows, columns=cols).sort_values("capex", ascending=False).reset_index(drop=True)


def target_status(plan: Plan, lang: str) -> pd.DataFrame:
    """metric, year, target, achieved, short_by, met: translated labels, formatted values."""
    tg = plan.targets
    if tg is None or tg.empty:
        return pd.DataFrame(columns=["metric", "year", "target", "achieved", "short_by", "met"])
    return pd.DataFrame(
        {
            "metric": [metric_label(m, lang) for m in tg["metric"]],
            "year": tg["year"].astype(int),
            "target": [fmt_metric(m, v) for m, v in zip(tg["metric"], tg["target"], strict=False)],
            "achieved": [fmt_metric(m, v) for m, v in zip(tg["metric"], tg["achieved"], strict=False)],
            "short_by": [
                fmt_metric(m, v) if s > 1e-9 else ""
                for m, v, s in zip(tg["metric"], tg["short_by"], tg["short_by"].fillna(0), strict=False)
            ],
            "met": tg["met"].astype(bool),
        }
    )


def shortfall_sentences(plan: Plan, lang: str, limit: int = 8) -> list[str]:
    """Each unmet target in words: year, metric, target, what the best plan reaches, how far short."""
    out = []
    for r in plan.shortfall.head(limit).itertuples():
        rel = abs(r.short_by / r.target) if r.target else None
        out.append(
            t(
                "results.shortfall_sentence",
                lang,
                year=int(r.year),
                metric=metric_label(r.metric, lang),
                target=fmt_metric(r.metric, r.target),
                achieved=fmt_metric(r.metric, r.achieved),
                short=fmt_metric(r.metric, r.short_by),
                pct=fmt_pct(rel) if rel is not None else "–",
            )
        )
    n = len(plan.shortfall)
    if n > limit:
        out.append(t("results.shortfall_more", lang, n=n - limit))
    return out


def carbon_price_frame(plan: Plan) -> pd.DataFrame:
    cp = plan.carbon_price
    if cp is None or len(cp) == 0:
        return pd.DataFrame(columns=["year", "price"])
    return pd.DataFrame({"year": [int(y) for y in cp.index], "price": cp.astype(float).to_numpy()})


def export_tables(plan: Plan) -> dict[str, pd.DataFrame]:
    """All plan tables for the CSV/Excel downloads (ids, not translated: machine-readable)."""
    out = {
        "pathway": plan.pathway,
        "targets": plan.targets,
        "units": plan.units,
        "costs": plan.costs,
        "emissions_by_source": plan.emissions_by_source,
        "energy": plan.energy,
        "capex": plan.capex.rename("capex").to_frame(),
        "carbon_price": plan.carbon_price.rename("carbon_price").to_frame(),
        "macc": plan.macc,
        "measures": plan.measures,
    }
    if plan.power:
        out["power"] = plan.power_table()
    if plan.power_days:
        out["power_days"] = plan.power_day_table()
    solver = {k: v for k, v in plan.solver.to_json().items() if not isinstance(v, list | dict)}
    solver["solver_status"] = solver.pop("status", None)
    out["solver"] = pd.DataFrame([{"status": plan.status, "message": plan.message, **solver}])
    return out


def top_n(df: pd.DataFrame, key: str, value: str, other: str, n: int = 8) -> pd.DataFrame:
    """Keep the n largest ``key`` groups (by total ``value``), sum the rest into one ``other`` group."""
    if df.empty or df[key].nunique() <= n + 1:
        return df
    keep = df.groupby(key)[value].sum().nlargest(n).index
    d = df.copy()
    d.loc[~d[key].isin(keep), key] = other
    return d.groupby(["year", key], as_index=False, sort=False)[value].sum()


PHASES = {"shortfall": "shortfall", "shortfall (reused)": "shortfall_reused", "start (LP, integers fixed)": "start",
          "start: shortfall (LP relaxation, rounded)": "round_shortfall",
          "start: cost (LP relaxation, rounded)": "round_cost",
          "cost": "cost", "duals (LP, integers fixed)": "duals"}  # fmt: skip


def solver_rows(plan: Plan, lang: str) -> pd.DataFrame:
    """The solver report in words: what, value (phases one row each)."""
    sv = plan.solver
    gap = fmt_pct(sv.gap, 2) if sv.gap is not None else t("results.sr_unknown", lang)
    rows = [
        (t("results.sr_solver", lang), sv.name),
        (t("results.sr_status", lang), t(f"plan.status_{plan.status}", lang)),
        (t("results.sr_time", lang), f"{fmt_num(sv.time_s, 2)} s"),
        (t("results.sr_build", lang), f"{fmt_num(sv.build_s + sv.prepare_s, 2)} s"),
        (t("results.sr_gap", lang), gap),
        (
            t("results.sr_size", lang),
            t("results.sr_size_value", lang, v=fmt_num(sv.n_vars), c=fmt_num(sv.n_cons), i=fmt_num(sv.n_integer)),
        ),
    ]
    for p in sv.phases:
        name = t(f"results.phase_{PHASES.get(p.name, 'cost')}", lang)
        rows.append((name, f"{t(f'results.phase_status_{p.status}', lang)}, {fmt_num(p.time_s, 2)} s"))
    return pd.DataFrame(rows, columns=[t("results.sr_what", lang), t("results.sr_value", lang)])


def assumptions_view(df: pd.DataFrame, lang: str, cur: str) -> pd.DataFrame:
    """core.assumptions.plan_assumptions in words: what, value, source, status, plan cost at -20 % / +20 %."""
    return pd.DataFrame(
        {
            t("results.col_assumption", lang): [param_label(p, lang) for p in df["parameter"]],
            t("results.col_value", lang): [fmt_num(v, 3) for v in df["value"]],
            t("common.source", lang): df["source"],
            t("measures.col_status", lang): [t(f"common.status_{x}", lang) for x in df["status"]],
            t("results.col_npv_low", lang, cur=cur): [fmt_num(v / 1e6, 1) for v in df["low_npv"]],
            t("results.col_npv_high", lang, cur=cur): [fmt_num(v / 1e6, 1) for v in df["high_npv"]],
        }
    )
