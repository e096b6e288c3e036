"""Parties section of the scenario schema: who owns each measure, under which business model, tenant mode.

All fields are optional with defaults that keep older files loading and solving as before (zone mode, every
measure paid and saved by the tenants whose streams it acts on). Checked against the rest of the scenario by
`core.parties_checks`.
"""

from __future__ import annotations

from pydantic import Field

from core.schema_types import Strict

OWNERS = ("tenant", "operator", "esco")
MODELS = ("owner_pays", "operator_sells", "shared_savings")


class MeasureTerms(Strict):
    """Ownership and business model of one measure (all its instances in tenant mode)."""

    measure: str = Field(min_length=1, max_length=100, description="id of a catalogue or custom measure")
    owner: str = Field("tenant", description="who builds and pays: tenant | operator | esco")
    model: str = Field(
        "owner_pays",
        description="owner_pays (the owner pays, the tenants served save) | operator_sells (the owner sells the "
        "energy saved or generated at a price) | shared_savings (the owner receives a share of the bill saving)",
    )
    discount_to_tariff: float | None = Field(
        None,
        allow_inf_nan=False,
        description="operator_sells: price = the tenant's tariff of the carrier displaced x (1 - this)",
    )
    price_per_unit: float | None = Field(
        None,
        allow_inf_nan=False,
        description="operator_sells: price per MWh (electricity) or GJ (fuels, steam) delivered, scenario currency",
    )
    savings_share: float | None = Field(
        None, allow_inf_nan=False, description="shared_savings: share of the bill saving paid to the owner"
    )
    allocation: dict[str, float] | None = Field(
        None, description="tenant id -> share of the measure's effects and payments (sum 1); default: pro rata"
    )


class Parties(Strict):
    tenant_mode: bool = Field(
        False,
        description="split each stream measure into instances at the key tenants (exporters, tenants with sited "
        "facilities, then the largest emitters) and one for the rest of the zone",
    )
    max_tenants: int = Field(5, ge=0, le=50, description="tenant mode: most tenants decided one by one")
    participation: bool = Field(False, description="no tenant worse off than business as usual (NPV, plan years)")
    terms: list[MeasureTerms] = Field(default_factory=list, description="owner and business model per measure")
    esco_name: str | None = Field(None, max_length=200, description="name of the third party (ESCO), for display")


__all__ = ["MODELS", "OWNERS", "MeasureTerms", "Parties"]
