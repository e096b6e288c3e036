"""Scenario files of earlier format versions -> the current one (`schema_version`), on plain data.

Version 1 -> 2 (2026-12): streams and pace. Nothing is renamed; the new fields are optional, so a version 1
file means: process emissions of the sector's kind, end uses split by the sector's shares
(data/end_use_shares.csv), no on-site wastewater declared, catalogue lead times and build rates.
"""

from __future__ import annotations

from typing import Any

from core.schema import SCHEMA_VERSION


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """The same scenario in the current format version (a missing version is the current one)."""
    version = data.get("schema_version", SCHEMA_VERSION)
    if version == 1:
        data = {**data, "schema_version": 2}
    return data
