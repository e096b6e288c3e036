"""Fuzz: arbitrary bytes and arbitrary data never raise anything but ScenarioError."""

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import ScenarioError
from core.loader import parse_scenario, validate_data

GOOD = {
    "zone": {"name": "Z", "country": "THA", "area_ha": 10},
    "base_year": 2025,
    "horizon": 2030,
    "tenants": [
        {
            "id": "T1",
            "name": "t",
            "sector": "plastics",
            "output_musd": 1,
            "location": [13, 101],
            "energy": {"electricity_mwh": 10},
        }
    ],
    "targets": {"milestones": [{"metric": "emissions", "year": 2030, "change_vs_base": -0.3}]},
}
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.floats(allow_nan=True), st.text(max_size=12)
)
values = st.recursive(
    scalars,
    lambda c: st.one_of(st.lists(c, max_size=3), st.dictionaries(st.text(max_size=8), c, max_size=3)),
    max_leaves=8,
)
PATHS = [
    ("zone",),
    ("zone", "country"),
    ("base_year",),
    ("horizon",),
    ("tenants",),
    ("tenants", 0),
    ("tenants", 0, "energy"),
    ("tenants", 0, "location"),
    ("tenants", 0, "output_musd"),
    ("targets",),
    ("targets", "milestones", 0, "year"),
    ("assumptions",),
    ("facilities",),
    ("measures",),
    ("budget",),
]


def _only_scenario_errors(fn, *args):
    try:
        fn(*args)
    except ScenarioError as e:
        assert e.issues and all(isinstance(i.message, str) and i.message for i in e.issues)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PATHS), values)
def test_mutated_scenarios_fail_cleanly(path, value):
    d = copy.deepcopy(GOOD)
    node = d
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value
    _only_scenario_errors(validate_data, d)


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_fail_cleanly(raw):
    _only_scenario_errors(parse_scenario, raw, "x.yaml")
    _only_scenario_errors(parse_scenario, raw, "x.json")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="{}[]:,-&*!|>'\"#\n abc123.%@`", max_size=200))
def test_random_yaml_punctuation_fails_cleanly(text):
    _only_scenario_errors(parse_scenario, text, "x.yaml")
