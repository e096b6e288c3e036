"""Emission and resource streams: the base year split into named quantities a measure can act on.

A stream key names what it is:
- `<carrier>` - a carrier's whole use (canonical units; electricity = grid purchase, MWh);
- `<carrier>:<end use>` - its part for one end use (`electricity:motors`, `natural_gas:steam`), from the
  tenant's `end_uses` or its sector's shares (`data/end_use_shares.csv`, US EIA MECS 2014 end uses);
- `process:<kind>` - process emissions by kind (calcination, chemical, metallurgical, other), tCO2e;
- `fugitive` - refrigerant leaks, tCO2e; `wastewater` - CH4 of wastewater treated on site, tCO2e, and
  `wastewater_cod` - its chemical oxygen demand, t; `water` - water withdrawn, m3.

Conventions (stated assumptions, data with sources): fuel end uses drop space heating (the host countries
are hot; the shares of the rest are scaled up to 1); diesel and gasoline go 85 % to power generation
(gensets) and 15 % to on-site transport unless a tenant says otherwise; steam has no end uses. A measure
whose stream is absent in the zone has nothing to act on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

from core.carriers import energy_to_canonical
from core.factors import gwp
from core.schema import Tenant
from core.tables import read_table

FUEL_END_USES_DROPPED = ("space_heating",)
LIQUID_FUEL_SPLIT = {"power_generation": 0.85, "transport_onsite": 0.15}  # assumption (self-generation zones)
LIQUID_FUELS = ("diesel", "gasoline")
NO_SPLIT = ("steam",)


@cache
def _shares() -> dict[tuple[str, str], dict[str, float]]:
    out: dict[tuple[str, str], dict[str, float]] = {}
    for r in read_table("end_use_shares.csv"):
        out.setdefault((r["sector"], r["carrier"]), {})[r["end_use"]] = float(r["share"])
    return out


@cache
def _process_kinds() -> dict[str, str]:
    return {r["sector"]: r["process_kind"] for r in read_table("process_kinds.csv")}


@cache
def _mcf() -> dict[str, tuple[float, float]]:
    return {r["treatment"]: (float(r["mcf"]), float(r["bo_kg_ch4_per_kg_cod"])) for r in read_table("wastewater.csv")}


def sector_end_uses(sector: str, carrier: str) -> dict[str, float]:
    """Default end-use shares of a carrier for a sector (sum 1; empty for carriers without end uses)."""
    if carrier in NO_SPLIT:
        return {}
    if carrier in LIQUID_FUELS:
        return dict(LIQUID_FUEL_SPLIT)
    kind = "electricity" if carrier == "electricity" else "fuel"
    table = _shares()
    shares = table.get((sector, kind)) or table.get(("all_manufacturing", kind), {})
    if kind == "fuel":
        shares = {k: v for k, v in shares.items() if k not in FUEL_END_USES_DROPPED}
    total = sum(shares.values())
    return {k: v / total for k, v in shares.items() if v > 0} if total > 0 else {}


def end_uses(t: Tenant, carrier: str) -> dict[str, float]:
    """A tenant's end-use shares of a carrier: its own (the rest 'other') or its sector's."""
    own = (t.end_uses or {}).get(carrier)
    if own is None:
        return sector_end_uses(t.sector, carrier)
    out = {k: v for k, v in own.items() if v > 0}
    rest = 1.0 - sum(out.values())
    if rest > 1e-9:
        out["other"] = out.get("other", 0.0) + rest
    return out


def process_kind(t: Tenant) -> str:
    return t.process_kind or _process_kinds().get(t.sector, "other")


def wastewater_ch4_t(t: Tenant, gwp_set: str) -> float:
    """CH4 of the tenant's on-site wastewater treatment in tCO2e: COD x Bo x MCF x GWP (biogenic CH4)."""
    if t.wastewater_cod_t <= 0:
        return 0.0
    mcf, bo = _mcf()[t.wastewater_treatment]
    g = gwp("CH4_biogenic" if gwp_set == "AR6" else "CH4", gwp_set)
    return t.wastewater_cod_t * bo * mcf * g


def tenant_streams(t: Tenant, gwp_set: str) -> dict[str, float]:
    """Base-year streams of one tenant (see the module docstring for the keys)."""
    out: dict[str, float] = {}
    for c, q in energy_to_canonical(t.energy.quantities()).items():
        if q <= 0:
            continue
        out[c] = out.get(c, 0.0) + q
        for eu, share in end_uses(t, c).items():
            out[f"{c}:{eu}"] = out.get(f"{c}:{eu}", 0.0) + q * share
    if t.process_emissions_t > 0:
        out[f"process:{process_kind(t)}"] = t.process_emissions_t
    leaks = sum(r.leak_kg * gwp(r.gas, gwp_set) / 1000.0 for r in t.refrigerants)
    if leaks > 0:
        out["fugitive"] = leaks
    if t.water_m3 > 0:
        out["water"] = t.water_m3
    if t.wastewater_cod_t > 0:
        out["wastewater_cod"] = t.wastewater_cod_t
        out["wastewater"] = wastewater_ch4_t(t, gwp_set)
    return out


def zone_streams(tenants: Sequence[Tenant], gwp_set: str) -> dict[str, float]:
    """Base-year streams of the zone: the tenants' summed."""
    out: dict[str, float] = {}
    for t in tenants:
        for k, v in tenant_streams(t, gwp_set).items():
            out[k] = out.get(k, 0.0) + v
    return out


def stream_of(streams: Mapping[str, float], key: str) -> float:
    """Quantity of a stream; `process` alone is every process kind together."""
    if key == "process":
        return sum(v for k, v in streams.items() if k.startswith("process:"))
    return streams.get(key, 0.0)
