"""A tenant's own yearly data, as asked for by a data request: what the form shows, how a submission is validated
(the same checks as an actuals upload and as a scenario file, each problem naming its field or row), and how an
accepted submission goes into the monitored actuals or the baseline.

A submission holds numbers by field (energy by input key, output value, renewable purchases, process emissions,
waste, water), refrigerant top-ups and EU exports, each value with a quality label: measured, estimated or
allocated (a share of a meter or invoice split between tenants).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from core.carriers import input_keys
from core.errors import Issue, ScenarioError
from core.evaluation.actuals import ACTUAL_NUMBERS, actuals_from_frame, read_actuals_table, with_actuals
from core.loader import validate_data
from core.overrides import scenario_data
from core.schema import ActualTenant, ActualYear, Scenario, Tenant

QUALITIES = ("measured", "estimated", "allocated")
LIST_FIELDS = {"refrigerants": ("gas", "leak_kg"), "exports": ("good", "cn_code", "eu_t")}
MAX_LIST_ROWS = 200


def number_fields() -> list[str]:
    """The numbers a tenant reports: energy input keys, then output value and the other yearly quantities."""
    return [*input_keys(), *ACTUAL_NUMBERS]


@dataclass(frozen=True)
class Submission:
    tenant: str
    year: int
    values: dict[str, float]
    quality: dict[str, str]  # field -> measured | estimated | allocated
    refrigerants: list[dict[str, Any]] = field(default_factory=list)  # gas, leak_kg, quality
    exports: list[dict[str, Any]] = field(default_factory=list)  # good, cn_code, eu_t, quality

    def as_json(self) -> dict[str, Any]:
        return {
            "tenant": self.tenant,
            "year": self.year,
            "values": self.values,
            "quality": self.quality,
            "refrigerants": self.refrigerants,
            "exports": self.exports,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Submission:
        return cls(
            d["tenant"], int(d["year"]), d["values"], d["quality"], d.get("refrigerants", []), d.get("exports", [])
        )


def _tenant(s: Scenario, tenant_id: str) -> tuple[int, Tenant]:
    for i, t in enumerate(s.tenants):
        if t.id == tenant_id:
            return i, t
    raise ScenarioError([Issue("tenant", f"unknown tenant {tenant_id!r}")])


def tenant_view(s: Scenario, tenant_id: str) -> dict[str, Any]:
    """What the tenant's form starts from: its own name and values in the scenario, nothing of other tenants."""
    _, t = _tenant(s, tenant_id)
    values = {**t.energy.quantities(), **{k: getattr(t, k) for k in ACTUAL_NUMBERS}}
    return {
        "id": t.id,
        "name": t.name,
        "values": {k: float(v) for k, v in values.items() if v is not None and float(v) != 0},
        "refrigerants": [{"gas": r.gas, "leak_kg": r.leak_kg} for r in t.refrigerants],
        "exports": [{"good": e.good, "cn_code": e.cn_code, "eu_t": e.eu_t} for e in t.exports],
    }


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or str(v).strip() == ""


def validate(
    s: Scenario,
    tenant_id: str,
    year: int,
    values: dict[str, Any],
    quality: dict[str, Any],
    refrigerants: list[dict[str, Any]] | None = None,
    exports: list[dict[str, Any]] | None = None,
) -> Submission:
    """A checked Submission, or ScenarioError listing every problem by field (`electricity_mwh`) or list row
    (`refrigerants row 2.gas`)."""
    i, _ = _tenant(s, tenant_id)
    issues: list[Issue] = []
    given = {k: v for k, v in values.items() if not _blank(v)}
    for k in given:
        if k not in number_fields():
            issues.append(Issue(k, "unknown field"))
    row = {"year": year, "tenant": tenant_id, **{k: v for k, v in given.items() if k in number_fields()}}
    numbers: dict[str, float] = {}
    try:  # the actuals upload's own checks; its `row 1.<field>` becomes `<field>` (one tenant, one row)
        got = actuals_from_frame(pd.DataFrame([row], dtype=object), None)[0].tenants[0]
        numbers = {**got.energy.quantities(), **{k: getattr(got, k) for k in ACTUAL_NUMBERS if k in given}}
    except ScenarioError as e:
        issues += [Issue(re.sub(r"^row 1\.?", "", x.path) or "values", x.message) for x in e.issues]
    for k in given:
        q = str(quality.get(k) or "").strip()
        if q not in QUALITIES:
            issues.append(Issue(k, f"quality must be one of {', '.join(QUALITIES)} (got {q!r})"))
    lists = {"refrigerants": refrigerants or [], "exports": exports or []}
    clean: dict[str, list[dict[str, Any]]] = {}
    for name, rows in lists.items():
        rows = [r for r in rows if not all(_blank(r.get(c)) for c in LIST_FIELDS[name])]
        if len(rows) > MAX_LIST_ROWS:
            issues.append(Issue(name, f"at most {MAX_LIST_ROWS} rows (got {len(rows)})"))
            rows = rows[:MAX_LIST_ROWS]
        clean[name] = []
        for n, r in enumerate(rows, start=1):
            q = str(r.get("quality") or "").strip()
            if q not in QUALITIES:
                issues.append(Issue(f"{name} row {n}.quality", f"must be one of {', '.join(QUALITIES)} (got {q!r})"))
            clean[name].append({c: r.get(c) for c in LIST_FIELDS[name]} | {"quality": q})
    if issues:
        raise ScenarioError(issues)
    # refrigerant gases and export lines: the scenario's own checks, on this tenant with the new lists
    data = scenario_data(s)
    tenant = data["tenants"][i]
    tenant["refrigerants"] = [{"gas": r["gas"], "leak_kg": r["leak_kg"]} for r in clean["refrigerants"]]
    old = {(e["good"], e["cn_code"]): e for e in tenant.get("exports", [])}
    tenant["exports"] = [
        {**old.get((e["good"], e["cn_code"]), {}), "good": e["good"], "cn_code": e["cn_code"], "eu_t": e["eu_t"]}
        for e in clean["exports"]
    ]
    try:
        validate_data(data)
    except ScenarioError as e:
        prefix = re.compile(rf"^tenants\[{i}\]\.(refrigerants|exports)\[(\d+)\]")
        for x in e.issues:
            m = prefix.match(x.path)
            if m:
                issues.append(Issue(f"{m.group(1)} row {int(m.group(2)) + 1}{x.path[m.end() :]}", x.message))
        if not issues:
            issues = [Issue(re.sub(rf"^tenants\[{i}\]\.?", "", x.path), x.message) for x in e.issues]
        raise ScenarioError(issues) from None
    for name in clean:
        for r, checked in zip(clean[name], tenant[name], strict=True):
            r.update({c: checked[c] for c in LIST_FIELDS[name]})
    return Submission(
        tenant_id, year, numbers, {k: quality[k] for k in numbers}, clean["refrigerants"], clean["exports"]
    )


def from_template(raw: bytes, name: str, tenant_id: str) -> dict[str, float]:
    """Values from an uploaded actuals template (CSV/Excel, the app's own format): this tenant's row only."""
    df = read_actuals_table(raw, name)
    df = df.rename(columns=lambda c: str(c).strip())
    if "tenant" not in df.columns:
        raise ScenarioError([Issue("column 'tenant'", "required column missing")])
    rows = df[df["tenant"].astype(str).str.strip() == tenant_id]
    if len(rows) != 1:
        raise ScenarioError(
            [Issue("tenant", f"the file needs exactly one row for tenant {tenant_id!r} (got {len(rows)})")]
        )
    rec = rows.iloc[0].to_dict()
    out: dict[str, float] = {}
    issues = []
    for k, v in rec.items():
        if k not in number_fields() or _blank(v):
            continue
        try:
            out[k] = float(str(v).strip())  # no guessing of thousands or decimal separators
        except ValueError:
            issues.append(Issue(k, f"must be a number (got {v!r})"))
    if issues:
        raise ScenarioError(issues)
    return out


def into_actuals(s: Scenario, sub: Submission) -> Scenario:
    """The scenario with the submission as this tenant's actuals of its year (other tenants of that year kept)."""
    if not s.base_year < sub.year <= s.horizon:
        raise ScenarioError(
            [Issue("year", f"actuals must be within {s.base_year + 1}-{s.horizon} (got {sub.year}); use the baseline")]
        )
    energy = {k: v for k, v in sub.values.items() if k in input_keys()}
    other = {k: v for k, v in sub.values.items() if k not in input_keys()}
    mine = ActualTenant.model_validate({"id": sub.tenant, "energy": energy, **other})
    year = next((a for a in s.evaluation.actuals if a.year == sub.year), None)
    tenants = [t for t in (year.tenants if year else []) if t.id != sub.tenant] + [mine]
    return with_actuals(s, [ActualYear(year=sub.year, tenants=tenants)])


def into_baseline(s: Scenario, sub: Submission) -> Scenario:
    """The scenario with the submission as this tenant's base-year data (only for a request of the base year)."""
    if sub.year != s.base_year:
        raise ScenarioError([Issue("year", f"the baseline is {s.base_year} (got {sub.year}); accept into actuals")])
    i, _ = _tenant(s, sub.tenant)
    data = scenario_data(s)
    tenant = data["tenants"][i]
    energy = {k: v for k, v in sub.values.items() if k in input_keys()}
    if energy:
        tenant["energy"] = energy
    tenant.update({k: v for k, v in sub.values.items() if k not in input_keys()})
    tenant["refrigerants"] = [{"gas": r["gas"], "leak_kg": r["leak_kg"]} for r in sub.refrigerants]
    old = {(e["good"], e["cn_code"]): e for e in tenant.get("exports", [])}
    tenant["exports"] = [
        {**old.get((e["good"], e["cn_code"]), {}), "good": e["good"], "cn_code": e["cn_code"], "eu_t": e["eu_t"]}
        for e in sub.exports
    ]
    return validate_data(data)
