"""Issue 19: the edges of the input space. Every problem is a message with a path or a line and column."""

import re

import pytest

from core.errors import ScenarioError
from core.loader import parse_scenario, validate_data
from tests.helpers import scenario_data, tenant

WHERE = re.compile(r"line \d+, column \d+")


def _one(raw, name="s.yaml"):
    with pytest.raises(ScenarioError) as e:
        parse_scenario(raw, name)
    return e.value.issues


@pytest.mark.parametrize(
    ("raw", "name", "words"),
    [
        (b"- 1\n- 2\n", "s.yaml", "top level must be a mapping"),
        (b"\n\n  42\n", "s.yaml", "top level must be a mapping"),
        (b"null\n", "s.yaml", "(got null)"),
        (b"[1, 2]", "s.json", "top level must be a mapping"),
        (b"# only a comment\n\n# another\n", "s.yaml", "only comments"),
        (b"zone:\n  name: a\x00b\n", "s.yaml", "U+0000"),
        (b"zone:\n  name: a\x07b\n", "s.yaml", "U+0007"),
        (b'{"a": "\x01"}', "s.json", "U+0001"),
        (b"base_year: " + b"9" * 5000 + b"\n", "s.yaml", "integer too long (5000 digits)"),
        (b'{"base_year": -' + b"9" * 5000 + b"}", "s.json", "integer too long"),
        (b"zone: !!binary aGVsbG8=\n", "s.yaml", "tag not allowed"),
        (b"zone: !!set {a, b}\n", "s.yaml", "tag not allowed"),
    ],
)
def test_file_level_problems_have_line_and_column(raw, name, words):
    issues = _one(raw, name)
    assert len(issues) == 1
    text = str(issues[0])
    assert words in text and WHERE.search(text), text
    assert issues[0].key and "{" not in issues[0].text("zh")


def test_control_character_position():
    (i,) = _one(b"a: 1\nzone:\n  name: ab\x1bc\n")
    assert "line 3, column 11" in str(i)


def _data_issues(**over) -> dict[str, str]:
    with pytest.raises(ScenarioError) as e:
        validate_data(scenario_data(**over))
    return {i.path: i.message for i in e.value.issues}


@pytest.mark.parametrize(
    ("over", "path", "words"),
    [
        ({"tenants": [tenant(energy={"electricity_mwh": 1e308})]}, "tenants[0].energy.electricity_mwh", "<= 1e+09"),
        ({"tenants": [tenant(process_emissions_t=1e308)]}, "tenants[0].process_emissions_t", "<="),
        ({"tenants": [tenant(output_musd=float("inf"))]}, "tenants[0].output_musd", "must be a number"),
        ({"tenants": [tenant(output_musd=10**99)]}, "tenants[0].output_musd", "<="),
        ({"tenants": [tenant(water_m3=5, water_reused_m3=9)]}, "tenants[0]", "water_reused_m3 must be <= water_m3"),
        ({"zone": {"area_ha": True}}, "zone.area_ha", "must be a number (got True)"),
        ({"budget": {"capex_per_year": -5}}, "budget.capex_per_year", ">= 0"),
        ({"budget": {"capex_per_year": {2026: -5}}}, "budget.capex_per_year[2026]", ">= 0"),
        ({"assumptions": {"discount_rate": 0.5}}, "assumptions.discount_rate", "<= 0.3"),
        ({"assumptions": {"grid_factor_t_per_mwh": {2025: 1e308}}}, "assumptions.grid_factor_t_per_mwh[2025]", "<="),
        (
            {"assumptions": {"grid_factor_t_per_mwh": {2025: 6}}},
            "assumptions.grid_factor_t_per_mwh",
            "2025: must be within 0..5",
        ),
        ({"assumptions": {"carbon_price_per_t": {2025: 1e308}}}, "assumptions.carbon_price_per_t[2025]", "<="),
        ({"assumptions": {"prices": {"electricity_per_mwh": {2025: 1e9}}}}, "assumptions.prices", "0..1e+08"),
        ({"assumptions": {"activity": {"growth": 0.5}}, "horizon": 2070}, "assumptions.activity.growth", "times"),
        ({"base_year": 1990, "horizon": 2100}, "horizon", "at most 50 years"),
        ({"targets": {"overrides": {"emissions": {2026: -5}}}}, "targets.overrides", "0..1e+12"),
        ({"targets": {"overrides": {"renewable_share": {2026: 5}}}}, "targets.overrides", "0..1"),
        (
            {"targets": {"milestones": [{"metric": "emissions", "year": 2030, "value": float("inf")}]}},
            "targets.milestones[0].value",
            "",
        ),
        (
            {
                "measures": {
                    "custom": [
                        {
                            "id": "m",
                            "name_en": "m",
                            "name_zh": "m",
                            "area": "energy",
                            "unit": "u",
                            "capex_per_unit": 1,
                            "lifetime_years": 5,
                            "effects": {"electricity_mwh": 1e-300},
                        }
                    ]
                }
            },
            "measures.custom[0].effects.electricity_mwh",
            "at least 1e-09",
        ),
    ],
)
def test_numbers_are_bounded_with_a_path(over, path, words):
    got = _data_issues(**over)
    assert path in got and words in got[path], got


def test_overrides_twice_and_blank_names():
    got = _data_issues(
        measures={"overrides": [{"id": "rooftop_pv", "capex_per_unit": 1}, {"id": "rooftop_pv", "unit": ""}]}
    )
    assert "overridden twice" in got["measures.overrides[1].id"]
    assert "at least 1 character" in got["measures.overrides[1].unit"]


def test_every_schema_validator_key_in_both_catalogues():
    """Keys raised by core.bounds.fail / unknown (PydanticCustomError) in the schema: translated, same fields."""
    import ast

    from core.i18n import catalogue
    from tests.helpers import ROOT

    keys = set()
    for f in ("core/schema.py", "core/bounds.py"):
        for node in ast.walk(ast.parse((ROOT / f).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("fail", "unknown") and node.args:
                if isinstance(node.args[0], ast.Constant):
                    keys.add(node.args[0].value)
    assert {"reused_above_water", "path_value_range", "effect_too_small", "not_number"} <= keys
    for lang in ("en", "zh"):
        assert sorted(k for k in keys if f"validation.{k}" not in catalogue(lang)) == [], lang


def test_translated_schema_message_in_chinese():
    with pytest.raises(ScenarioError) as e:
        validate_data(scenario_data(tenants=[tenant(water_m3=5, water_reused_m3=9)]))
    (i,) = e.value.issues
    assert i.key == "reused_above_water" and i.text() == "tenants[0]: water_reused_m3 must be <= water_m3"
    assert i.text("zh") == "tenants[0]: water_reused_m3 必须 <= water_m3"


@pytest.mark.parametrize(
    ("over", "path"),
    [
        ({"base_year": 10**5000}, "base_year"),
        ({"tenants": [tenant(output_musd=-(10**5000))]}, "tenants[0].output_musd"),
        ({"assumptions": {"carbon_price_per_t": {10**5000: 1}}}, "assumptions.carbon_price_per_t.<key>"),
    ],
)
def test_huge_integers_in_plain_data_have_a_path(over, path):
    with pytest.raises(ScenarioError) as e:
        validate_data(scenario_data(**over))
    assert [str(i) for i in e.value.issues] == [f"{path}: integer too long (about 5001 digits)"]


def test_long_inputs_are_cut_in_messages():
    got = _data_issues(tenants=[tenant(output_musd="x" * 5000)])
    assert got["tenants[0].output_musd"].endswith("...)") and len(got["tenants[0].output_musd"]) < 100
