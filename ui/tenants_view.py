"""The plan by tenant and party on the results page: a "who pays" chart for the zone, and a tenant picker with
that tenant's emissions BAU vs plan, the measures acting on it and its cash flows (core.parties.Tenancy)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.i18n import t
from core.inventory import sector_name
from core.results import Plan
from core.schema import Scenario
from ui import state
from ui.cache import cached_solve
from ui.charts import hbar, lines, localise, stacked_area, stacked_bars
from ui.widgets import fmt_num, fmt_pct


def _party_name(s: Scenario, p: str, lang: str) -> str:
    if p in ("zone", "esco"):
        return t(f"tenants.party_{p}", lang)
    ten = next((x for x in s.tenants if x.id == p), None)
    return f"{ten.name} ({p})" if ten else p


def who_pays(plan: Plan, s: Scenario, lang: str, top: int = 10) -> pd.DataFrame:
    """NPV per party (positive: better off than BAU), millions: the operator, a third party and the `top`
    tenants by size of their NPV; the other tenants summed in one bar."""
    pt = plan.tenancy.parties
    ten = pt[pt["kind"] == "tenant"].assign(size=lambda f: f["npv"].abs()).sort_values("size", ascending=False)
    shown = pd.concat([pt[pt["kind"] != "tenant"], ten.head(top)])
    rows = [(_party_name(s, p, lang), v / 1e6) for p, v in zip(shown["party"], shown["npv"], strict=True)]
    rest = ten.iloc[top:]
    if len(rest):
        rows.append((t("tenants.other_tenants", lang, n=len(rest)), float(rest["npv"].sum()) / 1e6))
    df = pd.DataFrame(rows, columns=["party", "npv"])
    return df.sort_values("npv", ascending=False).reset_index(drop=True)


def by_sector(plan: Plan, s: Scenario, lang: str) -> pd.DataFrame:
    """Emissions by sector and year (BAU and plan, tCO2e): the tenants' rows summed by their sector; the zone's own
    rows (offsets, shared measures) under the zone. The plan column adds up to the plan's gross emissions."""
    bt = plan.tenancy.by_tenant
    sector = {x.id: sector_name(x.sector, lang) for x in s.tenants}
    zone = t("tenants.party_zone", lang)
    df = bt.assign(sector=[sector.get(x, zone) for x in bt["tenant"]])
    return df.groupby(["sector", "year"], as_index=False, sort=False)[["bau_t", "plan_t"]].sum()


def sector_table(df: pd.DataFrame, year: int, lang: str) -> pd.DataFrame:
    """One row per sector in `year`: BAU, plan and the cut, largest BAU first (text in the language's numbers)."""
    y = df[df["year"] == year].sort_values("bau_t", ascending=False)
    y = y[(y["bau_t"].abs() > 0.5) | (y["plan_t"].abs() > 0.5)]
    return pd.DataFrame(
        {
            t("tenants.col_sector", lang): y["sector"],
            t("tenants.col_bau_t", lang): [fmt_num(v, 0) for v in y["bau_t"]],
            t("tenants.col_plan_t", lang): [fmt_num(v, 0) for v in y["plan_t"]],
            t("tenants.col_cut", lang): [
                fmt_pct(1 - p / b) if b > 0 else "–" for b, p in zip(y["bau_t"], y["plan_t"], strict=True)
            ],
        }
    )


def render_sectors(plan: Plan, s: Scenario, lang: str) -> None:
    """Results by sector: the plan's emissions stacked by sector over the years and a table for the last year."""
    df = by_sector(plan, s, lang)
    if df.empty:
        return
    st.subheader(t("tenants.sectors_title", lang))
    st.caption(t("tenants.sectors_help", lang))
    domain = list(df.groupby("sector")["bau_t"].sum().sort_values(ascending=False).index)
    chart = stacked_area(
        df, "year", "plan_t", "sector", t("tenants.sectors_chart", lang), "tCO2e", t("tenants.col_sector", lang),
        t("common.year", lang), domain=domain,
    )  # fmt: skip
    st.vega_lite_chart(localise(chart, lang), width="stretch")
    last = int(df["year"].max())
    st.caption(t("tenants.sectors_table", lang, year=last))
    st.dataframe(sector_table(df, last, lang), hide_index=True, width="stretch")


def tenant_frames(plan: Plan, s: Scenario, tid: str, lang: str) -> dict[str, pd.DataFrame]:
    """Emissions (long), measures acting on the tenant and its cash flows by year."""
    tn = plan.tenancy
    bt = tn.by_tenant[tn.by_tenant["tenant"] == tid]
    bau, pl = t("tenants.series_bau", lang), t("tenants.series_plan", lang)
    em = pd.concat(
        [
            pd.DataFrame({"year": bt["year"], "t": bt["bau_t"], "series": bau}),
            pd.DataFrame({"year": bt["year"], "t": bt["plan_t"], "series": pl}),
        ]
    )
    built = plan.units[plan.units["built"] > 1e-9].groupby("measure")["year"].min()
    rows = []
    for r in tn.measures.itertuples():
        w = tn.weights.get(r.measure, {}).get(tid, 0.0)
        if w <= 0:
            continue
        rows.append(
            {
                "measure": plan.measure_name(r.measure.partition("@")[0], lang),
                "share": w,
                "owner": t(f"tenants.owner_{r.owner}" if r.owner in ("zone", "esco") else "tenants.owner_tenant", lang),
                "model": t(f"tenants.model_{r.model}", lang),
                "first_year": int(built[r.measure]) if r.measure in built.index else None,
            }
        )
    cf = tn.tenant_flows(tid).reset_index()
    flows = []
    for col in ("energy_saving", "carbon_saving", "fees_received"):
        flows.append(pd.DataFrame({"year": cf["year"], "value": cf[col], "item": t(f"tenants.col_{col}", lang)}))
    for col in ("capex", "om", "fees_paid"):
        flows.append(pd.DataFrame({"year": cf["year"], "value": -cf[col], "item": t(f"tenants.col_{col}", lang)}))
    return {"emissions": em, "measures": pd.DataFrame(rows), "flows": pd.concat(flows), "cash": cf}


def render_tenants(plan: Plan, s: Scenario, lang: str, cur: str) -> None:
    """The 'by tenant and party' section (nothing when the plan has no tenancy)."""
    tn = getattr(plan, "tenancy", None)
    if tn is None or tn.by_tenant.empty:
        return
    render_sectors(plan, s, lang)
    st.subheader(t("tenants.app_header", lang))
    if tn.key_tenants:
        st.caption(t("tenants.app_key_tenants", lang, ids=", ".join(tn.key_tenants)))
    if tn.participation:
        st.caption(t("tenants.app_participation", lang))
    wp = who_pays(plan, s, lang)
    st.vega_lite_chart(
        localise(
            hbar(
                wp, "party", "npv", t("tenants.app_who_pays", lang, cur=cur), t("tenants.col_npv_m", lang, cur=cur), ""
            ),
            lang,
        ),
        width="stretch",
    )
    st.caption(t("tenants.app_who_pays_help", lang))
    _price_of_fairness(plan, s, lang, cur)
    ids = [x.id for x in s.tenants]
    tid = st.selectbox(
        t("tenants.app_pick", lang),
        ids,
        format_func=lambda i: _party_name(s, i, lang),
        key="optimise_tenant_pick",
    )
    f = tenant_frames(plan, s, tid, lang)
    c1, c2 = st.columns(2)
    yr = t("tenants.col_year", lang)
    c1.vega_lite_chart(
        localise(
            lines(f["emissions"], "year", "t", "series", t("tenants.app_bau_plan", lang), "tCO2e", "", yr),
            lang,
        ),
        width="stretch",
    )
    c2.vega_lite_chart(
        localise(
            stacked_bars(f["flows"], "year", "value", "item", t("tenants.app_cash", lang, cur=cur), cur, "", yr),
            lang,
        ),
        width="stretch",
    )
    fin = tn.parties.set_index("party").loc[tid]
    st.caption(
        t(
            "tenants.app_finance",
            lang,
            npv=fmt_num(fin["npv"] / 1e6, 2),
            cur=cur,
            payback=fmt_num(fin["payback_years"], 1) if pd.notna(fin["payback_years"]) else "–",
            irr=fmt_pct(fin["irr"]) if pd.notna(fin["irr"]) else "–",
        )
    )
    if f["measures"].empty:
        st.info(t("tenants.no_measures", lang))
    else:
        st.dataframe(
            f["measures"],
            hide_index=True,
            width="stretch",
            column_config={
                "measure": t("tenants.col_measure", lang),
                "share": st.column_config.NumberColumn(t("tenants.col_share", lang), format="percent"),
                "owner": t("tenants.col_owner", lang),
                "model": t("tenants.col_model", lang),
                "first_year": st.column_config.NumberColumn(t("tenants.col_first_year", lang), format="%d"),
            },
        )


def fair_scenario(s: Scenario) -> Scenario:
    """The scenario with the participation constraint on (no tenant worse off than business as usual)."""
    return s.model_copy(update={"parties": s.parties.model_copy(update={"participation": True})})


def _price_of_fairness(plan: Plan, s: Scenario, lang: str, cur: str) -> None:
    """A button that solves again with the participation constraint and shows what it costs the zone."""
    if s.parties.participation:
        return
    key = f"{state.plan_key()}|fair"
    if st.button(t("tenants.app_fairness_run", lang), key="optimise_fairness_run"):
        with st.spinner(t("tenants.app_fairness_running", lang)):
            st.session_state["optimise_fairness"] = (key, cached_solve(fair_scenario(s), state.solve_settings()))
    got = st.session_state.get("optimise_fairness")
    if not got or got[0] != key:
        return
    fair = got[1]
    if not fair.ok:
        st.warning(fair.describe(lang))
        return
    extra = fair.npv["total"] - plan.npv["total"]
    short = len(fair.shortfall) - len(plan.shortfall)
    st.info(
        t(
            "tenants.app_fairness",
            lang,
            cost=fmt_num(extra / 1e6, 2),
            cur=cur,
            pct=fmt_pct(extra / plan.npv["total"] if plan.npv["total"] else None, 2),
            short=max(0, short),
        )
    )
