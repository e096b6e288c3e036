"""Seeded synthetic zones for benchmarks and stress tests.

`synthetic_zone(n_measures, n_years, seed)` -> Scenario with n_measures custom measures (catalogue
off): continuous savings on electricity / gas / diesel, fuel switches, rooftop PV (on roofs sized for it), process
reductions and lumpy (integer) plant; ~15 % in exclusion groups, ~10 % with a prerequisite; targets
that tighten to -90 % gross by the horizon (infeasible in late years) plus a renewable-share floor.
"""

from __future__ import annotations

import random

from core.loader import validate_data
from core.schema import Scenario


def _measure(rng: random.Random, k: int, base: dict[str, float]) -> dict:
    kind = rng.choice(["el_save", "el_save", "gas_save", "diesel_save", "switch", "gen", "process", "lumpy"])
    m = {
        "id": f"m{k:03d}",
        "name_en": f"Synthetic measure {k}",
        "name_zh": f"合成措施{k}",
        "area": rng.choice(["energy", "resources", "pollution", "infrastructure", "ghg"]),
        "unit": "unit",
        "lifetime_years": rng.randint(8, 25),
        "om_per_unit_year": 0.0,
    }
    share = rng.uniform(0.01, 0.12)
    if kind == "el_save":
        m.update(capex_per_unit=rng.uniform(80, 600), effects={"electricity_mwh": -1.0})
        m["max_units"] = share * base["electricity"]
    elif kind == "gas_save":
        m.update(capex_per_unit=rng.uniform(5, 40), effects={"natural_gas_gj": -1.0})
        m["max_units"] = share * base["gas"]
    elif kind == "diesel_save":
        m.update(capex_per_unit=rng.uniform(200, 2000), effects={"diesel_t": -1.0})
        m["max_units"] = share * base["diesel"]
    elif kind == "switch":
        m.update(capex_per_unit=rng.uniform(300, 900), effects={"natural_gas_gj": -16.0, "electricity_mwh": 1.4})
        m["max_units"] = share * base["gas"] / 16
    elif kind == "gen":
        m.update(capex_per_unit=rng.uniform(600, 1100), effects={"onsite_renewable_mwh": 1.4})
        m["resource_use"] = {"roof_area_m2": 6.0}  # rooftop PV (kWp): follows the sun in hourly mode
        m["om_per_unit_year"] = rng.uniform(8, 20)
        m["max_units"] = share * base["electricity"] / 1.4
    elif kind == "process":
        m.update(capex_per_unit=rng.uniform(20, 400), effects={"process_emissions_t": -1.0})
        m["om_per_unit_year"] = rng.uniform(0, 60)
        m["max_units"] = share * base["process"]
    else:  # lumpy plant: few big integer units
        size = rng.uniform(0.02, 0.08) * base["electricity"]
        m.update(
            capex_per_unit=size * rng.uniform(100, 400),
            effects={"electricity_mwh": -size},
            integer=True,
            max_units=rng.randint(1, 3),
        )
    m["om_per_unit_year"] = m["om_per_unit_year"] or 0.02 * m["capex_per_unit"]
    return m


def synthetic_zone(n_measures: int = 40, n_years: int = 25, seed: int = 1) -> Scenario:
    rng = random.Random(seed)
    tenants = []
    for k in range(20):
        tenants.append(
            {
                "id": f"T{k:02d}",
                "name": f"Tenant {k}",
                "sector": "synthetic",
                "output_musd": rng.uniform(10, 200),
                "location": [13.0 + rng.uniform(0, 0.05), 101.0 + rng.uniform(0, 0.05)],
                "energy": {
                    "electricity_mwh": rng.uniform(2e3, 4e4),
                    "natural_gas_gj": rng.uniform(0, 2e5),
                    "diesel_t": rng.uniform(0, 300),
                },
                "process_emissions_t": rng.uniform(0, 5e3),
                "waste_t": rng.uniform(100, 2000),
                "water_m3": rng.uniform(1e4, 1e5),
            }
        )
    base = {
        "electricity": sum(t["energy"]["electricity_mwh"] for t in tenants),
        "gas": sum(t["energy"]["natural_gas_gj"] for t in tenants),
        "diesel": sum(t["energy"]["diesel_t"] for t in tenants),
        "process": sum(t["process_emissions_t"] for t in tenants),
    }
    measures = [_measure(rng, k, base) for k in range(n_measures)]
    roof = 6.0 * sum(m["max_units"] for m in measures if "resource_use" in m)  # roofs for every PV unit
    ids = [m["id"] for m in measures]
    for g in range(max(1, n_measures // 20)):  # exclusion groups of 2-3
        for m in rng.sample(measures, rng.randint(2, 3)):
            m["exclusion_group"] = f"g{g}"
    for m in rng.sample(measures, max(1, n_measures // 10)):  # prerequisites
        other = rng.choice(ids)
        if other != m["id"] and not any(m["id"] in x.get("requires", []) for x in measures if x["id"] == other):
            m["requires"] = [other]
    by = 2025
    return validate_data(
        {
            "zone": {
                "name": f"Synthetic {n_measures}x{n_years}",
                "country": "THA",
                "area_ha": 800,
                "illustrative": True,
            },
            "base_year": by,
            "horizon": by + n_years,
            "assumptions": {
                "discount_rate": 0.08,
                "activity": {"growth": 0.03},
                "carbon_price_per_t": {by: 10, by + n_years: 120},
                "prices": {
                    "electricity_per_mwh": {by: 110},
                    "natural_gas_per_gj": {by: 9},
                    "diesel_per_t": {by: 900},
                },
            },
            "tenants": tenants,
            "facilities": [
                {
                    "id": "R1",
                    "name": "Factory roofs",
                    "type": "rooftop",
                    "location": [13.02, 101.02],
                    "roof_area_m2": roof,
                }
            ]
            if roof
            else [],
            "targets": {
                "milestones": [
                    {"metric": "emissions", "year": by + n_years // 3, "change_vs_base": -0.3},
                    {"metric": "emissions", "year": by + n_years, "change_vs_base": -0.9},
                    {"metric": "renewable_share", "year": by + n_years // 2, "value": 0.2},
                ]
            },
            "budget": {"capex_per_year": 5.0e5 * n_measures},
            "measures": {"catalogue": "none", "custom": measures},
        }
    )
