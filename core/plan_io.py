"""A Plan as plain JSON and back (stored jobs, links that open a plan without solving again).

Tables travel as pandas "split" dicts (index, columns, data; NaN as JSON NaN); the solver report with its phases, the notes
and the warm-start values as they are. `plan_from_json(plan_to_json(p))` has the same tables and numbers.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

import pandas as pd

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
        else:
            out[f.name] = v
    return out


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
        else:
            kw[f.name] = v
    return Plan(**kw)
