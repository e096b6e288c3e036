"""Compare 2-4 saved scenarios: pathways against targets, NPV and cost per tonne, KPIs, measures, shortfalls."""

import pandas as pd
import streamlit as st

from core.compare import MAX_COMPARED, Compared, compare, milestone_years
from core.errors import ScenarioError
from core.i18n import t
from core.store import StoreError
from ui import state
from ui.cache import cached_inventory
from ui.charts import lines
from ui.diff_view import diff_frame
from ui.solve import solve_now
from ui.store_widgets import (
    get_store,
    keep_sid_in_url,
    record_label,
    share_link,
    store_error,
    sync_from_url,
    url_params,
)
from ui.widgets import fmt_num, fmt_pct, md, show_flash

lang = state.current_lang()
st.title(t("compare.title", lang))
st.caption(t("compare.intro", lang))
sync_from_url(lang)
keep_sid_in_url()
show_flash()
store = get_store()
labels = record_label(store)
if len(labels) < 2:
    st.info(t("compare.need_two", lang))
    st.stop()

ids = list(labels)
from_url = [int(x) for x in st.query_params.get("ids", "").split(",") if x.strip().isdigit()]
default = [i for i in from_url if i in labels][:MAX_COMPARED] or ids[: min(3, len(ids))]
picked = st.multiselect(
    t("compare.pick", lang),
    ids,
    default=default,
    format_func=lambda i: labels[i],
    max_selections=MAX_COMPARED,
    key="compare_ids",
)
url_params(ids=picked)
if len(picked) < 2:
    st.info(t("compare.pick_two", lang))
    st.stop()

# ---------------------------------------------------------------- solve each (cached by content)
items: list[Compared] = []
with st.spinner(t("compare.solving", lang, n=len(picked))):
    for i in picked:
        try:
            s = store.load(i)
        except (StoreError, ScenarioError) as e:
            st.warning(t("compare.cannot_load", lang, name=md(labels[i])))
            store_error(e, lang)
            continue
        plan = solve_now(s, lang, remember=False)  # a failed solve is a failed Plan: the others still show
        try:
            base_t = float(cached_inventory(s).totals["total_t"])
        except Exception:  # noqa: BLE001 - the comparison still works without the baseline
            base_t = None
        items.append(Compared(labels[i], s, plan, base_t))
if len(items) < 2:
    st.stop()
cmp = compare(items, lang)
for note in cmp.notes:
    st.warning(note)

# ---------------------------------------------------------------- pathways
path = cmp.pathways[cmp.pathways["series"].isin(["plan_net", "target"])].copy()
if not path.empty:
    path["line"] = [
        f"{sc} · {t(f'compare.series_{se}', lang)}" for sc, se in zip(path["scenario"], path["series"], strict=True)
    ]
    dashed = tuple(x for x in path["line"].unique() if x.endswith(t("compare.series_target", lang)))
    st.vega_lite_chart(
        lines(
            path,
            "year",
            "t",
            "line",
            t("compare.chart_pathways", lang),
            "tCO2e",
            t("compare.scenario", lang),
            t("compare.year", lang),
            dashed=dashed,
        ),
        width="stretch",
    )
else:
    st.info(t("compare.no_plans", lang))

# ---------------------------------------------------------------- what differs in the inputs
st.subheader(t("diff.title", lang))
st.caption(t("diff.intro", lang))
diff = diff_frame([(c.name, c.scenario) for c in items], lang)
if diff.empty:
    st.info(t("diff.none", lang))
else:
    st.dataframe(diff, hide_index=True, width="stretch")

# ---------------------------------------------------------------- cost
st.subheader(t("compare.costs", lang))
c = cmp.costs
cur = items[0].scenario.currency
st.dataframe(
    pd.DataFrame(
        {
            t("compare.scenario", lang): c["scenario"],
            t("compare.status", lang): [t(f"compare.status_{x}", lang) for x in c["status"]],
            t("compare.npv", lang, currency=cur): [fmt_num(v) for v in c["npv_total"]],
            t("compare.bau_npv", lang, currency=cur): [fmt_num(v) for v in c["bau_npv_total"]],
            t("compare.extra_cost", lang, currency=cur): [fmt_num(v) for v in c["extra_cost"]],
            t("compare.abated", lang): [fmt_num(v) for v in c["abated_t"]],
            t("compare.cost_per_t", lang, currency=cur): [fmt_num(v, 1) for v in c["cost_per_t_abated"]],
            t("compare.capex", lang, currency=cur): [fmt_num(v) for v in c["capex_total"]],
        }
    ),
    hide_index=True,
    width="stretch",
)
st.caption(t("compare.cost_note", lang))

# ---------------------------------------------------------------- KPIs in a milestone year
st.subheader(t("compare.kpis", lang))
years = milestone_years(items)
url_year = st.query_params.get("year", "")
year = st.selectbox(
    t("compare.year", lang),
    years,
    index=years.index(int(url_year)) if url_year.isdigit() and int(url_year) in years else 0,
    key="compare_year",
)
url_params(year=year)
k = cmp.kpis[cmp.kpis["year"] == year]
if k.empty:
    st.info(t("compare.no_kpis", lang, year=year))
else:
    st.dataframe(
        pd.DataFrame(
            {
                t("compare.scenario", lang): k["scenario"],
                t("compare.emissions", lang): [fmt_num(v) for v in k["emissions_t"]],
                t("compare.change_vs_base", lang): [fmt_pct(v) for v in k["change_vs_base"]],
                t("compare.renewable_share", lang): [fmt_pct(v) for v in k["renewable_share"]],
                t("compare.energy", lang): [fmt_num(v) for v in k["energy_gj"]],
                t("compare.intensity", lang): [fmt_num(v, 1) for v in k["intensity_t_per_musd"]],
                t("compare.capex_cum", lang, currency=cur): [fmt_num(v) for v in k["capex_cumulative"]],
            }
        ),
        hide_index=True,
        width="stretch",
    )

# ---------------------------------------------------------------- measures and shortfalls
st.subheader(t("compare.measures", lang))
st.caption(t("compare.measures_help", lang))
diff = cmp.measure_diff(lang)
if diff.empty:
    st.info(t("compare.no_measures", lang))
else:
    same = diff.pop("same")
    for col in diff.columns:  # units built: numbers in words people read, never 3.887e+04 or None
        if col not in ("measure", "name"):
            diff[col] = [fmt_num(v, 0) for v in diff[col]]
    diff = diff.rename(columns={"measure": t("compare.measure_id", lang), "name": t("compare.measure", lang)})
    diff[t("compare.same", lang)] = same.map({True: "=", False: "≠"})
    st.dataframe(diff, hide_index=True, width="stretch")

st.subheader(t("compare.shortfalls", lang))
sf = cmp.shortfalls
if sf.empty:
    st.success(t("compare.no_shortfalls", lang))
else:
    st.dataframe(
        pd.DataFrame(
            {
                t("compare.scenario", lang): sf["scenario"],
                t("compare.metric", lang): [t(f"reports.metric_{m}", lang) for m in sf["metric"]],
                t("compare.year", lang): sf["year"].astype(int).astype(str),
                t("compare.target", lang): [fmt_num(v, 2) for v in sf["target"]],
                t("compare.achieved", lang): [fmt_num(v, 2) for v in sf["achieved"]],
                t("compare.short_by", lang): [fmt_num(v, 2) for v in sf["short_by"]],
            }
        ),
        hide_index=True,
        width="stretch",
    )

st.subheader(t("compare.share", lang))
st.caption(t("compare.share_help", lang))
st.code(share_link("compare", ids=picked, year=year), language=None)
