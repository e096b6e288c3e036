"""Live models: no rebuild when only numbers outside the constraint matrix change.

A slider that moves a price, the carbon price, the discount rate, a capex or O&M cost, or a budget changes the
objective and some row bounds, never the matrix (in hourly mode too: storage and genset costs are part of the
structure key, so a change of the discount rate, which moves their annuities, rebuilds). `solve_live(d, settings)` keeps the last few built models
(PuLP model + its in-process HiGHS copy) by a *structure key* - every ModelData field except prices, carbon
price, discount factors, measure costs and budget / delivery amounts (which years have a budget, and which
measures cost nothing up front, are structure). On a hit, the HiGHS model is put back as built (column bounds,
integrality, the rows the phases added removed), its costs, budget row bounds and budget row coefficients
(capex per unit) are set from the new data, and the lexicographic phases re-run warm from the previous
plan. On a miss, the model is built as usual and kept. The answer is the same model's answer either way.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from dataclasses import asdict, dataclass

import highspy

from core.optimise import solving
from core.optimise.data import ModelData
from core.optimise.highs import HighsModel
from core.optimise.model import M, Model, build, define_objective
from core.optimise.sites import define_sites
from core.optimise.solving import SolveSettings, _end_by, solve_data, solve_model
from core.results import Plan
from core.schema import Scenario

KEEP = 4  # built models kept (each holds its HiGHS copy: ~10-100 MB for the large zone)
PRICE_FIELDS = ("price", "carbon_price", "df", "budget", "delivery", "currency", "notes", "info")
COST_FIELDS = ("annual", "crf", "om", "capex")


def structure_key(d: ModelData) -> str:
    """Hash of what the constraint matrix is made of (see the module docstring)."""
    keep = asdict(d)
    for k in PRICE_FIELDS:
        keep.pop(k)
    keep["budget_years"] = [b is not None for b in d.budget]
    keep["delivery_years"] = [x is not None for x in d.delivery]
    for m in keep["measures"]:
        m["capex_zero"] = not m["capex"]  # a zero capex leaves the measure out of the budget rows
        for k in COST_FIELDS:
            m.pop(k)
    blob = json.dumps(keep, sort_keys=True, default=str).encode()
    return hashlib.sha1(blob, usedforsecurity=False).hexdigest()


@dataclass
class Live:
    key: str
    mdl: Model
    be: HighsModel
    col_lower: list[float]
    col_upper: list[float]
    n_rows: int  # rows as built (the phases add shortfall_total after them)
    row_names: dict[str, int]

    @classmethod
    def build(cls, d: ModelData) -> Live:
        mdl = build(d)
        define_sites(mdl)  # as solve_data: tenant sites (rows only; participation rows are never kept live)
        be = HighsModel(mdl.prob)
        lp = be.h.getLp()
        return cls(structure_key(d), mdl, be, list(lp.col_lower_), list(lp.col_upper_), be.n_rows, dict(be.row))

    def reset(self, d: ModelData) -> None:
        """The HiGHS model as built, with the costs and budget bounds of `d` (same structure key)."""
        h, be = self.be.h, self.be
        if be.n_rows > self.n_rows:
            extra = list(range(self.n_rows, be.n_rows))
            h.deleteRows(len(extra), extra)
        be.n_rows, be.row = self.n_rows, dict(self.row_names)
        n = len(be.cols)
        h.changeColsBounds(n, list(range(n)), self.col_lower, self.col_upper)
        if be.integer:
            k = len(be.integer)
            h.changeColsIntegrality(k, be.integer, [highspy.HighsVarType.kInteger] * k)
        self.mdl.data = d
        define_objective(self.mdl)  # the new cost expression (prices, carbon price, discounting, costs)
        mdl = self.mdl
        for name, limits in (("budget", d.budget), ("delivery", d.delivery)):
            for i, y in enumerate(d.years):
                row = be.row.get(f"{name}_{y}")
                if row is None or i >= len(limits) or limits[i] is None:
                    continue
                h.changeRowBounds(row, -highspy.kHighsInf, float(limits[i]) * M)
                for m in d.measures:  # capex per unit is the coefficient of the year's installs
                    x = mdl.x[m.id][i] if m.id in mdl.x else None
                    if x is not None and m.capex:
                        h.changeCoeff(row, be.col[x.name], m.capex * M * mdl.scale[m.id])


_LIVE: OrderedDict[str, Live] = OrderedDict()
_LOCK = threading.Lock()


def solve_live(d: ModelData, settings: SolveSettings | None = None, end: float | None = None) -> Plan:
    """`solve_data`, reusing a kept model when only prices, costs or budgets changed (HiGHS only)."""
    st = settings or SolveSettings()
    sites = getattr(d, "sites", None)
    if st.solver != "highs" or (sites is not None and sites.participation):
        return solve_data(d, st, end)  # participation rows carry prices: rebuilt each time
    end = _end_by(st.time_limit_s) if end is None else end
    t0 = time.perf_counter()
    key = structure_key(d)
    with _LOCK:  # take it out while solving: one solve per model at a time
        live = _LIVE.pop(key, None)
    try:
        if live is None:
            live = Live.build(d)
        else:
            live.reset(d)
    except Exception:  # noqa: BLE001 - the ordinary path reports what went wrong
        return solve_data(d, st, end)
    plan = solve_model(live.mdl, live.be, st, end, time.perf_counter() - t0)
    with _LOCK:
        _LIVE[key] = live
        while len(_LIVE) > KEEP:
            _LIVE.popitem(last=False)
    return plan


def clear() -> None:
    """Forget every kept model."""
    with _LOCK:
        _LIVE.clear()


def kept() -> int:
    return len(_LIVE)


def solve(s: Scenario, settings: SolveSettings | None = None) -> Plan:
    """`core.optimise.solve` on a live model (same contract: never raises, the time limit covers it all)."""
    return solving.solve(s, settings, via=solve_live)
