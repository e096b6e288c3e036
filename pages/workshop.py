"""Workshop room: a facilitator opens a room on the current scenario; participants join with ?room=CODE on
their own devices, build a variant with a few levers, see every variant on the board and vote."""

import pandas as pd
import streamlit as st

from core.catalogue import resolve_measures
from core.errors import ScenarioError
from core.i18n import name as name_of
from core.i18n import t
from core.sensitivity import base_value
from core.workshop import Levers, WorkshopError, apply_levers, deepest_milestone, normalise_code
from ui import state
from ui.charts import lines
from ui.jobs_view import get_jobs, get_workshop, status_text
from ui.store_widgets import share_link, sync_from_url
from ui.widgets import fmt_num, md, show_issues

lang = state.current_lang()
st.title(t("workshop.title", lang))
sync_from_url(lang)  # ?demo= / ?sid= open a zone for the facilitator
ws, jobs = get_workshop(), get_jobs()
code = normalise_code(st.query_params.get("room", ""))

# ---------------------------------------------------------------- no room yet: the facilitator opens one
if not code:
    st.caption(t("workshop.intro", lang))
    s = state.current_scenario()
    if s is None:
        st.info(t("workshop.need_scenario", lang))
        st.stop()
    title = st.text_input(t("workshop.room_title", lang), value=s.zone.name, key="workshop_title")
    if st.button(t("workshop.open", lang), type="primary", key="workshop_open", icon=":material/groups:"):
        try:
            st.query_params["room"] = ws.open_room(s, title)
            st.rerun()
        except WorkshopError as e:
            st.error(md(str(e)))
    code_in = st.text_input(t("workshop.join_code", lang), key="workshop_join_code", max_chars=8)
    if st.button(t("workshop.join", lang), key="workshop_join") and code_in:
        st.query_params["room"] = normalise_code(code_in)
        st.rerun()
    st.stop()

room = ws.room(code)
if room is None:
    st.error(t("workshop.no_room", lang, code=code))
    st.stop()
s = room.scenario
st.subheader(md(room.title))
st.markdown(t("workshop.code", lang, code=code))
with st.expander(t("workshop.invite", lang)):
    st.code(share_link("workshop", room=code), language=None)

# ---------------------------------------------------------------- my variant
st.subheader(t("workshop.my_variant", lang))
name = st.text_input(t("workshop.name", lang), key="workshop_name", max_chars=60)
c1, c2 = st.columns(2)
cp0 = base_value(s, "carbon_price")
carbon = c1.slider(
    t("workshop.carbon_price", lang, currency=s.currency, year=s.horizon),
    0,
    int(max(3 * cp0, 200)),
    int(cp0),
    step=5,
    key="workshop_carbon",
)
budget0 = s.budget.capex_per_year if isinstance(s.budget.capex_per_year, int | float) else 0
budget = c2.number_input(
    t("workshop.budget", lang, currency=s.currency),
    min_value=0.0,
    value=float(budget0 or 0),
    step=100_000.0,
    format="%.0f",
    key="workshop_budget",
)
names = {m.id: name_of(m, lang) for m in resolve_measures(s)}
off = st.multiselect(t("workshop.measures_off", lang), list(names), format_func=lambda m: names[m], key="workshop_off")
i = deepest_milestone(s)
target_year = None
if i is not None:
    y0 = s.targets.milestones[i].year
    target_year = st.slider(
        t("workshop.target_year", lang), s.base_year + 1, max(s.horizon, y0), y0, key="workshop_target_year"
    )
if st.button(t("workshop.submit", lang), type="primary", key="workshop_submit", icon=":material/send:"):
    levers = Levers(
        carbon_price=float(carbon),
        budget_per_year=float(budget) if budget > 0 else None,
        measures_off=tuple(off),
        target_year=target_year,
    )
    try:
        job_id = jobs.submit(apply_levers(s, levers), state.solve_settings())
        ws.add_variant(code, name, levers, job_id)
        st.toast(t("workshop.submitted", lang))
    except ScenarioError as e:
        show_issues(e.issues, lang)
    except WorkshopError as e:
        st.error(t("workshop.need_name", lang) if str(e).startswith("participant") else md(str(e)))


# ---------------------------------------------------------------- the board (polls the jobs every 2 s)
@st.fragment(run_every=2)
def board() -> None:
    st.subheader(t("workshop.board", lang))
    variants = ws.variants(code)
    if not variants:
        st.info(t("workshop.empty", lang))
        return
    counts = ws.votes(code)
    rows, lines_df = [], []
    for v in variants:
        job = jobs.get(v.job_id) if v.job_id else None
        plan = job.plan if job is not None else None
        label = f"#{v.id} {v.participant}"
        h = plan.headline() if plan is not None else None
        rows.append(
            {
                t("workshop.col_variant", lang): label,
                t("workshop.col_carbon", lang): fmt_num(v.levers.carbon_price),
                t("workshop.col_budget", lang): fmt_num(v.levers.budget_per_year) if v.levers.budget_per_year else "-",
                t("workshop.col_off", lang): len(v.levers.measures_off),
                t("workshop.col_target_year", lang): v.levers.target_year or "-",
                t("workshop.col_status", lang): status_text(job, lang),
                t("workshop.col_npv", lang, currency=s.currency): fmt_num(h.npv_total) if h else "",
                t("workshop.col_last", lang): fmt_num(h.plan_last_t) if h else "",
                t("workshop.col_targets", lang): f"{h.targets_met} / {h.targets_total}" if h else "",
                t("workshop.col_votes", lang): counts.get(v.id, 0),
            }
        )
        if plan is not None:
            p = plan.pathway
            lines_df.append(pd.DataFrame({"year": p.index, "t": p["plan_gross_t"].astype(float), "variant": label}))
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="workshop_board_table")
    if lines_df:
        spec = lines(
            pd.concat(lines_df, ignore_index=True),
            "year",
            "t",
            "variant",
            t("workshop.chart", lang),
            "tCO2e",
            t("workshop.col_variant", lang),
            t("workshop.year", lang),
        )
        st.vega_lite_chart(spec, width="stretch")


board()

# ---------------------------------------------------------------- votes
vs = ws.variants(code)
if vs:
    st.subheader(t("workshop.vote_title", lang))
    labels = {v.id: f"#{v.id} {v.participant}" for v in vs}
    pick = st.selectbox(
        t("workshop.vote_for", lang), list(labels), format_func=lambda x: labels[x], key="workshop_pick"
    )
    if st.button(t("workshop.vote", lang), key="workshop_vote", icon=":material/how_to_vote:"):
        try:
            ws.vote(code, name, int(pick))
            st.toast(t("workshop.voted", lang))
            st.rerun()
        except WorkshopError:
            st.error(t("workshop.need_name", lang))
