"""Issue 13: the last change to the working scenario can be undone from the sidebar; opening another zone starts
a new history. (AppTest runs a switched-to page without app.py, so the sidebar is checked on the app's own run.)"""

from tests.helpers import open_app


def _undo_buttons(at):
    return [b for b in at.sidebar.button if b.key == "sidebar_undo"]


def _edit_budget(at, value: float):
    at.switch_page("pages/optimise.py").run()
    at.number_input[2].set_value(value)  # the yearly budget
    at.button[0].click().run()
    assert not at.exception
    at.switch_page("app.py").run()  # back through app.py: sidebar and all


def test_undo_takes_back_the_last_edit_and_only_that():
    at = open_app(None, "en")
    original = at.session_state["scenario"]
    assert not _undo_buttons(at)
    _edit_budget(at, 5e6)
    _edit_budget(at, 6e6)
    assert at.session_state["scenario"].budget.capex_per_year == 6e6
    at.sidebar.button(key="sidebar_undo").click().run()
    assert not at.exception
    assert at.session_state["scenario"].budget.capex_per_year == 5e6
    assert [e.value for e in at.info if "undone" in e.value]
    at.sidebar.button(key="sidebar_undo").click().run()
    assert at.session_state["scenario"].budget.capex_per_year == original.budget.capex_per_year
    assert not _undo_buttons(at)  # nothing more to undo


def test_opening_another_zone_clears_the_history():
    at = open_app(None, "en")
    _edit_budget(at, 4e6)
    assert _undo_buttons(at)
    at.query_params["demo"] = "egypt_materials"
    at.run()
    assert at.session_state["scenario"].zone.country == "EGY"
    assert not _undo_buttons(at)
