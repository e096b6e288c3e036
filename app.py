"""Entry point: page config, language (sidebar + ?lang=), sign-in (ui.auth; none on a laptop), a tenant's data
request form (?request=), current zone, navigation over ui/navigation.PAGES."""

from pathlib import Path

import streamlit as st

from core.i18n import t
from ui import auth, state
from ui.navigation import PAGES
from ui.store_widgets import sync_from_url
from ui.widgets import page_direction, sidebar_language, sidebar_zone

ROOT = Path(__file__).resolve().parent

state.app_shell_started()
st.set_page_config(page_title="Low-Carbon Zone Planner", page_icon=":material/eco:", layout="wide")
if st.query_params.get("request"):  # a tenant's link: their form, in their language, and nothing else of the zone
    from ui.tenant_form import prefer_request_lang, tenant_form_page

    prefer_request_lang()
lang = state.sync_lang_with_url()
page_direction(lang)  # Arabic: right to left
if st.query_params.get("request"):
    st.navigation([st.Page(tenant_form_page, title=t("requests.form_title", lang), url_path="data-request")]).run()
    st.stop()
available = [p for p in PAGES if (ROOT / p[0]).is_file()]
if not auth.signed_in(lang):  # a shared deployment: nothing but the sign-in page until then, at every page's
    with st.sidebar:  # address, so a deep link opens its page once signed in
        sidebar_language()
    title = t("auth.sign_in_title", lang)
    paths = [Path(p[0]).stem for p in available]
    st.navigation(
        [st.Page(auth.sign_in_page, title=title, url_path=u, default=i == 0) for i, u in enumerate(paths)],
        position="hidden",
    ).run()
    st.stop()
sync_from_url(lang)  # ?sid=<id>: a shared link opens that saved scenario on whichever page it names
pages = [st.Page(path, title=t(key, lang), icon=icon, default=i == 0) for i, (path, key, icon) in enumerate(available)]
with st.sidebar:  # who is signed in, the workspace, sign-out (nothing on a laptop)
    auth.sidebar_account(lang)

nav = st.navigation(pages, expanded=True)  # every page listed (no untranslatable "View N more")
with st.sidebar:
    sidebar_language()
    zone_box = st.container()
try:
    nav.run()
finally:  # after the page (also when it stops early): the zone as the page left it, and its undo
    with zone_box:
        sidebar_zone()
