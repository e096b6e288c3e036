"""Malformed scenario files: each gets a clear `path: message`, the CLI exits 2, no traceback.

Fixtures are in tests/fixtures/bad/ (one file per case); the 50 MB file is made on the fly.
"""

import subprocess
import sys

import pytest

from core.cli import main
from core.errors import ScenarioError
from core.loader import MAX_BYTES, load_scenario, parse_scenario
from tests.helpers import FIXTURES, ROOT

BAD = FIXTURES / "bad"

# file -> (path of the first issue, words its message must contain)
CASES = {
    "empty.yaml": ("", "file is empty"),
    "whitespace_only.yaml": ("", "file is empty"),
    "not_utf8.yaml": ("", "not UTF-8 text (byte 0xe9"),
    "utf16.yaml": ("", "not UTF-8"),
    "binary_png.yaml": ("", "not UTF-8"),
    "yaml_syntax_error.yaml": ("", "YAML error at line 2"),
    "json_syntax_error.json": ("", "JSON syntax error at line 1"),
    "duplicate_json_key.json": ("", "JSON error: duplicate key 'base_year'"),
    "top_level_list.yaml": ("", "top level must be a mapping"),
    "top_level_scalar.yaml": ("", "top level must be a mapping"),
    "python_object_tag.yaml": ("", "tag not allowed"),
    "custom_tag.yaml": ("", "tag not allowed ('!money')"),
    "anchor_bomb.yaml": ("", "aliases/anchors are not allowed"),
    "anchor_reuse.yaml": ("", "aliases/anchors are not allowed"),
    "duplicate_yaml_key.yaml": ("", "duplicate key 'base_year'"),
    "deeply_nested.yaml": ("", "nest"),  # libyaml: "exceeded maximum nesting depth"
    "wrong_type_output.yaml": ("tenants[0].output_musd", "must be a number (got 'lots')"),
    "wrong_type_tenants.yaml": ("tenants", "must be a list"),
    "negative_energy.yaml": ("tenants[0].energy.natural_gas_gj", "must be >= 0"),
    "unknown_energy_key.yaml": ("tenants[0].energy.unobtainium_t", "unknown energy key; allowed: electricity_mwh"),
    "unknown_country.yaml": ("zone.country", "unknown country 'XYZ'"),
    "lowercase_country.yaml": ("zone.country", "invalid value 'thailand'"),
    "base_year_after_horizon.yaml": ("horizon", "must be after base_year (2025)"),
    "horizon_out_of_range.yaml": ("horizon", "must be <= 2100"),
    "duplicate_tenant_ids.yaml": ("tenants[1].id", "duplicate id 'T01' (first used by tenants[0])"),
    "duplicate_facility_ids.yaml": ("facilities[1].id", "duplicate id 'F1'"),
    "missing_zone.yaml": ("zone", "required field missing"),
    "missing_tenant_fields.yaml": ("tenants[0].name", "required field missing"),
    "no_tenants.yaml": ("tenants", "must have at least 1 item"),
    "unknown_field.yaml": ("tenents", "unknown field"),
    "bad_location.yaml": ("tenants[0].location", "[latitude, longitude]"),
    "nan_value.yaml": ("tenants[0].output_musd", "must be a number (got nan)"),
    "infinite_value.yaml": ("tenants[0].output_musd", "must be a number (got inf)"),
    "bad_id.yaml": ("tenants[0].id", "invalid value 'T 01!'"),
    "boundary_missing.yaml": ("zone.boundary", "not found next to the scenario file"),
    "boundary_escapes.yaml": ("zone.boundary", "points outside the scenario's folder"),
    "unknown_refrigerant.yaml": ("tenants[0].refrigerants[0].gas", "unknown gas 'HFC-999'"),
    "green_purchase_too_large.yaml": ("tenants[0].renewable_purchase_mwh", "more than the tenant's grid electricity"),
    "recycled_more_than_waste.yaml": ("tenants[0]", "waste_recycled_t must be <= waste_t"),
    "milestone_both_values.yaml": ("targets.milestones[0]", "exactly one of change_vs_base or value"),
    "milestone_before_base.yaml": ("targets.milestones[0].year", "must be after base_year 2025"),
    "share_above_one.yaml": ("targets.milestones[0]", "share: value must be within 0..1"),
    "facility_unknown_tenant.yaml": ("facilities[0].tenant", "unknown tenant 'T99'"),
    "unknown_price_key.yaml": ("assumptions.prices", "unknown price key 'unobtainium_per_t'"),
    "unknown_gwp_set.yaml": ("assumptions.gwp", "must be one of 'AR5' or 'AR6' (got 'AR9')"),
    "electricity_factor_override.yaml": ("assumptions.emission_factor_overrides.electricity", "not a fuel"),
    "activity_both.yaml": ("assumptions.activity", "exactly one of growth or path"),
    "many_errors.yaml": ("tenants[0].output_musd", "must be >= 0"),
    "export_wrong_cn_code.yaml": ("tenants[0].exports[0].cn_code", "7318 is not a CN code of cement"),
    "export_more_than_produced.yaml": ("tenants[0].exports[0].eu_t", "more than production_t"),
    "facility_unknown_fuel.yaml": ("facilities[0].fuel", "unknown carrier 'plutonium'"),
}


def test_every_fixture_has_a_case():
    assert sorted(p.name for p in BAD.iterdir()) == sorted(CASES)
    assert len(CASES) >= 25


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_gives_clear_issue(name):
    path, words = CASES[name]
    with pytest.raises(ScenarioError) as e:
        load_scenario(BAD / name)
    first = e.value.issues[0]
    assert first.path == path
    assert words in first.message
    assert "Traceback" not in str(e.value)


def test_all_errors_at_once():
    with pytest.raises(ScenarioError) as e:
        load_scenario(BAD / "many_errors.yaml")
    got = {i.path for i in e.value.issues}
    # two schema errors and the unknown country (a cross-field check) in one run
    assert got == {"tenants[0].output_musd", "tenants[0].energy.diesel_t", "zone.country"}


def test_file_over_the_size_limit(tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:  # 50 MB of comment lines: valid YAML, far too big
        line = b"# " + b"x" * 1021 + b"\n"
        for _ in range(50 * 1024):
            fh.write(line)
    assert big.stat().st_size == 50 * 2**20 > MAX_BYTES
    with pytest.raises(ScenarioError, match=r"52.4 MB is larger than the 10 MB limit") as e:
        load_scenario(big)
    assert e.value.issues[0].path == ""
    with pytest.raises(ScenarioError, match="larger than"):  # uploads take the same path
        parse_scenario(b"#" * (MAX_BYTES + 1), "upload.yaml")


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ScenarioError, match="file not found"):
        load_scenario(tmp_path / "nope.yaml")
    with pytest.raises(ScenarioError, match="is a folder"):
        load_scenario(tmp_path)


@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_validate_exits_2_with_path_lines(name, capsys):
    assert main(["validate", str(BAD / name)]) == 2
    err = capsys.readouterr().err
    path, words = CASES[name]
    assert words in err and "Traceback" not in err
    if path:
        assert err.splitlines()[0].startswith(f"{path}: ")


@pytest.mark.parametrize(
    "name", ["python_object_tag.yaml", "not_utf8.yaml", "negative_energy.yaml", "boundary_escapes.yaml", "empty.yaml"]
)
def test_cli_subprocess_no_traceback(name):
    r = subprocess.run(
        [sys.executable, "-m", "core", "validate", str(BAD / name)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2
    assert r.stdout == ""
    assert "Traceback" not in r.stderr and r.stderr.strip()
    path, words = CASES[name]
    assert words in r.stderr


def test_cli_subprocess_huge_file(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (50 * 2**20))
    r = subprocess.run(
        [sys.executable, "-m", "core", "inventory", str(big)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 2 and "larger than the 10 MB limit" in r.stderr and "Traceback" not in r.stderr


YAML_CASES = [
    "python_object_tag.yaml",
    "custom_tag.yaml",
    "anchor_bomb.yaml",
    "anchor_reuse.yaml",
    "duplicate_yaml_key.yaml",
    "deeply_nested.yaml",
    "yaml_syntax_error.yaml",
]


@pytest.mark.parametrize("name", YAML_CASES)
def test_pure_python_yaml_loader_refuses_the_same(name, monkeypatch):
    """Without libyaml the loader falls back to the python parser: same refusals, no traceback."""
    import core.loader as loader

    monkeypatch.setattr(loader, "_NoAliasSafeLoader", loader._NoAliasPySafeLoader)
    with pytest.raises(ScenarioError) as e:
        load_scenario(BAD / name)
    words = CASES[name][1]
    assert words in e.value.issues[0].message


def test_good_yaml_same_with_both_loaders(monkeypatch):
    import core.loader as loader

    path = ROOT / "data" / "demo" / "nigeria_selfgen" / "scenario.yaml"
    fast = load_scenario(path)
    monkeypatch.setattr(loader, "_NoAliasSafeLoader", loader._NoAliasPySafeLoader)
    assert load_scenario(path) == fast


# ---------------------------------------------------------------- issue 19: what used to escape as a traceback

DEMO = ROOT / "data" / "demo" / "thai_auto" / "scenario.yaml"


def _demo_with(tmp_path, old: str, new: str, name: str = "scenario.yaml"):
    text = DEMO.read_text(encoding="utf-8")
    assert old in text
    f = tmp_path / name
    f.write_text(text.replace(old, new, 1), encoding="utf-8")
    (tmp_path / "boundary.geojson").write_bytes((DEMO.parent / "boundary.geojson").read_bytes())
    return str(f)


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("base_year: 2025", "base_year: " + "9" * 5000, "line 7, column 12: integer too long (5000 digits)"),
        (
            "  overrides:\n",
            "  overrides:\n    - {id: rooftop_pv, name_en: ''}\n",
            "measures.overrides[0].name_en: must have",
        ),
        (
            "  overrides:\n",
            "  overrides:\n    - {id: heat_pump, unit: '  '}\n",
            "measures.overrides[0].unit: must have",
        ),
    ],
)
@pytest.mark.parametrize("command", [["validate"], ["solve", "--json", "--time-limit", "5"]])
def test_former_tracebacks_are_messages(tmp_path, capsys, old, new, words, command):
    f = _demo_with(tmp_path, old, new)
    assert main([command[0], f, *command[1:]]) == 2
    err = capsys.readouterr().err
    assert words in err and "internal error" not in err, err


def test_carbon_price_1e308_in_report_is_refused_with_a_path(tmp_path, capsys):
    f = _demo_with(tmp_path, "carbon_price_per_t: {", "carbon_price_per_t: {2024: 1.0e+308, ")
    assert main(["report", f, "--out", str(tmp_path / "r.html"), "--time-limit", "5"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("assumptions.carbon_price_per_t[2024]: must be <= ") and "internal error" not in err
