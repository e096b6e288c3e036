"""Monte Carlo: how likely the plan meets each year's targets, and the spread of its emissions, when the main
assumptions are uncertain (each draw re-solves the whole plan; draws run as the sweeps do, see core.sensitivity)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from core.schema import Scenario
from core.sensitivity import (
    SUMMARY_COLUMNS,
    TORNADO_PARAMETERS,
    Progress,
    SensitivityError,
    SolveFn,
    apply,
    base_value,
    run_points,
)


@dataclass(frozen=True)
class MonteCarlo:
    draws: pd.DataFrame  # draw, <parameter> factor columns, + SUMMARY_COLUMNS
    met: pd.DataFrame  # year, p_met (share of solved draws meeting every target that year), n
    spread: float
    fan: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FAN_COLUMNS))  # see emission_fan


FAN_COLUMNS = ["year", "low", "p10", "p50", "p90", "high", "n"]


def emission_fan(paths: Sequence[Mapping[Any, float]], years: Sequence[int]) -> pd.DataFrame:
    """Per year, over the draws' emission paths (gross tCO2e by year, as in `solve --json`): lowest, 10th,
    50th and 90th percentile (linear interpolation between draws) and highest, and how many draws."""
    rows = []
    for y in years:
        vals = pd.Series([float(p[k]) for p in paths for k in (y, str(y)) if k in p], dtype=float).dropna()
        if vals.empty:
            continue
        q = vals.quantile([0.1, 0.5, 0.9])
        rows.append([y, vals.min(), q[0.1], q[0.5], q[0.9], vals.max(), len(vals)])
    return pd.DataFrame(rows, columns=FAN_COLUMNS)


def draw_factors(params: Sequence[str], n: int, spread: float, seed: int = 0) -> list[dict[str, float]]:
    """n draws of one factor per parameter, uniform in [1 - spread, 1 + spread] (reproducible by seed)."""
    import random

    rng = random.Random(seed)  # noqa: S311 - sampling, not security
    return [{p: rng.uniform(1 - spread, 1 + spread) for p in params} for _ in range(n)]


def monte_carlo(
    s: Scenario,
    n: int = 20,
    spread: float = 0.2,
    params: Sequence[str] = TORNADO_PARAMETERS,
    seed: int = 0,
    settings: Any = None,
    workers: int = 2,
    progress: Progress | None = None,
    solve_fn: SolveFn | None = None,
    cache: Any = None,
    scheduler: str | None = None,
) -> MonteCarlo:
    """Probability of meeting each year's targets when the main assumptions are uncertain.

    Each draw multiplies every parameter's base value by its own uniform factor in [1 - spread,
    1 + spread] and solves the whole plan again (the plan adapts to the drawn world); a year counts
    as met in a draw when every annual target of that year is met."""
    if not 1 <= n <= 1000:
        raise SensitivityError(f"draws: give 1 to 1000, got {n}")
    if not 0 <= spread < 1:
        raise SensitivityError(f"spread: give a fraction in [0, 1), got {spread}")
    factors = draw_factors(params, n, spread, seed)
    points = []
    for i, f in enumerate(factors):
        drawn = s
        for p in params:
            drawn = apply(drawn, p, base_value(s, p) * f[p])
        points.append((i, drawn))
    got = run_points(points, settings, workers, progress, solve_fn, cache, s, scheduler)
    rows = [
        {"draw": i, **factors[i], **{c: got[i].get(c) for c in [*SUMMARY_COLUMNS, "unmet_years"]}} for i in range(n)
    ]
    draws = pd.DataFrame(rows)
    ok = [r for r in rows if r["status"] not in ("error", None)]
    met = pd.DataFrame(
        [
            {
                "year": y,
                "p_met": sum(y not in (r["unmet_years"] or []) for r in ok) / len(ok) if ok else math.nan,
                "n": len(ok),
            }
            for y in s.plan_years
        ]
    )
    fan = emission_fan(
        [got[i].get("emissions_t") or {} for i in range(n) if rows[i]["status"] not in ("error", None)], s.plan_years
    )
    return MonteCarlo(draws, met, spread, fan)
