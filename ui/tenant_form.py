"""The tenant's side of a data request (``?request=<token>``): a form in the tenant's language for its own data of
one year, and nothing else of the zone. The link is the credential; a submission uses it up."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core.carriers import input_keys
from core.errors import Issue, ScenarioError
from core.i18n import t
from core.l10n import datetime_utc
from core.schema_types import CbamGood
from core.store import NotFoundError
from core.store.requests import TenantRequest, open_request, submit
from core.tenant_data import QUALITIES, from_template, number_fields
from ui import state
from ui.store_widgets import base_store
from ui.widgets import code, md, sidebar_language

K_LANG_SET = "request_lang_set"
K_PREFILL = "request_prefill"
K_DONE = "request_done"
GOODS = list(CbamGood.__args__)


def field_label(key: str, lang: str) -> str:
    """An energy input key as carrier and unit (``Electricity (MWh)``); other numbers from this namespace."""
    k = input_keys().get(key)
    if k is not None:
        return f"{t(f'baseline.carrier_{k.carrier}', lang)} ({k.unit})"
    return t(f"requests.field_{key}", lang)


def _quality_labels(lang: str) -> dict[str, str]:
    return {q: t(f"requests.quality_{q}", lang) for q in QUALITIES}


def _numbers_frame(values: dict[str, Any], lang: str) -> pd.DataFrame:
    rows = []
    for key in number_fields():
        v = values.get(key)
        rows.append({"key": key, "item": field_label(key, lang), "value": v, "quality": None})  # each value labelled
    return pd.DataFrame(rows)


def _template_csv(req: TenantRequest) -> bytes:
    row = {"year": req.year, "tenant": req.tenant["id"], **req.tenant["values"]}
    return pd.DataFrame([row]).to_csv(index=False).encode("utf-8")


def prefer_request_lang() -> None:
    """Before app.py reads the language: a link without ``?lang=`` opens in the language the zone team chose."""
    ss = st.session_state
    token = st.query_params.get("request", "")
    if st.query_params.get("lang") or ss.get(K_LANG_SET) == token:
        return
    ss[K_LANG_SET] = token
    try:
        state.set_lang(open_request(base_store().engine, token).lang)
    except NotFoundError:
        pass


def _message(i: Issue, lang: str) -> str:
    """A missing quality label in the tenant's language (never the internal names); other messages as they come."""
    if "quality" in i.path or i.message.startswith("quality"):
        return t("requests.need_quality", lang)
    return code(i.message_in(lang))


def tenant_form_page() -> None:
    ss = st.session_state
    token = st.query_params.get("request", "")
    try:
        req = open_request(base_store().engine, token)
    except NotFoundError:
        lang = state.current_lang()
        st.title(t("requests.form_title", lang))
        if ss.get(K_DONE) == token:
            st.success(t("requests.thanks", lang))
        else:
            st.error(t("requests.link_invalid", lang))
        return
    lang = state.current_lang()
    with st.sidebar:
        sidebar_language()
    st.title(t("requests.form_title", lang))
    st.markdown(
        t(
            "requests.form_for",
            lang,
            tenant=md(req.tenant["name"]),
            year=req.year,
            zone=md(req.zone_name),
            expires=datetime_utc(req.expires_at, lang),
        )
    )
    c1, c2 = st.columns(2)
    c1.download_button(
        t("requests.template_download", lang),
        _template_csv(req),
        file_name=f"data_{req.tenant['id']}_{req.year}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key="request_template",
    )
    up = c2.file_uploader(t("requests.template_upload", lang), type=["csv", "xlsx"], key="request_upload")
    prefill = dict(req.tenant["values"])
    if up is not None:
        try:
            prefill = from_template(up.getvalue(), up.name, req.tenant["id"])
            st.info(t("requests.template_loaded", lang, name=md(up.name)))
        except ScenarioError as e:
            st.error(t("requests.invalid", lang) + "\n\n" + "\n".join(f"- {code(i.text(lang))}" for i in e.issues[:30]))
    q = _quality_labels(lang)
    back = {v: k for k, v in q.items()}
    with st.form("request_form"):
        st.subheader(t("requests.numbers_title", lang))
        st.caption(t("requests.numbers_help", lang))
        numbers = st.data_editor(
            _numbers_frame(prefill, lang),
            column_order=["item", "value", "quality"],
            column_config={
                "item": st.column_config.TextColumn(t("requests.col_item", lang), disabled=True),
                "value": st.column_config.NumberColumn(t("requests.col_value", lang), min_value=0),
                "quality": st.column_config.SelectboxColumn(t("requests.col_quality", lang), options=list(q.values())),
            },
            hide_index=True,
            width="stretch",
            height=35 * (len(number_fields()) + 1) + 3,  # every row visible, no inner scrolling
            key="request_numbers",
        )
        st.subheader(t("requests.refrigerants_title", lang))
        refr = st.data_editor(
            pd.DataFrame(
                [{**r, "quality": None} for r in req.tenant["refrigerants"]],
                columns=["gas", "leak_kg", "quality"],
            ),
            num_rows="dynamic",
            column_config={
                "gas": st.column_config.TextColumn(t("requests.col_gas", lang)),
                "leak_kg": st.column_config.NumberColumn(t("requests.col_leak_kg", lang), min_value=0),
                "quality": st.column_config.SelectboxColumn(t("requests.col_quality", lang), options=list(q.values())),
            },
            hide_index=True,
            width="stretch",
            key="request_refrigerants",
        )
        st.subheader(t("requests.exports_title", lang))
        goods = {g: t(f"cbam.goods_{g}", lang) for g in GOODS}
        exp = st.data_editor(
            pd.DataFrame(
                [{**e, "good": goods.get(e["good"], e["good"]), "quality": None} for e in req.tenant["exports"]],
                columns=["good", "cn_code", "eu_t", "quality"],
            ),
            num_rows="dynamic",
            column_config={
                "good": st.column_config.SelectboxColumn(t("requests.col_good", lang), options=list(goods.values())),
                "cn_code": st.column_config.TextColumn(t("requests.col_cn_code", lang)),
                "eu_t": st.column_config.NumberColumn(t("requests.col_eu_t", lang), min_value=0),
                "quality": st.column_config.SelectboxColumn(t("requests.col_quality", lang), options=list(q.values())),
            },
            hide_index=True,
            width="stretch",
            key="request_exports",
        )
        sent = st.form_submit_button(t("requests.submit", lang), type="primary", key="request_submit")
    if not sent:
        return
    good_back = {v: k for k, v in goods.items()}
    values = {r["key"]: r["value"] for r in numbers.to_dict("records") if pd.notna(r["value"])}
    quality = {r["key"]: back.get(r["quality"], "") for r in numbers.to_dict("records") if pd.notna(r["value"])}
    refrigerants = [{**r, "quality": back.get(r.get("quality"), "")} for r in refr.to_dict("records")]
    exports = [
        {**r, "good": good_back.get(r.get("good"), r.get("good")), "quality": back.get(r.get("quality"), "")}
        for r in exp.to_dict("records")
    ]
    try:
        submit(base_store().engine, token, values, quality, refrigerants, exports)
    except ScenarioError as e:
        names = {k: field_label(k, lang) for k in number_fields()}
        lines = [f"- {md(names.get(i.path, i.path))}: {_message(i, lang)}" for i in e.issues[:30]]
        st.error(t("requests.invalid", lang) + "\n\n" + "\n".join(lines))
        return
    except NotFoundError:
        st.error(t("requests.link_invalid", lang))
        return
    ss[K_DONE] = token
    st.rerun()
