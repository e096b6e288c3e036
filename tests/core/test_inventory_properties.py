"""Inventory properties over random zones (hypothesis): sums agree, scaling is linear, market <= location."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.inventory import compute_inventory
from tests.helpers import tiny_scenario

KEYS = ["electricity_mwh", "natural_gas_gj", "diesel_l", "coal_t", "lpg_t", "biomass_t", "steam_gj", "fuel_oil_t"]
qty = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
tenant = st.fixed_dictionaries(
    {
        "energy": st.dictionaries(st.sampled_from(KEYS), qty, max_size=5),
        "output_musd": st.floats(min_value=0.1, max_value=500),
        "process_emissions_t": st.floats(min_value=0, max_value=1e5),
        "green": st.floats(min_value=0, max_value=1),
    }
)


def _scenario(tenants, scale=1.0, country="NGA", gwp="AR6"):
    rows = []
    for i, t in enumerate(tenants):
        energy = {k: v * scale for k, v in t["energy"].items()}
        rows.append(
            {
                "id": f"T{i}",
                "name": f"t{i}",
                "sector": "other",
                "output_musd": t["output_musd"],
                "location": [6.9, 3.3],
                "energy": energy,
                "process_emissions_t": t["process_emissions_t"] * scale,
                "renewable_purchase_mwh": energy.get("electricity_mwh", 0) * t["green"],
            }
        )
    return tiny_scenario(zone={"name": "P", "country": country, "area_ha": 50}, assumptions={"gwp": gwp}, tenants=rows)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(tenant, min_size=1, max_size=6),
    st.sampled_from(["THA", "EGY", "NGA", "CHN"]),
    st.sampled_from(["AR5", "AR6"]),
)
def test_sums_agree_and_market_not_above_location(tenants, country, gwp):
    inv = compute_inventory(_scenario(tenants, country=country, gwp=gwp))
    t = inv.totals
    assert t["total_t"] == pytest.approx(inv.lines["t_co2e"].sum(), rel=1e-9, abs=1e-6)
    assert t["total_t"] == pytest.approx(t["scope1_t"] + t["scope2_location_t"] + t["scope3_t"], rel=1e-9, abs=1e-6)
    assert inv.by_tenant["total_t"].sum() == pytest.approx(t["total_t"], rel=1e-9, abs=1e-6)
    assert t["scope2_market_t"] <= t["scope2_location_t"] + 1e-6
    assert (inv.lines["t_co2e"] >= 0).all() and t["biogenic_co2_t"] >= 0
    share = inv.kpis["renewable_share"]
    assert share is None or 0 <= share <= 1 + 1e-12


@settings(max_examples=15, deadline=None)
@given(st.lists(tenant, min_size=1, max_size=4), st.floats(min_value=0.1, max_value=10))
def test_scaling_activity_scales_emissions(tenants, k):
    a = compute_inventory(_scenario(tenants)).totals
    b = compute_inventory(_scenario(tenants, scale=k)).totals
    for key in ("total_t", "scope1_t", "scope2_location_t", "scope2_market_t", "biogenic_co2_t"):
        assert b[key] == pytest.approx(a[key] * k, rel=1e-9, abs=1e-6)
