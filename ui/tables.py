"""Tenants and facilities as flat tables (editor, CSV/Excel upload, template) and back to a Scenario.

No Streamlit here: pure conversions, so they are unit-tested directly. A table -> scenario conversion
keeps every field the table does not show (exports, refrigerants, ...) from the tenant with the same id,
validates the whole scenario with ``core.loader.validate_data`` and maps each issue back to a table row
and column, so messages read ``row 4 (T04), diesel_t: must be >= 0``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from core.carriers import input_keys
from core.errors import Issue, ScenarioError, issue
from core.loader import validate_data
from core.schema import TENANT_QUANTITIES, Scenario
from core.spreadsheets import read_spreadsheet

TENANT_HEAD = ["id", "name", "name_zh", "sector", "output_musd", "lat", "lon"]
TENANT_TAIL = list(TENANT_QUANTITIES)
FACILITY_COLS = ["id", "name", "name_zh", "type", "lat", "lon", "tenant", "roof_area_m2", "capacity_mw", "fuel"]
REQUIRED = ["id", "name", "sector", "output_musd", "lat", "lon"]  # columns an uploaded table must have
PROBLEM = "problem"  # read-only column holding the validation messages of a row
MAX_UPLOAD_ROWS = 5000


@dataclass(frozen=True)
class RowIssue:
    table: str  # "tenants" | "facilities" | "" (scenario-wide)
    row: int | None  # 0-based row of the table
    column: str  # column name or field path inside the row
    message: str

    def __str__(self) -> str:
        where = f"{self.table} row {self.row + 1}" if self.row is not None else self.table
        return f"{where}, {self.column}: {self.message}" if where else f"{self.column}: {self.message}"


def energy_columns(s: Scenario | None = None) -> list[str]:
    """Energy input keys shown as columns: those in use (all keys when s is None), electricity first."""
    keys = list(input_keys())
    if s is None:
        return keys
    used = {k for t in s.tenants for k in t.energy.quantities()}
    return [k for k in keys if k in used or k == "electricity_mwh"]


def _clean(v: Any) -> Any:
    """Table cell -> python value: NaN/empty -> None, numpy scalars -> python."""
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, str) and not v.strip():
        return None
    if hasattr(v, "item") and not isinstance(v, str):
        try:
            v = v.item()
        except (ValueError, AttributeError):
            pass
    if v is pd.NA or v is pd.NaT:
        return None
    return v


# ---------------------------------------------------------------- scenario -> tables


def tenants_frame(s: Scenario, energy_cols: list[str] | None = None) -> pd.DataFrame:
    cols = energy_cols if energy_cols is not None else energy_columns(s)
    rows = []
    for t in s.tenants:
        q = t.energy.quantities()
        rows.append(
            {
                "id": t.id,
                "name": t.name,
                "name_zh": t.name_zh or "",
                "sector": t.sector,
                "output_musd": t.output_musd,
                "lat": t.location[0],
                "lon": t.location[1],
                **{k: q.get(k) for k in cols},
                **{k: getattr(t, k) for k in TENANT_TAIL},
            }
        )
    df = pd.DataFrame(rows, columns=TENANT_HEAD + cols + TENANT_TAIL)
    for k in cols + TENANT_TAIL + ["output_musd", "lat", "lon"]:
        df[k] = pd.to_numeric(df[k], errors="coerce").astype(float)
    return df


def facilities_frame(s: Scenario) -> pd.DataFrame:
    rows = [
        {
            "id": f.id,
            "name": f.name or "",
            "name_zh": f.name_zh or "",
            "type": f.type,
            "lat": f.location[0],
            "lon": f.location[1],
            "tenant": f.tenant or "",
            "roof_area_m2": f.roof_area_m2,
            "capacity_mw": f.capacity_mw,
            "fuel": f.fuel or "",
        }
        for f in s.facilities
    ]
    df = pd.DataFrame(rows, columns=FACILITY_COLS)
    for k in ("lat", "lon", "roof_area_m2", "capacity_mw"):
        df[k] = pd.to_numeric(df[k], errors="coerce").astype(float)
    return df


def template_frame() -> pd.DataFrame:
    """An empty tenants table with every accepted column and one example row."""
    cols = TENANT_HEAD + list(input_keys()) + TENANT_TAIL
    example = {c: None for c in cols}
    example.update(
        id="T01",
        name="Example Co.",
        name_zh="示例公司",
        sector="auto_parts",
        output_musd=100,
        lat=13.05,
        lon=101.12,
        electricity_mwh=20000,
        natural_gas_m3=1.2e6,
    )
    return pd.DataFrame([example], columns=cols)


def template_csv() -> bytes:
    return template_frame().to_csv(index=False).encode("utf-8-sig")


# ---------------------------------------------------------------- tables -> scenario


def _tenant_rows(df: pd.DataFrame, old: dict[str, dict]) -> list[dict]:
    ekeys = set(input_keys())
    out = []
    for rec in df.to_dict("records"):
        rec = {k: _clean(v) for k, v in rec.items() if k != PROBLEM}
        tid = rec.get("id")
        base = dict(old.get(str(tid), {})) if tid is not None else {}
        base.pop("energy", None)
        for k, v in rec.items():
            if v is None:
                base.pop(k, None)
        energy = {k: v for k, v in rec.items() if k in ekeys and v is not None}
        row = {k: v for k, v in rec.items() if k not in ekeys and k not in ("lat", "lon")}
        row = {k: v for k, v in row.items() if v is not None}
        if tid is not None:
            row["id"] = str(tid)
        row["location"] = [rec.get("lat"), rec.get("lon")]
        row["energy"] = energy
        out.append({**base, **row})
    return out


def _facility_rows(df: pd.DataFrame, old: dict[str, dict]) -> list[dict]:
    out = []
    for rec in df.to_dict("records"):
        rec = {k: _clean(v) for k, v in rec.items() if k != PROBLEM}
        fid = rec.get("id")
        base = dict(old.get(str(fid), {})) if fid is not None else {}
        row = {k: v for k, v in rec.items() if k not in ("lat", "lon") and v is not None}
        for k, v in rec.items():
            if v is None:
                base.pop(k, None)
        row["location"] = [rec.get("lat"), rec.get("lon")]
        out.append({**base, **row})
    return out


_ROW = re.compile(r"^(tenants|facilities|targets\.milestones)\[(\d+)\]\.?(.*)$")


def row_issues(issues: list[Issue], lang: str = "en") -> list[RowIssue]:
    """``tenants[3].energy.diesel_t`` -> (tenants, row 3, column diesel_t); messages in `lang`."""
    out = []
    for i in issues:
        m = _ROW.match(i.path)
        if not m:
            out.append(RowIssue("", None, i.path or "scenario", i.message_in(lang)))
            continue
        col = m[3]
        col = col.removeprefix("energy.")
        if col.startswith("location"):
            col = "lat" if col.endswith("[0]") else "lon" if col.endswith("[1]") else "lat/lon"
        out.append(RowIssue(m[1], int(m[2]), col or "(row)", i.message_in(lang)))
    return out


def apply_tables(
    s: Scenario, tenants: pd.DataFrame | None = None, facilities: pd.DataFrame | None = None, lang: str = "en"
) -> tuple[Scenario | None, list[RowIssue]]:
    """A new Scenario with the given tables (None = unchanged), or None and the issues by row."""
    data = s.model_dump(mode="json", exclude_defaults=True)
    if tenants is not None:
        data["tenants"] = _tenant_rows(tenants, {t["id"]: t for t in data.get("tenants", [])})
    if facilities is not None:
        data["facilities"] = _facility_rows(facilities, {f["id"]: f for f in data.get("facilities", [])})
    try:
        return validate_data(data), []
    except ScenarioError as e:
        return None, row_issues(e.issues, lang)


def with_problems(df: pd.DataFrame, issues: list[RowIssue], table: str) -> pd.DataFrame:
    """The table with a ``problem`` column: each row's messages, so they sit next to the row."""
    msgs: dict[int, list[str]] = {}
    for i in issues:
        if i.table == table and i.row is not None:
            msgs.setdefault(i.row, []).append(f"{i.column}: {i.message}")
    out = df.drop(columns=[PROBLEM], errors="ignore").copy()
    out.insert(0, PROBLEM, ["; ".join(msgs.get(r, [])) for r in range(len(out))])
    return out


# ---------------------------------------------------------------- uploads


def read_table(raw: bytes, name: str) -> pd.DataFrame:
    """CSV or Excel bytes -> DataFrame, or ScenarioError naming the file and the unknown columns."""
    df = read_spreadsheet(raw, name, MAX_UPLOAD_ROWS).frame
    allowed = set(TENANT_HEAD) | set(input_keys()) | set(TENANT_TAIL)
    issues = [
        issue(f"column {c!r}", "unknown_column", "unknown column; see the template")
        for c in df.columns
        if c not in allowed
    ]
    issues += [
        issue(f"column {c!r}", "missing_column", "required column missing") for c in REQUIRED if c not in df.columns
    ]
    if issues:
        raise ScenarioError(issues)
    for c in df.columns:
        if c not in ("id", "name", "name_zh", "sector"):
            df[c] = df[c].map(_number)
    return df


def _number(v: Any) -> Any:
    """Numeric text -> float; leaves other text as is so validation names the bad cell."""
    v = _clean(v)
    if isinstance(v, str):
        try:
            return float(v.replace(",", ""))
        except ValueError:
            return v
    return v


def upload_issue_text(i: RowIssue) -> str:
    """Issue in the words of the uploaded file: row numbers as in a spreadsheet (header = row 1)."""
    if i.row is None or i.table != "tenants":
        return str(i)
    return f"row {i.row + 2}, column {i.column}: {i.message}"
