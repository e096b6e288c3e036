"""Altair chart helpers: titles, units, readable number formats, a colour-blind-safe palette (Okabe-Ito).

Every helper takes already-translated titles; pages pass ``t(...)`` strings, so a language switch changes
chart titles, axis titles and legends. Draw with ``st.altair_chart(chart, width="stretch")``.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

# Okabe & Ito (2008) colour-universal design palette (black moved last).
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
EXTENDED = OKABE_ITO + ["#999999", "#882255", "#44AA99", "#117733", "#332288", "#AA4499", "#DDCC77", "#88CCEE"]
FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
NUM = ",.0f"


def _style(chart: alt.Chart, title: str, height: int) -> alt.Chart:
    return (
        chart.properties(title=title, height=height)
        .configure(font=FONT)
        .configure_title(fontSize=15, anchor="start")
        .configure_axis(labelFontSize=12, titleFontSize=12)
        .configure_legend(labelFontSize=12, titleFontSize=12, orient="bottom", columns=4)
    )


def scale(domain: list[str] | None = None) -> alt.Scale:
    if domain is not None:
        return alt.Scale(domain=domain, range=EXTENDED[: max(len(domain), 1)])
    return alt.Scale(range=EXTENDED)


def hbar(
    df: pd.DataFrame, label: str, value: str, title: str, value_title: str, label_title: str, height: int = 0, fmt=NUM
) -> alt.Chart:
    """Horizontal bars sorted by value, value labels in the tooltip."""
    h = height or max(120, 26 * len(df) + 40)
    c = (
        alt.Chart(df)
        .mark_bar(color=OKABE_ITO[0])
        .encode(
            y=alt.Y(f"{label}:N", sort="-x", title=label_title, axis=alt.Axis(labelLimit=260)),
            x=alt.X(f"{value}:Q", title=value_title, axis=alt.Axis(format="~s")),
            tooltip=[
                alt.Tooltip(f"{label}:N", title=label_title),
                alt.Tooltip(f"{value}:Q", title=value_title, format=fmt),
            ],
        )
    )
    return _style(c, title, h)


def donut(df: pd.DataFrame, label: str, value: str, title: str, label_title: str, value_title: str) -> alt.Chart:
    domain = list(df[label])
    c = (
        alt.Chart(df)
        .mark_arc(innerRadius=55)
        .encode(
            theta=alt.Theta(f"{value}:Q", stack=True),
            color=alt.Color(f"{label}:N", scale=scale(domain), title=label_title),
            tooltip=[
                alt.Tooltip(f"{label}:N", title=label_title),
                alt.Tooltip(f"{value}:Q", title=value_title, format=NUM),
            ],
        )
    )
    return _style(c, title, 260)


def stacked_area(
    df: pd.DataFrame, x: str, y: str, color: str, title: str, y_title: str, color_title: str, x_title: str = ""
) -> alt.Chart:
    domain = list(dict.fromkeys(df[color]))
    c = (
        alt.Chart(df)
        .mark_area(opacity=0.85)
        .encode(
            x=alt.X(f"{x}:O", title=x_title),
            y=alt.Y(f"{y}:Q", title=y_title, stack=True, axis=alt.Axis(format="~s")),
            color=alt.Color(f"{color}:N", scale=scale(domain), title=color_title),
            tooltip=[
                alt.Tooltip(f"{x}:O", title=x_title),
                alt.Tooltip(f"{color}:N", title=color_title),
                alt.Tooltip(f"{y}:Q", title=y_title, format=NUM),
            ],
        )
    )
    return _style(c, title, 320)


def stacked_bars(
    df: pd.DataFrame, x: str, y: str, color: str, title: str, y_title: str, color_title: str, x_title: str = ""
) -> alt.Chart:
    domain = list(dict.fromkeys(df[color]))
    c = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X(f"{x}:O", title=x_title),
            y=alt.Y(f"sum({y}):Q", title=y_title, axis=alt.Axis(format="~s")),
            color=alt.Color(f"{color}:N", scale=scale(domain), title=color_title),
            tooltip=[
                alt.Tooltip(f"{x}:O", title=x_title),
                alt.Tooltip(f"{color}:N", title=color_title),
                alt.Tooltip(f"{y}:Q", title=y_title, format=NUM),
            ],
        )
    )
    return _style(c, title, 300)


def lines(
    df: pd.DataFrame,
    x: str,
    y: str,
    series: str,
    title: str,
    y_title: str,
    series_title: str,
    x_title: str = "",
    dashed: tuple[str, ...] = (),
    fmt: str = NUM,
    y_format: str = "~s",
) -> alt.Chart:
    """One line per series; series named in ``dashed`` are drawn dashed (targets, BAU)."""
    domain = list(dict.fromkeys(df[series]))
    dash = alt.condition(
        alt.FieldOneOfPredicate(field=series, oneOf=list(dashed)), alt.value([6, 4]), alt.value([1, 0])
    )
    base = alt.Chart(df).encode(
        x=alt.X(f"{x}:O", title=x_title),
        y=alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=y_format)),
        color=alt.Color(f"{series}:N", scale=scale(domain), title=series_title),
        tooltip=[
            alt.Tooltip(f"{x}:O", title=x_title),
            alt.Tooltip(f"{series}:N", title=series_title),
            alt.Tooltip(f"{y}:Q", title=y_title, format=fmt),
        ],
    )
    c = base.mark_line(strokeWidth=2.5).encode(strokeDash=dash) + base.mark_point(size=28, filled=True)
    return _style(c, title, 340)


def macc(
    df: pd.DataFrame,
    label: str,
    cost: str,
    width: str,
    title: str,
    x_title: str,
    y_title: str,
    area: str,
    area_title: str,
) -> alt.Chart:
    """Marginal abatement cost curve: bars of width = potential, height = cost per t, sorted by cost."""
    d = df.sort_values(cost).reset_index(drop=True).copy()
    d["x1"] = d[width].cumsum()
    d["x0"] = d["x1"] - d[width]
    domain = list(dict.fromkeys(d[area]))
    # a few very expensive (or very cheap) small measures would flatten every other bar: cut the axis at the
    # 5th / 90th percentile (bars beyond are clipped; the tooltip keeps the real value)
    lo = min(0.0, float(d[cost].quantile(0.05)))
    hi = max(10.0, float(d[cost].quantile(0.90)))
    pad = 0.1 * (hi - lo)
    c = (
        alt.Chart(d)
        .mark_rect(stroke="white", strokeWidth=0.5, clip=True)
        .encode(
            x=alt.X("x0:Q", title=x_title, axis=alt.Axis(format="~s")),
            x2="x1:Q",
            y=alt.Y(f"{cost}:Q", title=y_title, scale=alt.Scale(domain=[lo - pad, hi + pad], nice=False)),
            y2=alt.datum(0),
            color=alt.Color(f"{area}:N", scale=scale(domain), title=area_title),
            tooltip=[
                alt.Tooltip(f"{label}:N", title=""),
                alt.Tooltip(f"{cost}:Q", title=y_title, format=",.1f"),
                alt.Tooltip(f"{width}:Q", title=x_title, format=NUM),
            ],
        )
    )
    return _style(c, title, 360)
