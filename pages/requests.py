"""Tenant data requests: ask a tenant of the opened saved scenario for one year of its own data, send the link,
review what comes back beside the scenario's values, accept it into the actuals or the baseline (saved, audited)."""

import pandas as pd
import streamlit as st

from core.errors import ScenarioError
from core.i18n import LANGS, language, t
from core.l10n import datetime_utc
from core.store import Role, StoreError
from core.store.requests import DataRequest, DataRequests
from core.tenant_data import number_fields, tenant_view
from ui import state
from ui.store_widgets import get_store, open_saved, opened, share_link, store_error
from ui.tenant_form import field_label
from ui.widgets import fmt_num, md, show_flash

lang = state.current_lang()
st.title(t("requests.title", lang))
st.caption(t("requests.intro", lang))
show_flash()
store = get_store()
cur = opened()
if cur is None:
    st.info(t("requests.need_saved", lang))
    st.stop()
if store.actor.role < Role.EDITOR or store.actor.scenario_id is not None:
    st.info(t("requests.editors_only", lang))
    st.stop()
rec = store.get(cur[0])
s = store.load(rec.id)
requests = DataRequests(store)
st.caption(t("requests.for_scenario", lang, name=md(rec.name)))

# ---------------------------------------------------------------- a new request
st.subheader(t("requests.new_title", lang))
with st.form("requests_new"):
    c1, c2, c3, c4 = st.columns(4)
    names = {x.id: f"{x.name} ({x.id})" for x in s.tenants}
    tenant = c1.selectbox(t("requests.tenant", lang), list(names), format_func=names.get, key="requests_tenant")
    years = list(range(s.base_year, s.horizon + 1))
    latest = max([a.year for a in s.evaluation.actuals] + [s.base_year])
    year = c2.selectbox(
        t("requests.year", lang), years, index=years.index(min(latest + 1, s.horizon)), key="requests_year"
    )
    form_lang = c3.selectbox(
        t("requests.lang", lang),
        list(LANGS),
        index=list(LANGS).index(lang),
        format_func=lambda c: language(c).name_native,
        key="requests_lang",
    )
    days = c4.number_input(t("requests.days", lang), 1, 365, 30, key="requests_days")
    if st.form_submit_button(t("requests.create", lang), icon=":material/forward_to_inbox:", key="requests_create"):
        try:
            token = requests.create(rec.id, tenant, int(year), form_lang, float(days))
            st.success(t("requests.created", lang))
            st.code(share_link("", with_sid=False, request=token, lang=form_lang), language=None)
        except StoreError as e:
            store_error(e, lang)

# ---------------------------------------------------------------- requests and their review
st.subheader(t("requests.list_title", lang))
listed = requests.of_scenario(rec.id)
if not listed:
    st.caption(t("requests.none", lang))


def review(req: DataRequest) -> None:
    """The submitted values beside the scenario's, with their quality labels; accept or revoke."""
    mine = tenant_view(s, req.tenant)["values"]
    sub = req.submission
    rows = [
        {
            t("requests.col_item", lang): field_label(k, lang),
            t("requests.col_current", lang): "" if mine.get(k) is None else fmt_num(mine[k], 2, lang=lang),
            t("requests.col_submitted", lang): "" if k not in sub.values else fmt_num(sub.values[k], 2, lang=lang),
            t("requests.col_quality", lang): t(f"requests.quality_{sub.quality[k]}", lang) if k in sub.quality else "",
        }
        for k in number_fields()
        if k in sub.values or k in mine
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    for name, items in (("refrigerants", sub.refrigerants), ("exports", sub.exports)):
        if items:
            st.caption(t(f"requests.{name}_title", lang))
            st.dataframe(pd.DataFrame(items), hide_index=True, width="stretch")
    into = "baseline" if req.year == s.base_year else "actuals"  # the base year is the baseline; later: actuals
    if st.button(t(f"requests.accept_{into}", lang), key=f"requests_accept_{into}_{req.id}", type="primary"):
        try:
            requests.accept(req.id, into)
            open_saved(store, rec.id)  # the session shows the saved, accepted version
            state.flash("success", t("requests.accepted", lang, tenant=req.tenant, year=req.year))
            st.rerun()
        except (StoreError, ScenarioError) as e:
            store_error(e, lang)


for req in listed:
    line = t(
        "requests.line",
        lang,
        n=req.id,
        tenant=md(names.get(req.tenant, req.tenant)),
        year=req.year,
        status=t(f"requests.status_{req.status}", lang),
        user=md(req.created_by),
        expires=datetime_utc(req.expires_at, lang),
    )
    with st.expander(line, expanded=req.status == "submitted"):
        if req.status == "submitted":
            review(req)
        if req.status in ("open", "submitted") and st.button(
            t("requests.revoke", lang), key=f"requests_revoke_{req.id}"
        ):
            requests.revoke(req.id)
            st.rerun()
