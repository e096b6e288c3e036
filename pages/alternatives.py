"""Near-optimal alternatives: plans within a cost slack of the least cost that use other measures, side by
side (cost, pathway, measures and when, who pays)."""

import pandas as pd
import streamlit as st

from core.i18n import t
from core.optimise.alternatives import alternatives, note_text
from ui import state
from ui.charts import lines
from ui.store_widgets import keep_sid_in_url, sync_from_url, url_params
from ui.widgets import fmt_num, fmt_pct, md, require_scenario, show_flash

lang = state.current_lang()
st.title(t("jobs.alt_title", lang))
st.caption(t("jobs.alt_intro", lang))
sync_from_url(lang)
keep_sid_in_url()
show_flash()
s = require_scenario()
settings = state.solve_settings()
qp = st.query_params


def _url_int(name: str, default: int, lo: int, hi: int) -> int:
    raw = qp.get(name, "")
    return min(hi, max(lo, int(raw))) if raw.isdigit() else default


c1, c2 = st.columns(2)
slack_pct = c1.slider(t("jobs.alt_slack", lang), 1, 20, _url_int("slack", 5, 1, 20), key="alt_slack")
n = c2.slider(t("jobs.alt_n", lang), 1, 5, _url_int("n", 3, 1, 5), key="alt_n")
url_params(slack=slack_pct, n=n)
run_key = (state.solve_key(s, settings), slack_pct, n)
if st.button(t("jobs.alt_run", lang), type="primary", key="alt_run", icon=":material/alt_route:"):
    with st.spinner(t("jobs.alt_running", lang, n=n)):
        st.session_state["alt_result"] = (run_key, alternatives(s, slack_pct / 100, n, settings))

got = st.session_state.get("alt_result")
if not got or got[0][0] != run_key[0]:
    st.info(t("jobs.alt_none_yet", lang))
    st.stop()
alts = got[1]
if not alts.optimum.ok:
    st.error(md(alts.optimum.describe(lang)))
    st.stop()
cur = s.currency
names = [t("jobs.alt_least_cost", lang)] + [t("jobs.alt_plan", lang, i=i) for i in range(1, len(alts.plans) + 1)]
if not alts.plans:
    st.warning(t("jobs.alt_no_other", lang, slack=fmt_pct(alts.slack, 0)))
st.caption(t("jobs.alt_cap", lang, cap=fmt_num(alts.cost_cap), currency=cur, slack=fmt_pct(alts.slack, 0)))

# ---------------------------------------------------------------- cost and emissions, one row per plan
sm = alts.summary()
st.subheader(t("jobs.alt_costs", lang))
st.dataframe(
    pd.DataFrame(
        {
            t("jobs.alt_col_plan", lang): names,
            t("jobs.alt_col_npv", lang, currency=cur): [fmt_num(v) for v in sm["npv_total"]],
            t("jobs.alt_col_extra", lang): [fmt_pct(v, 1) for v in sm["extra"]],
            t("jobs.alt_col_capex", lang, currency=cur): [fmt_num(v) for v in sm["capex_total"]],
            t("jobs.alt_col_final", lang): [fmt_num(v) for v in sm["final_t"]],
            t("jobs.alt_col_cum", lang): [fmt_num(v) for v in sm["cum_t"]],
            t("jobs.alt_col_measures", lang): sm["n_measures"],
            t("jobs.alt_col_targets", lang): [
                f"{a} / {b}" for a, b in zip(sm["targets_met"], sm["targets_total"], strict=True)
            ],
        }
    ),
    hide_index=True,
    width="stretch",
)

# ---------------------------------------------------------------- pathways
bau_label = t("jobs.alt_bau", lang)
frames = []
for name, p in zip(names, alts.all, strict=True):
    frames.append(pd.DataFrame({"year": p.pathway.index, "t": p.pathway["plan_gross_t"].astype(float), "plan": name}))
o = alts.optimum.pathway
frames.append(pd.DataFrame({"year": o.index, "t": o["bau_t"].astype(float), "plan": bau_label}))
st.vega_lite_chart(
    lines(
        pd.concat(frames, ignore_index=True),
        "year",
        "t",
        "plan",
        t("jobs.alt_chart", lang),
        "tCO2e",
        t("jobs.alt_col_plan", lang),
        t("jobs.alt_year", lang),
        dashed=(bau_label,),
    ),
    width="stretch",
)

# ---------------------------------------------------------------- measures and when
st.subheader(t("jobs.alt_measures", lang))
st.caption(t("jobs.alt_measures_help", lang))
my = alts.measure_years()
if not my.empty:
    table = pd.DataFrame(
        {t("jobs.alt_col_measure", lang): [alts.optimum.measure_name(m, lang) for m in my.index]}
        | {names[i]: ["" if pd.isna(v) else str(int(v)) for v in my[i]] for i in my.columns}
    )
    st.dataframe(table, hide_index=True, width="stretch")

# ---------------------------------------------------------------- who pays
pay = alts.payers()
if not pay.empty:
    st.subheader(t("jobs.alt_payers", lang))
    tenants = {x.id: x.name for x in s.tenants}
    pay["who"] = [tenants.get(p, p) if p else t("jobs.alt_zone", lang) for p in pay["payer"]]
    wide = pay.pivot_table(index="who", columns="plan", values="capex", aggfunc="sum", fill_value=0.0)
    st.dataframe(
        pd.DataFrame(
            {t("jobs.alt_col_payer", lang, currency=cur): list(wide.index)}
            | {names[i]: [fmt_num(v) for v in wide[i]] for i in wide.columns}
        ),
        hide_index=True,
        width="stretch",
    )
for note in alts.notes:
    st.caption(note_text(note, lang))
