"""CBAM exposure: embedded emissions of EU exports and the CBAM cost by year, BAU vs plan, what drives it."""

import streamlit as st

from core.cbam import compute_cbam, cost_long, exports_frame, load_rules, with_exports
from core.errors import ScenarioError
from core.i18n import t
from core.schema import CBAM_GOODS
from ui import state
from ui.charts import lines, stacked_bars
from ui.solve import solve_now
from ui.widgets import download_buttons, fmt_num, kpi_tiles, require_scenario, show_flash, show_issues

lang = state.current_lang()
s = require_scenario()
st.title(t("cbam.title", lang))
st.caption(t("cbam.intro", lang))
st.warning(t("cbam.unverified", lang), icon=":material/warning:")
show_flash()

# ---------------------------------------------------------------- the export lines (editable)
with st.expander(t("cbam.edit_exports", lang), expanded=not any(tn.exports for tn in s.tenants)):
    st.caption(t("cbam.edit_exports_help", lang))
    edited = st.data_editor(
        exports_frame(s),
        num_rows="dynamic",
        hide_index=True,
        key=f"cbam_exports_{state.scenario_hash()}",
        column_config={
            "tenant": st.column_config.SelectboxColumn(t("cbam.col_tenant", lang), options=[tn.id for tn in s.tenants]),
            "good": st.column_config.SelectboxColumn(
                t("cbam.col_good", lang), options=list(CBAM_GOODS), format_func=lambda g: t(f"cbam.goods_{g}", lang)
            ),
            "cn_code": st.column_config.TextColumn(t("cbam.col_cn", lang)),
            "eu_t": st.column_config.NumberColumn(t("cbam.col_eu_t", lang), min_value=0),
            "production_t": st.column_config.NumberColumn(t("cbam.col_production", lang), min_value=0),
            "direct_t_per_t": st.column_config.NumberColumn(t("cbam.col_direct_measured", lang), min_value=0),
            "indirect_t_per_t": st.column_config.NumberColumn(t("cbam.col_indirect_measured", lang), min_value=0),
            "carbon_price_paid_per_t": st.column_config.NumberColumn(t("cbam.col_paid", lang), min_value=0),
        },
    )
    if st.button(t("common.apply", lang), key="cbam_exports_apply"):
        try:
            new = with_exports(s, edited.to_dict(orient="records"))
        except ScenarioError as e:
            show_issues(e.issues, lang)
        else:
            state.set_scenario(new)
            state.flash("success", t("common.applied", lang))
            st.rerun()

if not any(tn.exports for tn in s.tenants):
    st.info(t("cbam.no_exports", lang))
    st.stop()

# ---------------------------------------------------------------- the plan to compare with
plan = state.current_plan() if state.plan_is_current() else None
if plan is None:
    st.info(t("cbam.plan_stale" if state.current_plan() is not None else "cbam.plan_none", lang))
    if st.button(t("cbam.plan_button", lang), key="cbam_solve", icon=":material/play_arrow:"):
        if solve_now(s, lang).ok:
            st.rerun()
elif not plan.ok:
    st.error(t("cbam.plan_failed", lang, msg=plan.describe(lang)))

try:
    res = compute_cbam(s, plan)
except Exception as e:  # noqa: BLE001 - bad data must not crash the page
    st.error(t("common.internal_error", lang, what=f"{type(e).__name__}: {e}"))
    st.stop()

# ---------------------------------------------------------------- headline
by = res.by_year
years = list(by.index)
first_paid = next((y for y in years if res.assumptions["cbam_share"].get(y, 0) > 0), years[0])
tot = res.to_json()["totals"]
kpi_tiles(
    [
        (t("cbam.kpi_bau", lang, y0=years[0], y1=years[-1]), fmt_num(tot["bau_cost"]), None),
        (t("cbam.kpi_plan", lang), fmt_num(tot["plan_cost"]), None),
        (
            t("cbam.kpi_saving", lang),
            fmt_num(tot["saving"]),
            t("cbam.kpi_saving_help", lang, ccy=f"{fmt_num(by['saving'].sum())} {s.currency}"),
        ),
        (t("cbam.kpi_embedded", lang, year=first_paid), fmt_num(by.loc[first_paid, "embedded_bau_t"]), None),
        (t("cbam.kpi_exporters", lang), str(res.by_tenant["tenant"].nunique()), None),
    ],
    columns=3,
)
if res.warnings:
    show_issues(res.warnings, lang)

yr = t("common.year", lang)
series = {"bau": t("cbam.series_bau", lang), "plan": t("cbam.series_plan", lang)}
st.vega_lite_chart(
    lines(
        cost_long(res, series),
        "year",
        "eur",
        "series",
        t("cbam.chart_cost", lang),
        t("cbam.cost_eur", lang),
        "",
        yr,
        dashed=(series["bau"],),
    ),
    width="stretch",
)

# ---------------------------------------------------------------- exposure by tenant and good
st.subheader(t("cbam.exposure", lang))
names = {tn.id: tn.name_zh if lang == "zh" and tn.name_zh else tn.name for tn in s.tenants}
lines_df = res.lines.assign(tenant_name=res.lines["tenant"].map(names))
good_name = {g: t(f"cbam.goods_{g}", lang) for g in lines_df["good"].unique()}
c1, c2 = st.columns(2)
per_tenant = lines_df.groupby(["year", "tenant_name"], as_index=False)["bau_cost_eur"].sum()
c1.vega_lite_chart(
    stacked_bars(
        per_tenant,
        "year",
        "bau_cost_eur",
        "tenant_name",
        t("cbam.chart_by_tenant", lang),
        t("cbam.cost_eur", lang),
        t("cbam.tenant", lang),
        yr,
    ),
    width="stretch",
)
per_good = lines_df.assign(good=lines_df["good"].map(good_name)).groupby(["year", "good"], as_index=False)
c2.vega_lite_chart(
    stacked_bars(
        per_good["bau_cost_eur"].sum(),
        "year",
        "bau_cost_eur",
        "good",
        t("cbam.chart_by_good", lang),
        t("cbam.cost_eur", lang),
        t("cbam.good", lang),
        yr,
    ),
    width="stretch",
)
basis = {b: t(f"cbam.basis_{b}", lang) for b in ("measured", "inventory", "default")}
exposure = res.by_tenant.assign(
    tenant_name=res.by_tenant["tenant"].map(names),
    good=res.by_tenant["good"].map(good_name),
    basis=res.by_tenant["basis"].map(lambda b: " + ".join(basis.get(x, x) for x in b.split("+"))),
)
st.dataframe(
    exposure[
        ["tenant_name", "good", "cn_code", "eu_t", "embedded_t_per_t", "direct_t_per_t", "indirect_t_per_t"]
        + ["bau_cost_eur", "plan_cost_eur", "saving_eur", "basis", "source", "status"]
    ].round({"bau_cost_eur": 0, "plan_cost_eur": 0, "saving_eur": 0}),
    hide_index=True,
    column_config={
        "tenant_name": t("cbam.col_tenant", lang),
        "good": t("cbam.col_good", lang),
        "cn_code": t("cbam.col_cn", lang),
        "eu_t": st.column_config.NumberColumn(t("cbam.col_eu_t", lang), format="localized"),
        "embedded_t_per_t": st.column_config.NumberColumn(t("cbam.col_see", lang), format="%.3f"),
        "direct_t_per_t": st.column_config.NumberColumn(t("cbam.col_direct", lang), format="%.3f"),
        "indirect_t_per_t": st.column_config.NumberColumn(t("cbam.col_indirect", lang), format="%.3f"),
        "bau_cost_eur": st.column_config.NumberColumn(t("cbam.col_bau_total", lang), format="localized"),
        "plan_cost_eur": st.column_config.NumberColumn(t("cbam.col_plan_total", lang), format="localized"),
        "saving_eur": st.column_config.NumberColumn(t("cbam.col_saving", lang), format="localized"),
        "basis": t("cbam.col_basis", lang),
        "source": t("cbam.col_source", lang),
        "status": t("cbam.col_status", lang),
    },
)

# ---------------------------------------------------------------- drivers
st.subheader(t("cbam.drivers", lang))
st.caption(t("cbam.drivers_help", lang))
drivers = (
    by.assign(
        price=[res.assumptions["ets_price_eur_per_t"][y] for y in years],
        share=[res.assumptions["cbam_share"][y] for y in years],
    )
    .round({"embedded_bau_t": 0, "embedded_plan_t": 0, "bau_cost_eur": 0, "plan_cost_eur": 0, "saving_eur": 0})
    .reset_index()
)
st.dataframe(
    drivers[
        ["year", "price", "share", "embedded_bau_t", "embedded_plan_t", "bau_cost_eur", "plan_cost_eur", "saving_eur"]
    ],
    hide_index=True,
    column_config={
        "year": st.column_config.NumberColumn(t("cbam.col_year", lang), format="%d"),
        "price": st.column_config.NumberColumn(t("cbam.col_price", lang), format="%.1f"),
        "share": st.column_config.NumberColumn(t("cbam.col_share", lang), format="percent"),
        "embedded_bau_t": st.column_config.NumberColumn(t("cbam.col_embedded", lang), format="localized"),
        "embedded_plan_t": st.column_config.NumberColumn(t("cbam.col_embedded_plan", lang), format="localized"),
        "bau_cost_eur": st.column_config.NumberColumn(t("cbam.col_bau_cost", lang), format="localized"),
        "plan_cost_eur": st.column_config.NumberColumn(t("cbam.col_plan_cost", lang), format="localized"),
        "saving_eur": st.column_config.NumberColumn(t("cbam.col_saving", lang), format="localized"),
    },
)

with st.expander(t("cbam.assumptions", lang)):
    st.markdown(t("cbam.method", lang))
    st.caption(t("cbam.ets_source", lang, src=res.assumptions["ets_price_source"]))
    st.dataframe(load_rules().table, hide_index=True)

download_buttons(
    {"cbam_by_year": by.reset_index(), "cbam_by_tenant": res.by_tenant, "cbam_lines": res.lines},
    "cbam",
    lang,
    key="cbam_dl",
)
