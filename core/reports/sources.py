"""The last sections: risks and assumptions, and every factor and default the numbers rest on."""

from __future__ import annotations

from typing import Any

import pandas as pd

from core import l10n
from core.factors import STATUS_WORD, source_text
from core.i18n import t
from core.reports.document import (
    KeyValues,
    Para,
    ReportData,
    Section,
    Table,
    _describe,
    _fmt_table,
    _metric_values,
    _section,
    fmt,
)
from core.year_paths import interpolate


def _risks(d: ReportData) -> Section:
    lang, s, p = d.lang, d.scenario, d.plan
    blocks: list[Any] = []
    if p is not None and p.ok:
        if p.status != "optimal":
            blocks.append(Para(t(f"reports.status_{p.status}", lang, message=_describe(p, lang)), "warn"))
        sf = p.shortfall
        if sf.empty:
            blocks.append(Para(t("reports.no_shortfall", lang)))
        else:
            sf = _metric_values(sf, lang)
            blocks.append(Para(t("reports.shortfall_intro", lang, n=len(sf)), "warn"))
            blocks.append(Table(_fmt_table(sf[["metric", "basis", "year", "target", "achieved", "short_by"]], lang)))
    a = s.assumptions
    price = interpolate(a.carbon_price_per_t, [s.horizon])[s.horizon]
    kv = [
        (t("reports.discount_rate", lang), fmt(a.discount_rate, 1, pct=True, lang=lang)),
        (
            t("reports.activity", lang),
            fmt(a.activity.growth, 1, pct=True, lang=lang)
            if a.activity.growth is not None
            else t("reports.activity_path", lang),
        ),
        (t("reports.carbon_price", lang, year=s.horizon), f"{fmt(price, lang=lang)} {s.currency}/t"),
        (
            t("reports.grid_factor", lang),
            t("reports.grid_override", lang) if a.grid_factor_t_per_mwh else t("reports.grid_default", lang),
        ),
        (t("reports.gwp", lang), a.gwp),
    ]
    blocks += [Para(t("reports.assumptions_intro", lang)), KeyValues(kv)]
    if d.inventory is not None:
        lines = d.inventory.lines
        weak = lines[lines["factor_status"].astype(str).isin(("unverified", "assumption"))]  # the legend's weak end
        if not weak.empty:
            share = float(weak["t_co2e"].sum()) / max(float(lines["t_co2e"].sum()), 1e-9)
            blocks.append(Para(t("reports.weak_factors", lang, share=fmt(share, 1, pct=True, lang=lang)), "warn"))
    if s.zone.illustrative:
        blocks.append(Para(t("reports.illustrative", lang), "warn"))
    return _section("sec_risks", lang, blocks)


def sources_table(d: ReportData) -> pd.DataFrame:
    """Every factor and default the numbers rest on: item, value, unit, source, year, status (in the report's
    language: carriers and measures by name, statuses in words)."""
    lang = d.lang
    rows: list[dict[str, Any]] = []
    if d.inventory is not None:
        g = d.inventory.grid_factor
        rows.append(
            {
                "item": t("reports.grid_factor", lang),
                "value": g.value,
                "unit": g.unit,
                "source": source_text(g.source, lang),
                "year": g.year,
                "status": _status(g.status, lang),
            }
        )
        lines = d.inventory.lines
        cols = ["source", "carrier", "gas", "factor", "factor_unit", "factor_source", "factor_year", "factor_status"]
        for r in lines[cols].drop_duplicates().itertuples(index=False):
            rows.append(
                {
                    "item": f"{t(f'baseline.carrier_{r.carrier}' if r.carrier else f'baseline.source_{r.source}', lang)} {r.gas}",
                    "value": r.factor,
                    "unit": r.factor_unit,
                    "source": source_text(str(r.factor_source), lang),
                    "year": r.factor_year,
                    "status": _status(r.factor_status, lang),
                }
            )
    p = d.plan
    if p is not None and not p.measures.empty and "id" in p.measures:
        src = p.measures["source"] if "source" in p.measures else pd.Series("", index=p.measures.index)
        for mid, so in zip(p.measures["id"], src, strict=True):
            rows.append(
                {
                    "item": p.measure_name(mid, lang),
                    "value": None,
                    "unit": "",
                    "source": source_text(so, lang),
                    "year": None,
                    "status": "",
                }
            )
    df = pd.DataFrame(rows, columns=["item", "value", "unit", "source", "year", "status"])
    return df.drop_duplicates().reset_index(drop=True)


def _status(code: str, lang: str) -> str:
    """A source status (verified, secondary, ...) in words; empty stays empty."""
    return t(f"common.status_{STATUS_WORD.get(code, code)}", lang) if code else ""


def _sources(d: ReportData) -> Section:
    lang = d.lang
    src = sources_table(d)
    src["year"] = [str(int(y)) if pd.notna(y) and y != "" else "-" for y in src["year"]]
    blocks: list[Any] = [Para(t("reports.sources_intro", lang))]
    blocks.append(
        Table(_fmt_table(src, lang, {"value": (4, False)})) if not src.empty else Para(t("reports.unavailable", lang))
    )
    blocks.append(Para(t("reports.generated", lang, when=l10n.datetime_utc(d.created, lang)), "note"))
    return _section("sec_sources", lang, blocks)
