"""The building blocks of the scenario schema: ids, bounded numbers, year paths, choice lists, the strict
base model, and the per-carrier Energy and Effects models (one optional field per input key)."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, create_model

from core import bounds as B
from core.carriers import input_keys

SLUG = r"^[A-Za-z0-9_\-]{1,64}$"
Id = Annotated[str, Field(pattern=SLUG, description="ASCII id: letters, digits, '_' or '-' (max 64)")]
NonNeg = B.num(1e12)  # finite, >= 0; fields with a unit use their own bound from core.bounds
Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Year = Annotated[int, Field(ge=1990, le=2100)]
LatLon = Annotated[tuple[float, float], Field(description="[latitude, longitude] in degrees (WGS84)")]

Area = Literal["energy", "resources", "pollution", "infrastructure", "ghg"]
Metric = Literal[
    "emissions",
    "emission_intensity",
    "renewable_share",
    "energy_intensity",
    "waste_recycling_rate",
    "water_reuse_rate",
    "carbon_per_energy",
    "clean_energy_share",
]
CbamGood = Literal["iron_steel", "aluminium", "cement", "fertilisers", "hydrogen", "electricity"]
FacilityType = Literal[
    "rooftop",
    "boiler",
    "power_plant",
    "substation",
    "wastewater_plant",
    "water_plant",
    "waste_station",
    "warehouse",
    "office",
    "parking",
    "other",
]
LoadPattern = Literal["one_shift", "two_shift", "three_shift", "continuous_process", "office", "warehouse_doe_crb"]
ProcessKind = Literal["calcination", "chemical", "metallurgical", "other"]
WastewaterTreatment = Literal[
    "untreated", "aerobic", "anaerobic_lagoon_shallow", "anaerobic_lagoon_deep", "anaerobic_reactor"
]
AREAS, METRICS, CBAM_GOODS, FACILITY_TYPES = (get_args(x) for x in (Area, Metric, CbamGood, FacilityType))
PROCESS_KINDS, WASTEWATER_TREATMENTS = get_args(ProcessKind), get_args(WastewaterTreatment)
SCHEMA_VERSION = 2
# Keys a measure's `effects` may carry besides energy input keys.
EFFECT_KEYS = ("process_emissions_t", "water_m3", "waste_diverted_t", "onsite_renewable_mwh", "offsets_t")
RESOURCE_KEYS = ("roof_area_m2", "land_ha", "grid_connection_mw")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


YearPath = Annotated[
    dict[int, B.PathValue],
    Field(description="values by year; linear between given years, flat beyond"),
]


class _Quantities(Strict):
    def quantities(self) -> dict[str, float]:
        """The keys that were given, with their values (unset keys left out)."""
        return self.model_dump(exclude_none=True)


# Energy use by input key (electricity_mwh, natural_gas_m3, ...): one optional field per key in
# data/carriers.csv, so an unknown key and a negative value are both reported, each with its path.
Energy = create_model(
    "Energy",
    __base__=_Quantities,
    **{k: (B.Energy | None, Field(None, description=f"{v.carrier} in {v.unit}")) for k, v in input_keys().items()},
)
_Num = B.Effect
# A measure's effect per active unit and year: energy keys (+ adds use, - saves) and effect keys.
Effects = create_model(
    "Effects",
    __base__=_Quantities,
    **{k: (_Num | None, Field(None, description=f"{v.carrier} in {v.unit}")) for k, v in input_keys().items()},
    process_emissions_t=(_Num | None, Field(None, description="change of process emissions, tCO2e")),
    water_m3=(_Num | None, Field(None, description="change of water withdrawal, m3 (negative saves)")),
    waste_diverted_t=(_Num | None, Field(None, description="waste recycled instead of disposed, t")),
    onsite_renewable_mwh=(_Num | None, Field(None, description="on-site renewable electricity generated, MWh")),
    offsets_t=(_Num | None, Field(None, description="offsets retired, tCO2e (counts against net emissions only)")),
)
