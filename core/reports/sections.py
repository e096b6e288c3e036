"""The report's sections from scenario, inventory and plan: summary, baseline, targets, pathway, costs.

`build_document` puts them together with the risks and sources sections (`core.reports.sources`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from core.assumptions import param_label
from core.compare import Compared, costs, measures
from core.i18n import t
from core.reports.document import (
    Chart,
    KeyValues,
    Para,
    ReportData,
    Section,
    Table,
    _fmt_table,
    _key_years,
    _metric_values,
    _section,
    col_label,
    fmt,
    zone_title,
)
from core.reports.power_section import _power
from core.reports.sources import _risks, _sources


def _summary(d: ReportData) -> Section:
    s, lang = d.scenario, d.lang
    kv = [
        (t("reports.zone", lang), zone_title(s, lang)),
        (t("reports.country", lang), s.zone.country),
        (t("reports.area", lang), f"{fmt(s.zone.area_ha, lang=lang)} ha"),
        (t("reports.years", lang), f"{s.base_year} - {s.horizon}"),
        (t("reports.tenants", lang), f"{len(s.tenants)}"),
        (t("reports.facilities", lang), f"{len(s.facilities)}"),
        (t("reports.currency", lang), s.currency),
    ]
    blocks: list[Any] = [KeyValues(kv)]
    if s.zone.description:
        blocks.append(Para(s.zone.description_in(lang)))
    if s.zone.illustrative:
        blocks.append(Para(t("reports.illustrative", lang), "warn"))
    if d.plan is not None and d.plan.ok:
        p = d.plan
        last = p.years[-1] if p.years else s.horizon
        path = p.pathway
        if last in path.index and "plan_net_t" in path:
            blocks.append(
                Para(
                    t(
                        "reports.headline",
                        lang,
                        year=last,
                        plan=fmt(float(path.loc[last, "plan_net_t"]), lang=lang),
                        bau=fmt(float(path.loc[last, "bau_t"]), lang=lang) if "bau_t" in path else "-",
                        npv=fmt(p.npv.get("total"), lang=lang),
                        bau_npv=fmt(p.npv.get("bau_total"), lang=lang),
                        currency=s.currency,
                    )
                )
            )
    blocks += [Para(n, "note") for n in d.notes]
    return _section("sec_summary", lang, blocks)


def _known(key: str, lang: str, default: str) -> str:
    """The translation of `key`, or `default` (a data value without a catalogue entry stays as it is)."""
    text = t(key, lang)
    return default if text == key else text


def _baseline(d: ReportData) -> Section:
    lang, inv = d.lang, d.inventory
    if inv is None:
        return _section("sec_baseline", lang, [Para(t("reports.unavailable", lang), "note")])
    tot, k = inv.totals, inv.kpis
    kv = [
        (t("reports.total", lang), f"{fmt(tot.get('total_t'), lang=lang)} tCO2e"),
        (t("reports.scope1", lang), f"{fmt(tot.get('scope1_t'), lang=lang)} tCO2e"),
        (t("reports.scope2_loc", lang), f"{fmt(tot.get('scope2_location_t'), lang=lang)} tCO2e"),
        (t("reports.scope2_mkt", lang), f"{fmt(tot.get('scope2_market_t'), lang=lang)} tCO2e"),
        (t("reports.scope3", lang), f"{fmt(tot.get('scope3_t'), lang=lang)} tCO2e"),
        (t("reports.biogenic", lang), f"{fmt(tot.get('biogenic_co2_t'), lang=lang)} tCO2"),
        (
            t("reports.intensity", lang),
            f"{fmt(k.get('intensity_t_per_musd'), 1, lang=lang)} tCO2e/M{d.scenario.currency}",
        ),
        (t("reports.energy", lang), f"{fmt(k.get('energy_tce'), lang=lang)} tce"),
        (t("reports.t_per_tce", lang), fmt(k.get("t_co2_per_tce"), 2, lang=lang)),
        (t("reports.renewable_share", lang), fmt(k.get("renewable_share"), 1, pct=True, lang=lang)),
        (t("reports.waste_rate", lang), fmt(k.get("waste_recycling_rate"), 1, pct=True, lang=lang)),
        (t("reports.water_rate", lang), fmt(k.get("water_reuse_rate"), 1, pct=True, lang=lang)),
    ]
    top = inv.by_tenant.head(10)[["tenant", "tenant_name", "sector", "scope1_t", "scope2_location_t", "total_t"]]
    top = top.assign(sector=[_known(f"names.sector_{x}", lang, x) for x in top["sector"]])
    if lang == "zh":  # tenants' Chinese names where the scenario gives them
        zh = {tn.id: tn.name_zh for tn in d.scenario.tenants if tn.name_zh}
        top = top.assign(tenant_name=[zh.get(i, n) for i, n in zip(top["tenant"], top["tenant_name"], strict=True)])
    src = inv.by_source[["scope", "source", "t_co2e"]]
    src = src.assign(source=[_known(f"baseline.source_{x}", lang, x) for x in src["source"]])
    return _section(
        "sec_baseline",
        lang,
        [
            Para(t("reports.baseline_intro", lang, year=inv.year, gwp=inv.gwp_set)),
            KeyValues(kv),
            Table(_fmt_table(top, lang), t("reports.top_tenants", lang)),
            Table(_fmt_table(src, lang), t("reports.by_source", lang)),
        ],
    )


def _targets(d: ReportData) -> Section:
    s, lang = d.scenario, d.lang
    ms = pd.DataFrame(
        [
            {
                "metric": t(f"reports.metric_{m.metric}", lang),
                "year": str(m.year),
                "change_vs_base": m.change_vs_base,
                "value": m.value,
                "basis": m.basis,
            }
            for m in s.targets.milestones
        ],
        columns=["metric", "year", "change_vs_base", "value", "basis"],
    )
    blocks: list[Any] = []
    if ms.empty:
        blocks.append(Para(t("reports.no_targets", lang), "note"))
    else:
        blocks.append(Table(_fmt_table(ms, lang, {"change_vs_base": (0, True), "value": (2, False)})))
    if d.plan is not None and d.plan.ok and not d.plan.targets.empty:
        tg = d.plan.targets
        years = set(_key_years(d))
        sel = _metric_values(tg[tg["year"].astype(int).isin(years)], lang)
        blocks.append(
            Table(
                _fmt_table(sel[["metric", "basis", "year", "target", "achieved", "short_by", "met"]], lang),
                t("reports.targets_in_key_years", lang),
            )
        )
    return _section("sec_targets", lang, blocks)


def _pathway(d: ReportData) -> Section:
    lang, p = d.lang, d.plan
    if p is None or not p.ok or p.pathway.empty:
        return _section("sec_pathway", lang, [Para(t("reports.unavailable", lang), "note")])
    path = p.pathway
    series: dict[str, list[tuple[float, float]]] = {}
    for col, key in (
        ("bau_t", "bau"),
        ("plan_gross_t", "plan_gross"),
        ("plan_net_t", "plan_net"),
        ("target_t", "target"),
    ):
        if col in path:
            pts = [(float(y), float(v)) for y, v in path[col].items() if pd.notna(v)]
            if pts:
                series[t(f"reports.series_{key}", lang)] = pts
    chart = Chart(t("reports.chart_pathway", lang), series, "tCO2e", dashed=(t("reports.series_target", lang),))
    years = [y for y in _key_years(d) if y in path.index]
    cols = [c for c in ("bau_t", "plan_gross_t", "plan_net_t", "target_t", "renewable_share") if c in path]
    tab = path.loc[years, cols].reset_index(names="year")
    tab["year"] = tab["year"].astype(str)
    blocks: list[Any] = [chart, Table(_fmt_table(tab, lang, {"renewable_share": (1, True)}))]
    blocks.append(_measures_table(d))
    return _section("sec_pathway", lang, blocks)


def _measures_table(d: ReportData) -> Any:
    long = measures([Compared("plan", d.scenario, d.plan)])
    if long.empty:
        return Para(t("reports.no_measures", d.lang), "note")
    tab = long.sort_values(["first_year", "measure"])
    tab = pd.DataFrame(
        {
            "name": [d.plan.measure_name(m, d.lang) for m in tab["measure"]],
            "area": [t(f"measures.area_{a}", d.lang) for a in tab["area"]],
            "first_year": tab["first_year"].astype(str),
            "max_active": tab["max_active"],
        }
    )
    return Table(_fmt_table(tab, d.lang, {"max_active": (1, False)}), t("reports.measures_chosen", d.lang))


def _costs(d: ReportData) -> Section:
    lang, p, s = d.lang, d.plan, d.scenario
    if p is None or not p.ok:
        return _section("sec_costs", lang, [Para(t("reports.unavailable", lang), "note")])
    c = costs([Compared("plan", s, p)]).iloc[0]
    cur = s.currency
    kv = [
        (t("reports.npv_plan", lang), f"{fmt(c['npv_total'], lang=lang)} {cur}"),
        (t("reports.npv_bau", lang), f"{fmt(c['bau_npv_total'], lang=lang)} {cur}"),
        (t("reports.extra_cost", lang), f"{fmt(c['extra_cost'], lang=lang)} {cur}"),
        (t("reports.abated", lang), f"{fmt(c['abated_t'], lang=lang)} tCO2e"),
        (t("reports.cost_per_t", lang), f"{fmt(c['cost_per_t_abated'], 1, lang=lang)} {cur}/tCO2e"),
        (t("reports.capex_total", lang), f"{fmt(c['capex_total'], lang=lang)} {cur}"),
    ]
    for part, v in (p.npv.get("parts") or {}).items():
        kv.append((t("reports.npv_part", lang, part=col_label(str(part), lang)), f"{fmt(v, lang=lang)} {cur}"))
    blocks: list[Any] = [
        Para(t("reports.costs_intro", lang, rate=fmt(s.assumptions.discount_rate, 1, pct=True, lang=lang))),
        KeyValues(kv),
    ]
    if not p.capex.empty and float(p.capex.abs().sum()) > 0:
        pts = [(float(y), float(v)) for y, v in p.capex.sort_index().items()]
        blocks.append(Chart(t("reports.chart_capex", lang), {t("reports.col_capex", lang): pts}, cur, kind="bar"))
    if not p.costs.empty and {"total", "bau_total"} <= set(p.costs.columns):
        series = {
            t("reports.series_plan_cost", lang): [(float(y), float(v)) for y, v in p.costs["total"].items()],
            t("reports.series_bau", lang): [(float(y), float(v)) for y, v in p.costs["bau_total"].items()],
        }
        blocks.append(Chart(t("reports.chart_costs", lang), series, cur, dashed=(t("reports.series_bau", lang),)))
        yrs = [y for y in _key_years(d) if y in p.costs.index]
        tab = p.costs.loc[yrs, ["total", "bau_total"]].reset_index(names="year")
        tab["year"] = tab["year"].astype(str)
        blocks.append(Table(_fmt_table(tab, lang), t("reports.costs_by_year", lang, currency=cur)))
    return _section("sec_costs", lang, blocks)


def _assumptions(d: ReportData) -> Section:
    """What the plan assumes: the assumptions that move its cost most, with value, source and status."""
    lang, a = d.lang, d.assumptions
    if a is None or a.empty:
        return _section("sec_assumptions", lang, [Para(t("reports.unavailable", lang), "note")])
    cur = d.scenario.currency
    tab = pd.DataFrame(
        {
            "assumption": [param_label(p, lang) for p in a["parameter"]],
            "value": [fmt(v, 3) for v in a["value"]],
            "source": a["source"],
            "status": [t(f"common.status_{x}", lang) for x in a["status"]],
            "npv_low": [fmt(v / 1e6, 1) for v in a["low_npv"]],
            "npv_high": [fmt(v / 1e6, 1) for v in a["high_npv"]],
        }
    )
    blocks = [Para(t("reports.assumptions_intro", lang, currency=cur)), Table(_fmt_table(tab, lang))]
    return _section("sec_assumptions", lang, blocks)


def build_document(d: ReportData) -> list[Section]:
    power = _power(d)
    return [
        _summary(d), _baseline(d), _targets(d), _pathway(d), *([power] if power else []), _costs(d), _assumptions(d),
        _risks(d), _sources(d),
    ]  # fmt: skip
