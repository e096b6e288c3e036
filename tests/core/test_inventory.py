"""Inventory arithmetic by hand (factors: IPCC 2006, GWP AR6, Thai TGO grid 0.475 t/MWh)."""

import json

import pytest

from core.baseline import baseline
from core.inventory import compute_inventory
from core.loader import validate_data
from core.units import GJ_PER_TCE
from tests.helpers import scenario_data


def _data(**assumptions):
    return scenario_data(
        zone={"name": "Hand zone", "area_ha": 10},
        assumptions=assumptions,
        tenants=[
            {
                "id": "T1",
                "name": "Metal works",
                "sector": "metal_products",
                "output_musd": 20,
                "location": [13.0, 101.0],
                "energy": {"electricity_mwh": 1000, "natural_gas_gj": 10000, "diesel_t": 10},
                "renewable_purchase_mwh": 200,
                "onsite_renewable_mwh": 100,
                "process_emissions_t": 50,
                "refrigerants": [{"gas": "HFC-134a", "leak_kg": 10}],
                "waste_t": 100,
                "waste_recycled_t": 60,
                "water_m3": 1000,
                "water_reused_m3": 250,
            },
            {
                "id": "T2",
                "name": "Wood dryer",
                "sector": "wood",
                "output_musd": 5,
                "location": [13.0, 101.01],
                "energy": {"biomass_t": 100, "steam_gj": 500},
            },
        ],
    )


# T1 natural gas 10000 GJ: CO2 10000*0.0561 = 561; CH4 10000*0.001*29.8/1000 = 0.298; N2O 10000*0.0001*273/1000 = 0.273
NG = 561 + 0.298 + 0.273  # 561.571
# T1 diesel 10 t * 43 GJ/t = 430 GJ: CO2 430*0.0741 = 31.863; CH4 430*0.003*29.8/1000 = 0.038442;
# N2O 430*0.0006*273/1000 = 0.070434
DIESEL = 31.863 + 0.038442 + 0.070434  # 31.971876
# T2 biomass 100 t * 15.6 = 1560 GJ: CH4 1560*0.03*27.0/1000 = 1.2636; N2O 1560*0.004*273/1000 = 1.70352
BIOMASS = 1.2636 + 1.70352  # 2.96712; biogenic CO2 memo 1560*0.112 = 174.72
PROCESS, FUGITIVE = 50.0, 10 * 1530 / 1000  # HFC-134a AR6 1530 -> 15.3 t
SCOPE1 = NG + DIESEL + BIOMASS + PROCESS + FUGITIVE  # 661.809996
ELEC_LOC = 1000 * 0.475  # 475
ELEC_MKT = (1000 - 200) * 0.475  # 380: 200 MWh green purchase at 0
STEAM = 500 * 0.11  # 55 (unverified default)


def test_hand_computed_totals():
    inv = compute_inventory(validate_data(_data()))
    t = inv.totals
    assert t["scope1_t"] == pytest.approx(SCOPE1)
    assert t["scope2_location_t"] == pytest.approx(ELEC_LOC + STEAM)  # 530
    assert t["scope2_market_t"] == pytest.approx(ELEC_MKT + STEAM)  # 435
    assert t["scope3_t"] == 0
    assert t["scope12_t"] == pytest.approx(t["total_t"])
    assert t["total_t"] == pytest.approx(SCOPE1 + 530)  # 1191.809996
    assert t["total_market_t"] == pytest.approx(SCOPE1 + 435)
    assert t["biogenic_co2_t"] == pytest.approx(174.72)


def test_lines_carry_their_factor():
    inv = compute_inventory(validate_data(_data()))
    ln = inv.lines
    gas = ln[(ln.tenant == "T1") & (ln.carrier == "natural_gas") & (ln.gas == "CO2")].iloc[0]
    assert gas.quantity == 10000 and gas.unit == "GJ"
    assert gas.factor == pytest.approx(0.0561) and gas.factor_unit == "tCO2/GJ"
    assert "IPCC 2006" in gas.factor_source and gas.factor_status == "verified"
    el = ln[ln.source == "electricity"].iloc[0]
    assert el.factor == 0.475 and "TGO" in el.factor_source and el.factor_year == 2026
    assert el.scope == 2 and el.scope2_market_t == pytest.approx(380)
    bio = ln[(ln.carrier == "biomass") & (ln.gas == "CO2_biogenic")].iloc[0]
    assert bio.t_co2e == 0 and bio.biogenic_co2_t == pytest.approx(174.72)
    assert ln[ln.source == "steam"].iloc[0].factor_status == "unverified"
    assert set(ln.columns) >= {
        "tenant",
        "tenant_name",
        "sector",
        "scope",
        "source",
        "carrier",
        "quantity",
        "unit",
        "factor",
        "factor_unit",
        "factor_source",
        "factor_year",
        "t_co2e",
        "biogenic_co2_t",
        "scope2_market_t",
    }


def test_kpis():
    k = compute_inventory(validate_data(_data())).kpis
    total = SCOPE1 + 530
    assert k["intensity_t_per_musd"] == pytest.approx(total / 25)  # output 20 + 5
    assert k["t_per_ha"] == pytest.approx(total / 10)
    # energy: NG 10000 + diesel 430 + biomass 1560 + steam 500 + (1000 grid + 100 on-site) MWh * 3.6 = 16450 GJ
    assert k["energy_gj"] == pytest.approx(16450)
    assert k["energy_tce"] == pytest.approx(16450 / 29.3076)  # = 561.29 tce
    assert GJ_PER_TCE == 29.3076
    # energy-related emissions: combustion NG + diesel + biomass non-CO2 + electricity 475 + steam 55
    assert k["t_co2_per_tce"] == pytest.approx((NG + DIESEL + BIOMASS + 475 + 55) / (16450 / 29.3076))
    assert k["renewable_share"] == pytest.approx((100 + 200) / 1100)  # 0.2727
    assert k["waste_recycling_rate"] == pytest.approx(0.6)  # 60 / 100
    assert k["water_reuse_rate"] == pytest.approx(0.2)  # 250 / (1000 + 250)
    assert k["output_musd"] == 25


def test_by_tenant_source_scope_carrier_sum_to_total():
    inv = compute_inventory(validate_data(_data()))
    total = inv.totals["total_t"]
    assert inv.by_tenant["total_t"].sum() == pytest.approx(total)
    assert inv.by_source["t_co2e"].sum() == pytest.approx(total)
    assert inv.by_scope["t_co2e"].sum() == pytest.approx(total)
    assert inv.by_sector["total_t"].sum() == pytest.approx(total)
    t1 = inv.by_tenant.set_index("tenant").loc["T1"]
    assert t1.scope1_t == pytest.approx(NG + DIESEL + PROCESS + FUGITIVE)
    assert t1.scope2_location_t == pytest.approx(475)
    carrier = inv.by_carrier.set_index("carrier")
    assert carrier.loc["diesel", "quantity"] == pytest.approx(430)
    assert carrier.loc["electricity", "t_co2e"] == pytest.approx(475)


def test_ar5_and_market_factor():
    inv = compute_inventory(validate_data(_data(gwp="AR5", market_factor_t_per_mwh=0.6)))
    # AR5 uses CH4 28, N2O 265: NG CH4 10000*0.001*28/1000 = 0.28, N2O 10000*0.0001*265/1000 = 0.265
    ng = inv.lines[(inv.lines.carrier == "natural_gas")]["t_co2e"].sum()
    assert ng == pytest.approx(561 + 0.28 + 0.265)
    # market: 800 MWh at residual mix 0.6 = 480, + steam 55
    assert inv.totals["scope2_market_t"] == pytest.approx(480 + 55)


def test_grid_override_path():
    inv = compute_inventory(validate_data(_data(grid_factor_t_per_mwh={2025: 0.4, 2030: 0.2})))
    assert inv.totals["scope2_location_t"] == pytest.approx(1000 * 0.4 + 55)
    assert inv.grid_factor.status == "user"


def test_optional_scope3():
    inv = compute_inventory(validate_data(_data(scope3=["water", "upstream_energy", "waste"])))
    # water: 1000 m3 * 0.00037 MWh/m3 * 0.475 = 0.17575 t; upstream electricity 1000 MWh * 0.0812 (TGO) = 81.2 t
    assert inv.totals["scope3_t"] == pytest.approx(0.17575 + 81.2)
    # listed Scope 3 categories count in total_t; scope12_t stays Scope 1 + 2 (location-based)
    assert inv.totals["scope12_t"] == pytest.approx(SCOPE1 + 530)
    assert inv.totals["total_t"] == pytest.approx(SCOPE1 + 530 + 81.37575)
    assert inv.totals["total_market_t"] == pytest.approx(SCOPE1 + 435 + 81.37575)
    assert any("waste" in n and "left out" in n for n in inv.notes)


def test_actual_year_replaces_reported_tenants():
    d = _data()
    d["evaluation"] = {"actuals": [{"year": 2026, "tenants": [{"id": "T1", "energy": {"electricity_mwh": 500}}]}]}
    s = validate_data(d)
    inv = compute_inventory(s, s.evaluation.actuals[0])
    assert inv.year == 2026
    # T1 only 500 MWh now (500*0.475 = 237.5) and its baseline refrigerant leak (15.3: actuals carry no
    # refrigerants); T2 unreported keeps baseline: biomass 2.96712 + steam 55
    assert inv.totals["total_t"] == pytest.approx(237.5 + FUGITIVE + BIOMASS + 55)
    assert any("T2" in n for n in inv.notes)


def test_zone_energy():
    e = baseline(validate_data(_data())).energy
    assert e["electricity"] == 1000 and e["diesel"] == pytest.approx(430) and e["coal"] == 0


def test_to_json_keys_and_serialisable():
    j = compute_inventory(validate_data(_data())).to_json()
    for k in (
        "base_year",
        "total_t",
        "scope1_t",
        "scope2_location_t",
        "scope2_market_t",
        "biogenic_co2_t",
        "by_tenant",
        "by_source",
        "kpis",
    ):
        assert k in j
    assert j["base_year"] == 2025
    json.dumps(j, allow_nan=False)
