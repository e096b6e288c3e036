"""The Excel workbook: every input and result table, one sheet each (xlsxwriter)."""

from __future__ import annotations

import io

import pandas as pd

from core.excel import SAFE_OPTIONS
from core.i18n import direction, t
from core.loader import dump_scenario
from core.reports.document import KeyValues, ReportData
from core.reports.sections import build_document
from core.reports.sources import sources_table
from core.schema import TENANT_QUANTITIES


def _sheet_name(key: str, lang: str) -> str:
    name = t(key if "." in key else f"reports.sheet_{key}", lang)  # a key of another namespace as it is
    bad = "[]:*?/\\"
    return "".join("_" if ch in bad else ch for ch in name)[:31]


def workbook_sheets(d: ReportData) -> dict[str, pd.DataFrame]:
    """The workbook's tables by sheet key (untranslated column ids, raw numbers)."""
    s, inv, p = d.scenario, d.inventory, d.plan
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
                **{k: getattr(x, k) for k in TENANT_QUANTITIES},
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
        if p.power:
            sheets["power.sheet_by_year"] = p.power_table().reset_index()
        if p.power_days:
            sheets["power.sheet_days"] = p.power_day_table()
    sheets["sources"] = sources_table(d)
    sheets["scenario"] = pd.DataFrame({"scenario.yaml": dump_scenario(s).splitlines()})
    if d.notes:
        sheets["notes"] = pd.DataFrame({"note": d.notes})
    return sheets


def to_excel(d: ReportData) -> bytes:
    """Excel workbook of every input and result table (xlsxwriter), one sheet each."""
    buf = io.BytesIO()
    rtl = direction(d.lang) == "rtl"
    with pd.ExcelWriter(buf, engine="xlsxwriter", engine_kwargs={"options": SAFE_OPTIONS}) as xw:
        for key, df in workbook_sheets(d).items():
            name = _sheet_name(key, d.lang)
            out = df.copy()
            for c in out.columns:  # lists/dicts are written as text
                if out[c].map(lambda v: isinstance(v, list | dict | tuple)).any():
                    out[c] = out[c].map(str)
            out.to_excel(xw, sheet_name=name, index=False)
            ws = xw.sheets[name]
            if rtl:
                ws.right_to_left()  # Arabic: column A on the right
            ws.freeze_panes(1, 0)
            for i, c in enumerate(out.columns):
                ws.set_column(i, i, min(40, max(10, len(str(c)) + 2)))
    return buf.getvalue()
