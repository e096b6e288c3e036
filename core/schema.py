"""Typed, validated scenario models (pydantic v2).

Units live in field names. Unknown keys are errors. Models are frozen: derive, never mutate.
Each field's docstring (``description``) feeds ``docs/scenario-format.md``. The building blocks live in
`core.schema_types`, the measure models in `core.schema_measures`; both are importable from here.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from core import bounds as B
from core.bounds import check_latlon as _check_latlon
from core.bounds import check_path as _check_path
from core.bounds import check_year_keys as _check_year_keys
from core.bounds import fail, unknown
from core.carriers import carriers, input_keys
from core.schema_measures import Measure, MeasureFields, MeasureOverride, MeasuresSpec  # noqa: F401 - re-exported
from core.schema_parties import MeasureTerms, Parties  # noqa: F401 - re-exported
from core.schema_types import (  # noqa: F401 - re-exported: core.schema is the one place callers import from
    AREAS,
    CBAM_GOODS,
    EFFECT_KEYS,
    FACILITY_TYPES,
    METRICS,
    PROCESS_KINDS,
    RESOURCE_KEYS,
    SCHEMA_VERSION,
    SLUG,
    WASTEWATER_TREATMENTS,
    Area,
    CbamGood,
    Effects,
    Energy,
    FacilityType,
    Fraction,
    Id,
    LatLon,
    LoadPattern,
    Metric,
    NonNeg,
    ProcessKind,
    Strict,
    WastewaterTreatment,
    Year,
    YearPath,
    _Quantities,
)

# ---------------------------------------------------------------- zone and assumptions


MAX_INLINE_GEOJSON_CHARS = 2_000_000  # an inline boundary (map import) of about the map upload limit


class Zone(Strict):
    name: str = Field(min_length=1, max_length=200, description="zone name")
    name_zh: str | None = Field(None, max_length=200, description="zone name in Chinese")
    country: str = Field(pattern=r"^[A-Z]{3}$", description="host country, ISO 3166-1 alpha-3 (THA, EGY, NGA, ...)")
    area_ha: B.AreaHa = Field(description="declared zone area, hectares")
    boundary: str | None = Field(None, description="GeoJSON file of the boundary, relative to the scenario file")
    boundary_geojson: dict | None = Field(
        None, description="the boundary as an inline GeoJSON Polygon/MultiPolygon (WGS84), e.g. imported on the map"
    )
    land_available_ha: B.AreaHa | None = Field(None, description="free land for ground-mounted measures, hectares")
    grid_connection_mw: B.CapacityMW | None = Field(None, description="grid connection capacity, MW (limits export)")
    grid_export_allowed: bool = Field(False, description="may on-site generation export surplus to the grid")
    grid_export_price_per_mwh: B.Money | None = Field(
        None,
        description="hourly power balance: price paid for exported on-site renewable electricity, scenario currency "
        "per MWh (overrides the host rule's price; export still needs grid_export_allowed and a host export rule)",
    )
    grid_outage_hours_per_day: float | None = Field(
        None,
        ge=0,
        le=24,
        description="hourly power balance: hours a day without grid supply (from 18:00, rounded to whole hours), "
        "covered by storage or gensets",
    )
    illustrative: bool = Field(False, description="true for invented demo data")
    description: str | dict[str, str] | None = Field(
        None,
        description="free text shown with the zone; one text, or one per language code ({en: ..., zh: ..., th: ...})",
    )

    @field_validator("description")
    @classmethod
    def _description(cls, v):
        texts = v.values() if isinstance(v, dict) else [v] if v else []
        if any(len(x) > 2000 for x in texts):
            raise ValueError("at most 2000 characters per language")
        return v

    def description_in(self, lang: str) -> str:
        """The description in `lang`, else English, else the first one given ("" when none)."""
        d = self.description
        if not isinstance(d, dict):
            return d or ""
        return d.get(lang) or d.get("en") or next(iter(d.values()), "")

    @field_validator("boundary_geojson")
    @classmethod
    def _geojson(cls, v: dict | None) -> dict | None:
        if v is None:
            return v
        if v.get("type") not in ("Polygon", "MultiPolygon") or not isinstance(v.get("coordinates"), list):
            raise ValueError("must be a GeoJSON geometry of type Polygon or MultiPolygon with coordinates")
        if len(str(v["coordinates"])) > MAX_INLINE_GEOJSON_CHARS:
            raise ValueError(f"inline boundary longer than {MAX_INLINE_GEOJSON_CHARS:,} characters; use a file")
        return v


class Activity(Strict):
    growth: float | None = Field(
        None, ge=-0.5, le=0.5, description="constant annual growth of activity (0.04 = 4 %/yr)"
    )
    path: YearPath | None = Field(
        None, description="activity index by year (base year = 1.0, at most 100), e.g. occupancy build-out"
    )

    @field_validator("path")
    @classmethod
    def _path(cls, v):
        return _check_path(v, B.ACTIVITY_INDEX)

    @model_validator(mode="after")
    def _one_of(self) -> Activity:
        if (self.growth is None) == (self.path is None):
            fail("one_of_growth_path", "give exactly one of growth or path")
        return self


class FactorOverride(Strict):
    co2_kg_per_gj: B.FactorKg | None = Field(None, description="CO2 emission factor, kg per GJ (NCV)")
    ch4_kg_per_gj: B.FactorKg | None = Field(None, description="CH4 emission factor, kg per GJ (NCV)")
    n2o_kg_per_gj: B.FactorKg | None = Field(None, description="N2O emission factor, kg per GJ (NCV)")
    source: str = Field(min_length=1, description="where the value comes from")


class Assumptions(Strict):
    discount_rate: float = Field(0.08, ge=0, le=0.3, description="real discount rate per year")
    activity: Activity = Field(default_factory=lambda: Activity(growth=0.0), description="activity growth of the zone")
    grid_factor_t_per_mwh: YearPath | None = Field(
        None, description="grid average factor path (0..5 t/MWh); default: country table"
    )
    market_factor_t_per_mwh: B.GridT | None = Field(
        None, description="residual-mix factor for market-based Scope 2; default: the location factor"
    )
    carbon_price_per_t: YearPath = Field(
        default_factory=dict, description="internal carbon price, currency per tCO2e (0..1e5)"
    )
    eu_ets_price_per_t: YearPath = Field(
        default_factory=dict, description="EU ETS price path for CBAM, EUR per tCO2e (0..1e5)"
    )
    eur_per_currency: float = Field(1.0, ge=1e-9, le=1e4, description="EUR per unit of scenario currency (CBAM costs)")
    prices: dict[str, YearPath] = Field(
        default_factory=dict,
        description="energy prices by year, keys `<input key>` with `per` (electricity_per_mwh, natural_gas_per_gj), 0..1e8 each",
    )
    gwp: Literal["AR5", "AR6"] = Field("AR6", description="GWP100 set")
    emission_factor_overrides: dict[str, FactorOverride] = Field(
        default_factory=dict, description="per carrier (natural_gas, diesel, ...) override of fuel factors"
    )
    scope3: list[Literal["waste", "water", "upstream_energy"]] = Field(
        default_factory=list, description="optional Scope 3 categories to include"
    )

    @field_validator("grid_factor_t_per_mwh")
    @classmethod
    def _grid(cls, v):
        return _check_path(v, B.GRID_T_PER_MWH)

    @field_validator("carbon_price_per_t", "eu_ets_price_per_t")
    @classmethod
    def _carbon(cls, v):
        return _check_path(v, B.CARBON_PRICE)

    @field_validator("prices")
    @classmethod
    def _price_keys(cls, v: dict[str, dict[int, float]]):
        known = input_keys()
        for k, path in v.items():
            m = re.fullmatch(r"([a-z_]+)_per_([a-z0-9]+)", k)
            if not m or f"{m[1]}_{m[2]}" not in known:
                fail(
                    "unknown_price_key",
                    "unknown price key {price}; use <carrier>_per_<unit>, e.g. electricity_per_mwh",
                    price=repr(k),
                )
            _check_path(path, B.ENERGY_PRICE, k)
        return v

    @field_validator("emission_factor_overrides")
    @classmethod
    def _factor_keys(cls, v):
        bad = [c for c in v if c not in carriers()]
        if bad:
            unknown("unknown_carriers", "unknown carrier(s) {bad}; allowed: {allowed}", bad, carriers())
        return v


# ---------------------------------------------------------------- tenants and facilities


CbamRoute = Literal["A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L"]
_CN = r"^\d{4}(\s?\d{2}){0,2}$"


class Precursor(Strict):
    cn_code: str = Field(pattern=_CN, description="CN code of the purchased precursor (4-8 digits), e.g. 7213 91")
    t_per_t: NonNeg = Field(description="tonnes of precursor used per tonne of the exported good")
    country: str | None = Field(
        None, pattern=r"^[A-Z]{3}$", description="country where the precursor was made (ISO3); default: the zone's"
    )
    see_direct_t_per_t: NonNeg | None = Field(
        None, description="supplier's actual specific direct embedded emissions, tCO2e/t; default: EU default value"
    )
    see_indirect_t_per_t: NonNeg | None = Field(
        None,
        description="supplier's actual specific indirect embedded emissions, tCO2e/t (counted for cement and "
        "fertilisers only)",
    )
    route: CbamRoute | None = Field(None, description="production route letter of the precursor (EU benchmark)")


class ExportLine(Strict):
    good: CbamGood = Field(description="CBAM Annex I sector")
    cn_code: str = Field(pattern=_CN, description="CN code (4-8 digits)")
    eu_t: B.MassT = Field(description="tonnes exported to the EU per year (MWh for electricity)")
    production_t: B.MassT | None = Field(
        None, description="tonnes of this good produced per year (to attribute emissions)"
    )
    direct_t_per_t: B.SpecificT | None = Field(
        None,
        description="measured specific direct emissions of the installation, tCO2e/t, without purchased precursors "
        "(give `precursors: []` when the value already includes them)",
    )
    indirect_t_per_t: B.SpecificT | None = Field(
        None, description="measured specific indirect embedded emissions, tCO2e/t"
    )
    carbon_price_paid_per_t: B.CarbonPrice = Field(
        0, description="carbon price paid in the country of origin, EUR/tCO2e"
    )
    carbon_price_evidence: str | None = Field(
        None, max_length=500, description="evidence of the carbon price paid at origin (law, receipt, certifier)"
    )
    route: CbamRoute | None = Field(
        None, description="production route letter for the EU benchmark (A-L); default: the route of the default value"
    )
    precursors: list[Precursor] | None = Field(
        None,
        description="purchased precursors; default: the typical precursors of the CN code (data/cbam/precursors.csv); "
        "[] = none",
    )


class Refrigerant(Strict):
    gas: str = Field(description="gas name as in data/gwp.csv (HFC-134a, HFC-32, ...)")
    leak_kg: B.LeakKg = Field(description="kg leaked (topped up) per year")


class Tenant(Strict):
    id: Id
    name: str = Field(min_length=1, max_length=200, description="tenant (company) name")
    name_zh: str | None = Field(None, max_length=200, description="name in Chinese")
    sector: str = Field(pattern=r"^[a-z0-9_]{1,64}$", description="sector slug (auto_parts, cement, ...)")
    output_musd: B.OutputMusd = Field(description="annual output value, million in scenario currency")
    location: LatLon
    area_ha: B.AreaHa | None = Field(None, description="plot area, hectares")
    employees: int | None = Field(None, ge=0, le=B.EMPLOYEES, description="number of employees")
    energy: Energy = Field(default_factory=Energy, description="annual energy use by input key (electricity_mwh, ...)")
    renewable_purchase_mwh: B.Energy = Field(
        0, description="electricity bought as green PPA or certificates (market-based)"
    )
    onsite_renewable_mwh: B.Energy = Field(
        0, description="electricity from the tenant's own renewables, consumed on site"
    )
    process_emissions_t: B.EmissionsT = Field(0, description="non-energy process emissions, tCO2e per year")
    process_kind: ProcessKind | None = Field(None, description="source of process emissions; default: sector's")
    end_uses: dict[str, dict[str, Fraction]] | None = Field(
        None, description="carrier -> end use -> share (rest: other); default: sector's (data/end_use_shares.csv)"
    )
    load_pattern: LoadPattern | None = Field(None, description="daily load pattern; default: the sector's")
    hourly_load_kwh: list[NonNeg] | None = Field(
        None,
        description="metered load, kWh per hour of the base year (8,760 or 8,784 values; imported from a meter "
        "file, core.meter): its shape replaces the load pattern hour by hour",
    )
    wastewater_cod_t: B.MassT = Field(0, description="chemical oxygen demand of the wastewater treated on site, t/yr")
    wastewater_treatment: WastewaterTreatment = Field(
        "aerobic", description="how that wastewater is treated today (sets its CH4: IPCC 2019 MCF)"
    )
    refrigerants: list[Refrigerant] = Field(default_factory=list, description="refrigerant top-ups (fugitive, Scope 1)")
    waste_t: B.MassT = Field(0, description="solid waste generated, t per year")
    waste_recycled_t: B.MassT = Field(0, description="of which recycled or reused, t per year")
    water_m3: B.WaterM3 = Field(0, description="water withdrawn, m3 per year")
    water_reused_m3: B.WaterM3 = Field(0, description="water reused or recycled, m3 per year")
    exports: list[ExportLine] = Field(default_factory=list, description="EU exports of CBAM goods")

    @field_validator("location")
    @classmethod
    def _latlon(cls, v):
        return _check_latlon(v)

    @model_validator(mode="after")
    def _shares(self) -> Tenant:
        if self.waste_recycled_t > self.waste_t:
            fail("recycled_above_waste", "waste_recycled_t must be <= waste_t")
        if self.water_reused_m3 > self.water_m3:
            fail("reused_above_water", "water_reused_m3 must be <= water_m3")
        for c, shares in (self.end_uses or {}).items():
            if c not in carriers():
                unknown("unknown_carriers", "unknown carrier(s) {bad}; allowed: {allowed}", [c], carriers())
            if sum(shares.values()) > 1 + 1e-9:
                fail("end_uses_above_one", "end_uses: the shares of one carrier add up to more than 1")
        return self


class Facility(Strict):
    id: Id
    name: str | None = Field(None, max_length=200, description="facility name")
    name_zh: str | None = Field(None, max_length=200, description="name in Chinese")
    type: FacilityType = Field(description="what the facility is (rooftops carry roof_area_m2 for PV)")
    location: LatLon
    tenant: str | None = Field(None, description="id of the tenant that runs or owns it")
    roof_area_m2: B.RoofM2 | None = Field(None, description="usable roof area for PV, m2")
    capacity_mw: B.CapacityMW | None = Field(None, description="rated capacity (electric or thermal), MW")
    fuel: str | None = Field(None, description="carrier it burns (natural_gas, diesel, ...)")

    @field_validator("location")
    @classmethod
    def _latlon(cls, v):
        return _check_latlon(v)

    @field_validator("fuel")
    @classmethod
    def _fuel(cls, v):
        if v is not None and v not in carriers():
            unknown("unknown_carrier", "unknown carrier {bad}; allowed: {allowed}", [repr(v)], carriers())
        return v


# ---------------------------------------------------------------- targets and budget


class Milestone(Strict):
    metric: Metric = Field(description="what the target limits")
    year: Year = Field(description="target year (after the base year; may lie beyond the horizon)")
    change_vs_base: float | None = Field(None, ge=-1, le=10, description="relative change vs base year (-0.3 = -30 %)")
    value: float | None = Field(
        None,
        ge=0,
        le=B.TARGET_VALUE,
        allow_inf_nan=False,
        description="absolute value in the metric's unit (t, share 0-1, ...)",
    )
    basis: Literal["gross", "net"] = Field("gross", description="emissions before (gross) or after (net) offsets")

    @model_validator(mode="after")
    def _one_of(self) -> Milestone:
        if (self.change_vs_base is None) == (self.value is None):
            fail("one_of_change_value", "give exactly one of change_vs_base or value")
        if self.metric.endswith(("_share", "_rate")) and self.value is not None and self.value > 1:
            fail("share_value", "{metric} is a share: value must be within 0..1", metric=self.metric)
        return self


class Targets(Strict):
    milestones: list[Milestone] = Field(default_factory=list, description="long- and mid-term targets")
    trajectory: Literal["linear", "constant_rate"] = Field(
        "linear", description="how milestones become annual targets (from the base-year value)"
    )
    overrides: dict[Metric, YearPath] = Field(
        default_factory=dict, description="annual target overrides by metric (>= 0; shares and rates 0..1)"
    )
    preset: str | None = Field(None, description="name of the preset the milestones came from (informative)")
    offsets_max_share: Fraction = Field(
        0.1,
        description="most offsets may cover in a year, as a share of base-year emissions (net targets only; "
        "SBTi Net-Zero Standard: neutralise at most ~10 % residual; ISO 14068-1: reduce first)",
    )

    @field_validator("overrides")
    @classmethod
    def _overrides(cls, v):
        for metric, path in v.items():
            _check_path(path, 1.0 if metric.endswith(("_share", "_rate")) else B.TARGET_VALUE, metric)
        return v


class Budget(Strict):
    capex_per_year: B.Money | dict[int, B.Money] | None = Field(
        None, description="capital budget: one number for every plan year, or a mapping year -> amount"
    )
    delivery_capex_per_year: B.Money | dict[int, B.Money] | None = Field(
        None,
        description="delivery capacity: the most capital the zone can procure and build in a year (contractors, "
        "procurement), besides the budget; one number or year -> amount",
    )

    @field_validator("capex_per_year", "delivery_capex_per_year")
    @classmethod
    def _years(cls, v):
        return _check_year_keys(v) if isinstance(v, dict) else v


# ---------------------------------------------------------------- evaluation (monitoring and self-assessment)


class ActualTenant(Strict):
    id: Id
    output_musd: B.OutputMusd | None = None
    energy: Energy = Field(default_factory=Energy)
    renewable_purchase_mwh: B.Energy = 0
    onsite_renewable_mwh: B.Energy = 0
    process_emissions_t: B.EmissionsT = 0
    waste_t: B.MassT = 0
    waste_recycled_t: B.MassT = 0
    water_m3: B.WaterM3 = 0
    water_reused_m3: B.WaterM3 = 0


# The yearly quantities a tenant reports besides output value and energy (baseline and actual years alike).
TENANT_QUANTITIES = tuple(f for f in ActualTenant.model_fields if f not in ("id", "output_musd", "energy"))


class ActualYear(Strict):
    year: Year = Field(description="the monitored year (after the base year)")
    tenants: list[ActualTenant] = Field(description="measured annual data per tenant (same fields as the baseline)")


class ImprovementAction(Strict):
    item: str = Field(description="self-assessment item id or monitoring finding")
    action: str = Field(min_length=1, max_length=1000, description="what will be done")
    owner: str = Field("", max_length=200, description="responsible person or unit")
    due: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="due date YYYY-MM-DD")
    status: Literal["open", "in_progress", "done"] = Field("open", description="progress of the action")


class Evaluation(Strict):
    actuals: list[ActualYear] = Field(default_factory=list, description="monitored years after the base year")
    self_assessment: dict[str, Annotated[int, Field(ge=0, le=2)]] = Field(
        default_factory=dict, description="checklist item id -> 0 not met, 1 partly, 2 met"
    )
    actions: list[ImprovementAction] = Field(default_factory=list, description="improvement actions (PDCA)")


# ---------------------------------------------------------------- the scenario


class Scenario(Strict):
    schema_version: Literal[2] = Field(SCHEMA_VERSION, description="format version; 2 (files of version 1 load)")
    zone: Zone = Field(description="the zone: name, host country, area, boundary")
    base_year: Year = Field(description="inventory year t0; plan years are t0+1 .. horizon")
    horizon: Year = Field(description="last plan year")
    currency: str = Field("USD", pattern=r"^[A-Z]{3}$", description="ISO 4217 code; all money in real base-year terms")
    assumptions: Assumptions = Field(default_factory=Assumptions, description="economic and factor assumptions")
    tenants: list[Tenant] = Field(min_length=1, description="the companies in the zone, with base-year data")
    facilities: list[Facility] = Field(default_factory=list, description="roofs, boilers, plants, substations ...")
    targets: Targets = Field(default_factory=Targets, description="milestones and annual overrides")
    budget: Budget = Field(default_factory=Budget, description="capital budget")
    measures: MeasuresSpec = Field(
        default_factory=MeasuresSpec, description="catalogue use, overrides, custom measures"
    )
    evaluation: Evaluation = Field(default_factory=Evaluation, description="monitoring actuals and self-assessment")
    parties: Parties = Field(default_factory=Parties, description="owners, business models, tenant mode, participation")

    @property
    def plan_years(self) -> list[int]:
        return list(range(self.base_year + 1, self.horizon + 1))
