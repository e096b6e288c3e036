"""Measures page (being built)."""

import streamlit as st

from core.i18n import t
from ui import state

st.title(t("nav.measures", state.current_lang()))
