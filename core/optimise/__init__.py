"""Least-cost multi-year pathway that meets every target, or says how far short it falls.

`solve(s, settings) -> Plan` (core.results). Steps: `data.prepare` (scenario -> numbers), `model.build`
(PuLP, one define_* per constraint family), `solve.lexicographic` on a backend (`highs.HighsModel`
in-process, or `cbc.CbcModel`), `readback.read_plan`; `macc` for the cost curves.
"""

from core.optimise.solving import DEFAULT_GAP, DEFAULT_TIME_LIMIT_S, SolveSettings, solve, solve_data

__all__ = ["DEFAULT_GAP", "DEFAULT_TIME_LIMIT_S", "SolveSettings", "solve", "solve_data"]
