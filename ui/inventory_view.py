"""Display tables of a ``core.inventory.Inventory``: grouped emissions, KPI tiles, factor/source lines.

Only grouping and labelling for display; every number comes from the inventory itself.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from core.factors import STATUS_WORD, source_text
from core.i18n import t
from ui.charts import donut, hbar, localise
from ui.widgets import fmt_num, fmt_pct, label

LINE_COLS = [
    "tenant_name",
    "scope",
    "source",
    "carrier",
    "gas",
    "quantity",
    "unit",
    "factor",
    "factor_unit",
    "factor_source",
    "factor_year",
    "factor_status",
    "t_co2e",
]


def _label(dim: str, value: Any, lang: str) -> str:
    if dim == "scope":
        return label(f"baseline.scope_{value}", lang, f"Scope {value}")
    if dim in ("source", "carrier"):
        return label(f"baseline.{dim}_{value}", lang, str(value))
    return str(value)


def by_group(inv: Any, dim: str, lang: str) -> pd.DataFrame:
    """Emissions (tCO2e) by scope | source | carrier | tenant, largest first, with display labels."""
    lines = inv.lines
    key = {"tenant": "tenant_name" if "tenant_name" in lines else "tenant"}.get(dim, dim)
    if key not in lines or lines.empty:
        return pd.DataFrame({"label": [], "t_co2e": []})
    if dim == "carrier":  # process and refrigerant lines have no energy carrier
        lines = lines[lines[key].notna() & (lines[key].astype(str).str.strip() != "")]
    d = lines.groupby(key, dropna=False, as_index=False)["t_co2e"].sum()
    d = d[d["t_co2e"].abs() > 1e-9].sort_values("t_co2e", ascending=False)
    d["label"] = [_label(dim, v, lang) for v in d[key]]
    return d[["label", "t_co2e"]].reset_index(drop=True)


def _factor_help(inv: Any, carrier: str, lang: str) -> str | None:
    lines = inv.lines
    if lines.empty or "carrier" not in lines:
        return None
    rows = lines[lines["carrier"] == carrier]
    if rows.empty:
        return None
    r = rows.iloc[0]
    return t(
        "baseline.factor_help",
        lang,
        factor=f"{r.get('factor', float('nan')):.3f}",
        unit=r.get("factor_unit", ""),
        source=source_text(str(r.get("factor_source", "")), lang),
        year=_year(r.get("factor_year")),
    )


def _year(y: Any) -> str:
    """A factor's year as written (2025, not 2025.0); '-' when unknown."""
    return str(int(y)) if isinstance(y, int | float) and y == y else "-"


def kpi_rows(inv: Any, lang: str) -> list[tuple[str, str, str | None]]:
    """KPI tiles: (label, value, help with method/factor/source)."""
    tot, k = inv.totals, inv.kpis
    return [
        (
            t("baseline.kpi_total", lang),
            fmt_num(tot.get("total_t"), 0),
            t(
                "baseline.kpi_total_help",
                lang,
                scope3=fmt_num(tot.get("scope3_t"), 0),
                bio=fmt_num(tot.get("biogenic_co2_t"), 0),
            ),
        ),
        (t("baseline.kpi_scope1", lang), fmt_num(tot.get("scope1_t"), 0), t("baseline.kpi_scope1_help", lang)),
        (
            t("baseline.kpi_scope2", lang),
            fmt_num(tot.get("scope2_location_t"), 0),
            t("baseline.kpi_scope2_help", lang, market=fmt_num(tot.get("scope2_market_t"), 0))
            + "\n\n"
            + (_factor_help(inv, "electricity", lang) or ""),
        ),
        (
            t("baseline.kpi_intensity", lang),
            fmt_num(k.get("intensity_t_per_musd"), 1),
            t("baseline.kpi_intensity_help", lang, output=fmt_num(k.get("output_musd"), 1)),
        ),
        (t("baseline.kpi_per_ha", lang), fmt_num(k.get("t_per_ha"), 1), None),
        (
            t("baseline.kpi_energy", lang),
            fmt_num(k.get("energy_tce"), 0),
            t("baseline.kpi_energy_help", lang, gj=fmt_num(k.get("energy_gj"), 0)),
        ),
        (t("baseline.kpi_carbon_energy", lang), fmt_num(k.get("t_co2_per_tce"), 2), None),
        (t("baseline.kpi_renewable", lang), fmt_pct(k.get("renewable_share")), None),
        (t("baseline.kpi_waste", lang), fmt_pct(k.get("waste_recycling_rate")), None),
        (t("baseline.kpi_water", lang), fmt_pct(k.get("water_reuse_rate")), None),
    ]


def lines_table(inv: Any, lang: str) -> pd.DataFrame:
    """Every inventory line with its factor and source, headers translated."""
    lines = inv.lines
    cols = [c for c in LINE_COLS if c in lines]
    d = lines[cols].copy()
    for dim in ("source", "carrier"):
        if dim in d:
            d[dim] = [_label(dim, v, lang) for v in d[dim]]
    if "factor_source" in d:
        d["factor_source"] = [source_text(str(v), lang) for v in d["factor_source"]]
    if "factor_status" in d:
        d["factor_status"] = [label(f"common.status_{STATUS_WORD.get(v, v)}", lang, str(v)) for v in d["factor_status"]]
    return d.rename(columns={c: label(f"baseline.line_{c}", lang, c) for c in cols})


def build(inv: Any, lang: str) -> dict[str, Any]:
    """Everything the inventory tab draws: KPI tiles, four chart specs (Vega-Lite dicts), the lines table."""
    return localise(
        {
            "kpis": kpi_rows(inv, lang),
            "scope": donut(
                by_group(inv, "scope", lang),
                "label",
                "t_co2e",
                t("baseline.chart_scope", lang),
                t("baseline.scope", lang),
                "tCO2e",
            ),
            "source": hbar(
                by_group(inv, "source", lang),
                "label",
                "t_co2e",
                t("baseline.chart_source", lang),
                "tCO2e",
                t("baseline.source", lang),
            ),
            "carrier": hbar(
                by_group(inv, "carrier", lang),
                "label",
                "t_co2e",
                t("baseline.chart_carrier", lang),
                "tCO2e",
                t("baseline.carrier", lang),
            ),
            "tenants": hbar(
                by_group(inv, "tenant", lang).head(10),
                "label",
                "t_co2e",
                t("baseline.chart_tenants", lang),
                "tCO2e",
                t("baseline.tenant", lang),
            ),
            "lines": lines_table(inv, lang),
        },
        lang,
    )
