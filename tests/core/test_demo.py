"""The three demo zones load, are labelled illustrative and look like what they claim to be."""

import json

import pytest

from core.demo import demo_zones, load_demo
from core.inventory import compute_inventory, sector_name, sectors

COUNTRY = {"thai_auto": "THA", "egypt_materials": "EGY", "nigeria_selfgen": "NGA"}
# rough bounding boxes of the host countries (lat_min, lat_max, lon_min, lon_max)
BBOX = {"THA": (5.6, 20.5, 97.3, 105.7), "EGY": (22.0, 31.7, 24.7, 36.9), "NGA": (4.2, 13.9, 2.7, 14.7)}


@pytest.mark.parametrize("slug", list(COUNTRY))
def test_demo_zone(slug):
    s = load_demo(slug)
    assert s.zone.illustrative and "illustrative" in s.zone.name.lower()
    assert s.zone.country == COUNTRY[slug]
    assert 15 <= len(s.tenants) <= 40
    lat0, lat1, lon0, lon1 = BBOX[s.zone.country]
    for t in s.tenants:
        assert lat0 <= t.location[0] <= lat1 and lon0 <= t.location[1] <= lon1, t.id
    types = {f.type for f in s.facilities}
    assert {"rooftop", "substation", "wastewater_plant"} <= types
    assert any(f.roof_area_m2 for f in s.facilities if f.type == "rooftop")
    assert s.targets.milestones and s.budget.capex_per_year
    assert any(t.exports for t in s.tenants), "CBAM-relevant exporters"
    custom = s.measures.custom
    assert any(m.from_facility and m.to_facility for m in custom), "a facility-to-facility link measure"
    assert any(m.tenant for m in custom), "a tenant measure"
    fac_ids = {f.id for f in s.facilities}
    for m in custom:
        assert {m.from_facility, m.to_facility} - {None} <= fac_ids
    assert s.assumptions.prices and s.assumptions.carbon_price_per_t


@pytest.mark.parametrize("slug", list(COUNTRY))
def test_demo_boundary_contains_tenants(slug):
    path = demo_zones()[slug].parent / "boundary.geojson"
    geo = json.loads(path.read_text(encoding="utf-8"))
    ring = geo["features"][0]["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) >= 4
    assert geo["features"][0]["properties"]["illustrative"] is True

    def inside(lat, lon):  # ray casting on [lon, lat] ring
        n, ok = len(ring), False
        for i in range(n - 1):
            (x1, y1), (x2, y2) = ring[i], ring[i + 1]
            if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
                ok = not ok
        return ok

    s = load_demo(slug)
    assert all(inside(*t.location) for t in s.tenants)
    assert all(inside(*f.location) for f in s.facilities)


def test_demo_inventories_are_plausible():
    totals = {slug: compute_inventory(load_demo(slug)).totals["total_t"] for slug in COUNTRY}
    # orders of magnitude of a mid-size zone: 0.1-3 MtCO2e
    assert all(1e5 < v < 3e6 for v in totals.values()), totals
    # the cement-heavy Egyptian zone emits most
    assert max(totals, key=totals.get) == "egypt_materials"


def test_unknown_demo():
    with pytest.raises(KeyError, match="thai_auto"):
        load_demo("atlantis")


@pytest.mark.parametrize("slug", list(COUNTRY))
def test_demo_sectors_have_names(slug):
    s = load_demo(slug)
    assert {t.sector for t in s.tenants} <= set(sectors())
    assert sector_name("cement", "zh") == "水泥" and sector_name("no_such_sector") == "no_such_sector"
    by_sector = compute_inventory(s).by_sector
    assert by_sector["name_en"].notna().all() and by_sector["tenants"].sum() == len(s.tenants)
