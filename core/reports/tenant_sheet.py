"""The tenant sheet: one to two pages for one tenant, in the reader's language (PDF, HTML or Excel).

Its baseline (sector, energy, emissions), its emissions BAU vs plan in key years, the measures that act on its
streams (sited at it, or shared with it pro rata) with their owner, business model and first year, its cash
flows by year with NPV, simple payback and IRR (core.parties), and its CBAM cost BAU vs plan where it exports.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from core.carriers import input_keys
from core.cbam import compute_cbam
from core.errors import Issue, ScenarioError
from core.i18n import name, t
from core.inventory import sectors
from core.optimise import solve
from core.reports.document import KeyValues, Para, ReportData, Section, Table, fmt, other, zone_title
from core.reports.fonts import FontMissing
from core.reports.html import to_html
from core.reports.pdf import to_pdf
from core.reports.write import ReportError, format_of
from core.results import Plan
from core.schema import Scenario, Tenant

NS = "tenants"
MAX_ROWS = 10  # measures listed on the sheet (largest outlay first): it stays within two pages


def _t(key: str, lang: str, **f: object) -> str:
    return t(f"{NS}.{key}", lang, **f)


def _section(key: str, lang: str, blocks: list) -> Section:
    return Section(key, _t(key, lang), _t(key, other(lang)), blocks)


def _table(rows: list[list], cols: list[str], lang: str) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=[_t(f"col_{c}", lang) for c in cols])


def key_years(s: Scenario) -> list[int]:
    ys = {s.base_year + 1, s.horizon} | {y for y in range(s.base_year + 1, s.horizon + 1) if y % 5 == 0}
    ys |= {m.year for m in s.targets.milestones if s.base_year < m.year <= s.horizon}
    return sorted(ys)


def sections(s: Scenario, plan: Plan, tid: str, lang: str) -> list[Section]:
    """The sheet's sections for tenant `tid` (the plan must hold a tenancy)."""
    ten: Tenant = next(x for x in s.tenants if x.id == tid)
    tn = plan.tenancy
    bt = tn.by_tenant[tn.by_tenant["tenant"] == tid].set_index("year")
    cf = tn.tenant_flows(tid)
    fin = tn.parties.set_index("party").loc[tid]
    cur = plan.currency
    years = [y for y in key_years(s) if y in bt.index]
    first = bt.loc[years[0]] if years else None
    base = [
        (_t("sector", lang), name({"sector": ten.sector, **sectors().get(ten.sector, {})}, lang) or ten.sector),
        (_t("output", lang), f"{fmt(ten.output_musd, 1, lang=lang)} M {cur}"),
        (
            _t("emissions_first", lang, year=years[0] if years else "-"),
            fmt(first["bau_t"] if first is not None else None, 0, lang=lang) + " tCO2e",
        ),
        (_t("exports", lang), _t("yes", lang) if ten.exports else _t("no", lang)),
        (_t("decided", lang), _t("decided_own", lang) if tid in tn.key_tenants else _t("decided_pro_rata", lang)),
    ]
    keys = input_keys()
    energy = [
        (t(f"names.carrier_{keys[k].carrier}", lang), f"{fmt(v, 0, lang=lang)} {keys[k].unit}")
        for k, v in ten.energy.quantities().items()
        if v and k in keys
    ]
    out = [_section("sec_baseline", lang, [KeyValues(base + energy)])]

    rows = []
    for y in years:
        r = bt.loc[y]
        cut = 1 - r["plan_t"] / r["bau_t"] if r["bau_t"] > 0 else None
        rows.append([str(y), fmt(r["bau_t"], 0, lang=lang), fmt(r["plan_t"], 0, lang=lang), fmt(cut, 1, True, lang)])
    out.append(_section("sec_emissions", lang, [Table(_table(rows, ["year", "bau_t", "plan_t", "cut"], lang))]))

    mrows = []
    built = plan.units[plan.units["built"] > 1e-9].groupby("measure")["year"].min()
    for r in tn.measures.itertuples():
        w = _weight(plan, r.measure, tid)
        if w <= 0:
            continue
        mrows.append(
            [
                plan.measure_name(_parent(r.measure), lang),
                _t("site_own", lang) if r.site == tid else _t("site_shared", lang, share=fmt(w, 1, True, lang)),
                _t(f"owner_{r.owner}" if r.owner in ("zone", "esco") else "owner_tenant", lang),
                _t(f"model_{r.model}", lang),
                str(int(built.get(r.measure, 0))) if r.measure in built.index else "-",
                r.capex_total * w if r.owner == "tenant" else 0.0,
            ]
        )
    mrows.sort(key=lambda r: -r[-1])  # the tenant's largest outlays first
    shown = [[*r[:-1], fmt(r[-1], 0, lang=lang)] for r in mrows[:MAX_ROWS]]
    cols = ["measure", "site", "owner", "model", "first_year", "capex"]
    blocks = [Table(_table(shown, cols, lang))] if mrows else []
    if len(mrows) > MAX_ROWS:
        blocks.append(Para(_t("more_measures", lang, n=len(mrows) - MAX_ROWS), "note"))
    out.append(_section("sec_measures", lang, blocks or [Para(_t("no_measures", lang), "note")]))

    frows = []
    for y in years:
        r = cf.loc[y]
        vals = [
            r["capex"],
            r["om"],
            r["energy_saving"],
            r["carbon_saving"],
            r["fees_paid"] - r["fees_received"],
            r["net"],
        ]
        frows.append([str(y), *(fmt(v, 0, lang=lang) for v in vals)])
    cols = ["year", "capex", "om", "energy_saving", "carbon_saving", "fees_net", "net"]
    kv = KeyValues(
        [
            (_t("npv", lang, cur=cur), fmt(fin["npv"], 0, lang=lang)),
            (_t("payback", lang), fmt(fin["payback_years"], 1, lang=lang)),
            (_t("irr", lang), fmt(fin["irr"], 1, True, lang)),
        ]
    )
    note = Para(_t("flows_note", lang, cur=cur), "note")
    out.append(_section("sec_cash", lang, [Table(_table(frows, cols, lang)), kv, note]))
    out.append(_section("sec_cbam", lang, _cbam(s, plan, tid, years, lang)))
    return out


def _parent(mid: str) -> str:
    return mid.partition("@")[0]


def _weight(plan: Plan, mid: str, tid: str) -> float:
    """The tenant's share of a measure's effects."""
    return plan.tenancy.weights.get(mid, {}).get(tid, 0.0)


def _cbam(s: Scenario, plan: Plan, tid: str, years: list[int], lang: str) -> list:
    ten = next(x for x in s.tenants if x.id == tid)
    if not ten.exports:
        return [Para(_t("cbam_none", lang), "note")]
    try:
        res = compute_cbam(s, plan)
    except Exception as e:  # noqa: BLE001 - the sheet still renders
        return [Para(_t("cbam_failed", lang, error=f"{type(e).__name__}: {e}"), "warn")]
    ln = res.lines[res.lines["tenant"] == tid]
    g = ln.groupby("year")[["bau_cost_eur", "plan_cost_eur"]].sum()
    rows = [
        [str(y), fmt(g.loc[y, "bau_cost_eur"], 0, lang=lang), fmt(g.loc[y, "plan_cost_eur"], 0, lang=lang),
         fmt(g.loc[y, "bau_cost_eur"] - g.loc[y, "plan_cost_eur"], 0, lang=lang)]
        for y in years
        if y in g.index
    ]  # fmt: skip
    return [
        Table(_table(rows, ["year", "cbam_bau", "cbam_plan", "cbam_saving"], lang)),
        Para(_t("cbam_note", lang), "note"),
    ]


def tenant_label(s: Scenario, tid: str, lang: str) -> str:
    ten = next(x for x in s.tenants if x.id == tid)
    return f"{name({'name_en': ten.name, 'name_zh': ten.name_zh or ''}, lang) or ten.name} ({tid})"


def write_tenant_sheet(s: Scenario, out: str | Path, tid: str, lang: str = "en", plan: Plan | None = None) -> Path:
    """Write the sheet of tenant `tid`; the format from the file name (.pdf, .html, .xlsx)."""
    if tid not in {x.id for x in s.tenants}:
        raise ScenarioError([Issue("--tenant", f"unknown tenant {tid!r}", "unknown_tenant", {"tenant": repr(tid)})])
    out = Path(out)
    kind = format_of(out)
    plan = plan if plan is not None else solve(s)
    if not plan.ok or plan.tenancy is None:
        raise ReportError(_t("no_plan", "en", message=plan.message))
    secs = sections(s, plan, tid, lang)
    titles = (
        _t("title", lang, tenant=tenant_label(s, tid, lang), zone=zone_title(s, lang)),
        _t("title", other(lang), tenant=tenant_label(s, tid, other(lang)), zone=zone_title(s, other(lang))),
    )
    d = ReportData(s, None, plan, lang)
    if kind == "pdf":
        try:
            data = to_pdf(d, secs, titles)
        except FontMissing as e:
            raise ReportError(str(e)) from None
    elif kind == "html":
        data = to_html(d, secs, titles).encode("utf-8")
    else:
        data = _xlsx(secs, titles[0])
    try:
        out.write_bytes(data)
    except OSError as e:
        raise ReportError(f"--out {out}: {e.strerror or e}") from None
    return out


def _xlsx(secs: list[Section], title: str) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for k, sec in enumerate(secs):
            frames = [b.frame for b in sec.blocks if isinstance(b, Table)]
            frames += [pd.DataFrame(b.items, columns=["", " "]) for b in sec.blocks if isinstance(b, KeyValues)]
            notes = [b.text for b in sec.blocks if isinstance(b, Para)]
            sheet = f"{k + 1} {sec.title}"[:31].replace("/", "-")
            row = 2
            pd.DataFrame([[title], [sec.title]]).to_excel(xw, sheet_name=sheet, index=False, header=False)
            for f in frames:
                f.to_excel(xw, sheet_name=sheet, index=False, startrow=row + 1)
                row += len(f) + 2
            if notes:
                pd.DataFrame([[n] for n in notes]).to_excel(
                    xw, sheet_name=sheet, index=False, header=False, startrow=row + 1
                )
    return buf.getvalue()
