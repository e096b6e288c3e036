"""Reports: Excel workbook of every table, printable bilingual HTML report and PDF for officials."""

import re

import streamlit as st
import streamlit.components.v1 as components

from core.i18n import LANGS, language, t
from core.reports import gather, to_excel, to_html, to_pdf
from ui import state
from ui.cache import cached_inventory
from ui.solve import solve_now
from ui.store_widgets import keep_sid_in_url, share_link, sync_from_url, url_params
from ui.widgets import require_scenario, show_flash

lang = state.current_lang()
st.title(t("reports.page_title", lang))
st.caption(t("reports.page_intro", lang))
sync_from_url(lang)
keep_sid_in_url()
show_flash()
s = require_scenario()
key = state.scenario_hash(s)

qp_lang = st.query_params.get("report_lang", lang)
report_lang = st.selectbox(
    t("reports.page_language", lang),
    list(LANGS),
    index=list(LANGS).index(qp_lang) if qp_lang in LANGS else 0,
    format_func=lambda c: language(c).name_native,
    key="reports_lang",
)
url_params(report_lang=report_lang)

if state.plan_is_current():
    st.caption(t("reports.page_uses_plan", lang))
else:
    st.caption(t("reports.page_will_solve", lang))

if st.button(t("reports.page_make", lang), type="primary", key="reports_make", icon=":material/description:"):
    with st.spinner(t("reports.page_working", lang)):
        plan = state.current_plan() if state.plan_is_current() else solve_now(s, lang)
        try:
            inv = cached_inventory(s)
        except Exception:  # noqa: BLE001 - gather notes the missing inventory
            inv = None
        d = gather(s, plan=plan, inventory=inv, lang=report_lang)
        st.session_state["reports_files"] = (
            (key, report_lang),
            {"xlsx": to_excel(d), "html": to_html(d).encode("utf-8"), "pdf": to_pdf(d)},
            d.notes,
        )

got = st.session_state.get("reports_files")
if got and got[0] == (key, report_lang):
    files, notes = got[1], got[2]
    for n in notes:
        st.warning(n)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", s.zone.name).strip("_")[:40] or "zone"
    stem = f"{stem}_{s.base_year}_{report_lang}"
    c1, c2, c3 = st.columns(3)
    mimes = {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "html": "text/html",
        "pdf": "application/pdf",
    }
    for col, fmt in zip((c1, c2, c3), ("xlsx", "html", "pdf"), strict=True):
        col.download_button(
            t(f"reports.page_download_{fmt}", lang),
            files[fmt],
            file_name=f"{stem}.{fmt}",
            mime=mimes[fmt],
            key=f"reports_download_{fmt}",
            icon=":material/download:",
            on_click="ignore",
        )
    st.caption(t("reports.page_print_hint", lang))
    with st.expander(t("reports.page_preview", lang), expanded=False):
        components.html(files["html"].decode("utf-8"), height=900, scrolling=True)

st.caption(t("reports.page_share", lang))
st.code(share_link("reports", report_lang=report_lang), language=None)
