"""Entry point: page config, language (sidebar + ?lang=), current zone, navigation over ui/navigation.PAGES."""

from pathlib import Path

import streamlit as st

from core.i18n import t
from ui import state
from ui.navigation import PAGES
from ui.store_widgets import sync_from_url
from ui.widgets import page_direction, sidebar_language, sidebar_zone

ROOT = Path(__file__).resolve().parent

state.app_shell_started()
st.set_page_config(page_title="Low-Carbon Zone Planner", page_icon=":material/eco:", layout="wide")
lang = state.sync_lang_with_url()
page_direction(lang)  # Arabic: right to left
sync_from_url(lang)  # ?sid=<id>: a shared link opens that saved scenario on whichever page it names
pages = [
    st.Page(path, title=t(key, lang), icon=icon, default=i == 0)
    for i, (path, key, icon) in enumerate(p for p in PAGES if (ROOT / p[0]).is_file())
]
nav = st.navigation(pages)
with st.sidebar:
    sidebar_language()
    zone_box = st.container()
try:
    nav.run()
finally:  # after the page (also when it stops early): the zone as the page left it, and its undo
    with zone_box:
        sidebar_zone()
