"""Overview: open a demo zone or a scenario file; headline KPIs; where the workflow stands."""

import streamlit as st

from core.i18n import t
from ui import state
from ui.cache import cached_inventory, cached_measures, demo_choices
from ui.scenario_io import open_demo, open_upload, scenario_yaml
from ui.widgets import fmt_num, fmt_pct, kpi_tiles, md, require_scenario, show_flash, zone_name

lang = state.current_lang()
st.title(t("overview.title", lang))
st.caption(t("overview.intro", lang))
show_flash()

left, right = st.columns(2)
with left:
    demos = demo_choices()
    if demos:
        slugs = list(demos)
        cur = state.scenario_label()
        choice = st.selectbox(
            t("overview.demo_zone", lang),
            slugs,
            index=slugs.index(cur) if cur in slugs else 0,
            format_func=lambda slug: demos[slug][1 if lang == "zh" else 0],
            key=f"overview_demo_{lang}",  # labels follow the language
        )
        if st.button(
            t("overview.open_demo", lang),
            key="overview_open_demo",
            icon=":material/folder_open:",
            help=t("overview.replaces", lang),
        ):
            open_demo(choice)
            st.rerun()
    else:
        st.info(t("common.not_available", lang, what=t("overview.demo_zone", lang)))
with right:
    up = st.file_uploader(
        t("overview.upload", lang),
        type=["yaml", "yml", "json"],
        key="overview_upload",
        help=t("overview.replaces", lang),
    )
    if up is not None:
        open_upload(up, lang)

s = require_scenario()
st.subheader(md(zone_name(s, lang)))
st.caption(
    t("common.years_span", lang, base=s.base_year, horizon=s.horizon)
    + " · "
    + t("common.tenants_count", lang, n=len(s.tenants), f=len(s.facilities))
)
if s.zone.illustrative:
    st.caption(t("common.illustrative", lang))

inv = cached_inventory(s)
if inv is not None:
    k = inv.kpis
    kpi_tiles(
        [
            (t("overview.kpi_total", lang), fmt_num(inv.totals["total_t"], 0), None),
            (t("overview.kpi_intensity", lang), fmt_num(k.get("intensity_t_per_musd"), 1), None),
            (t("overview.kpi_energy", lang), fmt_num(k.get("energy_tce"), 0), None),
            (t("overview.kpi_renewable", lang), fmt_pct(k.get("renewable_share")), None),
        ]
    )

st.subheader(t("overview.workflow", lang))
plan = state.current_plan()
n_measures = len(cached_measures(s))
steps = [
    ("pages/baseline.py", "nav.baseline", t("common.tenants_count", lang, n=len(s.tenants), f=len(s.facilities)), True),
    (
        "pages/targets.py",
        "nav.targets",
        t("overview.n_milestones", lang, n=len(s.targets.milestones)),
        bool(s.targets.milestones),
    ),
    ("pages/measures.py", "nav.measures", t("overview.n_measures", lang, n=n_measures), n_measures > 0),
    (
        "pages/optimise.py",
        "nav.optimise",
        t("overview.plan_current", lang, status=t(f"plan.status_{plan.status}", lang))
        if state.plan_is_current()
        else t("overview.plan_missing", lang),
        state.plan_is_current(),
    ),
]
for path, key, text, done in steps:
    c1, c2 = st.columns([1, 3])
    c1.page_link(
        path, label=t(key, lang), icon=":material/check_circle:" if done else ":material/radio_button_unchecked:"
    )
    c2.write(text)

st.download_button(
    t("common.download_yaml", lang),
    lambda: scenario_yaml(s),
    file_name="scenario.yaml",
    mime="application/x-yaml",
    key="overview_download",
    on_click="ignore",
)
