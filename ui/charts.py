"""Chart specs: titles, units, readable number formats, a colour-blind-safe palette (Okabe-Ito).

Helpers return Vega-Lite v6 dicts, written directly (building the same charts through Altair objects
cost ~0.1 s each on this machine, which every solve and language switch paid). A test validates every
spec against the schema with Altair. Pages pass translated titles and draw with
``st.vega_lite_chart(spec, width="stretch")``.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

# Okabe & Ito (2008) colour-universal design palette (black moved last), then Tol's muted colours.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
EXTENDED = OKABE_ITO + ["#999999", "#882255", "#44AA99", "#117733", "#332288", "#AA4499", "#DDCC77", "#88CCEE"]
FONT = (
    "Noto Sans, Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, Noto Sans Thai, Leelawadee UI, "
    "Noto Naskh Arabic, Noto Sans Arabic, Tahoma, sans-serif"
)
NUM = ",.0f"
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


def _rtl() -> bool:
    """Right to left (Arabic) in this session: titles and legends anchored at the right.

    Read from the session's language (chart builders that are cached take the language as an argument, so a
    cached spec never crosses languages); outside a Streamlit run (benchmarks, tests) left to right."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx() is None:
        return False
    import streamlit as st

    from core.i18n import direction

    return direction(st.session_state.get("lang", "en")) == "rtl"


def _values(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain JSON values (NaN -> null)."""
    out = []
    for rec in df.to_dict("records"):
        out.append({k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in rec.items()})
    return out


def title_lines(title: str, width: int = 46) -> str | list[str]:
    """A long chart title as lines of at most `width` characters (at spaces; CJK and Thai at any character),
    so a half-width chart never cuts it."""
    lines: list[str] = []
    rest = title.strip()
    while len(rest) > width:
        cut = rest.rfind(" ", 0, width + 1)
        cut = cut if cut > width // 2 else width
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return title if not lines else [*lines, rest]


def _spec(df: pd.DataFrame, title: str, height: int | dict, **body: Any) -> dict[str, Any]:
    rtl = _rtl()
    return {
        "$schema": SCHEMA,
        "data": {"values": _values(df)},
        "title": {"text": title_lines(title)} if title else title,
        "height": height,
        "config": {
            "font": FONT,
            "title": {"fontSize": 15, "anchor": "end" if rtl else "start"},
            "axis": {"labelFontSize": 12, "titleFontSize": 12},
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "orient": "bottom-right" if rtl else "bottom",
                "columns": 4,
            },
        },
        **body,
    }


def scale(domain: list[str] | None = None) -> dict[str, Any]:
    if domain is not None:
        return {"domain": domain, "range": EXTENDED[: max(len(domain), 1)]}
    return {"range": EXTENDED}


def _tip(field: str, kind: str, title: str, fmt: str | None = None) -> dict[str, Any]:
    tip = {"field": field, "type": kind, "title": title}
    if fmt:
        tip["format"] = fmt
    return tip


def hbar(
    df: pd.DataFrame, label: str, value: str, title: str, value_title: str, label_title: str, height: int = 0, fmt=NUM
) -> dict[str, Any]:
    """Horizontal bars sorted by value."""
    return _spec(
        df,
        title,
        height or {"step": 24},  # one band per bar: every label shows, however many bars
        mark={"type": "bar", "color": OKABE_ITO[0]},
        encoding={
            "y": {"field": label, "type": "nominal", "sort": "-x", "title": label_title, "axis": {"labelLimit": 260}},
            "x": {"field": value, "type": "quantitative", "title": value_title, "axis": {"format": "~s"}},
            "tooltip": [_tip(label, "nominal", label_title), _tip(value, "quantitative", value_title, fmt)],
        },
    )


def shares_bar(df: pd.DataFrame, label: str, pct: str, title: str, label_title: str) -> dict[str, Any]:
    """Horizontal bars of percentages 0-100 in the given order (self-assessment scores)."""
    return _spec(
        df,
        title,
        {"step": 24},
        mark={"type": "bar", "color": OKABE_ITO[0]},
        encoding={
            "y": {"field": label, "type": "nominal", "sort": None, "title": label_title, "axis": {"labelLimit": 260}},
            "x": {"field": pct, "type": "quantitative", "title": "%", "scale": {"domain": [0, 100]}},
            "tooltip": [_tip(label, "nominal", ""), _tip(pct, "quantitative", "%", ".0f")],
        },
    )


def tornado_chart(df: pd.DataFrame, title: str, value_title: str) -> dict[str, Any]:
    """Bars from the base value to each case's value (columns parameter, case, npv, base), parameters in order."""
    order = list(dict.fromkeys(df["parameter"]))
    return _spec(
        df,
        title,
        {"step": 40},
        mark={"type": "bar"},
        encoding={
            "y": {"field": "parameter", "type": "nominal", "sort": order, "title": None, "axis": {"labelLimit": 260}},
            "x": {"field": "npv", "type": "quantitative", "title": value_title, "axis": {"format": "~s"}},
            "x2": {"field": "base"},
            "color": {"field": "case", "type": "nominal", "scale": {"range": OKABE_ITO[:2]}, "title": None},
            "tooltip": [
                _tip("parameter", "nominal", ""),
                _tip("case", "nominal", ""),
                _tip("npv", "quantitative", value_title, NUM),
            ],
        },
    )


def probability_bars(df: pd.DataFrame, x: str, p: str, title: str, x_title: str, p_title: str) -> dict[str, Any]:
    """Vertical bars of a probability 0-1 per category (share of draws meeting a target, by year)."""
    return _spec(
        df,
        title,
        260,
        mark={"type": "bar", "color": OKABE_ITO[2]},
        encoding={
            "x": {"field": x, "type": "ordinal", "title": x_title},
            "y": {
                "field": p,
                "type": "quantitative",
                "title": p_title,
                "axis": {"format": "%"},
                "scale": {"domain": [0, 1]},
            },
            "tooltip": [_tip(x, "ordinal", x_title), _tip(p, "quantitative", p_title, ".0%")],
        },
    )


def fan_chart(
    fan: pd.DataFrame, target: pd.DataFrame, title: str, y_title: str, x_title: str, names: dict[str, str]
) -> dict[str, Any]:
    """A fan of emissions by year over Monte Carlo draws: all draws (light band), the middle 80 % (band), the
    median (line) and the emission target path (dashed; `target`: year, value). `names`: all, band, median,
    target in words."""
    rows = []
    for r in fan.itertuples():
        rows.append({"year": int(r.year), "lo": r.low, "hi": r.high, "mid": r.p50, "band": names["all"]})
        rows.append({"year": int(r.year), "lo": r.p10, "hi": r.p90, "mid": r.p50, "band": names["band"]})
    df = pd.DataFrame(rows)
    lines_df = pd.concat(
        [
            pd.DataFrame({"year": fan["year"], "value": fan["p50"], "series": names["median"]}),
            pd.DataFrame({"year": target.get("year", []), "value": target.get("value", []), "series": names["target"]}),
        ],
        ignore_index=True,
    )
    x = {"field": "year", "type": "quantitative", "title": x_title, "axis": {"format": "d"}}
    band_colour = {"domain": [names["all"], names["band"]], "range": ["#cfe3f3", "#6aa9d8"]}
    line_colour = {"domain": [names["median"], names["target"]], "range": [OKABE_ITO[0], OKABE_ITO[3]]}
    spec = _spec(df, title, 300)
    spec.pop("data")
    spec["resolve"] = {"scale": {"color": "independent"}}
    spec["layer"] = [
        {
            "data": {"values": _values(df)},
            "mark": {"type": "area", "opacity": 0.9},
            "encoding": {
                "x": x,
                "y": {"field": "lo", "type": "quantitative", "title": y_title, "axis": {"format": "~s"}},
                "y2": {"field": "hi"},
                "color": {"field": "band", "type": "nominal", "scale": band_colour, "title": None},
                "order": {"field": "band", "sort": "ascending"},
            },
        },
        {
            "data": {"values": _values(lines_df)},
            "mark": {"type": "line", "point": False},
            "encoding": {
                "x": x,
                "y": {"field": "value", "type": "quantitative"},
                "color": {"field": "series", "type": "nominal", "scale": line_colour, "title": None},
                "strokeDash": {
                    "field": "series", "type": "nominal", "scale": {"domain": [names["median"], names["target"]],
                    "range": [[1, 0], [6, 4]]}, "legend": None,
                },
                "tooltip": [_tip("year", "ordinal", x_title), _tip("series", "nominal", ""), _tip("value", "quantitative", y_title, NUM)],
            },
        },
    ]  # fmt: skip
    return spec


def donut(df: pd.DataFrame, label: str, value: str, title: str, label_title: str, value_title: str) -> dict[str, Any]:
    return _spec(
        df,
        title,
        260,
        mark={"type": "arc", "innerRadius": 55},
        encoding={
            "theta": {"field": value, "type": "quantitative", "stack": True},
            "color": {"field": label, "type": "nominal", "scale": scale(list(df[label])), "title": label_title},
            "tooltip": [_tip(label, "nominal", label_title), _tip(value, "quantitative", value_title, NUM)],
        },
    )


def _stacked(
    mark: dict, df, x, y, color, title, y_title, color_title, x_title, height, agg=False, domain=None
) -> dict[str, Any]:
    yenc = {"field": y, "type": "quantitative", "title": y_title, "stack": True, "axis": {"format": "~s"}}
    if agg:
        yenc["aggregate"] = "sum"
    domain = domain or list(dict.fromkeys(df[color]))
    legend_rows = len(domain)  # one column: a measure's whole name, never cut
    return _spec(
        df,
        title,
        height + 18 * legend_rows,  # Streamlit fits plot + legend into the height: keep the plot its size
        mark=mark,
        encoding={
            "x": {"field": x, "type": "ordinal", "title": x_title},
            "y": yenc,
            "color": {
                "field": color,
                "type": "nominal",
                "scale": scale(domain),
                "title": color_title,
                "legend": {"columns": 1, "labelLimit": 420},
            },
            "tooltip": [
                _tip(x, "ordinal", x_title),
                _tip(color, "nominal", color_title),
                _tip(y, "quantitative", y_title, NUM),
            ],
        },
    )


def stacked_area(
    df: pd.DataFrame,
    x: str,
    y: str,
    color: str,
    title: str,
    y_title: str,
    color_title: str,
    x_title: str = "",
    domain: list[str] | None = None,
) -> dict[str, Any]:
    """Stacked areas; pass the same ``domain`` to charts that should colour the same names alike."""
    return _stacked(
        {"type": "area", "opacity": 0.85}, df, x, y, color, title, y_title, color_title, x_title, 320, domain=domain
    )


def stacked_bars(
    df: pd.DataFrame,
    x: str,
    y: str,
    color: str,
    title: str,
    y_title: str,
    color_title: str,
    x_title: str = "",
    domain: list[str] | None = None,
) -> dict[str, Any]:
    return _stacked(
        {"type": "bar"}, df, x, y, color, title, y_title, color_title, x_title, 300, agg=True, domain=domain
    )


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
) -> dict[str, Any]:
    """One line per series (with points); series named in ``dashed`` are drawn dashed (targets, BAU)."""
    encoding = {
        "x": {"field": x, "type": "ordinal", "title": x_title},
        "y": {"field": y, "type": "quantitative", "title": y_title, "axis": {"format": y_format}},
        "color": {
            "field": series,
            "type": "nominal",
            "scale": scale(list(dict.fromkeys(df[series]))),
            "title": series_title,
        },
        "tooltip": [
            _tip(x, "ordinal", x_title),
            _tip(series, "nominal", series_title),
            _tip(y, "quantitative", y_title, fmt),
        ],
    }
    dash = {
        "condition": {"test": {"field": series, "oneOf": list(dashed)}, "value": [6, 4]},
        "value": [1, 0],
    }
    return _spec(
        df,
        title,
        340,
        encoding=encoding,
        layer=[
            {"mark": {"type": "line", "strokeWidth": 2.5}, "encoding": {"strokeDash": dash}},
            {"mark": {"type": "point", "size": 28, "filled": True}},
        ],
    )


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
) -> dict[str, Any]:
    """Marginal abatement cost curve: bars of width = potential, height = cost per t, sorted by cost."""
    d = df.sort_values(cost).reset_index(drop=True).copy()
    d["x1"] = d[width].cumsum()
    d["x0"] = d["x1"] - d[width]
    d["zero"] = 0.0
    # a few very expensive (or very cheap) small measures would flatten every other bar: cut the axis at the
    # 5th / 90th percentile (bars beyond are clipped; the tooltip keeps the real value)
    lo = min(0.0, float(d[cost].quantile(0.05)))
    hi = max(10.0, float(d[cost].quantile(0.90)))
    pad = 0.1 * (hi - lo)
    cols = [label, cost, width, "x0", "x1", "zero", area]
    return _spec(
        d[cols],
        title,
        360,
        mark={"type": "rect", "stroke": "white", "strokeWidth": 0.5, "clip": True},
        encoding={
            "x": {"field": "x0", "type": "quantitative", "title": x_title, "axis": {"format": "~s"}},
            "x2": {"field": "x1"},
            "y": {
                "field": cost,
                "type": "quantitative",
                "title": y_title,
                "scale": {"domain": [lo - pad, hi + pad], "nice": False},
            },
            "y2": {"field": "zero"},
            "color": {
                "field": area,
                "type": "nominal",
                "scale": scale(list(dict.fromkeys(d[area]))),
                "title": area_title,
            },
            "tooltip": [
                _tip(label, "nominal", ""),
                _tip(cost, "quantitative", y_title, ",.1f"),
                _tip(width, "quantitative", x_title, NUM),
            ],
        },
    )


# Axis labels of large numbers in words people use: 1.2 M / 3.4 bn in English, 12万 / 3.4亿 in Chinese (d3's
# SI format would print "G" for billions). Applied to every "~s" axis of a finished spec by `localise`.
_SHORT = {
    "en": "abs(datum.value) >= 1e9 ? format(datum.value / 1e9, '.2~f') + ' bn' : abs(datum.value) >= 1e6 ? "
    "format(datum.value / 1e6, '.2~f') + ' M' : abs(datum.value) >= 1e3 ? format(datum.value / 1e3, '.2~f') + 'k'"
    " : format(datum.value, '~g')",
    "zh": "abs(datum.value) >= 1e8 ? format(datum.value / 1e8, '.2~f') + '亿' : abs(datum.value) >= 1e4 ? "
    "format(datum.value / 1e4, '.2~f') + '万' : format(datum.value, '~g')",
}


def localise(spec: Any, lang: str) -> Any:
    """The spec with every SI-formatted axis (`"format": "~s"`) labelled in the language's own units."""
    expr = _SHORT.get(lang, _SHORT["en"])
    if isinstance(spec, dict):
        out = {k: localise(v, lang) for k, v in spec.items()}
        if out.get("format") == "~s" and "labelExpr" not in out:
            out.pop("format")
            out["labelExpr"] = expr
        return out
    if isinstance(spec, list):
        return [localise(v, lang) for v in spec]
    return spec
