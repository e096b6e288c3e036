"""`python -m core inventory FILE [--json]`: the base-year GHG inventory and KPIs."""

from __future__ import annotations

import argparse

from core.inventory import Inventory, compute_inventory
from core.schema import Scenario

HELP = "GHG inventory of the base year and KPIs"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON on stdout")


def run(s: Scenario, args: argparse.Namespace) -> tuple[dict, str]:
    inv = compute_inventory(s)
    return inv.to_json(), format_inventory(s, inv)


def _fmt(v: float | None, nd: int = 0) -> str:
    return "-" if v is None else f"{v:,.{nd}f}"


def format_inventory(s: Scenario, inv: Inventory, top: int = 10) -> str:
    tt, k = inv.totals, inv.kpis
    g = inv.grid_factor
    out = [
        f"{s.zone.name} ({s.zone.country}) - GHG inventory {inv.year}, GWP {inv.gwp_set}"
        + (" [illustrative data]" if s.zone.illustrative else ""),
        f"grid factor {g.value:g} {g.unit} ({g.source}, {g.year}, {g.status})",
        "",
        f"{'total (location-based)':<28}{_fmt(tt['total_t']):>14} tCO2e",
        f"{'total (market-based)':<28}{_fmt(tt['total_market_t']):>14} tCO2e",
        f"{'scope 1':<28}{_fmt(tt['scope1_t']):>14}",
        f"{'scope 2 location-based':<28}{_fmt(tt['scope2_location_t']):>14}",
        f"{'scope 2 market-based':<28}{_fmt(tt['scope2_market_t']):>14}",
        f"{'scope 3 (optional)':<28}{_fmt(tt['scope3_t']):>14}",
        f"{'biogenic CO2 (memo)':<28}{_fmt(tt['biogenic_co2_t']):>14}",
        "",
        "by source:",
    ]
    for r in inv.by_source.itertuples():
        out.append(f"  scope {r.scope} {r.source:<22}{_fmt(r.t_co2e):>14}")
    out += ["", f"top {min(top, len(inv.by_tenant))} tenants:"]
    for r in inv.by_tenant.head(top).itertuples():
        out.append(f"  {r.tenant:<8}{r.tenant_name[:30]:<32}{r.sector:<18}{_fmt(r.total_t):>12}")
    share = k["renewable_share"]
    out += [
        "",
        "KPIs:",
        f"  intensity        {_fmt(k['intensity_t_per_musd'], 1)} tCO2e per million {s.currency} output",
        f"  per hectare      {_fmt(k['t_per_ha'], 1)} tCO2e/ha",
        f"  energy           {_fmt(k['energy_gj'])} GJ = {_fmt(k['energy_tce'])} tce",
        f"  carbon/energy    {_fmt(k['t_co2_per_tce'], 2)} tCO2e/tce",
        f"  renewable share  {'-' if share is None else f'{share:.1%}'} of electricity",
    ]
    out += [f"note: {n}" for n in inv.notes]
    return "\n".join(out)
