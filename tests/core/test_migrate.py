"""Saved work keeps loading: scenario files of format version 1 (the demos as they were before streams and pace)
load as version 2, with the documented defaults, and solve."""

import pytest

from core.loader import dump_scenario, load_scenario, parse_scenario
from core.optimise import solve
from core.schema import SCHEMA_VERSION
from tests.helpers import FIXTURES

V1 = sorted((FIXTURES / "v1").glob("*/scenario.yaml"))


def test_there_are_version_1_files():
    assert len(V1) == 3
    assert all("schema_version: 1" in p.read_text(encoding="utf-8") for p in V1)


@pytest.mark.parametrize("path", V1, ids=lambda p: p.parent.name)
def test_version_1_file_loads_as_the_current_version_and_solves(path):
    s = load_scenario(path)
    assert s.schema_version == SCHEMA_VERSION == 2
    assert all(t.end_uses is None and t.wastewater_cod_t == 0 for t in s.tenants)  # sector defaults apply
    again = parse_scenario(dump_scenario(s), "again.yaml")  # written back as version 2, loads the same
    assert again == s and "schema_version: 2" in dump_scenario(s)
    plan = solve(s)
    assert plan.ok, plan.message
