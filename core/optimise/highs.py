"""The HiGHS backend: the PuLP problem copied into one in-process `highspy.Highs`.

PuLP stays the modelling language; this copies the problem row-wise (objective constant as offset, which
PuLP's own HiGHS bridge drops) so the model can be re-solved with another objective, an extra row, a
start solution, fixed variables or integers fixed - what `core.optimise.solving.lexicographic` needs.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import pulp

from core.results import Phase, PhaseStatus

_banner_lock = threading.Lock()
_banner_done = False

OPTIONS = {  # measured on seeded synthetic zones: sub-MIP heuristics took 2/3 of the cost phase at
    # 40 x 25 (RINS/RENS) and 80 % at 300 x 36 (root reduced cost: 20 -> 9 s CPU with it off)
    "presolve": "on",
    "mip_heuristic_effort": 0.05,
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_root_reduced_cost": False,
    "mip_allow_restart": False,
}


def new_highs() -> highspy.Highs:
    """A silent Highs. The first one in a process prints a banner on fd 1: swallow it once."""
    global _banner_done
    with _banner_lock:
        if not _banner_done:
            sys.stdout.flush()
            saved = os.dup(1)
            try:
                with open(os.devnull, "w") as null:
                    os.dup2(null.fileno(), 1)
                    h = highspy.Highs()
            finally:
                os.dup2(saved, 1)
                os.close(saved)
            _banner_done = True
        else:
            h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    return h


@dataclass(frozen=True)
class Polished:
    """A start re-optimised with its integers fixed: values, objective, and the LP relaxation's bound (None:
    not proven), so `(objective - bound) / |objective|` is the start's gap."""

    values: dict[str, float]
    objective: float
    bound: float | None

    def gap(self) -> float | None:
        if self.bound is None:
            return None
        return max(0.0, self.objective - self.bound) / max(abs(self.objective), 1e-9)

    def proven(self, rel_gap: float, abs_gap: float = 0.0) -> bool:
        """Within either gap of the optimum (HiGHS's rule for stopping a MIP)."""
        if self.bound is None:
            return False
        return self.objective - self.bound <= max(abs_gap, rel_gap * max(abs(self.objective), 1e-9))


_OK = {highspy.HighsModelStatus.kOptimal}
_LIMIT = {
    highspy.HighsModelStatus.kTimeLimit,
    highspy.HighsModelStatus.kIterationLimit,
    highspy.HighsModelStatus.kInterrupt,
    highspy.HighsModelStatus.kSolutionLimit,
}


class HighsModel:
    """One PuLP problem inside highspy, addressed by PuLP variable and row names (a `Backend`)."""

    name = "HiGHS"

    def __init__(self, prob: pulp.LpProblem, options: dict | None = None):
        self.cols = prob.variables()
        self.col = {v.name: j for j, v in enumerate(self.cols)}
        rows = prob.constraints()
        self.row = {c.name: i for i, c in enumerate(rows)}
        inf = highspy.kHighsInf
        lp = highspy.HighsLp()
        lp.num_col_ = len(self.cols)
        lp.num_row_ = len(rows)
        lp.col_cost_ = [0.0] * len(self.cols)
        lp.col_lower_ = [-inf if v.lowBound is None else float(v.lowBound) for v in self.cols]
        lp.col_upper_ = [inf if v.upBound is None else float(v.upBound) for v in self.cols]
        starts, index, value, lower, upper = [0], [], [], [], []
        for c in rows:
            for v, k in c.items():
                if k:
                    index.append(self.col[v.name])
                    value.append(float(k))
            starts.append(len(index))
            lb, ub = c.getLb(), c.getUb()
            lower.append(-inf if lb is None else float(lb))
            upper.append(inf if ub is None else float(ub))
        lp.row_lower_, lp.row_upper_ = lower, upper
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = starts, index, value
        self.integer = [j for j, v in enumerate(self.cols) if v.cat == pulp.LpInteger]
        self.int_bounds = ([lp.col_lower_[j] for j in self.integer], [lp.col_upper_[j] for j in self.integer])
        if self.integer:
            kint, kcont = highspy.HighsVarType.kInteger, highspy.HighsVarType.kContinuous
            lp.integrality_ = [kint if v.cat == pulp.LpInteger else kcont for v in self.cols]
        self.h = new_highs()
        for k, v in {**OPTIONS, **(options or {})}.items():
            self.h.setOptionValue(k, v)
        self.h.passModel(lp)
        self.n_rows = len(rows)
        self.n_nz = len(index)
        self._polished: tuple[list[float], highspy.HighsBasis] | None = None  # integer values, LP basis

    # ------------------------------------------------------------ model edits

    def set_objective(self, expr: pulp.LpAffineExpression) -> None:
        costs = [0.0] * len(self.cols)
        for v, k in expr.items():
            costs[self.col[v.name]] += float(k)
        n = len(costs)
        self.h.changeColsCost(n, list(range(n)), costs)
        self.h.changeObjectiveOffset(float(expr.constant))

    def add_row(self, terms: list[tuple[str, float]], lower: float, upper: float, name: str) -> None:
        idx = [self.col[n] for n, _ in terms]
        self.h.addRow(lower, upper, len(idx), idx, [k for _, k in terms])
        self.row[name] = self.n_rows
        self.n_rows += 1

    def set_start(self, values: dict[str, float]) -> None:
        """Start solution (by column name); missing columns are left for HiGHS to complete."""
        idx = [self.col[n] for n in values if n in self.col]
        if not idx:
            return
        vals = [float(values[n]) for n in values if n in self.col]
        self.h.setSolution(len(idx), idx, vals)

    # ------------------------------------------------------------ solve and read

    def run(self, name: str, time_limit: float, rel_gap: float, abs_gap: float = 0.0) -> Phase:
        # HiGHS counts time_limit on its run clock, which keeps going across runs of one model
        self.h.setOptionValue("time_limit", self.h.getRunTime() + max(0.01, float(time_limit)))
        self.h.setOptionValue("mip_rel_gap", float(rel_gap))
        self.h.setOptionValue("mip_abs_gap", max(1e-9, float(abs_gap)))
        t = time.perf_counter()
        self.h.run()
        dt = time.perf_counter() - t
        st = self.h.getModelStatus()
        info = self.h.getInfo()
        has_solution = info.primal_solution_status == 2
        gap = float(info.mip_gap) if self.integer and has_solution else (0.0 if has_solution else None)
        if gap is not None and gap > 1e30:
            gap = None
        obj = float(info.objective_function_value) if has_solution else None
        if st in _OK:
            status = PhaseStatus.OPTIMAL
        elif st in _LIMIT and has_solution:
            status = PhaseStatus.TIME_LIMIT
        elif st == highspy.HighsModelStatus.kInfeasible:
            status = PhaseStatus.INFEASIBLE
        else:
            status = PhaseStatus.ERROR
        return Phase(name, status, dt, gap, obj)

    def values(self) -> dict[str, float]:
        sol = self.h.getSolution().col_value
        return {v.name: sol[j] for j, v in enumerate(self.cols)}

    def fix_integers(self, values: dict[str, float]) -> None:
        """Integers fixed at their (rounded) values and relaxed to continuous: the LP for duals (warm from the
        best relax-and-round basis)."""
        if not self.integer:
            return
        idx = self.integer
        vals = [float(round(values[self.cols[j].name])) for j in idx]
        self.h.changeColsIntegrality(len(idx), idx, [highspy.HighsVarType.kContinuous] * len(idx))
        self.h.changeColsBounds(len(idx), idx, vals, vals)
        if self._polished is not None:  # the same or nearby choices: a warm start either way
            self.h.setBasis(self._polished[1])

    def fix(self, values: dict[str, float]) -> None:
        """Fix the named columns at the given values."""
        idx = [self.col[n] for n in values]
        if idx:
            vals = [float(values[n]) for n in values]
            self.h.changeColsBounds(len(idx), idx, vals, vals)

    def polish(
        self,
        starts: list[dict[str, float]],
        time_limit: float,
        rounding: Callable[[dict[str, float]], dict[str, float]] | None = None,
        gap: tuple[float, float] = (0.0, 0.0),
    ) -> Polished | None:
        """Relax and round under the current objective: the LP relaxation (its bound), then the integers of each
        start and of the relaxation rounded (to the nearest, and by `rounding`: core.optimise.rounding), each
        fixed with the rest re-optimised as an LP (warm from the relaxation's basis), until one is within `gap`
        (relative, absolute) of the bound. The best of those (None: none fits the rows) with the bound, so its gap
        is known without a MIP run. The MIP is restored after; the best one's basis is kept for the duals LP."""
        idx, n = self.integer, len(self.integer)
        if not idx:
            return None
        end = time.perf_counter() + time_limit
        kint, kcont = highspy.HighsVarType.kInteger, highspy.HighsVarType.kContinuous
        self.h.changeColsIntegrality(n, idx, [kcont] * n)
        best: Polished | None = None
        try:
            r = self.run("relaxed", end - time.perf_counter(), 1e-3)
            if r.status != PhaseStatus.OPTIMAL:
                return None
            relaxed = self.values()
            tried: list[list[float]] = []
            for start in [*starts, relaxed, *([rounding(relaxed)] if rounding else [])]:
                if any(self.cols[j].name not in start for j in idx):
                    continue
                vals = [float(round(start[self.cols[j].name])) for j in idx]
                if vals in tried or time.perf_counter() >= end:
                    continue
                tried.append(vals)
                self.h.changeColsBounds(n, idx, vals, vals)
                p = self.run("fixed", end - time.perf_counter(), 1e-3)
                if p.status == PhaseStatus.OPTIMAL and (best is None or p.objective < best.objective):
                    best = Polished(self.values(), p.objective, r.objective)
                    self._polished = (vals, self.h.getBasis())
                self.h.changeColsBounds(n, idx, *self.int_bounds)
                if best is not None and best.proven(*gap):
                    break
            return best
        finally:
            self.h.changeColsBounds(n, idx, *self.int_bounds)
            self.h.changeColsIntegrality(n, idx, [kint] * n)

    def size(self) -> tuple[int, int, int]:
        """(variables, constraints, integer variables)."""
        return len(self.cols), self.n_rows, len(self.integer)

    def row_duals(self) -> dict[str, float]:
        duals = self.h.getSolution().row_dual
        return {name: duals[i] for name, i in self.row.items()}
