"""Relax and round (core.optimise.solving._phase, HighsModel.polish): a phase whose rounded LP relaxation is
within the gap of the relaxation's bound skips its MIP; otherwise the MIP runs and the answer is still the
enumerated optimum (tests/core/test_golden_optimise.enumerate_best)."""

import pytest

from core.optimise import SolveSettings, solve_data
from core.optimise.model import build
from core.optimise.rounding import rounder
from tests.core.test_golden_optimise import EXACT, built, data, enumerate_best, measure


def phases(plan):
    return [(p.name, p.time_s, p.gap) for p in plan.solver.phases]


def test_an_integral_relaxation_needs_no_mip():
    # BAU 100 t, target 40 t: two whole units of 30 t are the cheapest way, and the LP relaxation says so too
    ms = [measure("a", 30, 5, ub=2), measure("b", 10, 9, ub=3)]
    (short, cost), chosen, _ = enumerate_best(ms, 100, 1.0, 40)
    assert (short, cost, chosen) == (0, 10, {"a": 2, "b": 0})
    plan = solve_data(data(ms, 40), SolveSettings(gap=1e-6, time_limit_s=30))  # (the shortfall row's 1e-7 slack)
    assert built(plan) == {"a": 2} and plan.npv["total"] == pytest.approx(10)
    names = [n for n, _, _ in phases(plan)]
    assert names[:2] == ["start: shortfall (LP relaxation, rounded)", "shortfall"]
    cost = [p for p in plan.solver.phases if p.name == "cost"][0]
    assert cost.time_s == 0.0 and cost.gap < 1e-6  # proven by the bound: no MIP


def test_a_fractional_relaxation_runs_the_mip_and_finds_the_optimum():
    # need 50 t: the LP takes A (30 t for 30) and 0.4 of B (20 t for 24): bound 54; no rounding reaches 50 t
    # at that cost, so the MIP runs and finds B alone (60), as enumeration does
    ms = [measure("a", 30, 30), measure("b", 50, 60), measure("c", 25, 40)]
    (short, cost), chosen, _ = enumerate_best(ms, 100, 1.0, 50)
    assert (short, cost) == (0, 60)
    plan = solve_data(data(ms, 50), EXACT)
    assert built(plan) == {"b": 1} and plan.npv["total"] == pytest.approx(60)
    rounded = [p for p in plan.solver.phases if p.name == "start: cost (LP relaxation, rounded)"]
    assert not rounded or rounded[0].gap > 1e-6  # the rounding was not proven ...
    assert [p.name for p in plan.solver.phases].count("cost") == 1  # ... and the MIP decided


def test_installs_are_rounded_by_their_running_total_and_one_alternative_is_kept():
    ms = [measure("a", 30, 30, ub=3, n=3), measure("b", 50, 60, n=3, group="g"), measure("c", 25, 40, n=3, group="g")]
    mdl = build(data(ms, 50, years=(2026, 2027, 2028)))
    x = {m: [v.name for v in xs] for m, xs in mdl.x.items()}
    use = {m: v.name for m, v in mdl.chosen.items()}
    v = {**dict(zip(x["a"], (0.4, 0.4, 0.4), strict=True)), **dict(zip(x["b"], (0.3, 0.3, 0.0), strict=True))}
    v.update({**dict(zip(x["c"], (0.5, 0.0, 0.0), strict=True)), use["b"]: 0.6, use["c"]: 0.5})
    out = rounder(mdl, set(x["a"] + x["b"] + x["c"] + list(use.values())))(v)
    assert [out[n] for n in x["a"]] == [0.0, 1.0, 0.0]  # 0.4 -> 0, 0.8 -> 1, 1.2 -> 1
    assert (out[use["b"]], out[use["c"]]) == (1.0, 0.0)  # the alternative used most is kept ...
    assert [out[n] for n in x["b"]] == [0.0, 1.0, 0.0] and [out[n] for n in x["c"]] == [0.0, 0.0, 0.0]  # ... alone


def test_a_cost_mip_out_of_time_keeps_the_rounded_plan(monkeypatch):
    from core.optimise.highs import HighsModel
    from core.results import Phase, PhaseStatus

    real = HighsModel.run

    def no_time_for_the_cost_mip(self, name, *a, **k):
        if name == "cost":
            return Phase(name, PhaseStatus.ERROR, 0.0, None, None)  # as run() says a limit with no solution
        return real(self, name, *a, **k)

    monkeypatch.setattr(HighsModel, "run", no_time_for_the_cost_mip)
    ms = [measure("a", 30, 30), measure("b", 50, 60), measure("c", 25, 40)]
    plan = solve_data(data(ms, 50), EXACT)
    cost = [p for p in plan.solver.phases if p.name == "cost"][0]
    assert cost.status == "time_limit" and cost.gap is not None and cost.gap > 0  # the rounded plan's own gap
    assert plan.status == "time_limit" and plan.pathway.loc[2026, "plan_gross_t"] <= 50 + 1e-6  # targets still met
