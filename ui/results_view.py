"""Everything the results section draws, built once per (plan, language) and cached by the caller.

Charts are Vega-Lite dicts (ui.charts), so a rerun that does not solve only sends
ready specs: no Altair building or schema validation on the hot path.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from core.i18n import t
from core.results import Plan
from ui.charts import lines, localise, stacked_area, stacked_bars
from ui.plan_view import (
    capex_by_measure,
    carbon_price_frame,
    chosen_measures,
    costs_long,
    pathway_long,
    shortfall_sentences,
    target_status,
    top_n,
    wedges_by_measure,
    wedges_by_source,
)


def build(plan: Plan, lang: str, cur: str) -> dict[str, Any]:
    yr = t("common.year", lang)
    bau, target, target_net = (t(f"results.series_{k}", lang) for k in ("bau", "target", "target_net"))
    other = t("results.other", lang)
    out: dict[str, Any] = {}
    out["pathway"] = lines(
        pathway_long(plan, lang),
        "year",
        "t",
        "series",
        t("results.chart_pathway", lang),
        "tCO2e",
        "",
        yr,
        dashed=(bau, target, target_net),
    )
    wedges = top_n(wedges_by_measure(plan, lang), "measure", "abated_t", other)
    cx = top_n(capex_by_measure(plan, lang), "measure", "capex", other)
    # one colour per measure in both charts: the union of names, largest abatement first, "other" last
    names = list(
        dict.fromkeys([*wedges.groupby("measure")["abated_t"].sum().sort_values(ascending=False).index, *cx["measure"]])
    )
    domain = [n for n in names if n != other] + ([other] if other in names else [])
    if wedges.empty:
        w = wedges_by_source(plan, lang)
        out["wedges"] = stacked_area(
            w,
            "year",
            "abated_t",
            "source",
            t("results.chart_wedges_source", lang),
            "tCO2e",
            t("baseline.source", lang),
            yr,
        )
    else:
        out["wedges"] = stacked_area(
            wedges,
            "year",
            "abated_t",
            "measure",
            t("results.chart_wedges", lang),
            "tCO2e",
            t("results.measure", lang),
            yr,
            domain=domain,
        )
    out["capex"] = stacked_bars(
        cx,
        "year",
        "capex",
        "measure",
        t("results.chart_capex", lang, cur=cur),
        cur,
        t("results.measure", lang),
        yr,
        domain=domain,
    )
    out["costs"] = lines(
        costs_long(plan, lang),
        "year",
        "cost",
        "series",
        t("results.chart_costs", lang, cur=cur),
        cur,
        "",
        yr,
        dashed=(bau,),
    )
    cp = carbon_price_frame(plan).assign(series=t("results.series_price", lang))
    out["carbon_price"] = stacked_bars(
        cp, "year", "price", "series", t("results.chart_carbon_price", lang, cur=cur), f"{cur}/tCO2e", "", yr
    )
    ts = target_status(plan, lang)
    ts.insert(0, "flag", ["" if m else "⚠" for m in ts["met"]])
    out["targets"] = ts
    out["shortfalls"] = shortfall_sentences(plan, lang)
    out["chosen"] = chosen_measures(plan, lang)
    return localise(out, lang)


def empty_frame() -> pd.DataFrame:
    return pd.DataFrame()
