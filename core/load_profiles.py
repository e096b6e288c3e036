"""Daily load shapes of tenants (data/load_shapes.csv: EPRI industrial shapes by shift pattern, DOE office and
warehouse) and what they mean for solar power before the hourly model exists.

A tenant's pattern is its `load_pattern`, else its sector's usual one (continuous process industries run
day and night; the rest two shifts). `daylight_share` is the share of a week's electricity demand that falls
in the hours PV produces (07:00-18:00): without storage, on-site solar can supply at most that share in the
annual model (stated approximation; hourly dispatch replaces it).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from core.carriers import energy_to_canonical
from core.schema import Tenant
from core.tables import read_table

PV_HOURS = range(7, 18)  # hour-beginning 07 .. 17
WEEK = {"weekday": 5, "saturday": 1, "sunday": 1}
CONTINUOUS_SECTORS = frozenset(
    {"cement", "steel", "aluminium", "glass", "fibreglass", "ceramics", "chemicals", "fertilisers", "paper_packaging",
     "utilities", "building_materials"}
)  # fmt: skip
SECTOR_PATTERN = {"services": "office", "logistics": "warehouse_doe_crb"}


@cache
def _shapes() -> dict[tuple[str, str], list[float]]:
    out: dict[tuple[str, str], list[float]] = {}
    for r in read_table("load_shapes.csv"):
        out.setdefault((r["pattern"], r["day_type"]), [0.0] * 24)[int(r["hour"])] = float(r["relative_load"])
    return out


def pattern(t: Tenant) -> str:
    """The tenant's daily load pattern (a `pattern` of data/load_shapes.csv)."""
    if t.load_pattern:
        return t.load_pattern
    if t.sector in CONTINUOUS_SECTORS:
        return "continuous_process"
    return SECTOR_PATTERN.get(t.sector, "two_shift")


@cache
def pattern_daylight_share(name: str) -> float:
    """Share of a week's energy of a pattern that falls in PV hours."""
    day = total = 0.0
    for day_type, n in WEEK.items():
        shape = _shapes()[(name, day_type)]
        day += n * sum(shape[h] for h in PV_HOURS)
        total += n * sum(shape)
    return day / total if total > 0 else 0.0


def daylight_share(tenants: Sequence[Tenant]) -> float:
    """The zone's share of electricity demand in PV hours, weighted by each tenant's electricity use."""
    num = den = 0.0
    for t in tenants:
        mwh = energy_to_canonical(t.energy.quantities()).get("electricity", 0.0) + t.onsite_renewable_mwh
        num += mwh * pattern_daylight_share(pattern(t))
        den += mwh
    return num / den if den > 0 else 0.0
