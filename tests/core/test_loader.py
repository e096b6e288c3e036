"""Loader: YAML and JSON give the same scenario; dump -> load round-trips; uploads are bytes."""

import json

import pytest

from core.checks import resolve_reference
from core.demo import demo_zones, load_demo
from core.errors import ScenarioError
from core.loader import dump_scenario, parse_scenario

YAML = """zone: {name: Z, country: EGY, area_ha: 10}
base_year: 2025
horizon: 2030
tenants:
  - {id: T1, name: Café Δ 工厂, sector: glass, output_musd: 3, location: [29.6, 32.3], energy: {natural_gas_m3: 1000}}
"""


def test_yaml_and_json_are_equivalent():
    a = parse_scenario(YAML, "z.yaml")
    b = parse_scenario(json.dumps(a.model_dump(mode="json")), "z.json")
    assert a == b
    assert a.tenants[0].name == "Café Δ 工厂"


def test_bytes_with_utf8_bom():
    s = parse_scenario("\ufeff".encode() + YAML.encode(), "z.yaml")
    assert s.zone.country == "EGY"


@pytest.mark.parametrize("slug", ["thai_auto", "egypt_materials", "nigeria_selfgen"])
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_dump_load_round_trip(slug, fmt):
    s = load_demo(slug)
    text = dump_scenario(s, fmt)
    again = parse_scenario(text, f"x.{fmt}", demo_zones()[slug].parent)
    assert again == s


def test_references_stay_in_the_folder(tmp_path):
    (tmp_path / "b.geojson").write_text("{}", encoding="utf-8")
    assert resolve_reference(tmp_path, "b.geojson") == (tmp_path / "b.geojson").resolve()
    (tmp_path / "sub").mkdir()
    with pytest.raises(ScenarioError, match="outside"):
        resolve_reference(tmp_path / "sub", "../b.geojson")
    with pytest.raises(ScenarioError, match="outside"):
        resolve_reference(tmp_path, "/etc/hostname")


def test_symlink_escaping_the_folder_is_refused(tmp_path):
    inner = tmp_path / "zone"
    inner.mkdir()
    (tmp_path / "secret.geojson").write_text("{}", encoding="utf-8")
    (inner / "link.geojson").symlink_to(tmp_path / "secret.geojson")
    with pytest.raises(ScenarioError, match="outside"):
        resolve_reference(inner, "link.geojson")


def test_boundary_check_only_with_a_folder():
    text = YAML.replace("area_ha: 10}", "area_ha: 10, boundary: nowhere.geojson}")
    parse_scenario(text, "z.yaml")  # an upload without a folder: reference not checked here
    with pytest.raises(ScenarioError, match="not found"):
        parse_scenario(text, "z.yaml", demo_zones()["thai_auto"].parent)
