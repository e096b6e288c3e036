"""Map building, checked on the generated HTML: layers, legend, local Leaflet, escaped user text."""

import json
import re

import pandas as pd
import pytest

from core.geo.build_map import (
    LEAFLET_CSS,
    LEAFLET_JS,
    build_map,
    esc,
    intensity_classes,
    map_html,
    radius_px,
)
from core.geo.io import load_zone_boundary, zone_boundary
from core.geo.sites import site_plan
from core.loader import load_scenario
from tests.helpers import FIXTURES, ROOT

FIX = FIXTURES / "geo" / "zone"
EMISSIONS = {"T01": 12000.0, "T02": 3000.0, "T03": 750.0}


@pytest.fixture(scope="module")
def s():
    return load_scenario(FIX / "scenario.yaml")


@pytest.fixture(scope="module")
def html_en(s):
    b = load_zone_boundary(s, FIX)
    units = pd.DataFrame(
        [
            {"measure": "heat_f03_f04", "year": 2030, "built": 1, "active": 1},
            {"measure": "rooftop_pv", "year": 2030, "built": 450, "active": 450},
        ]
    )
    measures = [*s.measures.custom, {"id": "rooftop_pv", "name_en": "Rooftop PV", "name_zh": "屋顶光伏",
                                     "unit": "kWp", "resource_use": {"roof_area_m2": 6.7}}]  # fmt: skip
    sited = site_plan(s, units, measures, 2030).sited
    return map_html(build_map(s, b, EMISSIONS, sited, 2030, "en"))


def _bound_texts(html: str) -> list[str]:
    """The HTML strings passed to bindTooltip / bindPopup (decoded from their JSON literals)."""
    return [json.loads(m) for m in re.findall(r"\.bind(?:Tooltip|Popup)\((\"(?:[^\"\\]|\\.)*\")", html)]


def test_leaflet_is_served_locally_and_nothing_from_the_internet(html_en):
    assert f'<script src="{LEAFLET_JS}"></script>' in html_en
    assert f'href="{LEAFLET_CSS}"' in html_en
    assert re.findall(r"https?://", html_en) == []  # no CDN script, stylesheet or tile URL
    assert "$(" not in html_en and "jquery" not in html_en.lower()  # folium.Popup needs jQuery; we do not
    # and the files it names exist in static/
    root = ROOT
    assert (root / LEAFLET_JS.removeprefix("/app/")).is_file() and (root / LEAFLET_CSS.removeprefix("/app/")).is_file()


def test_layers_boundary_facilities_tenants_plan(html_en):
    assert html_en.count("L.circleMarker(") == 3 + 2  # 3 tenants + PV rings on 2 roofs
    assert html_en.count('"className": "lczp-tenant"') == 3
    assert html_en.count("L.marker(") == 4 and html_en.count("L.divIcon(") == 4  # 4 facilities, div icons
    assert html_en.count("L.polyline(") == 1  # the F03 -> F04 heat link
    assert "geo_json" in html_en and "101.111" in html_en  # the boundary polygon's coordinates
    assert "L.control.layers(" in html_en
    for name in ("Zone boundary", "Facilities", "Tenants", "Plan measures 2030"):
        assert f'"{name}"' in html_en
    assert "lczp-legend" in html_en and "tCO2e per million output" in html_en


def test_user_text_is_escaped_everywhere(html_en):
    # the raw names never appear; the escaped ones do, inside JSON strings only
    assert "<script>alert(1)</script>" not in html_en
    assert "${alert(2)}" not in html_en and "`${" not in html_en
    assert "<b>Roof two</b>" not in html_en
    texts = _bound_texts(html_en)
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in x for x in texts)
    assert any("Gamma &#96;&#36;{alert(2)}&#96; Rubber &amp; Co" in x for x in texts)
    assert any("&lt;b&gt;Roof two&lt;/b&gt;" in x for x in texts)
    # the only <script> tags are folium's own (head, styles, map script)
    assert len(re.findall(r"<script", html_en)) == 3


def test_esc_covers_html_and_js_template_characters():
    assert esc("<a href='x'>&`${y}`</a>") == "&lt;a href=&#x27;x&#x27;&gt;&amp;&#96;&#36;{y}&#96;&lt;/a&gt;"


def test_plan_tooltips_show_units_and_pipe_length(html_en):
    texts = _bound_texts(html_en)
    # 450 kWp over roofs of 20,000 and 10,000 m2 -> 300 and 150 kWp
    assert any("Rooftop PV" in x and "300 kWp active" in x for x in texts)
    assert any("Rooftop PV" in x and "150 kWp active" in x for x in texts)
    assert any("Waste heat from F03 to F04" in x and "Pipe length 1.10 km" in x for x in texts)


def test_tenant_size_and_colour(s):
    # intensities t/M: T01 12000/120 = 100, T02 3000/40 = 75, T03 750/10 = 75
    html = map_html(build_map(s, None, EMISSIONS, lang="en"))
    radii = [float(r) for r in re.findall(r'"radius": ([0-9.]+)', html)]
    # areas proportional to emissions: 5 + 17*sqrt(e/12000) -> 22.0, 13.5, 9.25
    assert radii == pytest.approx([22.0, 13.5, 9.25])
    assert intensity_classes([100, 75, 75]) == [75.0, 75.0, 75.0, 100.0, 100.0]
    assert radius_px(5, 0) == 5.0


def test_without_emissions_or_boundary_and_with_osm_basemap(s):
    html = map_html(build_map(s, zone_boundary(s, None), None, basemap="osm"))
    assert "Emissions not computed" in html
    assert "tile.openstreetmap.org" in html  # the only external URL, and only when asked for
    assert '"dashArray": "6 6"' in html  # the derived outline is dashed
    assert "No boundary file" in html


def test_chinese_labels(s):
    html = map_html(build_map(s, load_zone_boundary(s, FIX), EMISSIONS, lang="zh"))
    texts = _bound_texts(html)
    assert json.dumps("入驻企业") in html and json.dumps("园区边界") in html  # layer names, JSON-escaped
    assert any("阿尔法汽车零部件" in x and "Alpha Auto Parts" in x for x in texts)  # bilingual popup
    assert any("中央锅炉" in x and "锅炉" in x for x in texts)


def test_several_measures_on_one_site_get_concentric_rings(s):
    from core.geo.sites import SitedMeasure

    loc = s.facilities[2].location
    sited = [SitedMeasure(m, m, m, "boiler", ("F03",), (loc,), 1.0, "kWth") for m in ("heat_pump", "biomass")]
    html = map_html(build_map(s, None, EMISSIONS, sited, 2030))
    radii = [float(r) for r in re.findall(r'"radius": ([0-9.]+)', html)]
    assert radii[-2:] == [17.0, 22.0]  # 17 px, then 17 + 5
    assert "Boiler replaced or upgraded" in html


def test_tenants_coloured_by_the_plan_cut():
    """Issue 18: with a plan, the map colours each tenant by the share of its BAU emissions the plan avoids."""
    from core.demo import load_demo
    from core.geo.build_map import CUT_COLOURS, build_map
    from core.optimise import solve

    s = load_demo("thai_auto")
    p = solve(s)
    y = p.years[-1]
    cut = p.tenancy.cut(y)
    bt = p.tenancy.by_tenant
    r = bt[(bt.tenant == "T03") & (bt.year == y)].iloc[0]
    assert cut["T03"] == pytest.approx(1 - r.plan_t / r.bau_t)  # by hand from the tenant's own rows
    html = build_map(s, tenant_cut=cut, year=y, lang="en").get_root().render()
    assert f"share of its business-as-usual emissions the plan avoids in {y}" in html
    used = {c for c in CUT_COLOURS if c in html}
    assert len(used) >= 2  # tenants fall in different classes
    assert f"Plan cut in {y}" in html


def test_batteries_and_gensets_stand_at_the_substation():
    """Issue 14: the storage and gensets of the hourly balance on the map, at the zone's substation."""
    from core.demo import load_demo
    from core.geo.build_map import build_map

    s = load_demo("thai_auto")
    sub = next(f for f in s.facilities if f.type == "substation")
    power = {"storage_mwh_installed": 32.9, "storage_mw_installed": 5.9, "genset_mw_installed": 2.0, "genset_mwh": 120}
    html = build_map(s, power=power, year=2050, lang="en").get_root().render()
    assert "Battery: 32.9 MWh / 5.9 MW" in html and "Genset: 2.0 MW, 120 MWh in the year" in html
    assert f"{sub.location[0]}, {sub.location[1]}" in html  # the marker at the substation
    assert "Storage and gensets 2050" in html
    none = build_map(s, power={"storage_mwh_installed": 0.0, "genset_mw_installed": 0.0}, year=2050, lang="en")
    assert "Storage and gensets" not in none.get_root().render()
