"""Streamlit-aware helpers shared by the pages (state, cached core calls, charts, widgets)."""
