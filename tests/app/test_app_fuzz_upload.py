"""Issue 19: the fuzz cases through the app's scenario upload (Overview): a refused file shows its problems
and the last valid scenario stays in use; no exception."""

import pytest

from tests.fuzz.generator import CLASSES, cases
from tests.fuzz.harness import _LOCATED
from tests.helpers import open_app

SAMPLE = {c.cls: c for c in cases(len(CLASSES) * 2, seed=5)[len(CLASSES) :] if c.cls != "oversized"}


@pytest.fixture(scope="module")
def app():
    return open_app("overview")


@pytest.mark.parametrize("cls", sorted(SAMPLE))
def test_fuzz_upload_keeps_the_last_valid_scenario(app, cls):
    at = app
    before = at.session_state["scenario"]
    case = SAMPLE[cls]
    mime = "application/json" if case.name.endswith(".json") else "application/x-yaml"
    at.file_uploader(key="overview_upload").set_value((case.name, case.raw, mime)).run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    if errors:  # refused: the problems are listed and the scenario before stays
        assert at.session_state["scenario"] is before
        items = [ln[2:].strip("`") for ln in errors[0].splitlines() if ln.startswith("- ")]
        assert items and all(_LOCATED.search(i) for i in items), items
    else:  # accepted: it is the new scenario
        assert at.session_state["scenario"] is not before or case.cls in ("bom",)
    at.file_uploader(key="overview_upload").set_value(None).run()
