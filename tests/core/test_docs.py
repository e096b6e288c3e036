"""docs/scenario-format.md is generated from the schema and must match it."""

import re

from core.carriers import input_keys
from core.docs import render
from core.schema import Scenario
from tests.helpers import ROOT

DOC = ROOT / "docs" / "scenario-format.md"


def test_committed_doc_is_current():
    assert DOC.read_text(encoding="utf-8") == render(), "run: python -m core.docs > docs/scenario-format.md"


def test_every_field_is_documented_with_a_description():
    text = render()
    for name in Scenario.model_fields:
        assert f"| `{name}` |" in text
    for key in input_keys():
        assert f"| `{key}` |" in text
    undocumented = [ln for ln in text.splitlines() if re.match(r"^\| `[a-z_0-9]+` \|.*\|  \|$", ln)]
    assert undocumented == []
