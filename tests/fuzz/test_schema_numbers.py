"""Property: a number passes validation exactly when it is finite and within its documented bounds, and a
scenario with any valid extreme still builds and solves (issue 19)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import ScenarioError
from core.loader import validate_data
from core.optimise import SolveSettings, solve
from core.schema import Tenant
from tests.fuzz.strategies import in_bounds, numbers, numeric_fields
from tests.helpers import scenario_data, tenant

FIELDS = [f for f in numeric_fields(Tenant) if f[0] not in ("waste_recycled_t", "water_reused_m3")]


def test_tenant_numbers_are_all_bounded():
    names = {f[0] for f in numeric_fields(Tenant)}
    assert {"output_musd", "process_emissions_t", "water_m3", "waste_t", "area_ha"} <= names
    assert all(hi < 1e15 for _, _, hi in numeric_fields(Tenant))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), data=st.data())
def test_a_number_passes_exactly_when_in_bounds(field, data):
    name, lo, hi = field
    x = data.draw(numbers(lo, hi))
    try:
        s = validate_data(scenario_data(tenants=[tenant(energy={"electricity_mwh": 1e9}, **{name: x})]))
    except ScenarioError as e:
        assert not in_bounds(x, lo, hi), (name, x, [str(i) for i in e.issues])
        assert [i.path for i in e.issues] == [f"tenants[0].{name}"], [str(i) for i in e.issues]
    else:
        assert in_bounds(x, lo, hi), (name, x)
        assert getattr(s.tenants[0], name) == pytest.approx(float(x))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    el=st.sampled_from([0.0, 1e-9, 1.0, 1e9]),
    gas=st.sampled_from([0.0, 1e9]),
    output=st.sampled_from([0.0, 1e-6, 1e6]),
    price=st.sampled_from([0.0, 1e5]),
)
def test_valid_extremes_build_and_solve(el, gas, output, price):
    data = scenario_data(
        tenants=[tenant(output_musd=output, energy={"electricity_mwh": el, "natural_gas_m3": gas})],
        assumptions={"carbon_price_per_t": {2025: price}},
        targets={"milestones": [{"metric": "emissions", "year": 2030, "change_vs_base": -0.5}]},
    )
    plan = solve(validate_data(data), SolveSettings(time_limit_s=5))
    assert plan.ok, plan.message
