"""Demo zones loaded once per server (no dependency on ui.state, so it can be imported from anywhere)."""

from __future__ import annotations

import streamlit as st

from core.demo import demo_zones, load_demo
from core.schema import Scenario


@st.cache_resource(show_spinner=False)
def cached_demo(slug: str) -> Scenario:
    """A demo zone, loaded and validated once per server (Scenario is frozen, so sharing it is safe)."""
    return load_demo(slug)


@st.cache_data(show_spinner=False)
def demo_choices() -> dict[str, tuple[str, str]]:
    """Demo zones: slug -> (English name, Chinese name)."""
    out: dict[str, tuple[str, str]] = {}
    for slug, path in demo_zones().items():
        if not path.is_file():
            continue
        z = cached_demo(slug).zone
        out[slug] = (z.name, z.name_zh or z.name)
    return out
