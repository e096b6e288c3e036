"""Geography that feeds the optimiser (distances, link capex, roof potential) and where the plan's measures sit."""

import math

import pandas as pd
import pytest

from core.geo import GeoError, haversine_km, link_capex, link_length_km, roof_potential_kwp, roof_potentials_kwp
from core.geo.distance import EARTH_RADIUS_KM, utm_epsg
from core.geo.sites import active_units, plan_years, site_at, site_plan
from core.loader import load_scenario
from core.schema import MeasureOverride
from tests.helpers import FIXTURES

FIX = FIXTURES / "geo" / "zone"


@pytest.fixture(scope="module")
def s():
    return load_scenario(FIX / "scenario.yaml")


def test_haversine_by_hand():
    # quarter meridian: pole to equator = R * pi / 2
    assert haversine_km((90.0, 0.0), (0.0, 0.0)) == pytest.approx(EARTH_RADIUS_KM * math.pi / 2)
    # 0.01 deg of latitude = R * 0.01 * pi / 180 = 1.11195 km at any longitude
    assert haversine_km((13.0, 101.0), (13.01, 101.0)) == pytest.approx(1.11195, abs=1e-5)
    assert haversine_km((13.0, 101.0), (13.0, 101.0)) == 0


def test_utm_zone_edges():
    assert utm_epsg(0.0, -180.0) == 32601 and utm_epsg(0.0, 179.99) == 32660 and utm_epsg(0.0, 180.0) == 32660
    assert utm_epsg(30.0, 31.2) == 32636  # Cairo / Suez: zone 36N
    assert utm_epsg(-33.9, 18.4) == 32734  # Cape Town: zone 34S


def test_link_length_and_capex(s):
    # F03 (13.054, 101.124) -> F04 (13.046, 101.118): dlat = 0.008, dlon = 0.006 deg
    # haversine with R = 6371.0088 km: 1.1017 km (flat check: sqrt((0.008*111.195)^2 + (0.006*111.195*cos 13.05)^2)
    #   = sqrt(0.8896^2 + 0.6499^2) = 1.1017)
    km = link_length_km(s, "F03", "F04")
    flat = math.hypot(0.008 * 111.195, 0.006 * 111.195 * math.cos(math.radians(13.05)))
    assert km == pytest.approx(flat, rel=1e-3) and km == pytest.approx(1.1017, abs=1e-3)
    m = s.measures.custom[0]
    assert link_capex(s, m) == pytest.approx(300_000 * km)  # pipe_capex_per_km x km = ~330,510
    # a tenant id works as an end point too; unknown ids say which
    assert link_length_km(s, "T01", "F01") == pytest.approx(haversine_km((13.05, 101.12), (13.051, 101.121)))
    with pytest.raises(GeoError, match="unknown facility or tenant 'F99'"):
        link_length_km(s, "F03", "F99")


def test_link_capex_is_zero_for_non_links(s):
    assert link_capex(s, MeasureOverride(id="x")) == 0
    assert link_capex(s, MeasureOverride(id="x", from_facility="F03", to_facility="F04")) == 0  # no pipe cost
    assert link_capex(s, MeasureOverride(id="x", facility="F03", pipe_capex_per_km=1e6)) == 0  # not a link


def test_roof_potential(s):
    # F01 20,000 m2 + F02 10,000 m2 at 0.15 kWp/m2 = 3,000 + 1,500 = 4,500 kWp
    assert roof_potentials_kwp(s.facilities, 0.15) == {"F01": 3000.0, "F02": 1500.0}
    assert roof_potential_kwp(s.facilities, 0.15) == 4500.0
    assert roof_potential_kwp(s.facilities, 0.2) == pytest.approx(6000.0)
    assert roof_potential_kwp([], 0.15) == 0
    # default: 6 m2 per kWp as the catalogue's rooftop_pv -> 30,000 m2 / 6 = 5,000 kWp
    assert roof_potential_kwp(s.facilities) == pytest.approx(5000.0)
    with pytest.raises(GeoError):
        roof_potential_kwp(s.facilities, -1)


UNITS = pd.DataFrame(
    [
        {"measure": "heat_f03_f04", "year": 2028, "built": 1, "active": 1},
        {"measure": "heat_f03_f04", "year": 2029, "built": 0, "active": 1},
        {"measure": "rooftop_pv", "year": 2029, "built": 900, "active": 900},
        {"measure": "boiler_swap", "year": 2029, "built": 1, "active": 1},
        {"measure": "t01_motors", "year": 2029, "built": 50, "active": 50},
        {"measure": "led", "year": 2029, "built": 10, "active": 10},
        {"measure": "heat_pump", "year": 2029, "built": 300, "active": 300},
        {"measure": "unused", "year": 2029, "built": 0, "active": 0},
    ]
)
MEASURES = pd.DataFrame(
    [
        {"id": "heat_f03_f04", "name_en": "Heat link", "name_zh": "余热", "unit": "unit",
         "from_facility": "F03", "to_facility": "F04"},
        {"id": "rooftop_pv", "name_en": "Rooftop PV", "name_zh": "屋顶光伏", "unit": "kWp",
         "resource_use": {"roof_area_m2": 6.7}},
        {"id": "boiler_swap", "name_en": "Heat pump", "name_zh": "热泵", "unit": "unit", "facility": "F03"},
        {"id": "t01_motors", "name_en": "Motors", "name_zh": "电机", "unit": "kW", "tenant": "T01"},
        {"id": "led", "name_en": "LED", "name_zh": "LED", "unit": "site"},
        {"id": "heat_pump", "name_en": "Heat pump", "name_zh": "热泵", "unit": "kWth"},
    ]
)  # fmt: skip


def test_site_plan_places_each_measure(s):
    ps = site_plan(s, UNITS, MEASURES, 2029)
    by = {(m.measure, m.site_ids): m for m in ps.sited}
    link = by[("heat_f03_f04", ("F03", "F04"))]
    assert link.kind == "link" and link.length_km == pytest.approx(1.1017, abs=1e-3)
    # 900 kWp spread by roof area: F01 20,000 / 30,000 -> 600 kWp, F02 10,000 / 30,000 -> 300 kWp
    assert by[("rooftop_pv", ("F01",))].units == pytest.approx(600)
    assert by[("rooftop_pv", ("F02",))].units == pytest.approx(300)
    assert by[("rooftop_pv", ("F01",))].kind == "roof"
    assert by[("boiler_swap", ("F03",))].kind == "facility"
    assert by[("t01_motors", ("T01",))].kind == "tenant" and by[("t01_motors", ("T01",))].locations == (
        (13.05, 101.12),
    )
    assert [(z.measure, z.name_en, z.kind, z.units, z.unit) for z in ps.zone_wide] == [
        ("led", "LED", "zone", 10.0, "site")
    ]
    # a kWth heat measure naming no site goes to the zone's only boiler, F03 (no capacity given -> equal shares)
    assert by[("heat_pump", ("F03",))].kind == "boiler" and by[("heat_pump", ("F03",))].units == 300
    assert "unused" not in {m.measure for m in ps.sited}
    # 2028: only the link is active
    assert [m.measure for m in site_plan(s, UNITS, MEASURES, 2028).sited] == ["heat_f03_f04"]
    assert site_plan(s, UNITS, MEASURES, 2040).sited == []


def test_site_plan_accepts_measure_models(s):
    ps = site_plan(s, UNITS, s.measures.custom, 2028)
    assert ps.sited[0].name_zh == "F03余热供F04" and ps.sited[0].kind == "link"


def test_units_helpers():
    assert active_units(UNITS, 2029)["rooftop_pv"] == 900 and "unused" not in active_units(UNITS, 2029)
    assert plan_years(UNITS) == [2028, 2029]
    assert plan_years(UNITS.iloc[0:0]) == [] and active_units(pd.DataFrame(), 2029) == {}
    indexed = UNITS.set_index(["measure", "year"])
    assert active_units(indexed, 2028) == {"heat_f03_f04": 1.0} and plan_years(indexed) == [2028, 2029]


def test_site_at_picks_the_nearest_tenant_first(s):
    assert site_at(s, 13.05, 101.12) == ("tenant", "T01")
    assert site_at(s, 13.0541, 101.1241) == ("facility", "F03")  # ~15 m from F03
    assert site_at(s, 13.0, 101.0) is None


def test_heat_measures_spread_over_boilers_by_capacity(s):
    f03 = s.facilities[2].model_copy(update={"capacity_mw": 3.0})
    f05 = f03.model_copy(update={"id": "F05", "capacity_mw": 1.0, "location": (13.047, 101.119)})
    s2 = s.model_copy(update={"facilities": [*s.facilities[:2], f03, s.facilities[3], f05]})
    units = pd.DataFrame([{"measure": "biomass_boiler", "year": 2030, "built": 400, "active": 400}])
    ps = site_plan(
        s2, units, [{"id": "biomass_boiler", "name_en": "Biomass", "name_zh": "生物质", "unit": "kWth"}], 2030
    )
    # 400 kWth by capacity 3 : 1 -> 300 on F03, 100 on F05
    assert {m.site_ids[0]: m.units for m in ps.sited} == {"F03": 300.0, "F05": 100.0}
    assert {m.kind for m in ps.sited} == {"boiler"}
