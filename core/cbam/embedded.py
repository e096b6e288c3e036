"""Embedded emissions per export line: the tenant's base-year inventory and which basis each SEE uses.

- Specific embedded emissions (SEE, tCO2e per t of good), per component (direct; indirect only where the
  rules count it: cement and fertilisers), first available of:
  1. measured: the export line's `direct_t_per_t` / `indirect_t_per_t`;
  2. inventory: the tenant's Scope 1 (direct) or grid electricity x location grid factor of the year
     (indirect), divided by the tenant's production of its CBAM goods (sum of `production_t` of its lines;
     i.e. all the tenant's emissions are attributed to its listed goods by production mass share - a
     tenant that also makes other products should give measured values);
  3. default: `data/cbam_defaults.csv` (longest CN prefix, country-specific before `*`) plus the year's
     mark-up; electricity exports default to the grid factor of the year.
- Exports and production scale with the zone's activity index, so BAU intensity stays constant except for
  the grid factor path.
"""

from __future__ import annotations

import pandas as pd

from core.carriers import energy_to_canonical
from core.cbam.rules import CbamRules
from core.factors import emission_factor_table
from core.inventory import compute_inventory
from core.schema import ExportLine, Scenario


def _electricity_factor(s: Scenario, years: list[int]) -> dict[int, float]:
    return emission_factor_table(s, years)["electricity"]


def tenant_base(s: Scenario) -> pd.DataFrame:
    """Per tenant: base-year direct (Scope 1, tCO2e), grid electricity (MWh), process + fugitive tCO2e, and
    canonical energy by carrier (columns `e_<carrier>`). Index: tenant id."""
    lines = compute_inventory(s).lines
    scope1 = lines[lines["scope"] == 1].groupby("tenant")["t_co2e"].sum()
    non_energy = lines[(lines["scope"] == 1) & lines["source"].isin(("process", "fugitive"))]
    process = non_energy.groupby("tenant")["t_co2e"].sum()
    rows = []
    for t in s.tenants:
        energy = energy_to_canonical(t.energy.quantities())
        rows.append(
            {
                "tenant": t.id,
                "direct_t": float(scope1.get(t.id, 0.0)),
                "electricity_mwh": energy.get("electricity", 0.0),
                "process_t": float(process.get(t.id, 0.0)),  # process + fugitive, as the optimiser counts them
                **{f"e_{c}": q for c, q in energy.items()},
            }
        )
    return pd.DataFrame(rows).set_index("tenant").fillna(0.0)


def _line_see(
    line: ExportLine, good_p: float, base_row: pd.Series | None, rules: CbamRules
) -> tuple[str, str, float | None, float | None]:
    """(basis_direct, basis_indirect, direct SEE from the inventory, indirect electricity per t) for one line.

    Inventory values are per t of production; measured/default values are resolved later per year.
    """
    counted = line.good in rules.indirect_goods
    inv = base_row is not None and good_p > 0 and line.production_t
    if line.direct_t_per_t is not None:
        bd = "measured"
    elif inv:
        bd = "inventory"
    else:
        bd = "default"
    if not counted:
        bi = "not_counted"
    elif line.indirect_t_per_t is not None:
        bi = "measured"
    elif inv:
        bi = "inventory"
    else:
        bi = "default"
    d_inv = float(base_row["direct_t"]) / good_p if inv else None
    el_inv = float(base_row["electricity_mwh"]) / good_p if inv else None
    return bd, bi, d_inv, el_inv
