"""A tenant's meter file on the Baseline page: upload, check (rows and hours named), use or remove."""

from __future__ import annotations

import streamlit as st

from core.errors import ScenarioError
from core.i18n import t
from core.loader import validate_data
from core.meter import read_meter
from core.schema import Scenario
from ui import state
from ui.widgets import fmt_num, md, show_issues


def meter_import(s: Scenario, lang: str) -> None:
    st.markdown(f"**{t('power.meter_title', lang)}**")
    st.caption(t("power.meter_help", lang))
    names = {x.id: f"{x.id} · {x.name}" for x in s.tenants}
    tid = st.selectbox(t("power.meter_tenant", lang), list(names), format_func=names.get, key="baseline_meter_tenant")
    ten = next(x for x in s.tenants if x.id == tid)
    if ten.hourly_load_kwh:
        st.caption(md(t("power.meter_has", lang, mwh=fmt_num(sum(ten.hourly_load_kwh) / 1000, 1))))
        if st.button(t("power.meter_remove", lang), key="baseline_meter_remove"):
            state.set_scenario(with_meter(s, tid, None))
            state.flash("success", t("power.meter_removed", lang, tenant=names[tid]))
            st.rerun()
    up = st.file_uploader(t("power.meter_upload", lang), type=["csv"], key="baseline_meter_file")
    if up is None:
        return
    try:
        kwh = read_meter(up.getvalue(), s.base_year, path=up.name)
        new = with_meter(s, tid, kwh)
    except ScenarioError as e:
        show_issues(e.issues, lang)
        return
    if st.button(t("power.meter_apply", lang), key="baseline_meter_apply", type="primary"):
        state.set_scenario(new)
        msg = t("power.meter_applied", lang, tenant=names[tid], hours=fmt_num(len(kwh)), peak=fmt_num(max(kwh), 0),
                mwh=fmt_num(sum(kwh) / 1000, 1))  # fmt: skip
        state.flash("success", msg)
        st.rerun()


def with_meter(s: Scenario, tenant_id: str, kwh: list[float] | None) -> Scenario:
    """The scenario with one tenant's metered hourly load set (None: removed), validated again."""
    data = s.model_dump(mode="json", exclude_defaults=True)
    for row in data.get("tenants", []):
        if row["id"] == tenant_id:
            row.pop("hourly_load_kwh", None)
            if kwh is not None:
                row["hourly_load_kwh"] = kwh
    return validate_data(data)
