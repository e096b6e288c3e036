"""The plan's power section: figures of a plan year (year slider) and, in hourly mode, a representative day as a
stacked chart of supply by source against the load (storage charging below zero, curtailed and exported PV on
top)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from core.i18n import t
from core.results import Plan
from ui.charts import _spec
from ui.widgets import fmt_num, fmt_pct, kpi_tiles

SOURCES = ("other", "pv", "discharge", "genset", "grid", "curtailed", "export", "charge")  # stacking order (bottom up)
COLOURS = {
    "other": "#6a9fd4",
    "pv": "#f2b134",
    "discharge": "#4c9f70",
    "genset": "#8c564b",
    "grid": "#7f8c9a",
    "curtailed": "#f7dc9c",
    "export": "#e07b39",
    "charge": "#a3d9b8",
}


def day_frame(day: dict, lang: str) -> pd.DataFrame:
    """Long table hour, source (display name), MW, order of one representative day's dispatch."""
    rows = []
    for h in range(25):  # hour 24 repeats hour 23 so the last step is drawn to the end of the day
        for k, src in enumerate(SOURCES):
            v = day.get(src, [0.0] * 24)[min(h, 23)]
            rows.append({"hour": h, "source": t(f"power.src_{src}", lang), "mw": -v if src == "charge" else v, "k": k})
    return pd.DataFrame(rows)


def day_chart(day: dict, lang: str) -> dict:
    """Vega-Lite spec (house style: fonts, right-to-left anchors): stacked supply by source, load as a line."""
    df = day_frame(day, lang)
    names = [t(f"power.src_{s}", lang) for s in SOURCES]
    hour, mw, load_name = t("power.hour", lang), t("power.mw", lang), t("power.load", lang)
    load = [{"hour": h, "mw": day["load"][min(h, 23)]} for h in range(25)]
    x = {
        "field": "hour",
        "type": "quantitative",
        "title": hour,
        "scale": {"domain": [0, 24]},
        "axis": {"tickCount": 12},
    }
    area = {
        "mark": {"type": "area", "interpolate": "step-after", "opacity": 0.9},
        "encoding": {
            "x": x,
            "y": {"field": "mw", "type": "quantitative", "title": mw, "stack": "zero"},
            "color": {
                "field": "source",
                "type": "nominal",
                "title": None,
                "scale": {"domain": names, "range": [COLOURS[s] for s in SOURCES]},
                "legend": {"columns": 4, "labelLimit": 220},
            },
            "order": {"field": "k", "type": "quantitative"},
            "tooltip": [
                {"field": "hour", "type": "quantitative", "title": hour},
                {"field": "source", "type": "nominal", "title": " "},
                {"field": "mw", "type": "quantitative", "title": mw, "format": ",.2f"},
            ],
        },
    }
    line = {
        "data": {"values": load},
        "mark": {"type": "line", "interpolate": "step-after", "color": "black", "strokeWidth": 2},
        "encoding": {
            "x": x,
            "y": {"field": "mw", "type": "quantitative"},
            "tooltip": [{"field": "mw", "type": "quantitative", "title": load_name, "format": ",.2f"}],
        },
    }
    return _spec(df, t("power.chart_title", lang), 360, layer=[area, line])


def _day_label(day: dict, year: int, lang: str) -> str:
    date = dt.date(year, 1, 1) + dt.timedelta(days=int(day["day"]))
    return t("power.day_label", lang, date=date.strftime("%m-%d"), n=fmt_num(day["weight"], 0))


def power_section(plan: Plan, lang: str) -> None:
    """Year slider, the year's figures and (hourly mode) one representative day."""
    if not plan.power:
        return
    st.subheader(t("power.title", lang))
    hourly = plan.power_mode == "hourly"
    st.caption(t("power.mode_hourly" if hourly else "power.mode_annual", lang))
    if hourly and plan.power_slots:
        st.caption(t("power.resolution", lang, days=plan.power_slots[0], slots=plan.power_slots[1]))
    years = sorted(plan.power)
    year = st.select_slider(t("power.year", lang), options=years, value=years[-1], key="power_year")
    f = plan.power[year]
    mwh = t("power.unit_mwh", lang)
    tiles = [
        (t("power.load_mwh", lang), fmt_num(f["load_mwh"], 0), None),
        (t("power.grid_import_mwh", lang), fmt_num(f["grid_import_mwh"], 0), None),
        (t("power.onsite_used", lang), fmt_num(f["onsite_renewable_used_mwh"], 0), None),
        (t("power.curtailed", lang), fmt_num(f["curtailed_mwh"], 0), t("power.curtailed_help", lang)),
    ]
    if hourly:
        tiles += [
            (
                t("power.storage", lang),
                f"{fmt_num(f['storage_mwh_installed'], 1)} / {fmt_num(f['storage_mw_installed'], 1)}",
                t("power.storage_help", lang, d=fmt_num(f["storage_discharge_mwh"], 0, mwh)),
            ),
            (t("power.genset", lang), fmt_num(f["genset_mwh"], 0), t("power.genset_help", lang, mw=fmt_num(f["genset_mw_installed"], 1), ex=fmt_num(f.get("genset_mw_existing", 0.0), 1))),
        ]  # fmt: skip
        if f.get("export_mwh", 0.0) > 0:
            rev = f"{fmt_num(f.get('export_revenue', 0.0), 0)} {plan.currency}"
            tiles.append((t("power.export", lang), fmt_num(f["export_mwh"], 0), t("power.export_help", lang, rev=rev)))
    if f.get("peak_grid_import_mw") is not None:
        tiles += [
            (t("power.peak", lang), fmt_num(f["peak_grid_import_mw"], 1), None),
            (t("power.cfe", lang), fmt_pct(f["hourly_cfe_share"]), t("power.cfe_help", lang)),
        ]
    kpi_tiles(tiles, columns=4)
    days = plan.power_days.get(year) or []
    if not days:
        return
    pick = st.radio(
        t("power.day", lang),
        list(range(len(days))),
        format_func=lambda k: _day_label(days[k], year, lang),
        horizontal=True,
        key="power_day",
    )
    st.vega_lite_chart(day_chart(days[pick], lang), width="stretch")
    st.caption(t("power.chart_help", lang))
