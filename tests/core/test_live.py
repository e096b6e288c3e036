"""Live models (core.optimise.live): a change of prices, carbon price, discount rate, a capex or a budget
re-solves the kept HiGHS model in place - no rebuild - and gives the plan a fresh build gives."""

from __future__ import annotations

import copy

import pytest

from core.loader import validate_data
from core.optimise import SolveSettings, live, solve
from core.optimise.data import prepare
from tests.core.test_cli_solve import SCENARIO

TIGHT = SolveSettings(gap=1e-6, time_limit_s=60)


def _with(**changes):
    d = copy.deepcopy(SCENARIO)
    d["budget"] = {"capex_per_year": 400_000}
    for path, value in changes.items():
        node = d
        *head, last = path.split(".")
        for k in head:
            node = node.setdefault(k, {})
        node[last] = value
    return validate_data(d)


CHANGES = {
    "carbon price": {"assumptions.carbon_price_per_t": {2025: 20, 2030: 90}},
    "electricity price": {"assumptions.prices": {"electricity_per_mwh": {2025: 160}, "natural_gas_per_gj": {2025: 9}}},
    "discount rate": {"assumptions.discount_rate": 0.12},
    "capex": {"measures.overrides": [{"id": "rooftop_pv", "capex_per_unit": 2000}]},
    "budget": {"budget": {"capex_per_year": 150_000}},
}


@pytest.fixture
def builds(monkeypatch):
    """Counts model builds inside core.optimise.live."""
    live.clear()
    calls = []
    real = live.build

    def counting(d):
        calls.append(1)
        return real(d)

    monkeypatch.setattr(live, "build", counting)
    yield calls
    live.clear()


def _same(a, b):
    assert a.status == b.status
    assert a.npv["total"] == pytest.approx(b.npv["total"], rel=1e-5)
    assert a.pathway["plan_gross_t"].to_list() == pytest.approx(b.pathway["plan_gross_t"].to_list(), rel=1e-4)


@pytest.mark.parametrize("what", list(CHANGES))
def test_a_number_change_updates_the_model_in_place(builds, what):
    base = _with()
    first = live.solve(base, TIGHT)
    changed = _with(**CHANGES[what])
    assert live.structure_key(prepare(changed)) == live.structure_key(prepare(base))
    again = live.solve(changed, SolveSettings(gap=1e-6, time_limit_s=60, warm_start=first))
    assert len(builds) == 1  # built once, re-solved in place
    _same(again, solve(changed, TIGHT))  # what a fresh build gives
    assert again.npv["total"] != pytest.approx(first.npv["total"], rel=1e-6)  # the change did change the plan
    back = live.solve(base, TIGHT)  # and back again: the kept model forgets the change completely
    assert len(builds) == 1
    _same(back, first)


def test_a_structure_change_rebuilds(builds):
    live.solve(_with(), TIGHT)
    tighter = _with(**{"targets.milestones": [{"metric": "emissions", "year": 2030, "change_vs_base": -0.4}]})
    plan = live.solve(tighter, TIGHT)
    assert len(builds) == 2 and live.kept() == 2
    _same(plan, solve(tighter, TIGHT))


@pytest.mark.parametrize("what", ["carbon price", "budget"])
def test_hourly_mode_updates_the_model_in_place(builds, what):
    hourly = SolveSettings(gap=1e-6, time_limit_s=60, power_mode="hourly")
    first = live.solve(_with(), hourly)
    changed = _with(**CHANGES[what])
    again = live.solve(changed, SolveSettings(gap=1e-6, time_limit_s=60, power_mode="hourly", warm_start=first))
    assert len(builds) == 1 and again.power_mode == "hourly"
    fresh = solve(changed, hourly)
    _same(again, fresh)
    grid = lambda p: [p.power[y]["grid_import_mwh"] for y in sorted(p.power)]  # noqa: E731
    assert grid(again) == pytest.approx(grid(fresh), rel=1e-4)
