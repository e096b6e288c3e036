"""The sweep parameters the CLI names: electricity_price (horizon-year price per MWh, path scaled)."""

from __future__ import annotations

import pytest

from core.sensitivity import SensitivityError, apply, base_value, default_range, parameters
from tests.helpers import tiny_scenario


def _s(prices):
    return tiny_scenario(horizon=2030, assumptions={"prices": prices})


def test_electricity_price_scales_the_path_to_the_horizon_value():
    s = _s({"electricity_per_mwh": {2025: 80, 2030: 100}, "natural_gas_per_gj": {2025: 9}})
    assert "electricity_price" in parameters()
    assert base_value(s, "electricity_price") == 100
    t = apply(s, "electricity_price", 150)
    assert t.assumptions.prices["electricity_per_mwh"] == {2025: 120, 2030: 150}  # x 1.5, shape kept
    assert t.assumptions.prices["natural_gas_per_gj"] == {2025: 9}  # other carriers untouched
    assert base_value(t, "electricity_price") == 150
    assert default_range("electricity_price", 100) == (50, 150)


def test_electricity_price_without_a_path_is_a_flat_price():
    s = _s({"natural_gas_per_gj": {2025: 9}})
    assert base_value(s, "electricity_price") == 0
    t = apply(s, "electricity_price", 90)
    assert t.assumptions.prices["electricity_per_mwh"] == {s.base_year: 90}
    with pytest.raises(SensitivityError, match="electricity_price"):
        apply(s, "electricity_price", -1)
