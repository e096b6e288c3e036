"""AppTest of the map page: draws the fixture zone, escapes user text, shows the plan by year, imports geodata."""

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core.geo.io import read_boundary
from core.loader import load_scenario
from core.results import Plan
from tests.helpers import APP, ROOT, open_app

FIX = ROOT / "tests" / "fixtures" / "geo" / "zone"
DASHED = '"dashArray": "6 6"'  # the derived outline's style


def _app(lang: str = "en", plan: Plan | None = None) -> AppTest:
    at = open_app(
        None, lang, load_scenario(FIX / "scenario.yaml"), session={"scenario_label": "map_fixture"}, timeout=60
    )
    at.switch_page("pages/map.py")
    if plan is not None:  # as ui.state.set_plan stores it: plan and "<scenario hash>|<settings>"
        at.session_state["plan"] = plan
        at.session_state["plan_key"] = f"{at.session_state['scenario_hash']}|"
    at.run()
    return at


def _component_args(at: AppTest) -> dict:
    return json.loads(at.get("component_instance")[0].proto.json_args)


def test_map_page_draws_the_zone_offline():
    at = _app()
    assert not at.exception, at.exception
    assert at.title[0].value == "Zone map"
    args = _component_args(at)
    script = args["script"]
    # Leaflet from the app itself, nothing from a CDN
    assert args["js_links"] == ["/app/static/leaflet/leaflet.js"]
    assert args["css_links"] == ["/app/static/leaflet/leaflet.css"]
    assert script.count("L.circleMarker(") == 3 and script.count("L.marker(") == 4
    assert "geo_json" in script and "L.control.layers(" in script
    # the hostile tenant name only appears escaped
    assert "<script>alert(1)</script>" not in script and "&lt;script&gt;" in script.replace("\\u0026", "&")
    # no plan yet: a note, no slider
    assert any("No optimised plan yet" in i.value for i in at.info)


def test_map_page_in_chinese_and_basemap_switch():
    at = _app("zh")
    assert not at.exception
    assert at.title[0].value == "园区地图"
    at.radio(key="map_basemap").set_value("osm").run()
    assert not at.exception
    assert "tile.openstreetmap.org" in _component_args(at)["script"]


def test_map_page_shows_plan_measures_by_year():
    units = pd.DataFrame(
        [
            {"measure": "heat_f03_f04", "year": 2029, "built": 1.0, "active": 1.0},
            {"measure": "heat_f03_f04", "year": 2030, "built": 0.0, "active": 1.0},
            {"measure": "zone_led", "year": 2030, "built": 5.0, "active": 5.0},
        ]
    )
    at = _app(plan=Plan(status="optimal", message="", years=[2029, 2030], units=units))
    assert not at.exception, at.exception
    slider = at.select_slider(key="map_year")
    assert slider.value == 2030
    script = _component_args(at)["script"]
    assert script.count("L.polyline(") == 1 and "Plan measures 2030" in script
    # zone-wide measure listed beside the map
    assert any("zone_led" in df.value.to_string() for df in at.dataframe)
    slider.set_value(2029).run()
    assert not at.exception and "Plan measures 2029" in _component_args(at)["script"]


def test_imported_boundary_replaces_the_derived_outline():
    # AppTest cannot drive st.file_uploader (the import itself is tested in test_geo_io); the page keeps an
    # applied import under "map_boundary" keyed by zone. Without it the fixture (label not a demo) has no
    # folder to resolve boundary.geojson against, so a dashed outline around the sites is drawn.
    at = _app()
    assert DASHED in _component_args(at)["script"]
    b = read_boundary((FIX / "boundary.geojson").read_bytes(), "boundary.geojson", 300)
    at.session_state["map_boundary"] = ("map_fixture|Map Fixture Zone", b)
    at.run()
    script = _component_args(at)["script"]
    assert not at.exception and DASHED not in script and "101.129" in script


@pytest.mark.parametrize("slug", ["thai_auto", "egypt_materials", "nigeria_selfgen"])
def test_demo_zones_show_boundary_tenants_and_facilities(slug):
    s = load_scenario(ROOT / "data" / "demo" / slug / "scenario.yaml")
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["scenario"] = s
    at.session_state["scenario_label"] = slug
    at.run()
    at.switch_page("pages/map.py").run()
    assert not at.exception, at.exception
    script = _component_args(at)["script"]
    assert "geo_json" in script and DASHED not in script  # the zone's own boundary file
    assert script.count('"className": "lczp-tenant"') == len(s.tenants)
    assert script.count("L.divIcon(") == len(s.facilities)
    assert "Emissions not computed" not in script  # tenants sized by the inventory


def test_solve_button_puts_the_plan_on_the_map():
    s = load_scenario(ROOT / "data" / "demo" / "thai_auto" / "scenario.yaml")
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["scenario"] = s
    at.session_state["scenario_label"] = "thai_auto"
    at.run()
    at.switch_page("pages/map.py").run()
    # roofs 85,000 + 32,000 + 28,000 + 24,000 + 26,000 + 18,000 + 21,000 + 3,500 + 12,000 = 249,500 m2,
    # at rooftop_pv's 6 m2/kWp -> 41,583 kWp: the same potential the optimiser allows
    assert any("41,583 kWp on 9 roofs" in c.value for c in at.caption)
    at.button(key="map_solve").click().run()
    assert not at.exception, at.exception
    slider = at.select_slider(key="map_year")
    assert slider.value == s.horizon
    script = _component_args(at)["script"]
    assert f"Plan measures {s.horizon}" in script
    # the demo's custom heat link F08 -> F09 is drawn as a line when the plan builds it
    plan = at.session_state["plan"]
    link_active = any(plan.units.query("measure == 'heat_link_f08_f09' and active > 0").year == s.horizon)
    assert (script.count("L.polyline(") >= 1) == link_active
    # issue 18: tenants coloured by the plan's cut in the year shown
    assert "Plan cut in" not in script
    at.radio(key="map_colour_by").set_value("cut").run()
    assert not at.exception, at.exception
    script = _component_args(at)["script"]
    assert f"Plan cut in {s.horizon}" in script and "business-as-usual emissions the plan avoids" in script


def test_merge_or_replace_imported_facilities():
    from core.schema import Facility
    from ui.map_widget import merge_facilities

    s = load_scenario(FIX / "scenario.yaml")
    f02 = Facility(id="F02", type="rooftop", location=(13.056, 101.126), roof_area_m2=12_000)
    f09 = Facility(id="F09", type="office", location=(13.05, 101.12))
    merged = merge_facilities(s, [f09, f02], "merge")
    # F02 updated in place, F09 appended; the rest untouched
    assert [f.id for f in merged] == ["F01", "F02", "F03", "F04", "F09"] and merged[1].roof_area_m2 == 12_000
    assert merge_facilities(s, [f09], "replace") == [f09]


def test_saved_copy_of_a_demo_finds_the_demo_boundary():
    # a demo zone saved and reopened under another name keeps boundary.geojson of the demo's folder
    s = load_scenario(ROOT / "data" / "demo" / "nigeria_selfgen" / "scenario.yaml")
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["scenario"] = s.model_copy(update={"horizon": s.horizon - 5})
    at.session_state["scenario_label"] = "my saved copy"
    at.run()
    at.switch_page("pages/map.py").run()
    assert not at.exception, at.exception
    assert DASHED not in _component_args(at)["script"]
