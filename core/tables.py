"""The data folder and one cached reader for its CSV tables (every table has a header row).

Rows come back as read-only mappings: a cached table is shared by every caller, so nobody may change it.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from types import MappingProxyType

DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def read_table(name: str) -> tuple[MappingProxyType, ...]:
    """Rows of `data/<name>` (a CSV file) as read-only mappings column -> text."""
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return tuple(MappingProxyType(dict(r)) for r in csv.DictReader(fh))
