"""Physical bounds of every number in a scenario, so that whatever validates also builds and solves.

Each bound is generous (an order of magnitude or more above the largest real zone) but finite: 1e308 or a
5,000-digit integer is refused at validation with its path, never reaches PuLP (`nan`), HiGHS or a report
(`OverflowError`). The bounds show in docs/scenario-format.md next to each field's type.
Messages of the schema's own validators are translatable: `fail(key, template, **ctx)` raises a
`PydanticCustomError` that core.loader turns into `Issue(key=key, fields=ctx)` (validation.<key>).
"""

from __future__ import annotations

import math
from typing import Annotated, NoReturn

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

# ---------------------------------------------------------------- magnitudes (units in the field names)

ENERGY = 1e9  # per input key and year: 1e9 MWh = 1,000 TWh; 1e9 m3 of gas; 1e9 t of coal
OUTPUT_MUSD = 1e6  # a million million in scenario currency
AREA_HA = 1e6  # 10,000 km2
EMISSIONS_T = 1e9  # t CO2e per year (a whole large country)
MASS_T = 1e9  # waste, exports, production, t per year
WATER_M3 = 1e10
LEAK_KG = 1e7
FACTOR_KG_PER_GJ = 1e3  # coal CO2 is ~100 kg/GJ
SPECIFIC_T_PER_T = 100.0  # tCO2e per t of product
GRID_T_PER_MWH = 5.0  # the dirtiest grids are ~1.2
CARBON_PRICE = 1e5  # currency (or EUR) per tCO2e
ENERGY_PRICE = 1e8  # currency per unit of an input key (weak currencies per MWh)
MONEY = 1e13  # capex per unit, budgets, pipe capex per km: scenario currency
UNITS = 1e9  # measure units
EFFECT = 1e9  # a measure's effect per unit and year, either sign
EFFECT_MIN = 1e-9  # smaller non-zero effects are rounding noise that wrecks the model's scaling
ROOF_M2 = 1e8
CAPACITY_MW = 1e5
ACTIVITY_INDEX = 100.0  # activity vs the base year
EMPLOYEES = 10_000_000
TARGET_VALUE = 1e12  # a milestone's absolute value in its metric's unit


def fail(key: str, template: str, **ctx: object) -> NoReturn:
    """Raise a translatable validation error (validation.<key>, filled with ctx; plain `{name}` fields only)."""
    raise PydanticCustomError(key, template, {k: str(v) for k, v in ctx.items()} or {"_": ""})


def unknown(key: str, template: str, bad: object, allowed: object) -> NoReturn:
    """`fail` for an unknown name: `bad` and `allowed` are lists, joined with commas."""
    fail(key, template, bad=", ".join(bad), allowed=", ".join(allowed))  # type: ignore[arg-type]


def _no_bool(v: object) -> object:
    """`area_ha: true` is a mistake, not 1.0; NaN and infinities are not numbers either."""
    if isinstance(v, bool) or (isinstance(v, float) and not math.isfinite(v)):
        fail("not_number", "must be a number (got {got})", got=repr(v))
    return v


def _effect(v: float) -> float:
    if v != 0 and abs(v) < EFFECT_MIN:
        fail(
            "effect_too_small",
            "must be 0 or at least {min} in magnitude (got {got})",
            min=f"{EFFECT_MIN:g}",
            got=f"{v:g}",
        )
    return v


def num(hi: float, lo: float = 0.0) -> object:
    """A finite number within [lo, hi] (true/false refused)."""
    return Annotated[float, BeforeValidator(_no_bool), Field(ge=lo, le=hi, allow_inf_nan=False)]


Energy = num(ENERGY)
Effect = Annotated[num(EFFECT, -EFFECT), AfterValidator(_effect)]
OutputMusd = num(OUTPUT_MUSD)
AreaHa = num(AREA_HA)
EmissionsT = num(EMISSIONS_T)
MassT = num(MASS_T)
WaterM3 = num(WATER_M3)
LeakKg = num(LEAK_KG)
FactorKg = num(FACTOR_KG_PER_GJ)
SpecificT = num(SPECIFIC_T_PER_T)
GridT = num(GRID_T_PER_MWH)
CarbonPrice = num(CARBON_PRICE)
Money = num(MONEY)
Units = num(UNITS)
RoofM2 = num(ROOF_M2)
CapacityMW = num(CAPACITY_MW)
TargetValue = num(TARGET_VALUE)
# year-path values: the sign and magnitude are checked by each path's validator (so the message names the path)
PathValue = num(max(TARGET_VALUE, MONEY), -max(TARGET_VALUE, MONEY))


# ---------------------------------------------------------------- checks shared by several schema validators


def check_year_keys(v: dict[int, float]) -> dict[int, float]:
    for y in v:
        if not 1990 <= int(y) <= 2100:
            fail("year_key_range", "year {year} outside 1990-2100", year=y)
    return dict(sorted(v.items()))


def check_path(v: dict[int, float] | None, hi: float, what: str = "values") -> dict[int, float] | None:
    """Year-path values within 0..hi (units of the field), years within 1990-2100."""
    if v is None:
        return v
    for y, x in v.items():
        if not 0 <= x <= hi:
            fail(
                "path_value_range",
                "{what}: {year}: must be within 0..{hi} (got {got})",
                what=what,
                year=y,
                hi=f"{hi:g}",
                got=f"{x:g}",
            )
    return check_year_keys(v)


def check_latlon(v: tuple[float, float]) -> tuple[float, float]:
    lat, lon = v
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        fail("location_range", "location must be [latitude, longitude] within [-90..90, -180..180]")
    return v
