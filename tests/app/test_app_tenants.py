"""The plan by tenant and party on the results page (issue 18): who-pays chart, tenant picker, its tables."""

import pytest
import streamlit as st

from tests.helpers import open_app


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    yield


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_tenant_picker_on_the_results_page(lang):
    at = open_app("optimise", lang, query={"demo": "thai_auto", "plan": "1"})
    assert not at.exception, at.exception
    plan = at.session_state["plan"]
    assert plan.ok and plan.tenancy is not None
    pick = at.selectbox(key="optimise_tenant_pick")
    assert len(pick.options) == 30
    pick.set_value("T07").run()
    assert not at.exception, at.exception
    charts = at.get("vega_lite_chart")
    assert len(charts) >= 3  # who pays, the tenant's emissions and its cash flows
    assert "T07" in at.session_state["optimise_tenant_pick"]
    tables = [d.value for d in at.dataframe]
    measures = next(t for t in tables if {"measure", "share", "owner", "model"} <= set(t.columns))
    assert len(measures) >= 1 and measures["share"].between(0, 1).all()
    assert "Induction hardening" in " ".join(measures["measure"]) or lang != "en"  # T07's own line, if chosen
    assert all("tenants." not in str(c.proto.spec) for c in charts)  # no key on screen


def test_price_of_fairness_button():
    at = open_app("optimise", "fr", query={"demo": "egypt_materials", "plan": "1"})
    assert not at.exception, at.exception
    at.button(key="optimise_fairness_run").click().run()
    assert not at.exception, at.exception
    text = " ".join(i.value for i in at.info)
    assert "Sans entreprise perdante" in text and "tenants." not in text
