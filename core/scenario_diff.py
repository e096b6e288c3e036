"""What differs between two scenarios, field by field (a variant against its base, or any two on Compare).

Paths name things the way a reader finds them: tenants, facilities and measure overrides by their id, targets
by (metric, basis, year), a measure's place in the options as ``("measures", "enabled", id)``; an item
added or removed (tenant, facility, custom measure, target) is one change with None on the other side; year paths
(``{2025: 10, 2030: 50}``) and coordinates are one value each. Values are the scenario file's (plain data).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.overrides import Data, scenario_data
from core.schema import Scenario

MISSING = None  # a value absent on one side


@dataclass(frozen=True)
class Change:
    path: tuple[str, ...]
    before: Any
    after: Any


def _is_leaf(v: Any) -> bool:
    """Scalars, lists of scalars (coordinates) and year paths are compared as one value."""
    if isinstance(v, dict):
        return bool(v) and all(str(k).isdigit() for k in v)
    if isinstance(v, list):
        return all(not isinstance(x, dict | list) for x in v)
    return True


def _by_key(items: list, key) -> dict[str, Any]:
    return {key(x): x for x in items}


def _target_key(x: dict) -> str:
    return f"{x.get('metric')}|{x.get('basis', 'gross')}|{x.get('year')}"


def _walk(a: Any, b: Any, path: tuple[str, ...], out: list[Change]) -> None:
    if a == b:
        return
    if isinstance(a, list | None) and isinstance(b, list | None) and (a or b) and not _is_leaf(a or b):
        items = a or b
        if all(isinstance(x, dict) and "id" in x for x in items):
            key = lambda x: str(x["id"])  # noqa: E731
        elif all(isinstance(x, dict) and "metric" in x for x in items):
            key = _target_key
        else:
            out.append(Change(path, a, b))
            return
        ka, kb = _by_key(a or [], key), _by_key(b or [], key)
        for k in dict.fromkeys([*ka, *kb]):
            whole = (k not in ka or k not in kb) and path != ("measures", "overrides")
            if whole:  # a tenant, facility, custom measure or target added or removed: one change
                out.append(Change((*path, k), ka.get(k), kb.get(k)))
            else:
                _walk(ka.get(k), kb.get(k), (*path, k), out)
        return
    if isinstance(a, dict | None) and isinstance(b, dict | None) and not (_is_leaf(a or {}) and _is_leaf(b or {})):
        a, b = a or {}, b or {}
        for k in dict.fromkeys([*a, *b]):
            if k != "id":
                _walk(a.get(k, MISSING), b.get(k, MISSING), (*path, str(k)), out)
        return
    out.append(Change(path, a, b))


def changes(a: Scenario | Data, b: Scenario | Data) -> list[Change]:
    """Every difference from `a` to `b`, in the order of the scenario file."""
    da = scenario_data(a) if isinstance(a, Scenario) else a
    db = scenario_data(b) if isinstance(b, Scenario) else b
    out: list[Change] = []
    dis_a = set(da.get("measures", {}).get("disabled", []))
    dis_b = set(db.get("measures", {}).get("disabled", []))
    for mid in sorted(dis_a ^ dis_b):
        out.append(Change(("measures", "enabled", mid), mid not in dis_a, mid not in dis_b))
    strip = lambda d: {**d, "measures": {k: v for k, v in d.get("measures", {}).items() if k != "disabled"}}  # noqa: E731
    _walk(strip(da), strip(db), (), out)
    return out
