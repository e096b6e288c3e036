"""Factor lookups: hand-checked against data/ and ../shared/domain (arithmetic in comments)."""

import pytest

from core import factors
from core.carriers import carriers
from tests.helpers import tenant, tiny_scenario


def _scenario(**assumptions):
    return tiny_scenario(assumptions=assumptions, tenants=[tenant("T1", sector="auto_parts", output_musd=1)])


def test_gwp_sets():
    assert factors.gwp("N2O", "AR6") == 273
    assert factors.gwp("N2O", "AR5") == 265
    assert factors.gwp("HFC-134a") == 1530
    # R-404A AR6 = 0.44*3740 + 0.52*5810 + 0.04*1530 = 1645.6 + 3021.2 + 61.2 = 4728
    assert factors.gwp("R-404A") == 4728
    with pytest.raises(KeyError, match="unknown gas"):
        factors.gwp("HFC-999")


def test_ch4_gwp_fossil_vs_biogenic():
    assert factors.ch4_gwp(False, "AR6") == 29.8
    assert factors.ch4_gwp(True, "AR6") == 27.0
    assert factors.ch4_gwp(False, "AR5") == 28  # generic CH4: AR5 fossil 30 is unverified


def test_diesel_co2e_per_gj_matches_ipcc_table():
    # AR6: (74.1 + 0.003*29.8 + 0.0006*273) / 1000 = (74.1 + 0.0894 + 0.1638) / 1000 = 0.0743532 t/GJ
    f = factors.fuel_factor("diesel")
    assert f.co2e_t_per_gj("AR6") == pytest.approx(0.0743532)
    # x 43.0 GJ/t = 3.19719 t/t, the AR6 column of the shared fuel table (3.1972)
    assert f.co2e_t_per_gj("AR6") * 43.0 == pytest.approx(3.1972, abs=1e-4)
    # AR5: (74.1 + 0.003*28 + 0.0006*265) / 1000 = 74.343 / 1000; x 43 = 3.1967
    assert f.co2e_t_per_gj("AR5") * 43.0 == pytest.approx(3.1967, abs=1e-4)


def test_biomass_counts_only_non_co2():
    # AR6: (0.03*27.0 + 0.004*273) / 1000 = (0.81 + 1.092) / 1000 = 0.001902 t/GJ; x 15.6 = 0.02967 t/t
    f = factors.fuel_factor("biomass")
    assert f.biogenic
    assert f.co2e_t_per_gj("AR6") == pytest.approx(0.001902)


def test_grid_factor_prefers_official_and_picks_year():
    th = factors.grid_factor("THA")
    assert th.value == 0.475 and "TGO" in th.source and th.year == 2026
    assert factors.grid_factor("EGY").value == 0.575  # Ember 2024, no official average known
    assert factors.grid_factor("CHN", 2022).value == 0.5366
    assert factors.grid_factor("CHN", 2030).value == 0.5306  # latest not after 2030
    assert factors.grid_factor("CHN", 2000).value == 0.5568  # none that old: earliest
    assert factors.grid_factor("UZB").value == 0.472  # Ember 1.121 flagged anomalous, excluded


def test_marginal_factors_are_kept_apart():
    assert factors.grid_marginal("THA").value == 0.413
    assert factors.grid_marginal("THA", "combined_margin_consumption").value == 0.351
    assert factors.grid_factor("THA").value != 0.351
    with pytest.raises(KeyError):
        factors.grid_marginal("XXX")


def test_known_countries():
    assert {"THA", "EGY", "NGA", "CHN", "VNM"} <= factors.known_countries()
    with pytest.raises(KeyError, match="no grid average"):
        factors.grid_factor("FRA")


def test_heat_factor_is_unverified_default():
    h = factors.heat_factor()
    assert h.value == 0.11 and h.status == "unverified"


def test_emission_factor_table_covers_every_carrier_and_year():
    s = _scenario(grid_factor_t_per_mwh={2025: 0.5, 2030: 0.3})
    t = factors.emission_factor_table(s, [2025, 2026, 2030, 2035])
    assert set(t) == set(carriers())
    # linear: 0.5 + (0.3 - 0.5) * 1/5 = 0.46; flat after the last year
    assert t["electricity"][2026] == pytest.approx(0.46)
    assert t["electricity"][2035] == pytest.approx(0.3)
    assert t["steam"][2030] == 0.11
    # natural gas AR6: (56.1 + 0.001*29.8 + 0.0001*273) / 1000 = 0.0561571
    assert t["natural_gas"][2025] == pytest.approx(0.0561571)


def test_emission_factor_table_default_grid_and_overrides():
    s = _scenario(
        gwp="AR5",
        emission_factor_overrides={
            "natural_gas": {"co2_kg_per_gj": 50.0, "source": "supplier"},
            "steam": {"co2_kg_per_gj": 62, "source": "gas boiler"},
        },
    )
    t = factors.emission_factor_table(s, [2025, 2040])
    assert t["electricity"] == {2025: 0.475, 2040: 0.475}  # flat Thai TGO factor
    # override CO2 only, IPCC CH4/N2O kept, AR5: (50 + 0.001*28 + 0.0001*265) / 1000 = 0.0500545
    assert t["natural_gas"][2040] == pytest.approx(0.0500545)
    assert t["steam"][2025] == pytest.approx(0.062)
    assert factors.fuel_factor("natural_gas", s).source.startswith("scenario override")
