"""Targets: presets, milestone editor, the annual trajectory against BAU, and the editable annual table."""

import streamlit as st

from core.i18n import name, t
from core.schema import METRICS
from core.targets import PRESETS, apply_preset
from ui import state
from ui.cache import cached_annual_targets, cached_target_chart
from ui.plan_view import METRIC_UNITS, metric_label
from ui.scenario_io import revalidated
from ui.tables import PROBLEM, row_issues, with_problems
from ui.targets_view import milestones_data, milestones_frame, override_changes
from ui.widgets import require_scenario, show_flash, show_issues

lang = state.current_lang()
s = require_scenario()
ss = st.session_state
st.title(t("targets.title", lang))
st.caption(t("targets.intro", lang))
show_flash()

# ---------------------------------------------------------------- presets
if PRESETS:
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    preset = c1.selectbox(
        t("targets.preset", lang),
        list(PRESETS),
        format_func=lambda k: name(PRESETS[k], lang),
        index=list(PRESETS).index(s.targets.preset) if s.targets.preset in PRESETS else 0,
        key=f"targets_preset_{lang}",  # labels follow the language
    )
    if c2.button(t("targets.apply_preset", lang), key="targets_apply_preset", icon=":material/auto_fix_high:"):
        try:
            tg = apply_preset(s, preset)
        except ValueError as e:
            show_issues([str(e)], lang)
        else:
            new, issues = revalidated(s, {"targets": tg.model_dump(mode="json", exclude_defaults=True)})
            if new is None:
                show_issues(issues, lang)
            else:
                state.set_scenario(new)
                state.flash("success", t("targets.preset_applied", lang, name=name(PRESETS[preset], lang)))
                st.rerun()

# ---------------------------------------------------------------- milestones
st.subheader(t("targets.milestones", lang))
st.caption(t("targets.milestones_help", lang))
draft = ss.get("targets_draft")
if draft is not None and draft[0] != state.scenario_hash():
    draft = ss["targets_draft"] = None
frame = draft[1] if draft is not None else milestones_frame(s)
with st.form("targets_form", border=False):
    edited = st.data_editor(
        frame,
        key=f"targets_editor_{state.scenario_hash()}_{ss.get('targets_ver', 0)}",
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            PROBLEM: st.column_config.TextColumn(t("baseline.col_problem", lang), disabled=True, width="large"),
            "metric": st.column_config.SelectboxColumn(
                t("targets.col_metric", lang),
                options=list(METRICS),
                required=True,
                width="medium",
                format_func=lambda m: metric_label(m, lang),
            ),
            "year": st.column_config.NumberColumn(
                t("common.year", lang), min_value=1990, max_value=2100, step=1, format="%d"
            ),
            "change_pct": st.column_config.NumberColumn(
                t("targets.col_change", lang), min_value=-100, max_value=1000, format="%.1f %%"
            ),
            "value": st.column_config.NumberColumn(t("targets.col_value", lang), min_value=0, format="localized"),
            "basis": st.column_config.SelectboxColumn(
                t("targets.col_basis", lang),
                options=["gross", "net"],
                format_func=lambda b: t(f"targets.basis_{b}", lang),
            ),
        },
    )
    trajectory = st.radio(
        t("targets.trajectory", lang),
        ["linear", "constant_rate"],
        index=["linear", "constant_rate"].index(s.targets.trajectory),
        format_func=lambda k: t(f"targets.trajectory_{k}", lang),
        horizontal=True,
    )
    ok = st.form_submit_button(t("common.apply", lang), type="primary", icon=":material/check:")
if draft is not None:
    show_issues(draft[2], lang)
if ok:
    changes = {"targets.milestones": milestones_data(edited) or None, "targets.trajectory": trajectory}
    new, issues = revalidated(s, changes)
    ss["targets_ver"] = ss.get("targets_ver", 0) + 1
    if new is None:
        ri = row_issues(issues, lang)
        ss["targets_draft"] = (
            state.scenario_hash(),
            with_problems(edited, ri, "targets.milestones"),
            [str(i) for i in ri],
        )
    else:
        ss["targets_draft"] = None
        state.set_scenario(new)
        state.flash("success", t("common.applied", lang))
    st.rerun()

# ---------------------------------------------------------------- annual trajectory vs BAU
st.subheader(t("targets.annual", lang))
annual = cached_annual_targets(s)
if annual.empty:
    st.info(t("targets.none", lang))
    st.stop()
groups = list(dict.fromkeys(zip(annual["metric"], annual["basis"], strict=False)))
metric, basis = st.selectbox(
    t("targets.col_metric", lang),
    groups,
    format_func=lambda g: f"{metric_label(g[0], lang)} ({t('targets.basis_' + g[1], lang)})",
    key=f"targets_metric_{lang}",
)
sel = annual[(annual["metric"] == metric) & (annual["basis"] == basis)].reset_index(drop=True)
unit = METRIC_UNITS.get(metric, "") or t("targets.share", lang)
share = metric.endswith(("_share", "_rate"))
st.vega_lite_chart(cached_target_chart(s, metric, basis, lang), width="stretch")

st.caption(t("targets.annual_help", lang))
shown = sel[["year", "target", "bau", "source"]].copy()
with st.form("targets_annual_form", border=False):
    edited_annual = st.data_editor(
        shown,
        key=f"targets_annual_{state.scenario_hash()}_{metric}_{basis}",
        hide_index=True,
        width="stretch",
        disabled=["year", "bau", "source"],
        column_config={
            "year": st.column_config.NumberColumn(t("common.year", lang), format="%d"),
            "target": st.column_config.NumberColumn(
                t("targets.col_target", lang, unit=unit), format="%.4f" if share else "localized"
            ),
            "bau": st.column_config.NumberColumn(
                t("targets.col_bau", lang, unit=unit), format="%.4f" if share else "localized"
            ),
            "source": t("targets.col_source", lang),
        },
    )
    save_annual = st.form_submit_button(t("common.apply", lang), icon=":material/check:")
if save_annual:
    new, issues = revalidated(s, override_changes(s, shown, edited_annual, metric))
    if new is None:
        show_issues(issues, lang)
    else:
        state.set_scenario(new)
        state.flash("success", t("common.applied", lang))
        st.rerun()
if s.targets.overrides.get(metric) and st.button(t("targets.clear_overrides", lang), key="targets_clear"):
    over = {m: p for m, p in s.targets.overrides.items() if m != metric}
    new, issues = revalidated(s, {"targets.overrides": over or None})
    if new is not None:
        state.set_scenario(new)
        st.rerun()
    show_issues(issues, lang)
