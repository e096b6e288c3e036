"""The CBC backend: PuLP's bundled CBC behind the same interface as `HighsModel` (a weaker fallback).

CBC runs as a subprocess on files PuLP writes; it cannot polish a start or report its gap, so
`polish` returns None and a phase that stopped at the time limit has no gap.
"""

from __future__ import annotations

import time

import pulp

from core.results import Phase, PhaseStatus


class CbcModel:
    """One PuLP problem solved with CBC, addressed by PuLP variable and row names (a `Backend`)."""

    name = "CBC"

    def __init__(self, prob: pulp.LpProblem):
        self.prob = prob
        self.cols = prob.variables()
        self.by_name = {v.name: v for v in self.cols}
        self.integer = [j for j, v in enumerate(self.cols) if v.cat == pulp.LpInteger]
        self._mip = True

    def size(self) -> tuple[int, int, int]:
        return len(self.cols), len(self.prob.constraints()), len(self.integer)

    def set_objective(self, expr: pulp.LpAffineExpression) -> None:
        self.prob.setObjective(expr)

    def add_row(self, terms: list[tuple[str, float]], lower: float, upper: float, name: str) -> None:
        expr = pulp.LpAffineExpression([(self.by_name[n], k) for n, k in terms])
        self.prob.addConstraint(pulp.LpConstraint(expr, pulp.LpConstraintLE, name, upper))

    def set_start(self, values: dict[str, float]) -> None:
        for n, v in values.items():
            if n in self.by_name:
                self.by_name[n].setInitialValue(v)

    def run(self, name: str, time_limit: float, rel_gap: float, abs_gap: float = 0.0) -> Phase:
        solver = pulp.PULP_CBC_CMD(
            msg=False, timeLimit=max(1.0, time_limit), gapRel=rel_gap, warmStart=True, mip=self._mip
        )
        t = time.perf_counter()
        self.prob.solve(solver)
        dt = time.perf_counter() - t
        sol = self.prob.sol_status
        if sol == pulp.LpSolutionOptimal:
            status = PhaseStatus.OPTIMAL
        elif sol == pulp.LpSolutionIntegerFeasible:  # PuLP says "Optimal" on a time limit: read sol_status
            status = PhaseStatus.TIME_LIMIT
        elif sol == pulp.LpSolutionInfeasible:
            status = PhaseStatus.INFEASIBLE
        else:
            status = PhaseStatus.ERROR
        has = status in (PhaseStatus.OPTIMAL, PhaseStatus.TIME_LIMIT)
        obj = pulp.value(self.prob.objective) if has else None
        return Phase(name, status, dt, 0.0 if status == PhaseStatus.OPTIMAL else None, obj)

    def values(self) -> dict[str, float]:
        return {v.name: (v.varValue or 0.0) for v in self.cols}

    def polish(self, starts: list[dict[str, float]], time_limit: float, rounding: object, gap: object) -> None:
        return None

    def fix_integers(self, values: dict[str, float]) -> None:
        for j in self.integer:
            v = self.cols[j]
            v.cat = pulp.LpContinuous
            v.lowBound = v.upBound = round(values[v.name])
        self._mip = False

    def fix(self, values: dict[str, float]) -> None:
        for n, x in values.items():
            self.by_name[n].lowBound = self.by_name[n].upBound = x

    def row_duals(self) -> dict[str, float]:
        return {c.name: c.pi for c in self.prob.constraints() if c.pi is not None}
