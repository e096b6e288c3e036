"""Energy carriers, their input keys and conversion to canonical units.

Canonical units: electricity in MWh, every other carrier in GJ (net calorific value).
An *input key* names carrier and unit (``natural_gas_m3``); the conversions live in
``data/carriers.csv`` with their sources, so the numbers have one home.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from core.tables import read_table


@dataclass(frozen=True)
class InputKey:
    key: str  # e.g. natural_gas_m3
    carrier: str  # e.g. natural_gas
    unit: str  # e.g. m3
    to_canonical: float  # multiply a quantity in `unit` to get canonical units
    source: str


@cache
def input_keys() -> dict[str, InputKey]:
    """All accepted energy input keys, from data/carriers.csv."""
    out: dict[str, InputKey] = {}
    for row in read_table("carriers.csv"):
        k = row["key"]
        out[k] = InputKey(k, row["carrier"], row["unit"], float(row["to_canonical"]), row["source"])
    return out


@cache
def carriers() -> tuple[str, ...]:
    """Canonical carrier names in catalogue order."""
    seen: dict[str, None] = {}
    for k in input_keys().values():
        seen.setdefault(k.carrier, None)
    return tuple(seen)


def canonical_unit(carrier: str) -> str:
    return "MWh" if carrier == "electricity" else "GJ"


def to_canonical(key: str, quantity: float) -> tuple[str, float]:
    """Convert a quantity given under an input key to (carrier, canonical quantity)."""
    k = input_keys()[key]
    return k.carrier, quantity * k.to_canonical


def energy_to_canonical(energy: dict[str, float]) -> dict[str, float]:
    """Sum a mapping of input keys to canonical quantities per carrier."""
    out: dict[str, float] = {}
    for key, q in energy.items():
        c, v = to_canonical(key, q)
        out[c] = out.get(c, 0.0) + v
    return out
