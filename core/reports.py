"""Reports for officials and planners: an Excel workbook, a printable HTML report and a PDF.

One neutral document (sections of paragraphs, key-value lists, tables and charts) is built from the
scenario, its base-year inventory and its plan; HTML and PDF render the same document, so they say the
same thing. Text comes from the ``reports`` i18n namespace in the chosen language, each section title
with the other language beside it (bilingual headings). All user text is HTML-escaped. Charts are
inline SVG (HTML) and reportlab drawings (PDF); Chinese in the PDF uses reportlab's built-in CID font
``STSong-Light`` (no font file needed).

CLI: ``python -m core report FILE --out NAME.xlsx|NAME.html|NAME.pdf [--lang en|zh]``.
"""

from __future__ import annotations

import html
import io
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from string import Template
from typing import Any

import pandas as pd

from core.i18n import t
from core.schema import Scenario

TEMPLATES = Path(__file__).resolve().parent / "report_templates"
FORMATS = ("xlsx", "html", "pdf")
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")  # Okabe-Ito, colour-blind safe
CJK_FONT = "STSong-Light"


class ReportError(ValueError):
    """A report that cannot be written (unknown format, unwritable path); the message says which."""


# ---------------------------------------------------------------- inputs of a report


@dataclass(frozen=True)
class ReportData:
    scenario: Scenario
    inventory: Any | None  # core.inventory.Inventory
    plan: Any | None  # core.results.Plan
    lang: str = "en"
    notes: list[str] = field(default_factory=list)  # sections that could not be computed, and why
    created: datetime = field(default_factory=lambda: datetime.now(UTC))


def gather(s: Scenario, plan: Any = None, inventory: Any = None, lang: str = "en", settings: Any = None) -> ReportData:
    """Collect what a report shows; computes the inventory and the plan when not given.

    A part that fails is left out with a note (the report still renders), never an exception."""
    notes: list[str] = []
    if inventory is None:
        try:
            from core.inventory import compute_inventory

            inventory = compute_inventory(s)
        except Exception as e:  # noqa: BLE001 - report what is there
            notes.append(t("reports.note_no_inventory", lang, error=f"{type(e).__name__}: {e}"))
    if plan is None:
        try:
            from core.optimise import solve

            plan = solve(s, settings)
        except Exception as e:  # noqa: BLE001
            notes.append(t("reports.note_no_plan", lang, error=f"{type(e).__name__}: {e}"))
    if plan is not None and not plan.ok:
        notes.append(t("reports.note_plan_failed", lang, message=_describe(plan, lang)))
    return ReportData(s, inventory, plan, lang, notes)


def _describe(plan: Any, lang: str) -> str:
    """The plan's message in the report language where the optimiser provides it."""
    describe = getattr(plan, "describe", None)
    return describe(lang) if callable(describe) else plan.message


# ---------------------------------------------------------------- number formatting


def fmt(v: Any, nd: int = 0, pct: bool = False) -> str:
    if v is None or (isinstance(v, float) and (math.isnan(v) or math.isinf(v))):
        return "-"
    if isinstance(v, bool):
        return "✓" if v else "✗"
    if isinstance(v, int | float):
        return f"{v * 100:.{max(nd, 1)}f} %" if pct else f"{v:,.{nd}f}"
    return str(v)


def col_label(col: str, lang: str) -> str:
    key = f"reports.col_{col}"
    text = t(key, lang)
    return col if text == key else text


def other(lang: str) -> str:
    return "en" if lang == "zh" else "zh"


def zone_title(s: Scenario, lang: str) -> str:
    return s.zone.name_zh if lang == "zh" and s.zone.name_zh else s.zone.name


# ---------------------------------------------------------------- the neutral document


@dataclass(frozen=True)
class Para:
    text: str
    kind: str = "p"  # p | warn | note


@dataclass(frozen=True)
class KeyValues:
    items: list[tuple[str, str]]


@dataclass(frozen=True)
class Table:
    frame: pd.DataFrame  # already formatted as text, headers translated
    caption: str = ""


@dataclass(frozen=True)
class Chart:
    title: str
    series: dict[str, list[tuple[float, float]]]  # name -> points (x, y)
    y_label: str
    kind: str = "line"  # line | bar (bar: first series only, x as category)
    dashed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    key: str  # i18n key of the title
    title: str
    title_alt: str
    blocks: list[Any]


def _fmt_table(df: pd.DataFrame, lang: str, spec: dict[str, tuple[int, bool]] | None = None) -> pd.DataFrame:
    """Text table: numbers formatted (spec: column -> (decimals, is_share)), headers translated."""
    spec = spec or {}
    out = pd.DataFrame(index=range(len(df)))
    for c in df.columns:
        nd, pct = spec.get(c, (0, False))
        out[col_label(str(c), lang)] = [fmt(v, nd, pct) for v in df[c].tolist()]
    return out


def _section(key: str, lang: str, blocks: list[Any]) -> Section:
    return Section(key, t(f"reports.{key}", lang), t(f"reports.{key}", other(lang)), blocks)


def _summary(d: ReportData) -> Section:
    s, lang = d.scenario, d.lang
    kv = [
        (t("reports.zone", lang), zone_title(s, lang)),
        (t("reports.country", lang), s.zone.country),
        (t("reports.area", lang), f"{fmt(s.zone.area_ha)} ha"),
        (t("reports.years", lang), f"{s.base_year} - {s.horizon}"),
        (t("reports.tenants", lang), f"{len(s.tenants)}"),
        (t("reports.facilities", lang), f"{len(s.facilities)}"),
        (t("reports.currency", lang), s.currency),
    ]
    blocks: list[Any] = [KeyValues(kv)]
    if s.zone.description:
        blocks.append(Para(s.zone.description))
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
                        plan=fmt(float(path.loc[last, "plan_net_t"])),
                        bau=fmt(float(path.loc[last, "bau_t"])) if "bau_t" in path else "-",
                        npv=fmt(p.npv.get("total")),
                        bau_npv=fmt(p.npv.get("bau_total")),
                        currency=s.currency,
                    )
                )
            )
    blocks += [Para(n, "note") for n in d.notes]
    return _section("sec_summary", lang, blocks)


def _baseline(d: ReportData) -> Section:
    lang, inv = d.lang, d.inventory
    if inv is None:
        return _section("sec_baseline", lang, [Para(t("reports.unavailable", lang), "note")])
    tot, k = inv.totals, inv.kpis
    kv = [
        (t("reports.total", lang), f"{fmt(tot.get('total_t'))} tCO2e"),
        (t("reports.scope1", lang), f"{fmt(tot.get('scope1_t'))} tCO2e"),
        (t("reports.scope2_loc", lang), f"{fmt(tot.get('scope2_location_t'))} tCO2e"),
        (t("reports.scope2_mkt", lang), f"{fmt(tot.get('scope2_market_t'))} tCO2e"),
        (t("reports.scope3", lang), f"{fmt(tot.get('scope3_t'))} tCO2e"),
        (t("reports.biogenic", lang), f"{fmt(tot.get('biogenic_co2_t'))} tCO2"),
        (t("reports.intensity", lang), f"{fmt(k.get('intensity_t_per_musd'), 1)} tCO2e/M{d.scenario.currency}"),
        (t("reports.energy", lang), f"{fmt(k.get('energy_tce'))} tce"),
        (t("reports.t_per_tce", lang), fmt(k.get("t_co2_per_tce"), 2)),
        (t("reports.renewable_share", lang), fmt(k.get("renewable_share"), 1, pct=True)),
        (t("reports.waste_rate", lang), fmt(k.get("waste_recycling_rate"), 1, pct=True)),
        (t("reports.water_rate", lang), fmt(k.get("water_reuse_rate"), 1, pct=True)),
    ]
    top = inv.by_tenant.head(10)[["tenant", "tenant_name", "sector", "scope1_t", "scope2_location_t", "total_t"]]
    src = inv.by_source[["scope", "source", "t_co2e"]]
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


def _metric_values(tg: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Target rows with values as text in each metric's own unit (shares in %, intensities 2 decimals)."""
    out = tg.copy()
    for c in ("target", "achieved", "short_by"):
        out[c] = [
            fmt(v, 1, pct=True) if m.endswith(("_share", "_rate")) else fmt(v, 2 if m.endswith("_intensity") else 0)
            for m, v in zip(tg["metric"], tg[c], strict=True)
        ]
    out["metric"] = [t(f"reports.metric_{m}", lang) for m in tg["metric"]]
    out["year"] = tg["year"].astype(int).astype(str)
    if "met" in out:  # words, not check marks: the PDF's CJK font has no glyph for them
        out["met"] = [t("reports.yes" if bool(v) else "reports.no", lang) for v in tg["met"]]
    return out


def _key_years(d: ReportData) -> list[int]:
    s = d.scenario
    ys = {m.year for m in s.targets.milestones if s.base_year < m.year <= s.horizon} | {s.horizon}
    first = s.base_year + 1
    ys |= {y for y in range(first, s.horizon + 1) if y % 5 == 0}
    return sorted(ys)


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
    from core.compare import Compared, measures

    long = measures([Compared("plan", d.scenario, d.plan)])
    if long.empty:
        return Para(t("reports.no_measures", d.lang), "note")
    name_col = "name_zh" if d.lang == "zh" else "name_en"
    tab = long[["measure", name_col, "area", "first_year", "max_active"]].rename(columns={name_col: "name"})
    tab = tab.sort_values(["first_year", "measure"])
    tab["first_year"] = tab["first_year"].astype(str)
    return Table(_fmt_table(tab, d.lang, {"max_active": (1, False)}), t("reports.measures_chosen", d.lang))


def _costs(d: ReportData) -> Section:
    lang, p, s = d.lang, d.plan, d.scenario
    if p is None or not p.ok:
        return _section("sec_costs", lang, [Para(t("reports.unavailable", lang), "note")])
    from core.compare import Compared, costs

    c = costs([Compared("plan", s, p)]).iloc[0]
    cur = s.currency
    kv = [
        (t("reports.npv_plan", lang), f"{fmt(c['npv_total'])} {cur}"),
        (t("reports.npv_bau", lang), f"{fmt(c['bau_npv_total'])} {cur}"),
        (t("reports.extra_cost", lang), f"{fmt(c['extra_cost'])} {cur}"),
        (t("reports.abated", lang), f"{fmt(c['abated_t'])} tCO2e"),
        (t("reports.cost_per_t", lang), f"{fmt(c['cost_per_t_abated'], 1)} {cur}/tCO2e"),
        (t("reports.capex_total", lang), f"{fmt(c['capex_total'])} {cur}"),
    ]
    for part, v in (p.npv.get("parts") or {}).items():
        kv.append((t("reports.npv_part", lang, part=col_label(str(part), lang)), f"{fmt(v)} {cur}"))
    blocks: list[Any] = [
        Para(t("reports.costs_intro", lang, rate=fmt(s.assumptions.discount_rate, 1, pct=True))),
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
    from core.paths import interpolate

    price = interpolate(a.carbon_price_per_t, [s.horizon])[s.horizon]
    kv = [
        (t("reports.discount_rate", lang), fmt(a.discount_rate, 1, pct=True)),
        (
            t("reports.activity", lang),
            fmt(a.activity.growth, 1, pct=True) if a.activity.growth is not None else t("reports.activity_path", lang),
        ),
        (t("reports.carbon_price", lang, year=s.horizon), f"{fmt(price)} {s.currency}/t"),
        (
            t("reports.grid_factor", lang),
            t("reports.grid_override", lang) if a.grid_factor_t_per_mwh else t("reports.grid_default", lang),
        ),
        (t("reports.gwp", lang), a.gwp),
    ]
    blocks += [Para(t("reports.assumptions_intro", lang)), KeyValues(kv)]
    if d.inventory is not None:
        lines = d.inventory.lines
        weak = lines[~lines["factor_status"].astype(str).str.startswith("verified")]
        if not weak.empty:
            share = float(weak["t_co2e"].sum()) / max(float(lines["t_co2e"].sum()), 1e-9)
            blocks.append(Para(t("reports.weak_factors", lang, share=fmt(share, 1, pct=True)), "warn"))
    if s.zone.illustrative:
        blocks.append(Para(t("reports.illustrative", lang), "warn"))
    return _section("sec_risks", lang, blocks)


def sources_table(d: ReportData) -> pd.DataFrame:
    """Every factor and default the numbers rest on: item, value, unit, source, year, status."""
    rows: list[dict[str, Any]] = []
    if d.inventory is not None:
        g = d.inventory.grid_factor
        rows.append(
            {
                "item": "grid factor",
                "value": g.value,
                "unit": g.unit,
                "source": g.source,
                "year": g.year,
                "status": g.status,
            }
        )
        lines = d.inventory.lines
        cols = ["carrier", "gas", "factor", "factor_unit", "factor_source", "factor_year", "factor_status"]
        for r in lines[cols].drop_duplicates().itertuples(index=False):
            rows.append(
                {
                    "item": f"{r.carrier} {r.gas}".strip(),
                    "value": r.factor,
                    "unit": r.factor_unit,
                    "source": r.factor_source,
                    "year": r.factor_year,
                    "status": r.factor_status,
                }
            )
    p = d.plan
    if p is not None and not p.measures.empty and "id" in p.measures:
        src = p.measures["source"] if "source" in p.measures else pd.Series("", index=p.measures.index)
        for mid, so in zip(p.measures["id"], src, strict=True):
            rows.append(
                {
                    "item": f"measure {mid}",
                    "value": None,
                    "unit": "",
                    "source": so or "not given",
                    "year": None,
                    "status": "",
                }
            )
    df = pd.DataFrame(rows, columns=["item", "value", "unit", "source", "year", "status"])
    return df.drop_duplicates().reset_index(drop=True)


def _sources(d: ReportData) -> Section:
    lang = d.lang
    src = sources_table(d)
    src["year"] = [str(int(y)) if pd.notna(y) and y != "" else "-" for y in src["year"]]
    blocks: list[Any] = [Para(t("reports.sources_intro", lang))]
    blocks.append(
        Table(_fmt_table(src, lang, {"value": (4, False)})) if not src.empty else Para(t("reports.unavailable", lang))
    )
    blocks.append(Para(t("reports.generated", lang, when=d.created.strftime("%Y-%m-%d %H:%M UTC")), "note"))
    return _section("sec_sources", lang, blocks)


def build_document(d: ReportData) -> list[Section]:
    return [_summary(d), _baseline(d), _targets(d), _pathway(d), _costs(d), _risks(d), _sources(d)]


# ---------------------------------------------------------------- charts as SVG


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.floor(lo / step) * step
    return [first + i * step for i in range(int(math.ceil((hi - first) / step)) + 1)]


def _short(v: float) -> str:
    a = abs(v)
    if a >= 1e9:
        return f"{v / 1e9:g}G"
    if a >= 1e6:
        return f"{v / 1e6:g}M"
    if a >= 1e3:
        return f"{v / 1e3:g}k"
    return f"{v:g}"


def chart_svg(c: Chart, width: int = 640, height: int = 300) -> str:
    """A self-contained SVG line or bar chart (all text escaped)."""
    e = html.escape
    pts_all = [p for pts in c.series.values() for p in pts]
    if not pts_all:
        return ""
    left, right, top, bottom = 64, 150, 28, 34
    pw, ph = width - left - right, height - top - bottom
    xs = sorted({p[0] for p in pts_all})
    ymin = min(0.0, min(p[1] for p in pts_all))
    ymax = max(p[1] for p in pts_all)
    ticks = _ticks(ymin, ymax)
    y0, y1 = ticks[0], ticks[-1]
    x0, x1 = xs[0], xs[-1] if xs[-1] > xs[0] else xs[0] + 1
    bar = c.kind == "bar"

    def sx(x: float) -> float:
        if bar:
            return left + (xs.index(x) + 0.5) * pw / len(xs)
        return left + (x - x0) / (x1 - x0) * pw

    def sy(y: float) -> float:
        return top + ph - (y - y0) / (y1 - y0) * ph

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{e(c.title)}" font-family="sans-serif" font-size="11">',
        f'<text x="{left}" y="16" font-size="13" font-weight="bold">{e(c.title)}</text>',
    ]
    for tk in ticks:
        y = sy(tk)
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{e(_short(tk))}</text>')
    step = max(1, len(xs) // 8)
    for x in xs[::step]:
        out.append(f'<text x="{sx(x):.1f}" y="{top + ph + 16}" text-anchor="middle">{int(x)}</text>')
    out.append(
        f'<text x="12" y="{top + ph / 2:.0f}" transform="rotate(-90 12 {top + ph / 2:.0f})" text-anchor="middle">{e(c.y_label)}</text>'
    )
    for i, (name, pts) in enumerate(c.series.items()):
        colour = PALETTE[i % len(PALETTE)]
        if bar:
            bw = 0.7 * pw / len(xs)
            for x, y in pts:
                yt, yb = sy(max(y, 0)), sy(min(y, 0))
                out.append(
                    f'<rect x="{sx(x) - bw / 2:.1f}" y="{yt:.1f}" width="{bw:.1f}" height="{yb - yt:.1f}" fill="{colour}"/>'
                )
        else:
            d = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in pts)
            dash = ' stroke-dasharray="6 4"' if name in c.dashed else ""
            out.append(f'<polyline points="{d}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        ly = top + 14 + i * 16
        out.append(f'<rect x="{left + pw + 12}" y="{ly - 9}" width="12" height="4" fill="{colour}"/>')
        out.append(f'<text x="{left + pw + 30}" y="{ly - 4}">{e(name)}</text>')
    out.append("</svg>")
    return "\n".join(out)


# ---------------------------------------------------------------- HTML


def _block_html(b: Any) -> str:
    e = html.escape
    if isinstance(b, Para):
        return f'<p class="{e(b.kind)}">{e(b.text)}</p>'
    if isinstance(b, KeyValues):
        rows = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in b.items)
        return f'<table class="kv">{rows}</table>'
    if isinstance(b, Table):
        head = "".join(f"<th>{e(str(c))}</th>" for c in b.frame.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{e(str(v))}</td>" for v in row) + "</tr>" for row in b.frame.itertuples(index=False)
        )
        cap = f"<caption>{e(b.caption)}</caption>" if b.caption else ""
        return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if isinstance(b, Chart):
        return f'<figure class="chart">{chart_svg(b)}</figure>'
    return ""


def to_html(d: ReportData) -> str:
    """A printable, self-contained HTML report (no external assets)."""
    e = html.escape
    lang = d.lang
    body = []
    for sec in build_document(d):
        body.append(f'<section id="{e(sec.key)}"><h2>{e(sec.title)} <small>{e(sec.title_alt)}</small></h2>')
        body += [_block_html(b) for b in sec.blocks]
        body.append("</section>")
    tpl = Template((TEMPLATES / "report.html").read_text(encoding="utf-8"))
    title = t("reports.title", lang, zone=zone_title(d.scenario, lang))
    return tpl.safe_substitute(
        lang="zh-CN" if lang == "zh" else "en",
        title=e(title),
        subtitle=e(t("reports.title", other(lang), zone=zone_title(d.scenario, other(lang)))),
        css=(TEMPLATES / "report.css").read_text(encoding="utf-8"),
        body="\n".join(body),
    )


# ---------------------------------------------------------------- PDF (reportlab)


def _has_cjk(text: str) -> bool:
    return any(ord(ch) >= 0x2E80 for ch in text)


def _pdf_styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    base = getSampleStyleSheet()
    st = {
        "title": ParagraphStyle("t", parent=base["Title"], fontName=CJK_FONT, fontSize=18, leading=24),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName=CJK_FONT, textColor=colors.HexColor("#0b4f6c")),
        "p": ParagraphStyle("p", parent=base["BodyText"], fontName=CJK_FONT, fontSize=9.5, leading=13),
        "cell": ParagraphStyle("c", parent=base["BodyText"], fontName=CJK_FONT, fontSize=7.5, leading=9),
    }
    st["warn"] = ParagraphStyle("w", parent=st["p"], textColor=colors.HexColor("#a94400"))
    st["note"] = ParagraphStyle("n", parent=st["p"], textColor=colors.HexColor("#555555"), fontSize=8.5)
    return st


def _pdf_chart(c: Chart, width: float = 480, height: float = 200) -> Any:
    from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
    from reportlab.lib import colors

    pts_all = [p for pts in c.series.values() for p in pts]
    dr = Drawing(width, height)
    if not pts_all:
        return dr
    left, right, top, bottom = 50, 120, 20, 24
    pw, ph = width - left - right, height - top - bottom
    xs = sorted({p[0] for p in pts_all})
    ticks = _ticks(min(0.0, min(p[1] for p in pts_all)), max(p[1] for p in pts_all))
    y0, y1 = ticks[0], ticks[-1]
    x0, x1 = xs[0], xs[-1] if xs[-1] > xs[0] else xs[0] + 1
    bar = c.kind == "bar"

    def sx(x: float) -> float:
        return left + ((xs.index(x) + 0.5) * pw / len(xs) if bar else (x - x0) / (x1 - x0) * pw)

    def sy(y: float) -> float:
        return bottom + (y - y0) / (y1 - y0) * ph

    dr.add(String(left, height - 12, c.title, fontName=CJK_FONT, fontSize=10))
    for tk in ticks:
        dr.add(Line(left, sy(tk), left + pw, sy(tk), strokeColor=colors.HexColor("#dddddd"), strokeWidth=0.5))
        dr.add(String(left - 4, sy(tk) - 3, _short(tk), fontName="Helvetica", fontSize=7, textAnchor="end"))
    step = max(1, len(xs) // 8)
    for x in xs[::step]:
        dr.add(String(sx(x), bottom - 12, str(int(x)), fontName="Helvetica", fontSize=7, textAnchor="middle"))
    for i, (name, pts) in enumerate(c.series.items()):
        col = colors.HexColor(PALETTE[i % len(PALETTE)])
        if bar:
            bw = 0.7 * pw / len(xs)
            for x, y in pts:
                dr.add(Rect(sx(x) - bw / 2, sy(min(y, 0)), bw, abs(sy(y) - sy(0)), fillColor=col, strokeColor=None))
        else:
            flat = [v for x, y in pts for v in (sx(x), sy(y))]
            dr.add(
                PolyLine(flat, strokeColor=col, strokeWidth=1.5, strokeDashArray=[4, 3] if name in c.dashed else None)
            )
        ly = height - top - 4 - i * 12
        dr.add(Rect(left + pw + 8, ly, 10, 3, fillColor=col, strokeColor=None))
        dr.add(String(left + pw + 22, ly - 2, name, fontName=CJK_FONT, fontSize=7.5))
    return dr


def _col_widths(df: pd.DataFrame, width: float) -> list[float]:
    """Column widths in proportion to their longest text (between 4 and 40 characters)."""
    lens = [min(40, max(4, *(len(str(v)) * (2 if _has_cjk(str(v)) else 1) for v in [c, *df[c]]))) for c in df.columns]
    return [width * n / sum(lens) for n in lens]


def to_pdf(d: ReportData) -> bytes:
    """A4 PDF of the same document (reportlab; Chinese via the CID font STSong-Light)."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as RLTable

    st = _pdf_styles()
    lang = d.lang
    buf = io.BytesIO()
    title = t("reports.title", lang, zone=zone_title(d.scenario, lang))
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm, topMargin=16 * mm, bottomMargin=16 * mm, title=title
    )
    width = A4[0] - 32 * mm
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f1f5")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    story: list[Any] = [
        Paragraph(escape(title), st["title"]),
        Paragraph(escape(t("reports.title", other(lang), zone=zone_title(d.scenario, other(lang)))), st["p"]),
    ]
    for sec in build_document(d):
        heading = Paragraph(
            f"{escape(sec.title)} <font size=9 color='#666666'>{escape(sec.title_alt)}</font>", st["h2"]
        )
        start = len(story)
        for b in sec.blocks:
            if isinstance(b, Para):
                story.append(Paragraph(escape(b.text), st.get(b.kind, st["p"])))
            elif isinstance(b, KeyValues):
                rows = [[Paragraph(escape(k), st["cell"]), Paragraph(escape(v), st["cell"])] for k, v in b.items]
                tab = RLTable(rows, colWidths=[width * 0.4, width * 0.6])
                tab.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb"))]))
                story.append(tab)
            elif isinstance(b, Table):
                head = [Paragraph(f"<b>{escape(str(c))}</b>", st["cell"]) for c in b.frame.columns]
                body = [[Paragraph(escape(str(v)), st["cell"]) for v in row] for row in b.frame.itertuples(index=False)]
                tab = RLTable([head, *body], colWidths=_col_widths(b.frame, width), repeatRows=1)
                tab.setStyle(grid)
                parts = [Paragraph(escape(b.caption), st["note"])] if b.caption else []
                story.append(KeepTogether([*parts, tab]) if len(body) < 25 else tab)
            elif isinstance(b, Chart):
                story.append(_pdf_chart(b, width))
            story.append(Spacer(1, 4))
        # keep each heading on the page of its first block
        story[start : start + 1] = [KeepTogether([heading, *story[start : start + 1]])]
    doc.build(story)
    return buf.getvalue()


# ---------------------------------------------------------------- Excel


def _sheet_name(key: str, lang: str) -> str:
    name = t(f"reports.sheet_{key}", lang)
    bad = "[]:*?/\\"
    return "".join("_" if ch in bad else ch for ch in name)[:31]


def workbook_sheets(d: ReportData) -> dict[str, pd.DataFrame]:
    """The workbook's tables by sheet key (untranslated column ids, raw numbers)."""
    s, inv, p = d.scenario, d.inventory, d.plan
    lang = d.lang
    summary = pd.DataFrame(
        [(k, v) for sec in build_document(d)[:1] for b in sec.blocks if isinstance(b, KeyValues) for k, v in b.items],
        columns=["item", "value"],
    )
    tenants = pd.DataFrame(
        [
            {
                "id": x.id,
                "name": x.name,
                "name_zh": x.name_zh,
                "sector": x.sector,
                "output_musd": x.output_musd,
                "lat": x.location[0],
                "lon": x.location[1],
                **x.energy.quantities(),
                "renewable_purchase_mwh": x.renewable_purchase_mwh,
                "onsite_renewable_mwh": x.onsite_renewable_mwh,
                "process_emissions_t": x.process_emissions_t,
                "waste_t": x.waste_t,
                "waste_recycled_t": x.waste_recycled_t,
                "water_m3": x.water_m3,
                "water_reused_m3": x.water_reused_m3,
            }
            for x in s.tenants
        ]
    )
    facilities = pd.DataFrame([f.model_dump(mode="json", exclude_none=True) for f in s.facilities])
    a = s.assumptions
    assumptions = pd.DataFrame(
        [
            ("currency", s.currency, ""),
            ("base_year", s.base_year, ""),
            ("horizon", s.horizon, ""),
            ("discount_rate", a.discount_rate, "per year, real"),
            ("activity", str(a.activity.model_dump(exclude_none=True)), ""),
            ("carbon_price_per_t", str(a.carbon_price_per_t), f"{s.currency}/tCO2e by year"),
            ("grid_factor_t_per_mwh", str(a.grid_factor_t_per_mwh or "country default"), "tCO2/MWh"),
            ("prices", str(a.prices), f"{s.currency} per unit by year"),
            ("gwp", a.gwp, "GWP100 set"),
            ("budget", str(s.budget.capex_per_year), s.currency),
        ],
        columns=["assumption", "value", "unit"],
    )
    sheets: dict[str, pd.DataFrame] = {
        "summary": summary,
        "tenants": tenants,
        "facilities": facilities,
        "assumptions": assumptions,
    }
    if inv is not None:
        sheets["inventory"] = inv.lines
        sheets["by_tenant"] = inv.by_tenant
        sheets["by_source"] = inv.by_source
    ms = pd.DataFrame([m.model_dump(mode="json", exclude_none=True) for m in s.targets.milestones])
    sheets["milestones"] = ms
    if p is not None and p.ok:
        sheets["targets"] = p.targets
        sheets["pathway"] = p.pathway.reset_index(names="year")
        sheets["emissions_by_source"] = p.emissions_by_source
        sheets["energy"] = p.energy
        sheets["units"] = p.units
        costs = p.costs.reset_index(names="year") if not p.costs.empty else p.costs
        if not p.capex.empty:
            cap = p.capex.rename_axis("year").rename("capex").reset_index()
            costs = cap if costs.empty else costs.merge(cap, on="year", how="outer")
        sheets["costs"] = costs
        sheets["shortfalls"] = p.shortfall
        sheets["measures"] = p.measures
        sheets["macc"] = p.macc
    sheets["sources"] = sources_table(d)
    from core.loader import dump_scenario

    sheets["scenario"] = pd.DataFrame({"scenario.yaml": dump_scenario(s).splitlines()})
    if d.notes:
        sheets["notes"] = pd.DataFrame({"note": d.notes})
    _ = lang
    return sheets


def to_excel(d: ReportData) -> bytes:
    """Excel workbook of every input and result table (xlsxwriter), one sheet each."""
    buf = io.BytesIO()
    # user text is data, never a formula or a link (no spreadsheet formula injection)
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(buf, engine="xlsxwriter", engine_kwargs={"options": options}) as xw:
        for key, df in workbook_sheets(d).items():
            name = _sheet_name(key, d.lang)
            out = df.copy()
            for c in out.columns:  # lists/dicts are written as text
                if out[c].map(lambda v: isinstance(v, list | dict | tuple)).any():
                    out[c] = out[c].map(str)
            out.to_excel(xw, sheet_name=name, index=False)
            ws = xw.sheets[name]
            ws.freeze_panes(1, 0)
            for i, c in enumerate(out.columns):
                ws.set_column(i, i, min(40, max(10, len(str(c)) + 2)))
    return buf.getvalue()


# ---------------------------------------------------------------- files and CLI


def render(d: ReportData, fmt_: str) -> bytes:
    if fmt_ == "xlsx":
        return to_excel(d)
    if fmt_ == "html":
        return to_html(d).encode("utf-8")
    if fmt_ == "pdf":
        return to_pdf(d)
    raise ReportError(f"unknown report format {fmt_!r}; use one of {', '.join(FORMATS)}")


def format_of(path: str | Path) -> str:
    ext = Path(path).suffix.lower().lstrip(".")
    if ext not in FORMATS:
        raise ReportError(f"--out {path}: the name must end in .xlsx, .html or .pdf")
    return ext


def write_report(
    s: Scenario, out: str | Path, lang: str = "en", plan: Any = None, inventory: Any = None
) -> tuple[Path, ReportData]:
    out = Path(out)
    kind = format_of(out)
    d = gather(s, plan, inventory, lang)
    data = render(d, kind)
    try:
        out.write_bytes(data)
    except OSError as e:
        raise ReportError(f"cannot write {out}: {e.strerror}") from None
    return out, d


def cli_report(s: Scenario, args: Any) -> tuple[dict, str]:
    """``python -m core report FILE --out NAME.xlsx|NAME.html|NAME.pdf [--lang en|zh]``."""
    from core.loader import Issue, ScenarioError

    try:
        path, d = write_report(s, args.out, getattr(args, "lang", "en") or "en")
    except ReportError as e:
        raise ScenarioError([Issue("--out", str(e))]) from None
    status = d.plan.status if d.plan is not None else "no plan"
    payload = {
        "out": str(path),
        "format": path.suffix.lstrip("."),
        "bytes": path.stat().st_size,
        "plan_status": status,
        "notes": d.notes,
    }
    text = f"wrote {path} ({payload['bytes']:,} bytes, plan: {status})" + "".join(f"\n  note: {n}" for n in d.notes)
    return payload, text
