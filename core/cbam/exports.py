"""Editing export lines: all tenants' EU export lines as one table, and back into the scenario."""

from __future__ import annotations

from typing import Any

import pandas as pd
from pydantic import ValidationError

from core.errors import Issue, ScenarioError
from core.loader import pydantic_issues
from core.schema import CBAM_GOODS, ExportLine, Scenario


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
    issues: list[Issue] = []
    for n, r in enumerate(rows, start=1):
        clean = {k: v for k, v in r.items() if not (v is None or (isinstance(v, float) and pd.isna(v)) or v == "")}
        tid = str(clean.pop("tenant", ""))
        if tid not in ids:
            issues.append(Issue(f"row {n}.tenant", f"unknown tenant {tid!r}"))
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
    if issues:
        raise ScenarioError(issues)
    tenants = [t.model_copy(update={"exports": by_tenant.get(t.id, [])}) for t in s.tenants]
    return s.model_copy(update={"tenants": tenants})
