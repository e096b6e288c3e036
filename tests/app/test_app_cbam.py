"""AppTest: the CBAM page draws for a demo zone with exporters, in both languages, and with none."""

import pytest
from streamlit.testing.v1 import AppTest

from core.demo import load_demo
from tests.helpers import open_app


def _app(slug: str, lang: str = "en", strip_exports: bool = False) -> AppTest:
    s = load_demo(slug)
    if strip_exports:
        s = s.model_copy(update={"tenants": [t.model_copy(update={"exports": []}) for t in s.tenants]})
    return open_app("cbam", lang, s, timeout=60)


def test_cbam_page_bau_then_plan():
    at = _app("egypt_materials")
    assert not at.exception, at.exception
    assert "CBAM" in at.title[0].value
    assert any("Rules status" in w.value for w in at.warning)
    labels = [m.label for m in at.metric]
    assert any("Saving" in x for x in labels)
    # no plan yet: saving is 0 until the plan is computed on the page
    saving = next(m for m in at.metric if "Saving" in m.label)
    assert saving.value == "0"
    at.button(key="cbam_solve").click().run()
    assert not at.exception, at.exception
    saving = next(m for m in at.metric if "Saving" in m.label)
    assert float(saving.value.replace(",", "")) > 0
    assert len(at.dataframe) >= 2


def test_cbam_page_chinese():
    at = _app("egypt_materials", "zh")
    assert not at.exception, at.exception
    assert "碳边境" in at.title[0].value


def test_cbam_page_without_exporters():
    at = _app("thai_auto", strip_exports=True)
    assert not at.exception, at.exception
    assert any("No tenant exports CBAM goods" in i.value for i in at.info)


def test_bridge_spec_is_valid_vega_lite_and_adds_up():
    import altair as alt

    from core.cbam import compute_cbam
    from ui.cbam_view import bridge_rows, bridge_spec

    bt = compute_cbam(load_demo("thai_auto")).by_tenant
    row = bt[bt["tenant"] == "T07"].iloc[0]
    labels = {k: k for k in ("direct", "precursors", "indirect", "see", "free", "paid", "obligation")}
    steps = bridge_rows(row, labels).set_index("step")
    # the bars chain: direct + precursors + indirect end at the SEE; minus free allocation and price paid = obligation
    assert steps.loc["indirect", "end"] == pytest.approx(row["see_t_per_t"])
    assert steps.loc["paid", "end"] == pytest.approx(row["obligation_t_per_t"])
    spec = bridge_spec(steps.reset_index(), "t", "y", {"add": "+", "sub": "-", "total": "="})
    alt.LayerChart.from_dict(spec)  # raises on an invalid spec


def test_cbam_page_bridge_and_template_for_thai_screws():
    at = _app("thai_auto")
    assert not at.exception, at.exception
    assert any(s.label == "Export line" for s in at.selectbox)
    assert any("certificates per t" in m.value for m in at.markdown)
    assert any("Communication template" in h.value for h in at.subheader)
