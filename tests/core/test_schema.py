"""Schema behaviour: strict, frozen, units in names, derived values."""

import pytest
from pydantic import ValidationError

from core.schema import Effects, Energy, Scenario

MIN = {
    "zone": {"name": "Z", "country": "THA", "area_ha": 10},
    "base_year": 2025,
    "horizon": 2030,
    "tenants": [{"id": "T1", "name": "t", "sector": "plastics", "output_musd": 1, "location": [13, 101]}],
}


def test_minimal_scenario_and_defaults():
    s = Scenario.model_validate(MIN)
    assert s.plan_years == [2026, 2027, 2028, 2029, 2030]
    assert s.currency == "USD" and s.assumptions.gwp == "AR6" and s.assumptions.discount_rate == 0.08
    assert s.assumptions.activity.growth == 0.0
    assert s.measures.catalogue == "default"


def test_models_are_frozen():
    s = Scenario.model_validate(MIN)
    with pytest.raises(ValidationError):
        s.base_year = 2024


def test_energy_quantities_only_given_keys():
    e = Energy(electricity_mwh=5, diesel_l=100)
    assert e.quantities() == {"electricity_mwh": 5, "diesel_l": 100}
    assert Effects(natural_gas_gj=-10, offsets_t=3).quantities() == {"natural_gas_gj": -10, "offsets_t": 3}


def test_effects_may_be_negative_energy_may_not():
    Effects(electricity_mwh=-100)
    with pytest.raises(ValidationError):
        Energy(electricity_mwh=-100)


def test_strings_are_stripped_and_unknown_keys_rejected():
    d = {**MIN, "zone": {**MIN["zone"], "name": "  Z  "}}
    assert Scenario.model_validate(d).zone.name == "Z"
    with pytest.raises(ValidationError, match="extra"):
        Scenario.model_validate({**MIN, "colour": "green"})


def test_facility_fuel_must_be_a_carrier():
    fac = {"id": "F1", "type": "boiler", "location": [13, 101], "fuel": "unobtainium"}
    with pytest.raises(ValidationError, match="unknown carrier"):
        Scenario.model_validate({**MIN, "facilities": [fac]})
    Scenario.model_validate({**MIN, "facilities": [{**fac, "fuel": "natural_gas"}]})


def test_activity_path_and_budget_forms():
    s = Scenario.model_validate(
        {**MIN, "assumptions": {"activity": {"path": {2030: 1.5, 2025: 1.0}}}, "budget": {"capex_per_year": 1e6}}
    )
    assert list(s.assumptions.activity.path) == [2025, 2030]  # sorted by year
    assert s.budget.capex_per_year == 1e6
