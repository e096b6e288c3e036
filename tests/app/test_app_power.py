"""AppTest of the power section of the results: hour by hour by default (with a typical day chart), the annual
balance on request."""

import pytest
import streamlit as st

from core.loader import load_scenario
from tests.helpers import FIXTURES, goto, open_app

FIXTURE = FIXTURES / "app_scenario.yaml"


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    yield


def labels(at):
    return [m.label for m in at.metric]


def test_hourly_mode_shows_storage_and_a_typical_day():
    at = goto(open_app(None, "en", load_scenario(FIXTURE)), "optimise")
    at.button[0].click().run()
    assert not at.exception
    assert "Power hour by hour" in [h.value for h in at.subheader]
    assert "Storage built (MWh / MW)" in labels(at)  # hour by hour by default
    at.selectbox(key="optimise_power_mode").set_value("annual")
    at.button[0].click().run()
    assert "Grid import (MWh)" in labels(at) and "Storage built (MWh / MW)" not in labels(at)  # annual: no storage
    at.selectbox(key="optimise_power_mode").set_value("hourly")
    at.number_input(key="optimise_power_days").set_value(2)
    at.number_input(key="optimise_power_segments").set_value(6)
    at.button[0].click().run()
    assert not at.exception
    assert {"Storage built (MWh / MW)", "Hourly clean share", "Peak grid import (MW)"} <= set(labels(at))
    captions = " ".join(c.value for c in at.caption)
    assert "2 typical days of 6 time slots each" in captions  # the setting the figures come from
    assert at.radio(key="power_day").options  # the typical days to choose from
    charts = [e for e in at.main if type(e).__name__ == "UnknownElement"]
    assert charts  # the day chart (vega-lite)


@pytest.mark.parametrize("lang", ["zh", "ar"])
def test_hourly_mode_in_other_languages(lang):
    at = goto(open_app(None, lang, load_scenario(FIXTURE)), "optimise")
    at.selectbox(key="optimise_power_mode").set_value("hourly")
    at.number_input(key="optimise_power_days").set_value(1)
    at.button[0].click().run()
    assert not at.exception
    assert "power." not in " ".join(labels(at))
