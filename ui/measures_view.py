"""Measures as an editable table and back into a scenario's ``measures:`` section (overrides, disabled, custom).

Pure functions: the page shows ``measures_frame``; ``measure_changes`` turns the edited table into the
dotted-path changes ``ui.scenario_io.revalidated`` applies, so every edit is validated before use.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from core.catalogue import catalogue_table
from core.factors import source_text
from core.i18n import name
from core.schema import Measure, Scenario
from ui.widgets import label, unit_label

EDITABLE = [
    "capex_per_unit",
    "om_per_unit_year",
    "lifetime_years",
    "earliest_year",
    "max_units",
    "lead_time_years",
    "max_build_share_per_year",
]
COLUMNS = ["enabled", "id", "name", "area", "unit", "stream", *EDITABLE, "integer", "custom", "source", "url", "status"]


def stream_label(key: str | None, lang: str) -> str:
    """A stream key in words: 'electricity:motors' -> 'Electricity: motors' (translated)."""
    if not key:
        return ""
    head, _, tail = key.partition(":")
    first = label(f"measures.stream_{head}", lang, label(f"baseline.carrier_{head}", lang, head))
    return f"{first}: {label(f'measures.use_{tail}', lang, tail)}" if tail else first


def all_measures_scenario(s: Scenario) -> Scenario:
    """The scenario with nothing disabled: resolving it lists every measure (limits derived)."""
    return s.model_copy(update={"measures": s.measures.model_copy(update={"disabled": []})})


def measures_frame(measures: list[Measure], s: Scenario, lang: str) -> pd.DataFrame:
    custom = {m.id for m in s.measures.custom}
    disabled = set(s.measures.disabled)
    cat = {r["id"]: r for r in catalogue_table().to_dict("records")}
    rows = [
        {
            "enabled": m.id not in disabled,
            "id": m.id,
            "name": name(m, lang),
            "area": m.area,
            "unit": unit_label(m.unit, lang),
            "stream": stream_label(m.acts_on, lang),
            "capex_per_unit": m.capex_per_unit,
            "om_per_unit_year": m.om_per_unit_year,
            "lifetime_years": m.lifetime_years,
            "earliest_year": m.earliest_year,
            "max_units": m.max_units,
            "integer": m.integer,
            "lead_time_years": m.lead_time_years,
            "max_build_share_per_year": m.max_build_share_per_year,
            "custom": m.id in custom,
            "source": source_text(m.source, lang),
            "url": cat.get(m.id, {}).get("url") or None,
            "status": label(f"common.status_{cat.get(m.id, {}).get('status', 'user')}", lang, ""),
        }
        for m in measures
    ]
    df = pd.DataFrame(rows, columns=COLUMNS)
    for c in ("capex_per_unit", "om_per_unit_year", "max_units", "lead_time_years", "max_build_share_per_year"):
        df[c] = pd.to_numeric(df[c], errors="coerce").astype(float)
    for c in ("lifetime_years", "earliest_year"):
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("Int64")
    return df


def _val(v: Any) -> Any:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if hasattr(v, "item"):
        v = v.item()
    return v


def _same(a: Any, b: Any) -> bool:
    a, b = _val(a), _val(b)
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def measure_changes(s: Scenario, shown: pd.DataFrame, edited: pd.DataFrame) -> dict[str, object]:
    """Edited table -> changes for ``revalidated``: ``measures.disabled``, ``.overrides``, ``.custom``."""
    spec = s.measures.model_dump(mode="json", exclude_none=True)
    overrides = {o["id"]: o for o in spec.get("overrides", [])}
    custom = {c["id"]: c for c in spec.get("custom", [])}
    base = shown.set_index("id")
    in_table = {str(x) for x in edited["id"]}
    disabled = [d for d in s.measures.disabled if d not in in_table]  # rows filtered out stay as they were
    disabled += [str(r["id"]) for r in edited.to_dict("records") if not bool(r["enabled"])]
    for r in edited.to_dict("records"):
        mid = str(r["id"])
        if mid not in base.index:
            continue
        diff = {f: _val(r[f]) for f in EDITABLE if not _same(r[f], base.at[mid, f])}
        if not diff:
            continue
        if mid in custom:
            for f, v in diff.items():
                if v is None:
                    custom[mid].pop(f, None)
                else:
                    custom[mid][f] = v
        else:
            o = overrides.setdefault(mid, {"id": mid})
            for f, v in diff.items():
                if v is None:
                    o.pop(f, None)
                else:
                    o[f] = v
    return {
        "measures.disabled": disabled or None,
        "measures.overrides": [o for o in overrides.values() if len(o) > 1] or None,
        "measures.custom": list(custom.values()) or None,
    }


def parse_effects(text: str) -> dict[str, float]:
    """``electricity_mwh=-100; natural_gas_gj=-50`` -> dict; raises ValueError naming the bad part."""
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.replace(",", ";").split(";"))):
        k, sep, v = part.partition("=")
        if not sep:
            raise ValueError(f"{part!r}: write key=value")
        try:
            out[k.strip()] = float(v)
        except ValueError:
            raise ValueError(f"{part!r}: {v.strip()!r} is not a number") from None
    return out
