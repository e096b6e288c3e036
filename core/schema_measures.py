"""Measure models of the scenario schema: catalogue rows, custom measures and overrides (core.schema)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from core import bounds as B
from core.bounds import unknown
from core.carriers import carriers
from core.schema_types import RESOURCE_KEYS, Area, Effects, Id, Strict, Year

# ---------------------------------------------------------------- measures


class MeasureFields(Strict):
    """Fields shared by catalogue measures, custom measures and overrides (all optional here)."""

    name_en: str | None = Field(None, max_length=200, description="display name in English")
    name_zh: str | None = Field(None, max_length=200, description="display name in Chinese")
    area: Area | None = Field(None, description="implementation area of the guide (chapter 7)")
    unit: str | None = Field(None, max_length=40, description="what one unit is (kWp, unit, MWh/yr, ...)")
    capex_per_unit: B.Money | None = Field(None, description="capital cost per unit, scenario currency")
    om_per_unit_year: B.Money | None = Field(None, description="fixed O&M per active unit and year")
    lifetime_years: int | None = Field(None, ge=1, le=60, description="years a unit stays active")
    earliest_year: Year | None = Field(None, description="first year a unit may be installed")
    max_units: B.Units | None = Field(None, description="most units that may be active at once")
    integer: bool | None = Field(None, description="lumpy: whole units only")
    effects: Effects | None = Field(None, description="per active unit and year: energy input keys and effect keys")
    share_effects: dict[str, Annotated[float, Field(ge=-1, le=1, allow_inf_nan=False)]] | None = Field(
        None, description="per unit: fraction of a carrier's BAU zone use changed (efficiency as share adopted)"
    )
    resource_use: dict[str, B.Units] | None = Field(
        None, description="per unit use of roof_area_m2, land_ha, grid_connection_mw"
    )
    exclusion_group: str | None = Field(None, description="at most one measure of a group is built")
    requires: list[str] | None = Field(None, description="ids of measures that must be built first")
    facility: str | None = Field(None, description="facility the measure is sited on")
    from_facility: str | None = Field(None, description="link measures: source facility")
    to_facility: str | None = Field(None, description="link measures: receiving facility")
    pipe_capex_per_km: B.Money | None = Field(
        None, description="link measures: capex per km of pipe between facilities"
    )
    tenant: str | None = Field(None, description="tenant the measure belongs to (CBAM attribution)")
    source: str | None = Field(None, description="source of the default numbers")
    acts_on: str | None = Field(
        None,
        description="the stream whose quantity the measure reduces: a carrier (electricity), carrier:end use "
        "(natural_gas:steam, electricity:motors), process:<kind>, fugitive, wastewater; its savings on that "
        "stream can never exceed it",
    )
    lead_time_years: float | None = Field(None, ge=0, le=15, description="years from decision to operation")
    max_build_share_per_year: float | None = Field(
        None, gt=0, le=1, description="most of the measure's potential that can be built in one year (pace)"
    )

    @field_validator("share_effects")
    @classmethod
    def _shares(cls, v):
        if v is not None and (bad := [c for c in v if c not in carriers()]):
            unknown("unknown_carriers", "unknown carrier(s) {bad}; allowed: {allowed}", bad, carriers())
        return v

    @field_validator("resource_use")
    @classmethod
    def _resources(cls, v):
        if v is not None and (bad := [k for k in v if k not in RESOURCE_KEYS]):
            unknown("unknown_resources", "unknown resource(s) {bad}; allowed: {allowed}", bad, RESOURCE_KEYS)
        return v


class Measure(MeasureFields):
    """A complete measure (catalogue row or custom). Required fields are required here."""

    id: Id
    name_en: str = Field(min_length=1, max_length=200)
    name_zh: str = Field(min_length=1, max_length=200)
    area: Area
    unit: str = Field(min_length=1, max_length=40)
    capex_per_unit: B.Money
    om_per_unit_year: B.Money = 0
    lifetime_years: int = Field(ge=1, le=60)
    earliest_year: Year | None = None
    integer: bool = False
    effects: Effects = Field(default_factory=Effects)
    share_effects: dict[str, Annotated[float, Field(ge=-1, le=1, allow_inf_nan=False)]] = Field(default_factory=dict)
    resource_use: dict[str, B.Units] = Field(default_factory=dict)
    requires: list[str] = Field(default_factory=list)
    source: str = "user-defined"
    lead_time_years: float = Field(0, ge=0, le=15)
    max_build_share_per_year: float = Field(1.0, gt=0, le=1)


class MeasureOverride(MeasureFields):
    id: Id


class MeasuresSpec(Strict):
    catalogue: Literal["default", "none"] = Field("default", description="start from data/measures.csv or from nothing")
    overrides: list[MeasureOverride] = Field(default_factory=list, description="field changes to catalogue measures")
    disabled: list[str] = Field(default_factory=list, description="ids of measures the optimiser may not use")
    custom: list[Measure] = Field(default_factory=list, description="the zone's own measures")
