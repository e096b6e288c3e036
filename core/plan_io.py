"""A Plan as plain JSON and back (stored jobs, links that open a plan without solving again).

Tables (also those of the plan by tenant and party) travel as pandas "split" dicts (index, columns, data; NaN as JSON NaN); the solver report with its phases, the notes
and the warm-start values as they are. `plan_from_json(plan_to_json(p))` has the same tables and numbers.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

import pandas as pd

from core.parties import Tenancy
from core.results import Phase, Plan, SolverReport

FRAMES = (
    "pathway",
    "emissions_by_source",
    "energy",
    "units",
    "costs",
    "targets",
    "macc",
    "macc_plan",
    "measures",
    "abatement",
)
SERIES = ("capex", "carbon_price")


def plan_to_json(plan: Plan) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(Plan):
        v = getattr(plan, f.name)
        if f.name in FRAMES:
            out[f.name] = {**v.to_dict(orient="split"), "index_name": v.index.name}
        elif f.name in SERIES:
            out[f.name] = {
                "index": [int(i) for i in v.index],
                "data": [float(x) for x in v],
                "index_name": v.index.name,
            }
        elif f.name == "solver":
            out[f.name] = {**asdict(v), "phases": [asdict(p) for p in v.phases]}
        elif f.name == "notes":
            out[f.name] = [[k, fl] for k, fl in v]
        elif f.name == "tenancy":
            out[f.name] = None if v is None else _tenancy_to_json(v)
        else:
            out[f.name] = v
    return out


def _tenancy_to_json(tn: Tenancy) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(Tenancy):
        v = getattr(tn, f.name)
        out[f.name] = {**v.to_dict(orient="split")} if isinstance(v, pd.DataFrame) else v
    out["key_tenants"] = list(tn.key_tenants)
    return out


def _tenancy_from_json(d: dict[str, Any]) -> Tenancy:
    kw: dict[str, Any] = {}
    for f in fields(Tenancy):
        if f.name in d:
            v = d[f.name]
            kw[f.name] = _frame(v) if isinstance(v, dict) and "columns" in v and "data" in v else v
    kw["key_tenants"] = tuple(kw.get("key_tenants", ()))
    return Tenancy(**kw)


def _frame(d: dict) -> pd.DataFrame:
    df = pd.DataFrame(d["data"], columns=d["columns"], index=d["index"])
    df.index.name = d.get("index_name")
    return df


def plan_from_json(d: dict[str, Any]) -> Plan:
    kw: dict[str, Any] = {}
    for f in fields(Plan):
        if f.name not in d:
            continue
        v = d[f.name]
        if f.name in FRAMES:
            kw[f.name] = _frame(v)
        elif f.name in SERIES:
            kw[f.name] = pd.Series(
                v["data"], index=pd.Index(v["index"], name=v.get("index_name")), name=f.name, dtype=float
            )
        elif f.name == "solver":
            kw[f.name] = SolverReport(**{**v, "phases": tuple(Phase(**p) for p in v["phases"])})
        elif f.name == "notes":
            kw[f.name] = [(k, fl) for k, fl in v]
        elif f.name == "years":
            kw[f.name] = [int(y) for y in v]
        elif f.name in ("power", "power_days"):  # year keys come back from JSON as text
            kw[f.name] = {int(y): x for y, x in (v or {}).items()}
        elif f.name == "tenancy":
            kw[f.name] = None if v is None else _tenancy_from_json(v)
        else:
            kw[f.name] = v
    return Plan(**kw)
