"""Sensitivity: sweep one assumption and see cost, emissions and chosen measures; tornado of +/-20 %."""

import os

import pandas as pd
import streamlit as st

from core.assumptions import param_label
from core.cluster import ClusterError
from core.i18n import t
from core.monte_carlo import monte_carlo
from core.sensitivity import (
    SensitivityError,
    base_value,
    default_range,
    linspace,
    parameters,
    prewarm_pool,
    sweep,
    tornado,
)
from ui import cluster_view, state
from ui.charts import fan_chart, lines, localise, probability_bars, tornado_chart
from ui.store_widgets import get_store, keep_sid_in_url, share_link, sync_from_url, url_params
from ui.targets_view import emission_target_path
from ui.widgets import fmt_num, require_scenario, show_flash

lang = state.current_lang()
st.title(t("sensitivity.title", lang))
st.caption(t("sensitivity.intro", lang))
sync_from_url(lang)
keep_sid_in_url()
show_flash()
s = require_scenario()
key = state.scenario_hash(s)
settings = state.solve_settings()


# ---------------------------------------------------------------- the sweep (settings live in the URL)
qp = st.query_params
params = parameters()
url_param = qp.get("param", "")
c1, c2, c3, c4 = st.columns([3, 2, 2, 2])
param = c1.selectbox(
    t("sensitivity.parameter", lang),
    params,
    index=params.index(url_param) if url_param in params else 0,
    format_func=lambda p: param_label(p, lang),
    key="sensitivity_param",
)
base = base_value(s, param)
lo_default, hi_default = default_range(param, base)


def many_solves(bar, workers: int) -> dict:  # noqa: ANN001 - a Streamlit progress bar
    """How a sweep or Monte Carlo runs: its workers, progress bar, result cache and cluster."""
    return {
        "workers": int(workers),
        "progress": lambda d, total: bar.progress(d / total, text=t("sensitivity.progress", lang, done=d, total=total)),
        "cache": get_store(),
        "scheduler": cluster_view.scheduler(),
    }


def url_float(name: str, default: float) -> float:
    try:
        return float(qp.get(name, default)) if qp.get("param") == param else default
    except ValueError:
        return default


lo = c2.number_input(
    t("sensitivity.low", lang), value=url_float("lo", lo_default), format="%.4g", key=f"sensitivity_lo_{param}"
)
hi = c3.number_input(
    t("sensitivity.high", lang), value=url_float("hi", hi_default), format="%.4g", key=f"sensitivity_hi_{param}"
)
n = c4.slider(t("sensitivity.points", lang), 2, 20, int(url_float("n", 7)), key="sensitivity_n")
url_params(param=param, lo=f"{lo:g}", hi=f"{hi:g}", n=n)
st.caption(t(f"sensitivity.unit_{param.partition(':')[0]}", lang, base=f"{base:,.4g}"))
workers = st.number_input(
    t("sensitivity.workers", lang),
    key="sensitivity_workers",
    min_value=1,
    max_value=max(1, os.cpu_count() or 1),
    value=min(2, os.cpu_count() or 1),
)

cluster_view.notice(lang, int(workers))
prewarm_pool(int(workers))  # worker start-up happens while the user sets up the sweep
run_key = (key, param, lo, hi, n, state.solve_key(s, settings))
if st.button(t("sensitivity.run", lang), type="primary", key="sensitivity_run", icon=":material/play_arrow:"):
    bar = st.progress(0.0, text=t("sensitivity.progress", lang, done=0, total=n))
    try:
        result = sweep(
            s,
            param,
            linspace(lo, hi, n),
            settings,
            **many_solves(bar, workers),
        )
        st.session_state["sensitivity_result"] = (run_key, result)
    except SensitivityError as e:
        st.error(str(e))
    except ClusterError as e:
        cluster_view.failed(e)
        st.rerun()
    bar.empty()

got = st.session_state.get("sensitivity_result")
if got and got[0][:2] == (key, param):
    result = got[1]
    tab = result.table
    failed = tab[tab["status"].isin(["error"])]
    if not failed.empty:
        st.warning(t("sensitivity.failed_points", lang, n=len(failed), message=str(failed["message"].iloc[0])))
    ok = tab[~tab["status"].isin(["error"])]
    if not ok.empty:
        cur = s.currency
        long = pd.concat(
            [
                pd.DataFrame(
                    {"value": ok["value"], "y": ok["npv_total"], "series": t("sensitivity.npv", lang, currency=cur)}
                ),
                pd.DataFrame(
                    {
                        "value": ok["value"],
                        "y": ok["bau_npv_total"],
                        "series": t("sensitivity.bau_npv", lang, currency=cur),
                    }
                ),
            ]
        )
        st.vega_lite_chart(
            lines(
                long.round({"value": 4}),
                "value",
                "y",
                "series",
                t("sensitivity.chart_cost", lang),
                cur,
                "",
                param_label(param, lang),
                dashed=(t("sensitivity.bau_npv", lang, currency=cur),),
            ),
            width="stretch",
        )
        em = pd.concat(
            [
                pd.DataFrame({"value": ok["value"], "y": ok["cum_net_t"], "series": t("sensitivity.cum", lang)}),
                pd.DataFrame({"value": ok["value"], "y": ok["shortfall_t"], "series": t("sensitivity.short", lang)}),
            ]
        )
        st.vega_lite_chart(
            lines(
                em.round({"value": 4}),
                "value",
                "y",
                "series",
                t("sensitivity.chart_emissions", lang),
                "tCO2e",
                "",
                param_label(param, lang),
            ),
            width="stretch",
        )
    if not result.chosen.empty:
        st.subheader(t("sensitivity.chosen", lang))
        st.caption(t("sensitivity.chosen_help", lang))
        piv = result.chosen.pivot_table(index="measure", columns="value", values="first_year", aggfunc="min")
        piv.columns = [f"{v:,.4g}" for v in piv.columns]
        st.dataframe(
            piv.map(lambda v: "-" if pd.isna(v) else str(int(v))).reset_index(), hide_index=True, width="stretch"
        )
    with st.expander(t("sensitivity.table", lang)):
        st.dataframe(
            tab.rename(columns={c: t(f"sensitivity.col_{c}", lang) for c in tab.columns}),
            hide_index=True,
            width="stretch",
        )

# ---------------------------------------------------------------- tornado
st.subheader(t("sensitivity.tornado", lang))
st.caption(t("sensitivity.tornado_help", lang))
if st.button(t("sensitivity.run_tornado", lang), key="sensitivity_tornado"):
    bar = st.progress(0.0)
    try:
        df = tornado(
            s,
            settings=settings,
            workers=int(workers),
            progress=lambda d, total: bar.progress(d / total),
            cache=get_store(),
            scheduler=cluster_view.scheduler(),
        )
        st.session_state["sensitivity_tornado_result"] = (key, df)
    except ClusterError as e:
        cluster_view.failed(e)
        st.rerun()
    bar.empty()
got = st.session_state.get("sensitivity_tornado_result")
if got and got[0] == key:
    df = got[1].dropna(subset=["low_npv", "high_npv"])
    if df.empty:
        st.warning(t("sensitivity.no_tornado", lang))
    else:
        bars = pd.DataFrame(
            {
                "parameter": [param_label(p, lang) for p in df["parameter"]] * 2,
                "case": [t("sensitivity.minus20", lang)] * len(df) + [t("sensitivity.plus20", lang)] * len(df),
                "npv": list(df["low_npv"]) + list(df["high_npv"]),
                "base": list(df["base_npv"]) * 2,
            }
        )
        spec = tornado_chart(
            bars, t("sensitivity.tornado_title", lang), t("sensitivity.npv", lang, currency=s.currency)
        )
        st.vega_lite_chart(spec, width="stretch")
        st.caption(t("sensitivity.base_npv", lang, npv=fmt_num(df["base_npv"].iloc[0]), currency=s.currency))

# ---------------------------------------------------------------- Monte Carlo
st.subheader(t("sensitivity.mc", lang))
st.caption(t("sensitivity.mc_help", lang))
m1, m2 = st.columns(2)


def url_step(name: str, default: int, lo: int, hi: int, step: int) -> int:
    """An integer slider value from the URL, clamped to the slider's range and step."""
    raw = qp.get(name, "")
    v = int(raw) if raw.isdigit() else default
    return min(hi, max(lo, v // step * step))


mc_n = m1.slider(
    t("sensitivity.mc_draws", lang), 10, 200, url_step("mc_n", 20, 10, 200, 10), step=10, key="sensitivity_mc_n"
)
mc_spread = m2.slider(
    t("sensitivity.mc_spread", lang), 5, 50, url_step("mc_spread", 20, 5, 50, 5), step=5, key="sensitivity_mc_spread"
)
url_params(mc_n=mc_n, mc_spread=mc_spread)
if st.button(t("sensitivity.mc_run", lang), key="sensitivity_mc_run"):
    bar = st.progress(0.0)
    try:
        mc = monte_carlo(
            s,
            n=mc_n,
            spread=mc_spread / 100,
            settings=settings,
            **many_solves(bar, workers),
        )
        st.session_state["sensitivity_mc"] = (key, mc)
    except ClusterError as e:
        cluster_view.failed(e)
        st.rerun()
    bar.empty()
got = st.session_state.get("sensitivity_mc")
if got and got[0] == key:
    mc = got[1]
    met = mc.met.dropna(subset=["p_met"])
    if met.empty:
        st.warning(t("sensitivity.no_tornado", lang))
    else:
        title = t("sensitivity.mc_title", lang, n=int(met["n"].iloc[0]), spread=mc_spread)
        spec = probability_bars(met, "year", "p_met", title, t("sensitivity.year", lang), t("sensitivity.p_met", lang))
        st.vega_lite_chart(spec, width="stretch")
        if not mc.fan.empty:
            fan = fan_chart(
                mc.fan,
                emission_target_path(s),
                t("sensitivity.fan_title", lang, n=int(mc.fan["n"].max())),
                "tCO2e",
                t("sensitivity.year", lang),
                {k: t(f"sensitivity.fan_{k}", lang) for k in ("all", "band", "median", "target")},
            )
            st.vega_lite_chart(localise(fan, lang), width="stretch")
            st.caption(t("sensitivity.fan_help", lang))
        npv = mc.draws["npv_total"].dropna().astype(float)
        if len(npv):
            q = npv.quantile([0.1, 0.5, 0.9])
            st.caption(
                t(
                    "sensitivity.mc_npv",
                    lang,
                    p10=fmt_num(q[0.1]),
                    p50=fmt_num(q[0.5]),
                    p90=fmt_num(q[0.9]),
                    currency=s.currency,
                )
            )

st.caption(t("sensitivity.share", lang))
st.code(share_link("sensitivity", param=param, lo=f"{lo:g}", hi=f"{hi:g}", n=n), language=None)
