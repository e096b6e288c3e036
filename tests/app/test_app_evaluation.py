"""AppTest: the evaluation page with two imported actual years of a demo zone, re-plan, self-assessment,
improvement actions."""

from streamlit.testing.v1 import AppTest

from core import evaluation as ev
from core.demo import load_demo
from tests.helpers import FIXTURES, open_app

FIX = FIXTURES / "actuals" / "egypt_materials_2026_2027.csv"


def _scenario(with_actuals: bool = True):
    s = load_demo("egypt_materials")
    if with_actuals:
        s = ev.with_actuals(s, ev.read_actuals(FIX.read_bytes(), FIX.name, s))
    return s


def _app(s, lang: str = "en") -> AppTest:
    return open_app("evaluation", lang, s, timeout=90)


def test_monitoring_shows_where_off_track_and_replans():
    at = _app(_scenario())
    assert not at.exception, at.exception
    # the demo's two actual years: emissions off track in 2027 (see tests/fixtures/actuals)
    assert any("not on track" in w.value and "Emissions" in w.value for w in at.warning)
    at.button(key="evaluation_replan").click().run()
    assert not at.exception, at.exception
    s = at.session_state["scenario"]
    assert s.base_year == 2027 and s.evaluation.actuals == []
    said = [x.value for x in [*at.success, *at.warning]]
    assert any(x.startswith("Re-planned from 2027: plan status") for x in said), said


def test_self_assessment_and_actions_saved_in_the_scenario():
    at = _app(_scenario(with_actuals=False))
    assert not at.exception, at.exception
    at.radio(key="evaluation_sa_c4_host_law").set_value(2)
    at.button[[b.label for b in at.button].index("Save the self-assessment")].click().run()
    assert not at.exception, at.exception
    s = at.session_state["scenario"]
    assert s.evaluation.self_assessment["c4_host_law"] == 2
    at.button(key="evaluation_add_sa").click().run()
    s = at.session_state["scenario"]
    items = {a.item for a in s.evaluation.actions}
    assert "c4_fit_stage" in items and "c4_host_law" not in items


def test_page_in_chinese_without_actuals():
    at = _app(_scenario(with_actuals=False), "zh")
    assert not at.exception, at.exception
    assert at.title[0].value == "评价与改进"
