"""The site and the host country decide what a measure is (issue 12): PV yield from the location, green power
only through an instrument the host country offers, at its price."""

import pytest

from core.catalogue import resolve_measures, unavailable
from core.demo import load_demo
from core.optimise.data import prepare
from tests.helpers import tenant, tiny_scenario


def _measures(s):
    return {m.id: m for m in resolve_measures(s)}


def test_pv_yield_follows_the_site():
    egypt = _measures(load_demo("egypt_materials"))["rooftop_pv"].effects.quantities()["onsite_renewable_mwh"]
    thai = _measures(load_demo("thai_auto"))["rooftop_pv"].effects.quantities()["onsite_renewable_mwh"]
    assert egypt > 1.2 * thai  # Ain Sokhna ~1.9 MWh/kWp vs Rayong ~1.48


def test_a_thai_zone_buys_green_power_through_the_utility_green_tariff():
    s = load_demo("thai_auto")
    g = _measures(s)["green_ppa"]
    assert "UGT" in g.source and "utility green tariff" in g.source
    assert g.om_per_unit_year > 100  # the tariff is still paid, plus the premium: not a 60 USD/MWh PPA


def test_no_instrument_no_green_power():
    # Ethiopia's data lists certificates only: no way to buy delivered green power, so the measure is not offered
    s = tiny_scenario(
        zone={"country": "ETH"}, tenants=[tenant("T1", location=[9.0, 38.7], energy={"electricity_mwh": 1000})]
    )
    assert _measures(s)["green_ppa"].max_units == 0
    assert ("green_ppa", "host rules") in unavailable(s)
    assert any(k == "unavailable" and "green_ppa" in f["ids"] for k, f in prepare(s).notes)


def test_country_without_host_data_keeps_the_generic_instrument():
    s = tiny_scenario(
        zone={"country": "CHN"}, tenants=[tenant("T1", location=[31.2, 121.5], energy={"electricity_mwh": 1000})]
    )
    g = _measures(s)["green_ppa"]
    assert g.max_units and g.max_units > 0
    assert g.om_per_unit_year == pytest.approx(60.0)
