"""A tenant's electricity meter file -> its hourly load for the base year (the shape the power layer uses).

Accepted: a CSV with a timestamp column and one value column whose header names the unit (`kWh`, `MWh` for
energy per interval; `kW`, `MW` for average power over it), hourly or 15-minute readings, ISO timestamps
(`2025-01-01 00:00` or `2025-01-01T00:15:00`), all in one time zone (either no offset at all, read as the zone's
local time, or one fixed offset). Readings are summed (energy) or averaged (power) to hours of the base year.

Refused, each with the row (1 = first data row) or the hours named: unreadable timestamp or value, negative
value, a reading twice, mixed time zones (offsets that change: a daylight-saving clock, or local and UTC mixed),
readings outside the base year, an interval other than 15 or 60 minutes, missing hours (more than 2 % of the
year, or any gap over 24 hours; shorter gaps are filled from the same hour one week earlier or later).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime, timedelta

import numpy as np

from core.errors import Issue, ScenarioError, issue

UNITS = {"kwh": (1.0, "energy"), "mwh": (1000.0, "energy"), "kw": (1.0, "power"), "mw": (1000.0, "power")}
MAX_MISSING = 0.02  # share of the year's hours that may be filled
MAX_GAP_H = 24


def _unit(header: str) -> tuple[float, str] | None:
    h = header.lower().replace("(", " ").replace(")", " ").replace("[", " ").replace("]", " ").split()
    return next((UNITS[w] for w in reversed(h) if w in UNITS), None)


def _stamp(text: str) -> datetime:
    return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))


def hours_of(year: int) -> int:
    return (datetime(year + 1, 1, 1) - datetime(year, 1, 1)).days * 24


def read_meter(data: bytes | str, year: int, path: str = "meter") -> list[float]:
    """The base year's hourly load in kWh (8,760 or 8,784 values); ScenarioError naming rows and hours."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    rows = list(csv.reader(io.StringIO(text)))
    if len(rows) < 2 or len(rows[0]) < 2:
        raise ScenarioError([issue(path, "meter_columns", "a timestamp column and a value column are needed")])
    unit = _unit(rows[0][1])
    if unit is None:
        raise ScenarioError(
            [
                issue(
                    f"{path}.{rows[0][1]}",
                    "meter_unit",
                    "name the unit in the value column's header: kWh, MWh, kW or MW",
                )
            ]
        )
    scale, kind = unit
    issues: list[Issue] = []
    stamps: list[datetime] = []
    values: list[float] = []
    for n, r in enumerate(rows[1:], start=1):
        if not r or not "".join(r).strip():
            continue
        try:
            ts = _stamp(r[0])
        except (ValueError, IndexError):
            issues.append(issue(f"{path} row {n}", "meter_time", "unreadable timestamp '{v}'", v=(r or [""])[0]))
            continue
        try:
            v = float(r[1])
        except (ValueError, IndexError):
            issues.append(
                issue(f"{path} row {n}", "meter_value", "unreadable value '{v}'", v=r[1] if len(r) > 1 else "")
            )
            continue
        if not np.isfinite(v) or v < 0:
            issues.append(issue(f"{path} row {n}", "meter_negative", "a reading must be a number >= 0 (got {v})", v=v))
            continue
        stamps.append(ts)
        values.append(v * scale)
        if len(issues) > 20:
            break
    if issues:
        raise ScenarioError(issues)
    return _to_hours(stamps, values, kind, year, path)


def _to_hours(stamps: Sequence[datetime], values: Sequence[float], kind: str, year: int, path: str) -> list[float]:
    offsets = {ts.utcoffset() for ts in stamps}
    if len(offsets) > 1:
        raise ScenarioError([issue(path, "meter_zone", "the timestamps mix time zones or daylight-saving offsets")])
    local = [ts.replace(tzinfo=None) for ts in stamps]
    ordered = sorted(local)  # files are not always in time order
    steps = sorted({(b - a) for a, b in zip(ordered, ordered[1:], strict=False) if b > a})
    step = steps[0] if steps else timedelta(hours=1)
    if step not in (timedelta(minutes=15), timedelta(hours=1)):
        raise ScenarioError(
            [
                issue(
                    path,
                    "meter_interval",
                    "readings every 15 or 60 minutes are needed (found {m} min)",
                    m=f"{step.total_seconds() / 60:g}",
                )
            ]
        )
    n_h = hours_of(year)
    start = datetime(year, 1, 1)
    total = np.zeros(n_h)
    count = np.zeros(n_h)
    seen: dict[datetime, int] = {}
    per_hour = 4 if step == timedelta(minutes=15) else 1
    for i, (ts, v) in enumerate(zip(local, values, strict=True), start=1):
        if ts in seen:
            raise ScenarioError(
                [issue(f"{path} row {i}", "meter_duplicate", "a second reading for {ts}", ts=ts.isoformat(" "))]
            )
        seen[ts] = i
        h = int((ts - start).total_seconds() // 3600)
        if not 0 <= h < n_h:
            raise ScenarioError(
                [
                    issue(
                        f"{path} row {i}",
                        "meter_year",
                        "{ts} is outside the base year {year}",
                        ts=ts.isoformat(" "),
                        year=year,
                    )
                ]
            )
        total[h] += v
        count[h] += 1
    hourly = total if kind == "energy" else np.divide(total, np.maximum(count, 1))  # kW averaged over the hour = kWh
    if kind == "energy" and per_hour > 1:  # an hour with some quarter-hours missing: scale up what is there
        hourly = np.where((count > 0) & (count < per_hour), total * per_hour / np.maximum(count, 1), hourly)
    return _fill(hourly, count > 0, year, path)


def _fill(hourly: np.ndarray, have: np.ndarray, year: int, path: str) -> list[float]:
    n_h = len(hourly)
    missing = np.flatnonzero(~have)
    if len(missing) > MAX_MISSING * n_h:
        raise ScenarioError(
            [
                issue(
                    path,
                    "meter_missing",
                    "{n} of the year's {total} hours have no reading (at most 2 % may be filled)",
                    n=len(missing),
                    total=n_h,
                )
            ]
        )
    runs = np.split(missing, np.flatnonzero(np.diff(missing) != 1) + 1) if len(missing) else []
    for run in runs:
        if len(run) > MAX_GAP_H:
            first = datetime(year, 1, 1) + timedelta(hours=int(run[0]))
            raise ScenarioError(
                [issue(path, "meter_gap", "no reading for {n} hours from {ts}", n=len(run), ts=first.isoformat(" "))]
            )
    out = hourly.copy()
    week = 168
    for h in missing:
        for d in (-week, week, -2 * week, 2 * week):
            if 0 <= h + d < n_h and have[h + d]:
                out[h] = hourly[h + d]
                break
    if out.sum() <= 0:
        raise ScenarioError([issue(path, "meter_zero", "every reading is 0: no load shape to use")])
    return [float(x) for x in out]
