"""CBAM exposure: embedded emissions of EU exports, the obligation by the definitive-period rules, its cost by
year BAU vs plan, why (a bridge per export line), and the communication template for the EU customer."""

import streamlit as st

from core.cbam import compute_cbam, cost_long, load_rules
from core.cbam.exports import exports_frame, precursors_frame, with_exports, with_precursors
from core.cbam.template import reporting_year, template_bytes
from core.factors import source_text
from core.i18n import t
from core.schema import CBAM_GOODS
from ui import state
from ui.cbam_view import bridge_rows, bridge_spec, rules_frame
from ui.charts import lines, stacked_bars
from ui.scenario_io import apply_edit
from ui.solve import solve_now
from ui.widgets import download_buttons, fmt_num, kpi_tiles, require_scenario, show_flash

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
            "carbon_price_evidence": st.column_config.TextColumn(t("cbam.col_evidence", lang)),
            "route": st.column_config.SelectboxColumn(
                t("cbam.col_route", lang), options=list("ABCDEFGHJKL"), help=t("cbam.route_help", lang)
            ),
        },
    )
    if st.button(t("common.apply", lang), key="cbam_exports_apply"):
        apply_edit(lambda: with_exports(s, edited.to_dict(orient="records")), lang)

if not any(tn.exports for tn in s.tenants):
    st.info(t("cbam.no_exports", lang))
    st.stop()

with st.expander(t("cbam.edit_precursors", lang)):
    st.caption(t("cbam.edit_precursors_help", lang))
    edited_p = st.data_editor(
        precursors_frame(s),
        num_rows="dynamic",
        hide_index=True,
        key=f"cbam_precursors_{state.scenario_hash()}",
        column_config={
            "tenant": st.column_config.SelectboxColumn(
                t("cbam.col_tenant", lang), options=[tn.id for tn in s.tenants if tn.exports]
            ),
            "line": st.column_config.NumberColumn(t("cbam.col_line", lang), min_value=1, step=1),
            "cn_code": st.column_config.TextColumn(t("cbam.col_precursor_cn", lang)),
            "t_per_t": st.column_config.NumberColumn(t("cbam.col_precursor_t", lang), min_value=0),
            "country": st.column_config.TextColumn(t("cbam.col_precursor_country", lang)),
            "see_direct_t_per_t": st.column_config.NumberColumn(t("cbam.col_supplier_direct", lang), min_value=0),
            "see_indirect_t_per_t": st.column_config.NumberColumn(t("cbam.col_supplier_indirect", lang), min_value=0),
            "route": st.column_config.SelectboxColumn(t("cbam.col_route", lang), options=list("ABCDEFGHJKL")),
        },
    )
    if st.button(t("common.apply", lang), key="cbam_precursors_apply"):
        apply_edit(lambda: with_precursors(s, edited_p.to_dict(orient="records")), lang)

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
bt = res.by_tenant
ref_year = int(bt["year"].iloc[0])
tot = res.to_json()["totals"]
kpi_tiles(
    [
        (t("cbam.kpi_bau", lang, y0=years[0], y1=years[-1]), fmt_num(tot["bau_cost_eur"]), None),
        (t("cbam.kpi_plan", lang), fmt_num(tot["plan_cost_eur"]), None),
        (
            t("cbam.kpi_saving", lang),
            fmt_num(tot["saving_eur"]),
            t("cbam.kpi_saving_help", lang, ccy=f"{fmt_num(by['saving'].sum())} {s.currency}"),
        ),
        (t("cbam.kpi_embedded", lang, year=ref_year), fmt_num(by.loc[ref_year, "embedded_bau_t"]), None),
        (t("cbam.kpi_first_cost", lang, year=ref_year), fmt_num(by.loc[ref_year, "bau_cost_eur"]), None),
        (t("cbam.kpi_exporters", lang), str(bt["tenant"].nunique()), None),
    ],
    columns=3,
)
if res.warnings:
    st.warning(
        t("cbam.warnings", lang) + "\n\n" + "\n".join(f"- {w.message_in(lang)}" for w in res.warnings[:30]),
        icon=":material/info:",
    )

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

# ---------------------------------------------------------------- why: the bridge of one export line
names = {tn.id: tn.name_zh if lang == "zh" and tn.name_zh else tn.name for tn in s.tenants}
good_name = {g: t(f"cbam.goods_{g}", lang) for g in CBAM_GOODS}
st.subheader(t("cbam.bridge", lang))
st.caption(t("cbam.bridge_help", lang))
options = list(range(len(bt)))
pick = st.selectbox(
    t("cbam.bridge_pick", lang),
    options,
    format_func=lambda i: f"{names[bt.iloc[i]['tenant']]} - {good_name[bt.iloc[i]['good']]} {bt.iloc[i]['cn_code']}",
    key="cbam_bridge_pick",
)
row = bt.iloc[pick]
steps = {
    k: t(f"cbam.step_{k}", lang) for k in ("direct", "precursors", "indirect", "see", "free", "paid", "obligation")
}
kinds = {k: t(f"cbam.kind_{k}", lang) for k in ("add", "sub", "total")}
st.vega_lite_chart(
    bridge_spec(
        bridge_rows(row, steps),
        t("cbam.bridge_title", lang, year=ref_year),
        t("cbam.per_t", lang),
        kinds,
    ),
    width="stretch",
)
basis = {
    b: t(f"cbam.basis_{b}", lang)
    for b in ("measured", "inventory", "default", "supplier", "not_counted", "in_default", "none")
}
st.markdown(
    t(
        "cbam.bridge_cost",
        lang,
        ob=f"{row['obligation_t_per_t']:.3f}",
        eu=fmt_num(row["eu_t_year"]),
        price=f"{row['ets_price']:.2f}",
        cost=fmt_num(row["cost_eur"]),
        bm=f"{row['benchmark_t_per_t']:.3f}",
        factor=f"{row['cbam_factor']:.1%}",
        basis=basis.get(row["basis"], row["basis"]),
        pre=" + ".join(basis.get(x, x) for x in str(row["basis_precursors"]).split("+")),
    )
)
if row["exempt"]:
    st.info(t("cbam.exempt", lang, t_min=fmt_num(load_rules().de_minimis_t)))

# ---------------------------------------------------------------- exposure by tenant and good
st.subheader(t("cbam.exposure", lang))
lines_df = res.lines.assign(tenant_name=res.lines["tenant"].map(names))
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


def _words(b: str) -> str:
    return " + ".join(basis.get(x, x) for x in str(b).split("+"))


exposure = bt.assign(
    tenant_name=bt["tenant"].map(names),
    good=bt["good"].map(good_name),
    basis=bt["basis"].map(_words),
    basis_indirect=bt["basis_indirect"].map(_words),
    basis_precursors=bt["basis_precursors"].map(_words),
)
num = st.column_config.NumberColumn
st.dataframe(
    exposure[
        ["tenant_name", "good", "cn_code", "eu_t_year", "see_direct_t_per_t", "see_precursor_t_per_t"]
        + ["see_indirect_t_per_t", "see_t_per_t", "benchmark_t_per_t", "obligation_t_per_t", "cost_eur"]
        + ["bau_cost_eur", "plan_cost_eur", "saving_eur", "basis", "basis_precursors", "basis_indirect", "status"]
    ].round({"cost_eur": 0, "bau_cost_eur": 0, "plan_cost_eur": 0, "saving_eur": 0}),
    hide_index=True,
    column_config={
        "tenant_name": t("cbam.col_tenant", lang),
        "good": t("cbam.col_good", lang),
        "cn_code": t("cbam.col_cn", lang),
        "eu_t_year": num(t("cbam.col_eu_t_year", lang, year=ref_year), format="localized"),
        "see_direct_t_per_t": num(t("cbam.col_direct", lang), format="%.3f"),
        "see_precursor_t_per_t": num(t("cbam.col_precursors", lang), format="%.3f"),
        "see_indirect_t_per_t": num(t("cbam.col_indirect", lang), format="%.3f"),
        "see_t_per_t": num(t("cbam.col_see", lang), format="%.3f"),
        "benchmark_t_per_t": num(t("cbam.col_benchmark", lang), format="%.3f"),
        "obligation_t_per_t": num(t("cbam.col_obligation", lang), format="%.3f"),
        "cost_eur": num(t("cbam.col_cost_year", lang, year=ref_year), format="localized"),
        "bau_cost_eur": num(t("cbam.col_bau_total", lang), format="localized"),
        "plan_cost_eur": num(t("cbam.col_plan_total", lang), format="localized"),
        "saving_eur": num(t("cbam.col_saving", lang), format="localized"),
        "basis": t("cbam.col_basis", lang),
        "basis_precursors": t("cbam.col_basis_precursors", lang),
        "basis_indirect": t("cbam.col_basis_indirect", lang),
        "status": t("cbam.col_status", lang),
    },
)

# ---------------------------------------------------------------- communication template
st.subheader(t("cbam.template", lang))
st.caption(t("cbam.template_help", lang))
exporters = [tn.id for tn in s.tenants if tn.exports]
c1, c2, c3 = st.columns([2, 1, 1])
who = c1.selectbox(t("cbam.template_tenant", lang), exporters, format_func=lambda i: names[i], key="cbam_tpl_tenant")
ty = c2.selectbox(
    t("cbam.template_year", lang),
    [y for y in years if y >= load_rules().definitive_from] or years,
    index=0,
    key="cbam_tpl_year",
)
c3.download_button(
    t("cbam.template_button", lang),
    lambda: template_bytes(s, who, int(ty)),
    file_name=f"cbam_communication_{who}_{ty or reporting_year(s)}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="cbam_tpl_download",
    on_click="ignore",
    icon=":material/download:",
)

# ---------------------------------------------------------------- drivers
st.subheader(t("cbam.drivers", lang))
st.caption(t("cbam.drivers_help", lang))
drivers = (
    by.assign(
        price=[res.assumptions["eu_price_eur_per_t"][y] for y in years],
        factor=[res.assumptions["cbam_factor"][y] for y in years],
    )
    .round({"embedded_bau_t": 0, "embedded_plan_t": 0, "bau_cost_eur": 0, "plan_cost_eur": 0, "saving_eur": 0})
    .reset_index()
)
st.dataframe(
    drivers[
        ["year", "price", "factor", "embedded_bau_t", "embedded_plan_t", "bau_cost_eur", "plan_cost_eur", "saving_eur"]
    ],
    hide_index=True,
    column_config={
        "year": num(t("cbam.col_year", lang), format="%d"),
        "price": num(t("cbam.col_price", lang), format="%.1f"),
        "factor": num(t("cbam.col_factor", lang), format="percent"),
        "embedded_bau_t": num(t("cbam.col_embedded", lang), format="localized"),
        "embedded_plan_t": num(t("cbam.col_embedded_plan", lang), format="localized"),
        "bau_cost_eur": num(t("cbam.col_bau_cost", lang), format="localized"),
        "plan_cost_eur": num(t("cbam.col_plan_cost", lang), format="localized"),
        "saving_eur": num(t("cbam.col_saving", lang), format="localized"),
    },
)

with st.expander(t("cbam.assumptions", lang)):
    st.markdown(t("cbam.method", lang))
    st.caption(t("cbam.ets_source", lang, src=source_text(res.assumptions["eu_price_source"], lang)))
    st.dataframe(rules_frame(lang), hide_index=True)

download_buttons(
    {"cbam_by_year": by.reset_index(), "cbam_by_tenant": bt, "cbam_lines": res.lines},
    "cbam",
    lang,
    key="cbam_dl",
)
