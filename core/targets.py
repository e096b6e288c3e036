"""Targets: milestones (long-, mid-term) -> an annual target for every plan year; presets.

A trajectory runs from the base-year value through the milestones of one (metric, basis), linear or
at a constant rate between points, and holds the last milestone's value after it. Milestones beyond
the horizon still shape the years before. `targets.overrides` replace single years.
Units per metric: emissions tCO2e; emission_intensity tCO2e per million output; energy_intensity
GJ per million output; renewable_share, waste_recycling_rate, water_reuse_rate as shares 0-1.
Upper-bound metrics (at most): emissions, emission_intensity, energy_intensity; the rest are floors.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from core.baseline import activity_index
from core.schema import Milestone, Scenario, Targets
from core.tables import read_table
from core.year_paths import interpolate

UPPER = (
    "emissions",
    "emission_intensity",
    "energy_intensity",
    "carbon_per_energy",
)  # target is a ceiling; others a floor
COLUMNS = ["metric", "basis", "year", "target", "source"]

PRESETS: dict[str, dict[str, str]] = {
    "china_aligned": {
        "name_en": "China-aligned: peak before 2030, carbon neutrality 2060",
        "name_zh": "对标中国双碳：2030年前达峰，2060年前碳中和",
    },
    "sbti_1_5c": {
        "name_en": "SBTi-style 1.5 C: 4.2 %/yr absolute contraction",
        "name_zh": "SBTi 1.5°C：每年绝对减排4.2%",
    },
    "ndc": {
        "name_en": "Host-country NDC and long-term target",
        "name_zh": "东道国国家自主贡献与长期目标",
    },
}


def is_upper(metric: str) -> bool:
    return metric in UPPER


def _segment(y: int, y0: int, v0: float, y1: int, v1: float, rate: bool) -> float:
    f = (y - y0) / (y1 - y0)
    if rate and v0 > 0 and v1 > 0:
        return v0 * (v1 / v0) ** f
    return v0 + (v1 - v0) * f


def trajectory(base: float, base_year: int, points: dict[int, float], years: list[int], rate: bool) -> dict[int, float]:
    """Values for `years` from (base_year, base) through `points`; flat after the last point.

    >>> trajectory(100.0, 2025, {2030: 50.0}, [2026, 2030, 2035], rate=False)
    {2026: 90.0, 2030: 50.0, 2035: 50.0}
    >>> round(trajectory(100.0, 2025, {2027: 25.0}, [2026], rate=True)[2026], 6)
    50.0
    """
    pts = sorted({base_year: base, **points}.items())
    if not rate:
        return interpolate(dict(pts), years)
    out: dict[int, float] = {}
    for y in years:
        if y >= pts[-1][0]:
            out[y] = pts[-1][1]
            continue
        for (y0, v0), (y1, v1) in zip(pts, pts[1:], strict=False):
            if y0 <= y <= y1:
                out[y] = _segment(y, y0, v0, y1, v1, rate)
                break
    return out


def milestone_value(m: Milestone, base: float | None) -> float | None:
    if m.value is not None:
        return m.value
    return None if base is None else base * (1.0 + m.change_vs_base)


def annual_targets(s: Scenario, base_values: dict[str, float | None]) -> pd.DataFrame:
    """One row per (metric, basis, plan year) with a target: metric, basis, year, target, source.

    `base_values` are the base-year values of the metrics (emissions gross, intensity, shares ...);
    a milestone relative to a metric without a base value is skipped.
    """
    years = s.plan_years
    tg = s.targets
    groups: dict[tuple[str, str], dict[int, float]] = {}
    for m in tg.milestones:
        v = milestone_value(m, base_values.get(m.metric))
        if v is not None:
            groups.setdefault((m.metric, m.basis), {})[m.year] = v
    label = f"preset {tg.preset}" if tg.preset else "milestone"
    rows: dict[tuple[str, str, int], list] = {}
    for (metric, basis), points in groups.items():
        base = base_values.get(metric)
        if base is None:  # absolute milestones only: flat before the first one
            base = points[min(points)]
        path = trajectory(base, s.base_year, points, years, tg.trajectory == "constant_rate")
        for y in years:
            src = label if y in points else "interpolated"
            rows[(metric, basis, y)] = [metric, basis, y, path[y], src]
    for metric, path in tg.overrides.items():
        keys = [k for k in rows if k[0] == metric]
        bases = sorted({k[1] for k in keys}) or ["gross"]
        for y, v in path.items():
            for b in bases:
                rows[(metric, b, int(y))] = [metric, b, int(y), float(v), "override"]
    df = pd.DataFrame(list(rows.values()), columns=COLUMNS)
    if df.empty:
        return df
    return df.sort_values(["metric", "basis", "year"]).reset_index(drop=True)


# ---------------------------------------------------------------- presets


def _preset_rows() -> tuple[Mapping[str, str], ...]:
    return read_table("targets_presets.csv")


def preset_countries() -> frozenset[str]:
    """Countries with an NDC preset."""
    return frozenset(r["country"] for r in _preset_rows() if r["preset"] == "ndc")


def preset_rows(name: str, country: str | None = None) -> list[Mapping[str, str]]:
    """The data rows (with source and status) behind a preset."""
    if name not in PRESETS:
        raise ValueError(f"unknown target preset {name!r}; known: {', '.join(PRESETS)}")
    return [r for r in _preset_rows() if r["preset"] == name and (name != "ndc" or r["country"] == country)]


def apply_preset(
    s_or_targets: Scenario | Targets, name: str, country: str | None = None, base_year: int | None = None
) -> Targets:
    """Targets whose milestones are the preset's (trajectory and overrides kept).

    With a Scenario, country and base year come from it, and targets stated against BAU (NDCs) become
    changes vs the base year through the scenario's activity path: (1 + change) x activity(year) - 1.
    """
    s = s_or_targets if isinstance(s_or_targets, Scenario) else None
    targets = s.targets if s is not None else s_or_targets
    country = country or (s.zone.country if s is not None else None)
    base_year = base_year or (s.base_year if s is not None else None)
    rows = preset_rows(name, country)
    if not rows:
        raise ValueError(f"no {name} preset for country {country!r}; known: {', '.join(sorted(preset_countries()))}")
    milestones = []
    for r in rows:
        if r["year"].startswith("+"):
            if base_year is None:
                raise ValueError("a relative preset year needs the base year")
            year = base_year + int(r["year"][1:])
        else:
            year = int(r["year"])
        if base_year is not None and year <= base_year:
            continue
        m: dict = {"metric": r["metric"], "year": year, "basis": r["basis"] or "gross"}
        if r["change_vs_base"]:
            change = float(r["change_vs_base"])
            if r["vs"] == "bau" and s is not None:
                change = (1.0 + change) * activity_index(s, [year])[year] - 1.0
            m["change_vs_base"] = max(-1.0, change)
        else:
            m["value"] = float(r["value"])
        milestones.append(Milestone(**m))
    return targets.model_copy(update={"milestones": milestones, "preset": name})
