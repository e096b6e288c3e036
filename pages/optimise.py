"""Optimise & results: solver settings, budget and carbon price, a visible run, the plan beside BAU."""

import pandas as pd
import streamlit as st

from core.assumptions import plan_assumptions
from core.i18n import t
from core.optimise import SolveSettings
from core.sensitivity import tornado
from ui import state
from ui.cache import cached_results_view
from ui.energy_view import show_energy_balance
from ui.job_panel import job_panel
from ui.plan_view import assumptions_view, export_tables, solver_rows
from ui.power_view import power_section
from ui.scenario_io import revalidated
from ui.solve import solve_now
from ui.store_widgets import keep_sid_in_url, url_params
from ui.tenants_view import render_tenants
from ui.widgets import download_buttons, fmt_num, fmt_pct, kpi_tiles, require_scenario, show_flash, show_issues

lang = state.current_lang()
s = require_scenario()
st.title(t("optimise.title", lang))
st.caption(t("optimise.intro", lang))
show_flash()
keep_sid_in_url()  # the address bar is a link to this zone's results
cur = s.currency
settings = state.solve_settings()

# ---------------------------------------------------------------- settings and run
with st.form("optimise_form"):
    c1, c2, c3 = st.columns(3)
    solver = c1.selectbox(
        t("optimise.solver", lang),
        ["highs", "cbc"],
        index=["highs", "cbc"].index(settings.solver),
        format_func=lambda x: t(f"optimise.solver_{x}", lang),
    )
    time_limit = c2.number_input(
        t("optimise.time_limit", lang), min_value=1.0, max_value=600.0, value=float(settings.time_limit_s), step=5.0
    )
    gap = c3.number_input(
        t("optimise.gap", lang), min_value=0.0, max_value=0.5, value=float(settings.gap), step=0.001, format="%.4f"
    )
    c4, c5 = st.columns(2)
    budget_now = s.budget.capex_per_year
    if isinstance(budget_now, dict):
        c4.caption(t("optimise.budget_by_year", lang, n=len(budget_now)))
        budget = budget_now
    else:
        budget = c4.number_input(
            t("optimise.budget", lang, cur=cur),
            min_value=0.0,
            value=budget_now,
            step=1e5,
            placeholder=t("optimise.no_budget", lang),
        )
    prices = pd.DataFrame(
        {"year": list(s.assumptions.carbon_price_per_t), "price": list(s.assumptions.carbon_price_per_t.values())},
        columns=["year", "price"],
    )
    prices_edit = c5.data_editor(
        prices,
        num_rows="dynamic",
        hide_index=True,
        key=f"optimise_prices_{state.scenario_hash()}",
        column_config={
            "year": st.column_config.NumberColumn(t("common.year", lang), format="%d", step=1),
            "price": st.column_config.NumberColumn(t("optimise.carbon_price", lang, cur=cur), format="localized"),
        },
    )
    p1, p2, p3 = st.columns(3)
    power_mode = p1.selectbox(
        t("power.mode", lang),
        ["annual", "hourly"],
        index=["annual", "hourly"].index(settings.power_mode),
        format_func=lambda x: t(f"power.mode_{x}_short", lang),
        help=t("power.mode_help", lang),
        key="optimise_power_mode",
    )
    power_days = p2.number_input(
        t("power.days", lang),
        min_value=1,
        max_value=12,
        value=int(settings.power_days),
        step=1,
        key="optimise_power_days",
    )
    power_segments = p3.number_input(
        t("power.segments", lang),
        min_value=4,
        max_value=24,
        value=int(settings.power_segments),
        step=1,
        help=t("power.segments_help", lang),
        key="optimise_power_segments",
    )
    run = st.form_submit_button(t("optimise.run", lang), type="primary", icon=":material/play_arrow:")

if run:
    price_path = {int(r.year): float(r.price) for r in prices_edit.dropna().itertuples()}
    changes: dict[str, object] = {}
    if budget != budget_now:
        changes["budget.capex_per_year"] = budget
    if price_path != dict(s.assumptions.carbon_price_per_t):
        changes["assumptions.carbon_price_per_t"] = price_path
    new, issues = revalidated(s, changes) if changes else (s, [])
    if new is None:
        show_issues(issues, lang)
        st.stop()
    if new is not s:
        state.set_scenario(new)
        s = new
    settings = SolveSettings(
        solver=solver,
        time_limit_s=float(time_limit),
        gap=float(gap),
        power_mode=power_mode,
        power_days=int(power_days),
        power_segments=int(power_segments),
    )
    state.set_solve_settings(settings)
    solve_now(s, lang, settings)
job_panel(s, settings, lang)  # or solve outside the script run; ?job=<id> opens a stored plan

# ---------------------------------------------------------------- results
# a results link (?plan=1 beside the zone's ?sid= or ?demo=) opened afresh: the same inputs give the same plan
first_visit = not st.session_state.get("optimise_seen")
st.session_state["optimise_seen"] = True
if first_visit and st.query_params.get("plan") == "1" and not state.plan_is_current():
    solve_now(s, lang)
plan = state.current_plan()
url_params(plan=1 if plan is not None and plan.ok and state.plan_is_current() else None)
if plan is None:
    st.info(t("optimise.no_plan", lang))
    st.stop()
if not state.plan_is_current():
    st.warning(t("optimise.stale", lang))
if not plan.ok:
    st.error(t("optimise.failed", lang, msg=plan.describe(lang)))
    st.stop()

view = cached_results_view(plan, lang, cur)
yr = t("common.year", lang)
sv = plan.solver.to_json()
gap_txt = fmt_pct(sv.get("gap"), 2) if sv.get("gap") is not None else "–"
if plan.status == "optimal":
    st.success(t("results.status_optimal", lang, s=fmt_num(sv.get("time_s"), 2), gap=gap_txt))
elif plan.status == "time_limit":
    st.warning(t("results.status_time_limit", lang, s=fmt_num(sv.get("time_s"), 1), gap=gap_txt))
elif plan.status == "infeasible_targets":
    st.warning(t("results.status_infeasible", lang) + "\n\n" + "\n".join(f"- {x}" for x in view["shortfalls"]))
if plan.message and plan.status != "optimal":
    st.caption(plan.describe(lang))

h = plan.headline()
kpi_tiles(
    [
        (t("results.kpi_npv", lang, cur=cur), fmt_num(h.npv_total / 1e6, 1), t("results.kpi_npv_help", lang)),
        (
            t("results.kpi_saving", lang, cur=cur),
            fmt_num(h.npv_saving / 1e6, 1),
            t("results.kpi_saving_help", lang, bau=fmt_num(h.npv_bau, 0)),
        ),
        (
            t("results.kpi_emissions_last", lang, year=h.last_year),
            fmt_num(h.plan_last_t, 0),
            t("results.kpi_cut", lang, pct=fmt_pct(h.cut_last), bau=fmt_num(h.bau_last_t, 0)),
        ),
        (t("results.kpi_capex", lang, cur=cur), fmt_num(h.capex_total / 1e6, 1), None),
        (t("results.kpi_targets", lang), f"{h.targets_met} / {h.targets_total}", None),
    ],
    columns=3,
)

st.vega_lite_chart(view["pathway"], width="stretch")
c1, c2 = st.columns(2)
c1.vega_lite_chart(view["wedges"], width="stretch")
c2.vega_lite_chart(view["capex"], width="stretch")
c3, c4 = st.columns(2)
c3.vega_lite_chart(view["costs"], width="stretch")
c4.vega_lite_chart(view["carbon_price"], width="stretch")
st.caption(t("results.carbon_price_help", lang))
power_section(plan, lang)

with st.expander(t("results.assumptions", lang), icon=":material/fact_check:"):
    st.caption(t("results.assumptions_help", lang))
    akey = f"{state.plan_key()}|assumptions"
    if st.button(t("results.assumptions_run", lang), key="optimise_assumptions_run"):
        with st.spinner(t("results.assumptions_running", lang)):
            st.session_state["optimise_assumptions"] = (
                akey,
                plan_assumptions(s, tornado(s, settings=settings), lang=lang),
            )
    got = st.session_state.get("optimise_assumptions")
    if got and got[0] == akey:
        st.dataframe(assumptions_view(got[1], lang, cur), hide_index=True, width="stretch")

st.subheader(t("results.targets", lang))
st.dataframe(
    view["targets"],
    hide_index=True,
    width="stretch",
    column_config={
        "flag": st.column_config.TextColumn("", width="small"),
        "metric": t("results.col_metric", lang),
        "year": st.column_config.NumberColumn(yr, format="%d"),
        "target": t("results.col_target", lang),
        "achieved": t("results.col_achieved", lang),
        "short_by": t("results.col_short_by", lang),
        "met": st.column_config.CheckboxColumn(t("results.col_met", lang)),
    },
)
for sentence in view["shortfalls"] if plan.status != "infeasible_targets" else []:
    st.markdown(f"- {sentence}")

st.subheader(t("results.chosen", lang))
st.dataframe(
    view["chosen"],
    hide_index=True,
    width="stretch",
    column_config={
        "measure": t("results.measure", lang),
        "area": t("results.col_area", lang),
        "unit": t("common.unit", lang),
        "built": st.column_config.NumberColumn(t("results.col_built", lang), format="localized"),
        "first_year": st.column_config.NumberColumn(t("results.col_first_year", lang), format="%d"),
        "capex": st.column_config.NumberColumn(t("results.col_capex", lang, cur=cur), format="localized"),
        "active_last": st.column_config.NumberColumn(t("results.col_active_last", lang), format="localized"),
    },
)
show_energy_balance(s, plan, lang)
render_tenants(plan, s, lang, cur)
with st.expander(t("results.solver_report", lang), icon=":material/info:"):
    st.dataframe(solver_rows(plan, lang), hide_index=True, width="stretch")
download_buttons(export_tables(plan), "plan", lang, key="optimise_download")
