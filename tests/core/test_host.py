"""The site and the host country decide: PV yield by location (data/pv_yield.csv) and the host-country
library (data/host/: green-power instruments by date, carbon pricing, tariffs)."""

import datetime as dt

import pytest

from core import host, site
from core.i18n import t
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


# ---------------------------------------------------------------- host-country library


def _ids(country, when, kind=None):
    return {i.id for i in host.instruments(country, when, kind)}


def test_a_thai_zone_in_2026_gets_the_utility_green_tariff_not_a_direct_ppa():
    got = host.instruments("THA", 2026)
    kinds = {i.kind for i in got}
    assert "utility_green_tariff" in kinds and "direct_ppa" not in kinds
    (ugt,) = host.instruments("THA", 2026, "utility_green_tariff")
    assert ugt.id == "THA_UGT1_2026" and ugt.price == pytest.approx(0.0375) and ugt.price_unit == "THB/kWh"
    assert ugt.price_basis == "premium_over_tariff" and ugt.status == "secondary" and ugt.url.startswith("https://")
    assert _ids("THA", 2025, "utility_green_tariff") == {"THA_UGT1_2025"}  # 0.0594 THB/kWh in 2025
    assert _ids("THA", 2024, "utility_green_tariff") == set()  # UGT1 launched 23 Jan 2025
    assert "THA_UGT2" not in _ids("THA", 2030)  # not launched: never offered
    assert all(i.country == "THA" for i in got)


def test_viet_nam_dppa_from_its_decree_date():
    assert "VNM_DPPA_GRID" not in _ids("VNM", dt.date(2025, 3, 2))
    assert "VNM_DPPA_GRID" in _ids("VNM", dt.date(2025, 3, 3))  # Decree 57/2025, 3 Mar 2025
    assert "VNM_DPPA_GRID" in _ids("VNM", 2025) and "VNM_DPPA_GRID" not in _ids("VNM", 2024)
    (dppa,) = host.instruments("VNM", 2026, "direct_ppa")
    assert dppa.min_load_mwh_per_month == 200  # 200,000 kWh/month
    # rooftop surplus sale: 20 % (Decree 58) until 25 Jun 2026, then 50 % (Decree 243/2026, to check)
    assert _ids("VNM", 2025, "rooftop_export") == {"VNM_ROOFTOP_EXPORT_D58"}
    (d243,) = host.instruments("VNM", 2026, "rooftop_export")
    assert d243.id == "VNM_ROOFTOP_EXPORT_D243" and d243.volume_limit_share == 0.5 and d243.check


def test_a_rule_is_not_available_before_it_starts():
    # Malaysia's Solar ATAP starts 1 Jan 2026: not in 2025
    assert "MYS_SOLAR_ATAP" not in _ids("MYS", 2025) and "MYS_SOLAR_ATAP" in _ids("MYS", 2026)
    assert not [c for c in host.carbon_price("MYS", 2025) if c.kind == "tax"]  # carbon tax announced for 2026
    (tax,) = host.carbon_price("MYS", 2026)
    assert tax.check and tax.price is None  # rate not published


def test_egypt_net_metering_ends_2025_and_p2p_is_for_new_transmission_sites():
    assert "EGY_NET_METERING" in _ids("EGY", 2025) and "EGY_NET_METERING" not in _ids("EGY", 2026)
    (p2p,) = host.instruments("EGY", 2026, "direct_ppa")
    assert p2p.check and "TRANSMISSION" in p2p.eligibility and p2p.volume_limit_mw == 500
    assert "EGY_PRIVATE_SUPPLY" in _ids("EGY", 2026)  # third-party supply (Circular 3/2023)
    assert "EGY_IREC" not in _ids("EGY", 2026)  # not confirmed
    assert host.carbon_price("EGY", 2026) == []  # no carbon price found


def test_nigeria_eligible_customers_and_captive_generation():
    (ec,) = host.instruments("NGA", 2026, "direct_ppa")
    assert ec.id == "NGA_ELIGIBLE_CUSTOMER" and ec.check and ec.min_load_mwh_per_month == 1440  # 2 MWh/h
    assert "NGA_CAPTIVE" in _ids("NGA", 2026) and "NGA_CAPTIVE" not in _ids("NGA", 2022)  # Act of 8 Jun 2023
    assert host.carbon_price("NGA", 2026) == []
    (band_a,) = host.tariff("NGA")
    assert band_a.price_local_per_kwh == 225 and band_a.currency == "NGN"


def test_carbon_prices_and_tariffs():
    (th,) = host.carbon_price("THA", 2026)
    assert th.price == 200 and th.adds_cost == "no" and th.check  # revenue-neutral, date unconfirmed
    vn = host.carbon_price("VNM", 2026)
    assert [c.kind for c in vn] == ["ets"] and "steel" in vn[0].sectors
    assert {c.kind for c in host.carbon_price("IDN", 2026)} == {"ets", "exchange"}  # carbon tax not enacted
    el = host.tariff("THA")
    assert el[0].customer_class == "industrial" and el[0].price_local_per_kwh == pytest.approx(3.3443)
    vn_el = host.tariff("VNM")
    assert vn_el[0].current and vn_el[-1].year == 2023 and not vn_el[-1].current  # superseded last
    assert host.tariff("EGY", "natural_gas")[0].usd_per_mwh == pytest.approx(19.6)


def test_a_country_without_host_data_gets_empty_lists_and_a_note():
    assert host.has_host_data("THA") and host.host_note("THA") is None
    assert not host.has_host_data("FRA")
    assert host.instruments("FRA", 2026) == [] and host.carbon_price("FRA", 2026) == []
    assert host.tariff("FRA") == []
    assert host.host_note("FRA") == host.NO_HOST_DATA == "common.no_host_data"
    assert t(host.NO_HOST_DATA, "en", country="FRA").startswith("No host data for FRA: generic assumptions")
    assert "暂无东道国数据" in t(host.NO_HOST_DATA, "zh", country="FRA")


def test_every_target_country_has_host_rows():
    for iso in ("THA", "VNM", "IDN", "MYS", "KHM", "EGY", "NGA", "ETH"):
        assert host.has_host_data(iso), iso
        assert host.source_rows(iso)
