"""The site and the host country decide: PV yield by location (data/pv_yield.csv) and the host-country
library (data/host/: green-power instruments by date, carbon pricing, tariffs)."""

import pytest

from core import site
from tests.helpers import tenant, tiny_scenario

AIN_SOKHNA = (29.6, 32.3)
RAYONG = (13.0, 101.1)


# ---------------------------------------------------------------- site: PV yield


def test_egypt_ain_sokhna_yields_over_1_2x_thailand_rayong():
    eg = site.pv_yield_mwh_per_kwp("EGY", *AIN_SOKHNA)
    th = site.pv_yield_mwh_per_kwp("THA", *RAYONG)
    assert eg.value > 1.2 * th.value
    assert eg.value == pytest.approx(1.9) and "Gulf of Suez" in eg.region  # region box, an assumption
    assert eg.status == "assumption" and eg.low == pytest.approx(1.8) and eg.high == pytest.approx(1.97)
    assert th.value == pytest.approx(1.482) and th.status == "secondary" and th.year == 2020  # ESMAP country
    assert "ESMAP" in th.source and th.url.startswith("https://")


def test_pv_yield_region_then_country_then_generic():
    assert site.pv_yield_mwh_per_kwp("VNM", 10.9, 106.7).value == pytest.approx(1.4)  # HCMC: south-east box
    assert site.pv_yield_mwh_per_kwp("VNM", 21.0, 105.8).value == pytest.approx(1.15)  # Hanoi: north box
    assert site.pv_yield_mwh_per_kwp("VNM").value == pytest.approx(1.296)  # no point: country
    assert site.pv_yield_mwh_per_kwp("EGY", 0.0, 0.0).value == pytest.approx(1.916)  # outside every box
    gen = site.pv_yield_mwh_per_kwp("FRA", 45.0, 2.0)
    assert gen.value == site.GENERIC_PV_YIELD_MWH_PER_KWP == 1.4 and gen.status == "assumption"
    assert "generic" in gen.source


def test_pv_yield_for_a_scenario_uses_the_tenants_mean_location():
    s = tiny_scenario(
        zone={"name": "Z", "country": "EGY", "area_ha": 100},
        tenants=[tenant("A", location=[29.5, 32.2]), tenant("B", location=[29.7, 32.4])],
    )
    assert site.zone_location(s) == pytest.approx(AIN_SOKHNA)
    assert site.pv_yield_for(s).value == pytest.approx(1.9)
