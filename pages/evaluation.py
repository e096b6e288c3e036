"""Evaluation and improvement: monitoring actuals vs targets and plan, re-plan, indicators, self-assessment,
improvement actions, export."""

import pandas as pd
import streamlit as st

from core import evaluation as ev
from core.errors import ScenarioError
from core.i18n import name, t
from ui import charts, state
from ui.charts import lines
from ui.scenario_io import scenario_yaml
from ui.solve import solve_now
from ui.widgets import excel_bytes, fmt_num, fmt_pct, kpi_tiles, label, require_scenario, show_flash, show_issues

lang = state.current_lang()
s = require_scenario()
st.title(t("evaluation.title", lang))
st.caption(t("evaluation.intro", lang))
show_flash()
ss = st.session_state
plan = state.current_plan() if state.plan_is_current() else None
_older = state.current_plan()
if plan is None and _older is not None and _older.ok and _older.base_year == s.base_year:
    plan = _older  # e.g. the plan solved before the actuals were imported: still the plan to compare with
    st.caption(t("evaluation.plan_older", lang))
# Okabe-Ito colours (colour-blind safe) behind the status cells; the text says the status too
COLOUR = {"on_track": "#009E7333", "at_risk": "#F0E44266", "off_track": "#D55E0040"}


def status_label(code: str) -> str:
    return t(f"evaluation.status_{code}", lang)


def colour_status(frame: pd.DataFrame, columns: list[str], codes: pd.DataFrame):  # noqa: ANN201 - a Styler
    """Background colour of the status cells by their status code."""

    def paint(col: pd.Series) -> list[str]:
        return [f"background-color: {COLOUR[c]}" if c in COLOUR else "" for c in codes[col.name]]

    styler = frame.style.apply(paint, subset=columns)
    values = ["actual", "target", "plan", "gap"]
    shares = codes["metric"].str.endswith(("_share", "_rate")).to_numpy()

    def number(v: object, pct: bool) -> str:
        if v is None or pd.isna(v):
            return "–"
        return f"{100 * float(v):.1f} %" if pct else f"{float(v):,.1f}"

    styler = styler.format(lambda v: number(v, True), na_rep="–", subset=pd.IndexSlice[frame.index[shares], values])
    return styler.format(lambda v: number(v, False), na_rep="–", subset=pd.IndexSlice[frame.index[~shares], values])


def metric_label(m: str) -> str:
    return t(f"evaluation.metric_{m}", lang)


def replace(new) -> None:  # noqa: ANN001 - a Scenario
    state.set_scenario(new)


tab_mon, tab_ind, tab_sa, tab_act = st.tabs(
    [
        t("evaluation.tab_monitoring", lang),
        t("evaluation.tab_indicators", lang),
        t("evaluation.tab_self", lang),
        t("evaluation.tab_actions", lang),
    ]
)

# ---------------------------------------------------------------- monitoring
with tab_mon:
    st.caption(t("evaluation.status_rule", lang, pct=f"{100 * ev.AT_RISK_TOLERANCE:.0f}"))
    c1, c2 = st.columns([2, 1])
    up = c1.file_uploader(
        t("evaluation.upload", lang), type=["csv", "xlsx", "yaml", "yml", "json"], key="evaluation_upload"
    )
    if up is not None and ss.get("evaluation_upload_seen") != up.file_id:
        ss["evaluation_upload_seen"] = up.file_id
        ss["evaluation_upload_issues"] = []
        try:
            years = ev.read_actuals(up.getvalue(), up.name, s)
            s = ev.with_actuals(s, years)
        except ScenarioError as e:
            ss["evaluation_upload_issues"] = list(e.issues)  # translated when shown
        else:
            replace(s)
            st.success(t("evaluation.imported", lang, years=", ".join(str(a.year) for a in years)))
    show_issues(ss.get("evaluation_upload_issues", []), lang)
    tpl = ev.actuals_template(s)
    c2.download_button(
        t("evaluation.template_csv", lang),
        tpl.to_csv(index=False).encode("utf-8-sig"),
        file_name="actuals_template.csv",
        mime="text/csv",
        key="evaluation_tpl_csv",
        on_click="ignore",
    )
    c2.download_button(
        t("evaluation.template_xlsx", lang),
        lambda: excel_bytes({"actuals": tpl}),
        file_name="actuals_template.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="evaluation_tpl_xlsx",
        on_click="ignore",
    )

    if not s.evaluation.actuals:
        st.info(t("evaluation.no_actuals", lang))
    else:
        if plan is None:
            st.caption(t("evaluation.no_plan", lang))
        mon = ev.monitoring_table(s, plan)
        found = ev.off_track_findings(mon)
        latest = max(a.year for a in s.evaluation.actuals)
        counts = mon[mon["year"] == latest]["status"].value_counts()
        kpi_tiles(
            [
                (t("evaluation.kpi_years", lang), ", ".join(str(a.year) for a in s.evaluation.actuals), None),
                (status_label("on_track"), str(int(counts.get("on_track", 0))), t("evaluation.kpi_in", lang, y=latest)),
                (status_label("at_risk"), str(int(counts.get("at_risk", 0))), t("evaluation.kpi_in", lang, y=latest)),
                (
                    status_label("off_track"),
                    str(int(counts.get("off_track", 0))),
                    t("evaluation.kpi_in", lang, y=latest),
                ),
            ]
        )
        if found:
            st.warning(
                t("evaluation.findings", lang)
                + "\n\n"
                + "\n".join(f"- {metric_label(m)} {y}: {status_label(code)}" for m, y, code in found)
            )
        names = {k: t(f"evaluation.series_{k}", lang) for k in ("target", "plan", "actual")}
        track = ev.tracking_long(s, plan, "emissions")
        if not track.empty:
            st.vega_lite_chart(
                lines(
                    track.assign(series=track["series"].map(names)),
                    "year",
                    "value",
                    "series",
                    t("evaluation.chart_tracking", lang),
                    "tCO2e",
                    "",
                    t("common.year", lang),
                    dashed=(names["target"],),
                ),
                width="stretch",
            )
        show = mon.assign(
            metric=mon["metric"].map(metric_label),
            status=mon["status"].map(status_label),
            status_plan=mon["status_plan"].map(status_label),
        )
        cols = ["year", "metric", "actual", "target", "plan", "gap", "status", "status_plan"]
        st.dataframe(
            colour_status(show[cols].reset_index(drop=True), ["status", "status_plan"], mon.reset_index(drop=True)),
            hide_index=True,
            column_config={
                "year": st.column_config.NumberColumn(t("common.year", lang), format="%d"),
                "metric": t("evaluation.col_metric", lang),
                "actual": t("evaluation.col_actual", lang),
                "target": t("evaluation.col_target", lang),
                "plan": t("evaluation.col_plan", lang),
                "gap": t("evaluation.col_gap", lang),
                "status": t("evaluation.col_status", lang),
                "status_plan": t("evaluation.col_status_plan", lang),
            },
        )

        st.subheader(t("evaluation.replan_title", lang))
        st.caption(t("evaluation.replan_help", lang, year=latest))
        if st.button(t("evaluation.replan", lang, year=latest), type="primary", key="evaluation_replan"):
            try:
                new = ev.replan_from_actuals(s)
            except ScenarioError as e:
                show_issues(e.issues, lang)
            else:
                replace(new)
                p = solve_now(new, lang)
                kind = "success" if p.ok else "warning"
                msg = t("evaluation.replanned", lang, year=new.base_year, status=t(f"plan.status_{p.status}", lang))
                state.flash(kind, msg if p.ok else f"{msg} {p.describe(lang)}")
                st.rerun()

# ---------------------------------------------------------------- indicators
with tab_ind:
    st.caption(t("evaluation.indicators_help", lang))
    try:
        ind = ev.indicator_table(s, plan)
    except Exception as e:  # noqa: BLE001 - keep the page up
        st.error(t("common.internal_error", lang, what=type(e).__name__))
        ind = pd.DataFrame()
    if not ind.empty:
        ind = ind.assign(
            framework_l=[
                r["framework_zh"]
                if lang == "zh"
                else label(f"names.framework_{r['id'].split('_')[0]}", lang, r["framework"])
                for r in ind.to_dict("records")
            ],
            name_l=[name(r, lang) for r in ind.to_dict("records")],
        )
        fw_col = "framework_l"
        frameworks = list(dict.fromkeys(ind[fw_col]))
        pick = st.segmented_control(
            t("evaluation.framework", lang), frameworks, default=frameworks[0], key="evaluation_framework"
        )
        view = ind[ind[fw_col] == (pick or frameworks[0])]

        def fmt_value(v, unit):  # noqa: ANN001, ANN202
            if v is None or pd.isna(v):
                return t("evaluation.not_computed", lang)
            return fmt_pct(v) if unit == "share" else fmt_num(v, 3, unit)

        def fmt_met(v) -> str:  # noqa: ANN001
            if v is None or pd.isna(v):
                return "–"
            return t("common.answer_yes", lang) if bool(v) else t("common.answer_no", lang)

        table = pd.DataFrame(
            {
                "name": view["name_l"],
                "threshold": [
                    f"{d} {fmt_value(x, u)}"
                    for d, x, u in zip(view["direction"], view["threshold"], view["unit"], strict=True)
                ],
                "stage": view["stage"],
                "base": [fmt_value(v, u) for v, u in zip(view["base_value"], view["unit"], strict=True)],
                "met_base": view["met_base"].map(fmt_met),
                "year_met": [
                    str(int(y))
                    if y is not None and not pd.isna(y)
                    else ("–" if plan is None else t("evaluation.never", lang))
                    for y in view["year_met"]
                ],
                "status": view["status"],
                "source": view["source"],
            }
        )
        st.dataframe(
            table,
            hide_index=True,
            column_config={
                "name": t("evaluation.col_indicator", lang),
                "threshold": t("evaluation.col_threshold", lang),
                "stage": t("evaluation.col_stage", lang),
                "base": t("evaluation.col_base", lang, year=s.base_year),
                "met_base": t("evaluation.col_met_base", lang),
                "year_met": t("evaluation.col_year_met", lang),
                "status": t("evaluation.col_data_status", lang),
                "source": t("common.source", lang),
            },
        )
        if plan is None:
            st.caption(t("evaluation.no_plan", lang))

# ---------------------------------------------------------------- self-assessment
with tab_sa:
    show_issues(ev.check_answers(s.evaluation.self_assessment), lang)  # ids from an older checklist, say
    answers = {k: v for k, v in s.evaluation.self_assessment.items() if k in ev.checklist_items()}
    scores = ev.score_self_assessment(answers)
    c1, c2 = st.columns([1, 2])
    c1.metric(t("evaluation.overall", lang), fmt_pct(ev.overall_score(answers), 0), border=True)
    chart = scores.assign(
        label=[
            f"{n}. {a if lang == 'zh' else b}"
            for n, a, b in zip(scores["number"], scores["title_zh"], scores["title_en"], strict=True)
        ],
        pct=100 * scores["score"],
    )
    c2.vega_lite_chart(
        charts.shares_bar(chart, "label", "pct", t("evaluation.chart_score", lang), t("evaluation.chapter", lang)),
        width="stretch",
    )
    levels = [0, 1, 2]
    with st.form("evaluation_sa_form"):
        picked: dict[str, int] = {}
        for ch in ev.load_checklist():
            st.markdown(f"**{ch.number}. {ch.title(lang)}**")
            for item in ch.items:
                picked[item.id] = st.radio(
                    item.text(lang),
                    levels,
                    index=levels.index(answers.get(item.id, 0)),
                    format_func=lambda v: t(f"evaluation.level_{v}", lang),
                    horizontal=True,
                    key=f"evaluation_sa_{item.id}",
                )
        if st.form_submit_button(t("evaluation.save_answers", lang), type="primary"):
            replace(ev.with_self_assessment(s, picked))  # unknown old ids are dropped here
            state.flash("success", t("evaluation.saved", lang))
            st.rerun()

# ---------------------------------------------------------------- improvement actions
with tab_act:
    st.caption(t("evaluation.actions_help", lang))
    c1, c2 = st.columns(2)
    todo = ev.suggested_actions(s, lang)
    if c1.button(t("evaluation.add_suggested", lang, n=len(todo)), disabled=not todo, key="evaluation_add_sa"):
        replace(ev.add_actions(s, todo))
        state.flash("success", t("evaluation.saved", lang))
        st.rerun()
    mon_todo = ev.monitoring_actions(s, plan, lang)
    if c2.button(
        t("evaluation.add_monitoring", lang, n=len(mon_todo)), disabled=not mon_todo, key="evaluation_add_mon"
    ):
        replace(ev.add_actions(s, mon_todo))
        state.flash("success", t("evaluation.saved", lang))
        st.rerun()
    items = ev.checklist_items()
    acts = ev.actions_frame(s)
    acts["what"] = [items[i].text(lang) if i in items else i for i in acts["item"]]
    edited = st.data_editor(
        acts[["item", "what", "action", "owner", "due", "status"]],
        num_rows="dynamic",
        hide_index=True,
        key=f"evaluation_actions_{state.scenario_hash()}",
        disabled=["what"],
        column_config={
            "item": t("evaluation.col_item", lang),
            "what": t("evaluation.col_what", lang),
            "action": st.column_config.TextColumn(t("evaluation.col_action", lang), width="large"),
            "owner": t("evaluation.col_owner", lang),
            "due": st.column_config.TextColumn(t("evaluation.col_due", lang), help="YYYY-MM-DD"),
            "status": st.column_config.SelectboxColumn(
                t("evaluation.col_status", lang), options=["open", "in_progress", "done"], default="open"
            ),
        },
    )
    if st.button(t("evaluation.save_actions", lang), key="evaluation_save_actions"):
        rows = edited.drop(columns=["what"]).to_dict(orient="records")
        try:
            replace(ev.with_actions(s, [r for r in rows if r.get("action")]))
        except ScenarioError as e:
            show_issues(e.issues, lang)
        else:
            state.flash("success", t("evaluation.saved", lang))
            st.rerun()

# ---------------------------------------------------------------- export
st.divider()
c1, c2 = st.columns(2)
c1.download_button(
    t("evaluation.export_xlsx", lang),
    lambda: ev.evaluation_workbook(s, plan, lang),
    file_name="evaluation.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="evaluation_export",
    on_click="ignore",
)
c2.download_button(
    t("evaluation.export_yaml", lang),
    scenario_yaml(s).encode("utf-8"),
    file_name="scenario.yaml",
    mime="application/x-yaml",
    key="evaluation_yaml",
    on_click="ignore",
)
