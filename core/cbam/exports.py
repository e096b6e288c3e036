"""Editing export lines: all tenants' EU export lines as one table, and back into the scenario."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
from pydantic import ValidationError

from core.checks import check_scenario
from core.errors import Issue, ScenarioError, issue
from core.loader import pydantic_issues
from core.schema import CBAM_GOODS, ExportLine, Precursor, Scenario


def goods() -> tuple[str, ...]:
    return CBAM_GOODS


EXPORT_COLUMNS = ["tenant", *(f for f in ExportLine.model_fields if f != "precursors")]


def exports_frame(s: Scenario) -> pd.DataFrame:
    """Every tenant's EU export lines as one table (tenant + ExportLine fields except the precursor list, which
    the scenario file carries and `with_exports` keeps)."""
    rows = [{"tenant": t.id, **x.model_dump(exclude={"precursors"})} for t in s.tenants for x in t.exports]
    return pd.DataFrame(rows, columns=EXPORT_COLUMNS)


def with_exports(s: Scenario, rows: list[dict[str, Any]]) -> Scenario:
    """The scenario with all export lines replaced by `rows` (as from `exports_frame`); every problem is
    reported as `row N.field: message` (N from 1) in one ScenarioError."""
    ids = {t.id for t in s.tenants}
    kept = {(t.id, x.good, x.cn_code): x.precursors for t in s.tenants for x in t.exports}
    by_tenant: dict[str, list[ExportLine]] = {}
    row_of: dict[tuple[str, int], int] = {}
    issues: list[Issue] = []
    for n, r in enumerate(rows, start=1):
        clean = {k: v for k, v in r.items() if not (v is None or (isinstance(v, float) and pd.isna(v)) or v == "")}
        tid = str(clean.pop("tenant", ""))
        if tid not in ids:
            issues.append(issue(f"row {n}.tenant", "unknown_tenant", "unknown tenant {tenant}", tenant=repr(tid)))
        if "cn_code" in clean:
            clean["cn_code"] = str(clean["cn_code"])
        if "precursors" not in clean and kept.get((tid, clean.get("good"), clean.get("cn_code"))) is not None:
            clean["precursors"] = [p.model_dump() for p in kept[(tid, clean.get("good"), clean.get("cn_code"))]]
        try:
            line = ExportLine.model_validate(clean)
        except ValidationError as e:
            issues += pydantic_issues(e, f"row {n}")
            continue
        by_tenant.setdefault(tid, []).append(line)
        row_of[(tid, len(by_tenant[tid]) - 1)] = n
    if issues:
        raise ScenarioError(issues)
    tenants = [t.model_copy(update={"exports": by_tenant.get(t.id, [])}) for t in s.tenants]
    return _checked(s.model_copy(update={"tenants": tenants}), row_of)


def _checked(new: Scenario, row_of: dict[tuple[str, int], int]) -> Scenario:
    """`new` if the scenario checks find nothing wrong with its export lines (CBAM scope, tonnes above
    production, precursors), else a ScenarioError with each problem named by its table row."""
    found = []
    for i in check_scenario(new):
        m = re.match(r"tenants\[(\d+)\]\.exports\[(\d+)\](.*)", i.path)
        if m:
            n = row_of.get((new.tenants[int(m[1])].id, int(m[2])))
            found.append(Issue(f"row {n}{m[3]}" if n else i.path, i.message, i.key, i.fields))
    if found:
        raise ScenarioError(found)
    return new


PRECURSOR_COLUMNS = ["tenant", "line", *Precursor.model_fields]


def precursors_frame(s: Scenario) -> pd.DataFrame:
    """The purchased precursors given on export lines: tenant, line (1-based within the tenant) + Precursor fields."""
    rows = [
        {"tenant": t.id, "line": k + 1, **p.model_dump()}
        for t in s.tenants
        for k, x in enumerate(t.exports)
        for p in x.precursors or []
    ]
    return pd.DataFrame(rows, columns=PRECURSOR_COLUMNS)


def with_precursors(s: Scenario, rows: list[dict[str, Any]]) -> Scenario:
    """The scenario with the precursors of every export line replaced by `rows` (as from `precursors_frame`);
    a line without rows gets the typical precursors of its CN code (a row with 0 t/t declares none bought).
    Problems as `row N.field: message` (N from 1) in one ScenarioError."""
    lines = {(t.id, k + 1) for t in s.tenants for k in range(len(t.exports))}
    got: dict[tuple[str, int], list[Precursor]] = {}
    issues: list[Issue] = []
    for n, r in enumerate(rows, start=1):
        clean = {k: v for k, v in r.items() if not (v is None or (isinstance(v, float) and pd.isna(v)) or v == "")}
        tid, line = str(clean.pop("tenant", "")), clean.pop("line", None)
        key = (tid, int(line)) if isinstance(line, int | float) else (tid, -1)
        if key not in lines:
            issues.append(
                issue(f"row {n}.line", "unknown_export_line", "no export line {line} for tenant {tenant}",
                      line=repr(line), tenant=repr(tid))
            )  # fmt: skip
        if "cn_code" in clean:
            clean["cn_code"] = str(clean["cn_code"])
        try:
            got.setdefault(key, []).append(Precursor.model_validate(clean))
        except ValidationError as e:
            issues += pydantic_issues(e, f"row {n}")
    if issues:
        raise ScenarioError(issues)
    tenants = []
    for t in s.tenants:
        ex = [x.model_copy(update={"precursors": got.get((t.id, k + 1))}) for k, x in enumerate(t.exports)]
        tenants.append(t.model_copy(update={"exports": ex}))
    return _checked(s.model_copy(update={"tenants": tenants}), {})
