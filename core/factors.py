"""Emission factors, GWP sets and grid factors from data/ (every number with its source)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def known_countries() -> frozenset[str]:
    """ISO3 codes of the countries with a grid factor."""
    with open(DATA / "grid_factors.csv", encoding="utf-8") as fh:
        return frozenset(r["iso3"] for r in csv.DictReader(fh) if r.get("iso3"))
