"""The energy balance on the results page: a Sankey of supply -> carrier -> end use for the base year or a plan
year (flows from `core.energy_balance`)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.energy_balance import GRID, ONSITE, base_year_flows, plan_year_flows
from core.i18n import t
from core.results import Plan
from core.schema import Scenario
from ui.charts import EXTENDED, FONT
from ui.widgets import fmt_num, label

CARRIER_COLOURS = {"electricity": "#0072B2", "natural_gas": "#E69F00", "biomass": "#009E73", "coal": "#000000"}


def node_label(key: str, lang: str) -> str:
    """A node of the flows in words."""
    if key == GRID:
        return t("results.energy_grid", lang)
    if key == ONSITE:
        return t("results.energy_onsite", lang)
    kind, _, name = key.partition(":")
    if kind == "carrier":
        return label(f"baseline.carrier_{name}", lang, name)
    text = label(f"measures.use_{name}", lang, name)
    return text[:1].upper() + text[1:]


def sankey(flows: pd.DataFrame, lang: str) -> go.Figure:
    nodes = list(dict.fromkeys([*flows["source"], *flows["target"]]))
    index = {k: i for i, k in enumerate(nodes)}

    def colour(k: str) -> str:
        name = k.partition(":")[2]
        return CARRIER_COLOURS.get(name) or EXTENDED[index[k] % len(EXTENDED)]

    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            valueformat=",.0f",
            valuesuffix=" TJ",
            node={
                "label": [f"{node_label(k, lang)} · {fmt_num(_through(flows, k), 0, lang=lang)}" for k in nodes],
                "color": [colour(k) for k in nodes],
                "pad": 12,
            },
            link={
                "source": [index[k] for k in flows["source"]],
                "target": [index[k] for k in flows["target"]],
                "value": flows["tj"].round(3).tolist(),
                "color": "rgba(150,150,150,0.35)",
            },
        )
    )
    fig.update_layout(height=460, margin={"l": 8, "r": 8, "t": 8, "b": 8}, font={"family": FONT, "size": 12})
    return fig


def _through(flows: pd.DataFrame, key: str) -> float:
    """What passes through a node: its inflow, or its outflow for a first-column node."""
    inflow = flows.loc[flows["target"] == key, "tj"].sum()
    return float(inflow if inflow > 0 else flows.loc[flows["source"] == key, "tj"].sum())


def show_energy_balance(s: Scenario, plan: Plan, lang: str) -> None:
    """Subheader, year picker (base year + plan years) and the Sankey."""
    st.subheader(t("results.energy_title", lang))
    st.caption(t("results.energy_help", lang))
    years = [s.base_year, *plan.years]
    year = st.select_slider(
        t("results.energy_year", lang),
        options=years,
        value=plan.years[-1] if plan.years else s.base_year,
        format_func=lambda y: t("results.energy_base", lang, year=y) if y == s.base_year else str(y),
        key="results_energy_year",
    )
    flows = base_year_flows(s) if year == s.base_year else plan_year_flows(s, plan, year)
    if not flows.empty:
        st.plotly_chart(sankey(flows, lang), width="stretch", config={"displaylogo": False})
