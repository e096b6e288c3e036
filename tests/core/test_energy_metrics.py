"""Carbon per unit of energy (tCO2e/tce) and the clean-energy share as target metrics the optimiser can meet,
checked by hand on a one-tenant zone."""

import pytest

from core.baseline import baseline
from core.optimise import SolveSettings, solve
from tests.helpers import tenant, tiny_scenario

EXACT = SolveSettings(gap=1e-9)


def _zone(milestone):
    # 10,000 MWh grid at 0.5 t/MWh = 5,000 t; energy 36,000 GJ = 1,228.35 tce -> 4.0705 t/tce; clean share 0
    return tiny_scenario(
        horizon=2027,
        assumptions={"grid_factor_t_per_mwh": {2025: 0.5}, "prices": {"electricity_per_mwh": {2025: 100}}},
        tenants=[tenant("T1", sector="other", energy={"electricity_mwh": 10000})],
        measures={
            "catalogue": "none",
            "custom": [
                {
                    "id": "ppa",
                    "name_en": "PPA",
                    "name_zh": "绿电",
                    "area": "energy",
                    "unit": "MWh/yr",
                    "capex_per_unit": 0,
                    "om_per_unit_year": 120,
                    "lifetime_years": 5,
                    "max_units": 10000,
                    "effects": {"onsite_renewable_mwh": 1},
                    "acts_on": "electricity",
                },
            ],  # fmt: skip
        },
        targets={"milestones": [milestone]},
    )


def test_base_values_by_hand():
    b = baseline(_zone({"metric": "emissions", "year": 2027, "change_vs_base": 0}))
    assert b.metric_base["carbon_per_energy"] == pytest.approx(5000 / (36000 / 29.3076))
    assert b.metric_base["clean_energy_share"] == 0


def test_carbon_per_energy_target_is_met_at_least_cost():
    # target 2.0 t/tce in 2027 (both years on the path from 4.07): energy stays 1,228.35 tce (green power replaces
    # grid MWh 1:1), so emissions <= 2,456.7 t -> grid <= 4,913.4 MWh -> 5,086.6 MWh of green power in 2027
    p = solve(_zone({"metric": "carbon_per_energy", "year": 2027, "value": 2.0}), EXACT)
    assert p.status == "optimal"
    assert p.pathway.loc[2027, "plan_gross_t"] == pytest.approx(2.0 * 36000 / 29.3076, rel=1e-5)


def test_clean_energy_share_target():
    # 40 % of 36,000 GJ = 14,400 GJ = 4,000 MWh of green power
    p = solve(_zone({"metric": "clean_energy_share", "year": 2027, "value": 0.4}), EXACT)
    assert p.status == "optimal"
    assert p.pathway.loc[2027, "plan_gross_t"] == pytest.approx((10000 - 4000) * 0.5, rel=1e-5)
