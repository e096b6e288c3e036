"""CBAM page helpers: the bridge chart of one export line (SEE -> free allocation -> obligation) as Vega-Lite."""

from __future__ import annotations

from typing import Any

import pandas as pd

from core.cbam import load_rules
from core.i18n import t
from ui.charts import FONT, SCHEMA
from ui.widgets import fmt_num, label

COLOURS = {"add": "#D55E00", "sub": "#009E73", "total": "#0072B2"}


def bridge_rows(row: pd.Series | dict, labels: dict[str, str]) -> pd.DataFrame:
    """The steps of the bridge for one `by_tenant` row: direct, precursors, indirect -> SEE; minus benchmark x
    CBAM factor, minus carbon price paid -> obligation (t per t of good). `labels` names each step."""
    r = dict(row)
    steps = [
        ("direct", r["see_direct_t_per_t"], "add"),
        ("precursors", r["see_precursor_t_per_t"], "add"),
        ("indirect", r["see_indirect_t_per_t"], "add"),
        ("see", r["see_t_per_t"], "total"),
        ("free", -r["free_t_per_t"], "sub"),
        ("paid", -r["deduction_t_per_t"], "sub"),
        ("obligation", r["obligation_t_per_t"], "total"),
    ]
    out, level = [], 0.0
    for order, (key, value, kind) in enumerate(steps):
        if kind == "total":
            start, end = 0.0, float(value)
            level = end
        else:
            start, end = level, level + float(value)
            level = end
        out.append({"order": order, "step": labels[key], "kind": kind, "start": start, "end": end,
                    "value": round(float(value), 3)})  # fmt: skip
    return pd.DataFrame(out)


def bridge_spec(steps: pd.DataFrame, title: str, y_title: str, kinds: dict[str, str]) -> dict[str, Any]:
    """Waterfall bars from `bridge_rows`; `kinds` names the colour legend (add / sub / total)."""
    values = [{**r, "kind_label": kinds[r["kind"]]} for r in steps.to_dict("records")]
    domain = [kinds[k] for k in ("add", "sub", "total")]
    x = {"field": "step", "type": "nominal", "sort": list(steps["step"]), "title": None, "axis": {"labelAngle": 0}}
    return {
        "$schema": SCHEMA,
        "data": {"values": values},
        "title": title,
        "height": 300,
        "config": {"font": FONT, "title": {"fontSize": 15, "anchor": "start"}, "legend": {"orient": "bottom"}},
        "layer": [
            {
                "mark": {"type": "bar", "tooltip": True},
                "encoding": {
                    "x": x,
                    "y": {"field": "start", "type": "quantitative", "title": y_title},
                    "y2": {"field": "end"},
                    "color": {
                        "field": "kind_label",
                        "type": "nominal",
                        "title": None,
                        "scale": {"domain": domain, "range": [COLOURS[k] for k in ("add", "sub", "total")]},
                    },
                },
            },
            {
                "mark": {"type": "text", "dy": -8},
                "encoding": {
                    "x": x,
                    "y": {"field": "end", "type": "quantitative"},
                    "text": {"field": "value", "type": "quantitative", "format": ".3f"},
                },
            },
        ],
    }


def rules_frame(lang: str) -> pd.DataFrame:
    """The CBAM rules the numbers use, in words: rule, year, value, source (as published), status."""
    tab = load_rules().table
    return pd.DataFrame(
        {
            t("cbam.col_rule", lang): [t(f"cbam.rule_{r}", lang) for r in tab["rule"]],
            t("cbam.col_year", lang): tab["year"].astype(str),
            t("reports.col_value", lang): [fmt_num(float(v), 4) for v in tab["value"]],
            t("reports.col_source", lang): tab["source"],
            t("cbam.col_status", lang): [label(f"common.status_{s}", lang, str(s)) for s in tab["status"]],
        }
    )
