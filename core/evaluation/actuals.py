"""Actuals: the upload template, reading and validating uploaded tables or YAML/JSON, merging into a scenario.

Every problem in an upload is reported with where it is (`row N.column` for tables, the data path for
YAML/JSON), all in one ScenarioError.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import pandas as pd
from pydantic import ValidationError

from core.carriers import input_keys
from core.errors import Issue, ScenarioError
from core.loader import decode, parse_text, pydantic_issues, validate_data
from core.schema import TENANT_QUANTITIES, ActualTenant, ActualYear, Scenario
from core.spreadsheets import read_spreadsheet

ACTUAL_NUMBERS = ("output_musd", *TENANT_QUANTITIES)


def actual_columns() -> list[str]:
    """Columns of the actuals template: year, tenant, then every number an ActualTenant takes."""
    return ["year", "tenant", *input_keys().keys(), *ACTUAL_NUMBERS]


def actuals_template(s: Scenario, year: int | None = None) -> pd.DataFrame:
    """One row per tenant for `year` (default: the year after the latest data), prefilled with the
    baseline values so a user edits what changed."""
    latest = max([a.year for a in s.evaluation.actuals] + [s.base_year])
    y = year or latest + 1
    rows = []
    for t in s.tenants:
        row: dict[str, Any] = {"year": y, "tenant": t.id}
        row.update(t.energy.quantities())
        for k in ACTUAL_NUMBERS:
            row[k] = getattr(t, k)
        rows.append(row)
    df = pd.DataFrame(rows, columns=actual_columns())
    return df.dropna(axis=1, how="all").reindex(
        columns=[c for c in actual_columns() if c in df.dropna(axis=1, how="all")]
    )


def actuals_to_frame(s: Scenario) -> pd.DataFrame:
    """The scenario's actuals as a table in the template's format (for export)."""
    rows = []
    for a in s.evaluation.actuals:
        for at in a.tenants:
            row: dict[str, Any] = {"year": a.year, "tenant": at.id, **at.energy.quantities()}
            row.update({k: getattr(at, k) for k in ACTUAL_NUMBERS})
            rows.append(row)
    df = pd.DataFrame(rows, columns=actual_columns())
    return df.dropna(axis=1, how="all")


MAX_ACTUAL_ROWS = 50_000  # tenants x years of a zone's monitoring: far below


def read_actuals_table(raw: bytes, name: str) -> pd.DataFrame:
    """CSV or Excel bytes -> a table of text cells (core.spreadsheets: capped, encodings detected)."""
    return read_spreadsheet(raw, name, MAX_ACTUAL_ROWS).frame


def actuals_from_frame(df: pd.DataFrame, s: Scenario | None = None) -> list[ActualYear]:
    """Validate a table of actuals; every problem is reported as `row N.column: message` (N = data row,
    1-based, as in a spreadsheet below the header)."""
    issues: list[Issue] = []
    df = df.rename(columns=lambda c: str(c).strip())
    allowed = set(actual_columns())
    for c in df.columns:
        if c not in allowed and not str(c).startswith("Unnamed"):
            issues.append(Issue(f"column {c!r}", f"unknown column; allowed: {', '.join(actual_columns())}"))
    for c in ("year", "tenant"):
        if c not in df.columns:
            issues.append(Issue(f"column {c!r}", "required column missing"))
    if issues:
        raise ScenarioError(issues)
    tenant_ids = {t.id for t in s.tenants} if s else None
    years: dict[int, list[ActualTenant]] = {}
    seen: set[tuple[int, str]] = set()
    for n, rec in enumerate(df.to_dict(orient="records"), start=1):
        if all(v is None or (isinstance(v, float) and math.isnan(v)) or str(v).strip() == "" for v in rec.values()):
            continue  # blank line
        where = f"row {n}"
        try:
            y = int(float(rec["year"]))
        except (TypeError, ValueError):
            issues.append(Issue(f"{where}.year", f"must be a year (got {rec['year']!r})"))
            continue
        tid = str(rec["tenant"]).strip()
        if s is not None and not s.base_year < y <= s.horizon:
            issues.append(Issue(f"{where}.year", f"must be within {s.base_year + 1}-{s.horizon} (got {y})"))
        if tenant_ids is not None and tid not in tenant_ids:
            issues.append(Issue(f"{where}.tenant", f"unknown tenant {tid!r}"))
        if (y, tid) in seen:
            issues.append(Issue(f"{where}.tenant", f"tenant {tid!r} given twice for {y}"))
        seen.add((y, tid))
        energy: dict[str, float] = {}
        fields: dict[str, float] = {}
        bad = False
        for k, v in rec.items():
            if k in ("year", "tenant") or k not in allowed or v is None or str(v).strip() == "":
                continue
            try:
                x = float(v)
            except (TypeError, ValueError):
                issues.append(Issue(f"{where}.{k}", f"must be a number (got {v!r})"))
                bad = True
                continue
            if math.isnan(x):
                continue
            if x < 0 or math.isinf(x):
                issues.append(Issue(f"{where}.{k}", f"must be a finite number >= 0 (got {x:g})"))
                bad = True
                continue
            (energy if k in input_keys() else fields)[k] = x
        if bad:
            continue
        try:
            at = ActualTenant.model_validate({"id": tid, "energy": energy, **fields})
        except Exception as e:  # noqa: BLE001 - pydantic error -> one issue per row
            issues.append(Issue(where, str(e).splitlines()[-1].strip()))
            continue
        if at.waste_recycled_t > at.waste_t and at.waste_t > 0:
            issues.append(Issue(f"{where}.waste_recycled_t", "must be <= waste_t"))
        years.setdefault(y, []).append(at)
    if issues:
        raise ScenarioError(issues)
    if not years:
        raise ScenarioError([Issue("", "the table has no data rows")])
    return [ActualYear(year=y, tenants=ts) for y, ts in sorted(years.items())]


def actuals_from_data(data: Any, s: Scenario | None = None) -> list[ActualYear]:
    """Actual years from parsed YAML/JSON in the baseline's own format: a scenario file of a later year
    (its `base_year` is the actual year; tenant fields that actuals do not carry, such as name or
    location, are ignored), one `{year, tenants}` mapping, a list of them, or `{actuals: [...]}`."""
    keep = set(ActualTenant.model_fields)
    if isinstance(data, dict) and "base_year" in data and "tenants" in data:
        tenants = [{k: v for k, v in t.items() if k in keep} if isinstance(t, dict) else t for t in data["tenants"]]
        items, prefix = [{"year": data["base_year"], "tenants": tenants}], ""
    elif isinstance(data, dict) and "actuals" in data:
        items, prefix = data["actuals"], "actuals"
    elif isinstance(data, dict):
        items, prefix = [data], ""
    else:
        items, prefix = data, ""
    if not isinstance(items, list) or not items:
        raise ScenarioError([Issue(prefix, "expected actual years: {year, tenants: [...]} or a scenario file")])
    out, issues = [], []
    for n, item in enumerate(items):
        where = f"{prefix}[{n}]" if len(items) > 1 or prefix else ""
        try:
            out.append(ActualYear.model_validate(item))
        except ValidationError as e:
            issues += pydantic_issues(e, where)
    if s is not None:
        ids = {t.id for t in s.tenants}
        for n, a in enumerate(out):
            if not s.base_year < a.year <= s.horizon:
                issues.append(Issue(f"[{n}].year", f"must be within {s.base_year + 1}-{s.horizon} (got {a.year})"))
            issues += [
                Issue(f"[{n}].tenants[{j}].id", f"unknown tenant {t.id!r}")
                for j, t in enumerate(a.tenants)
                if t.id not in ids
            ]
    if issues:
        raise ScenarioError(issues)
    return out


def read_actuals(raw: bytes, name: str, s: Scenario | None = None) -> list[ActualYear]:
    """An uploaded file of actuals -> validated ActualYears (ScenarioError on bad input): CSV/Excel in
    the template's format, or YAML/JSON in the baseline's format (see `actuals_from_data`)."""
    if name.lower().endswith((".yaml", ".yml", ".json")):
        return actuals_from_data(parse_text(decode(raw, name), name), s)
    return actuals_from_frame(read_actuals_table(raw, name), s)


def with_actuals(s: Scenario, actuals: Iterable[ActualYear]) -> Scenario:
    """The scenario with these actual years added (a year already present is replaced), validated."""
    new = {a.year: a for a in actuals}
    keep = [a for a in s.evaluation.actuals if a.year not in new]
    merged = sorted(keep + list(new.values()), key=lambda a: a.year)
    return _revalidate(s.model_copy(update={"evaluation": s.evaluation.model_copy(update={"actuals": merged})}))


def _revalidate(s: Scenario) -> Scenario:

    return validate_data(s.model_dump(mode="json", exclude_defaults=True))
