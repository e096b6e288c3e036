"""Measure catalogue: data quality, scenario overrides, derived potentials and checks."""

import csv

import pytest

from core.catalogue import CATALOGUE, load_catalogue, resolve_measures
from core.checks import check_measures
from core.errors import ScenarioError
from core.loader import validate_data
from core.schema import AREAS
from core.tables import DATA
from tests.helpers import scenario_data, tenant

REQUIRED = [
    "rooftop_pv",
    "led_lighting",
    "vfd_motors",
    "compressed_air",
    "heat_pump",
    "waste_heat_recovery",
    "green_ppa",
    "carbon_credits",
]


def scenario(**extra):
    t1 = tenant("T1", sector="auto_parts", energy={"electricity_mwh": 10000, "natural_gas_gj": 50000})
    facilities = [
        {"id": "F1", "type": "rooftop", "location": [13, 101], "roof_area_m2": 3000},
        {"id": "F2", "type": "warehouse", "location": [13.01, 101], "roof_area_m2": 1200},
    ]
    return scenario_data(**{"horizon": 2035, "tenants": [t1], "facilities": facilities, **extra})


def test_catalogue_has_25_sourced_measures_over_five_areas():
    ms = load_catalogue()
    assert len(ms) >= 25
    ids = [m.id for m in ms]
    assert len(ids) == len(set(ids))
    assert set(REQUIRED) <= set(ids)
    assert {m.area for m in ms} == set(AREAS)
    with open(DATA / CATALOGUE, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            assert row["source"].strip(), row["id"]
            assert row["status"] in {"verified", "secondary", "unverified", "assumption"}, row["id"]
            assert "REFERENCE.md" not in row["source"], row["id"]  # public sources only
            assert row["id"].isascii() and row["name_zh"].strip()


def test_roof_area_from_facilities_limits_rooftop_pv():
    ms = {m.id: m for m in resolve_measures(validate_data(scenario()))}
    # roof 3,000 + 1,200 = 4,200 m2 at 6 m2/kWp -> 700 kWp
    assert ms["rooftop_pv"].max_units == pytest.approx(700)
    # streams (data/end_use_shares.csv, auto_parts): motors 31.26 % of 10,000 MWh = 3,126 MWh. IE4 motors (4 %)
    # come first on that stream, VFDs take 20 % of what they leave: 0.2 x 0.96 x 3,126 = 600.19 MWh/yr
    assert ms["ie4_motors"].max_units == pytest.approx(0.04 * 3126)
    assert ms["vfd_motors"].max_units == pytest.approx(0.2 * 0.96 * 3126)
    # gas below 150 C: 7.35 % of fuel, space heating (32.18 %) dropped -> 0.0735 / 0.6782 x 50,000 = 5,418.8 GJ;
    # heat pumps take 90 % of it at 16 GJ of gas per kWth -> 304.8 kWth
    assert ms["heat_pump"].max_units == pytest.approx(0.9 * 50000 * 0.0735 / (1 - 0.3218) / 16, rel=1e-4)


def test_overrides_disabled_and_custom():
    s = validate_data(
        scenario(
            measures={
                "overrides": [{"id": "rooftop_pv", "max_units": 100, "capex_per_unit": 500}],
                "disabled": ["ccus"],
                "custom": [
                    {
                        "id": "heat_link",
                        "name_en": "Heat link",
                        "name_zh": "余热管道",
                        "area": "energy",
                        "unit": "unit",
                        "capex_per_unit": 1000,
                        "lifetime_years": 15,
                        "integer": True,
                        "max_units": 1,
                        "from_facility": "F1",
                        "to_facility": "F2",
                        "pipe_capex_per_km": 100000,
                        "effects": {"natural_gas_gj": -1000},
                    }
                ],
            }
        )
    )
    ms = {m.id: m for m in resolve_measures(s)}
    assert ms["rooftop_pv"].max_units == 100 and ms["rooftop_pv"].capex_per_unit == 500
    assert "ccus" not in ms
    # 0.01 degree of latitude = 1.112 km of pipe at 100,000 per km -> capex 1,000 + ~111,195
    assert ms["heat_link"].capex_per_unit == pytest.approx(1000 + 111195, rel=1e-3)


def test_check_measures_names_every_problem():
    bad = scenario(
        measures={
            "overrides": [{"id": "no_such"}],
            "disabled": ["nope"],
            "custom": [
                {
                    "id": "rooftop_pv",
                    "name_en": "x",
                    "name_zh": "x",
                    "area": "energy",
                    "unit": "u",
                    "capex_per_unit": 1,
                    "lifetime_years": 1,
                },
                {
                    "id": "mine",
                    "name_en": "x",
                    "name_zh": "x",
                    "area": "energy",
                    "unit": "u",
                    "capex_per_unit": 1,
                    "lifetime_years": 1,
                    "facility": "F9",
                    "requires": ["ghost"],
                },
                {
                    "id": "mine",
                    "name_en": "x",
                    "name_zh": "x",
                    "area": "energy",
                    "unit": "u",
                    "capex_per_unit": 1,
                    "lifetime_years": 1,
                },
            ],
        }
    )
    with pytest.raises(ScenarioError) as e:
        validate_data(bad)
    got = {(i.path, i.message) for i in e.value.issues}
    assert ("measures.overrides[0].id", "unknown measure 'no_such'") in got
    assert ("measures.disabled[0]", "unknown measure 'nope'") in got
    assert any(p == "measures.custom[0].id" and "catalogue measure" in m for p, m in got)
    assert ("measures.custom[2].id", "duplicate measure id 'mine'") in got
    assert ("measures.custom[1].facility", "unknown facility 'F9'") in got
    assert ("measures.custom[1].requires[0]", "unknown measure 'ghost'") in got


def test_prerequisite_cycle_is_an_error():
    m = {"name_en": "x", "name_zh": "x", "area": "energy", "unit": "u", "capex_per_unit": 1, "lifetime_years": 1}
    s = scenario(measures={"custom": [{**m, "id": "a", "requires": ["b"]}, {**m, "id": "b", "requires": ["a"]}]})
    with pytest.raises(ScenarioError) as e:
        validate_data(s)
    assert any("cycle" in i.message for i in e.value.issues)


def test_demo_zone_measures_are_valid():
    from core.demo import demo_zones, load_demo

    for slug in demo_zones():
        s = load_demo(slug)
        assert check_measures(s) == []
        assert len(resolve_measures(s)) >= 25
