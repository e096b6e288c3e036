"""Base + named overrides: a variant is a JSON merge patch (RFC 7386) over its base scenario's data.

A patch is a mapping: a key with a mapping value merges into the same key of the base, a key with
``null`` deletes it, any other value (numbers, text, lists) replaces it whole. ``make_patch(base,
target)`` gives the smallest such patch, so ``merge_patch(base, make_patch(base, target)) == target``.
Scenario data is normalised first (``scenario_data``) so a patch never has to carry defaults.
"""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

from core.schema import Scenario

Data = dict[str, Any]


def scenario_data(s: Scenario) -> Data:
    """Plain JSON data of a scenario without defaults or nulls (the form the store keeps)."""
    return s.model_dump(mode="json", exclude_defaults=True, exclude_none=True)


def content_hash(data: Data | Scenario) -> str:
    """sha256 of the canonical JSON of a scenario's data (key order and defaults do not matter)."""
    if isinstance(data, Scenario):
        data = scenario_data(data)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def merge_patch(target: Any, patch: Any) -> Any:
    """Apply an RFC 7386 merge patch; returns a new object, the inputs are not changed."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out


def make_patch(base: Data, target: Data) -> Data:
    """The smallest merge patch turning `base` into `target` (both mappings without nulls)."""
    patch: Data = {}
    for key in base.keys() - target.keys():
        patch[key] = None
    for key, value in target.items():
        if key not in base:
            patch[key] = copy.deepcopy(value)
        elif isinstance(value, dict) and isinstance(base[key], dict):
            sub = make_patch(base[key], value)
            if sub:
                patch[key] = sub
        elif value != base[key] or type(value) is not type(base[key]):
            patch[key] = copy.deepcopy(value)
    return patch


def changed_paths(patch: Data, prefix: str = "") -> list[str]:
    """Dotted paths a patch changes (for showing what a variant differs in).

    >>> changed_paths({"assumptions": {"discount_rate": 0.05}, "budget": None})
    ['assumptions.discount_rate', 'budget']
    """
    out: list[str] = []
    for key in sorted(patch):
        value = patch[key]
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict) and value:
            out.extend(changed_paths(value, path))
        else:
            out.append(path)
    return out
