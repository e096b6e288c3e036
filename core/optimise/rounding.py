"""Rounding a relaxed plan into one that keeps the model's logic (relax and round, core.optimise.solving).

Nearest rounding of each integer alone breaks two things: a measure's installs spread thinly over years (0.4 a year
for three years rounds to nothing) and exclusion groups (two half-used alternatives both round up, and at most one
may be used). So: in each group the alternative the relaxation uses most is kept and the others are switched off
with their installs; a measure's installs are rounded by their running total (0.4, 0.8, 1.2 -> 0, 1, 0).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def rounder(mdl: Any, integer: set[str]) -> Callable[[dict[str, float]], dict[str, float]]:
    """A function from relaxed values to rounded ones (integer columns only; the rest are left as they are)."""
    chains = {mid: [x.name for x in xs if x is not None] for mid, xs in mdl.x.items()}
    groups: dict[str, list[str]] = {}
    for m in mdl.data.measures:
        if m.id in mdl.chosen and m.group:
            groups.setdefault(m.group, []).append(m.id)

    def round_(values: dict[str, float]) -> dict[str, float]:
        out = dict(values)
        off: set[str] = set()
        for members in groups.values():
            score = lambda mid: (values[mdl.chosen[mid].name], sum(values[n] for n in chains.get(mid, [])))  # noqa: E731
            best = max(members, key=score)
            for mid in members:
                on = mid == best and max(score(mid)) > 1e-6
                out[mdl.chosen[mid].name] = 1.0 if on else 0.0
                if not on:
                    off.add(mid)
        for mid, chain in chains.items():
            total, done = 0.0, 0
            for name in chain:
                if name not in integer:
                    continue
                if mid in off:
                    out[name] = 0.0
                    continue
                total += values[name]
                r = round(total + 1e-9)
                out[name], done = float(r - done), r
        return out

    return round_
