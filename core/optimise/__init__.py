"""Least-cost multi-year pathway that meets every target, or says how far short it falls.

`solve(s, settings) -> Plan` (see core.results). Build, solve and read back are separate steps:
core.optimise.data (scenario -> numbers), model (PuLP: one define_* per constraint family),
highs (in-process HiGHS: two lexicographic phases, warm starts, duals), readback (-> Plan).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from core.results import Plan


@dataclass(frozen=True)
class SolveSettings:
    solver: Literal["highs", "cbc"] = "highs"
    time_limit_s: float = 60.0
    gap: float = 1e-3
    warm_start: Plan | None = None


def solve(s, settings: SolveSettings | None = None) -> Plan:  # replaced by the real model below
    return Plan.failed("optimiser not built yet", s.plan_years)
