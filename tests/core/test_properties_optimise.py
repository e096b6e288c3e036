"""Property tests (hypothesis) on small random instances (two plan years, up to three measures)."""

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from core.optimise import SolveSettings, solve_data
from core.optimise.data import MeasureData
from tests.core.test_golden_optimise import data

EXACT = SolveSettings(gap=1e-9, time_limit_s=20)
YEARS = (2026, 2027)
FAST = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])

measures = st.lists(
    st.tuples(
        st.floats(5, 60),  # t saved per unit
        st.floats(1, 50),  # annual cost per unit
        st.integers(1, 3),  # most units
        st.booleans(),  # integer
        st.floats(0, 100),  # capex per unit
        st.integers(1, 2),  # lifetime
    ),
    min_size=1,
    max_size=3,
)


def make(spec):
    return [
        MeasureData(f"m{k}", capex, cost, life, 0, ub, integer, {"electricity": [-saves] * 2}, om=cost)
        for k, (saves, cost, ub, integer, capex, life) in enumerate(spec)
    ]


def shortfall(plan):
    return float(plan.targets["short_by"].sum()) / 100.0  # norm = BAU 100 t


def cost(plan):
    return plan.npv["total"]


@FAST
@given(measures, st.floats(0, 100), st.floats(1, 50))
def test_tighter_target_never_lowers_cost(spec, target, tighter_by):
    loose = solve_data(data(make(spec), target, years=YEARS), EXACT)
    tight = solve_data(data(make(spec), max(0.0, target - tighter_by), years=YEARS), EXACT)
    assert loose.ok and tight.ok
    assert shortfall(tight) >= shortfall(loose) - 1e-6
    if shortfall(tight) < 1e-9 and shortfall(loose) < 1e-9:
        assert cost(tight) >= cost(loose) - 1e-6 * max(1.0, cost(loose))


@FAST
@given(measures, st.floats(0, 100), st.floats(0, 150), st.floats(1, 200))
def test_larger_budget_never_raises_cost(spec, target, budget, extra):
    small = solve_data(data(make(spec), target, years=YEARS, budget=budget), EXACT)
    big = solve_data(data(make(spec), target, years=YEARS, budget=budget + extra), EXACT)
    assert small.ok and big.ok
    assert shortfall(big) <= shortfall(small) + 1e-6
    if abs(shortfall(big) - shortfall(small)) < 1e-9:
        assert cost(big) <= cost(small) + 1e-6 * max(1.0, cost(small))


@FAST
@given(measures, st.floats(0, 100))
def test_emissions_recomputed_from_units_match(spec, target):
    ms = make(spec)
    plan = solve_data(data(ms, target, years=YEARS), EXACT)
    saves = {m.id: -m.eff["electricity"][0] for m in ms}
    for y in YEARS:
        active = plan.active_units
        saved = sum(saves[m] * active(m)[y] for m in saves)
        # BAU 100 MWh x 1 t/MWh; use cannot go below zero
        assert plan.pathway.loc[y, "plan_gross_t"] == __import__("pytest").approx(max(0.0, 100 - saved), abs=1e-6)
        # units respect bounds and lifetimes: active = sum of builds over the lifetime window
        for m in ms:
            built = dict(
                zip(
                    plan.units[plan.units.measure == m.id].year,
                    plan.units[plan.units.measure == m.id].built,
                    strict=True,
                )
            )
            window = sum(built.get(z, 0.0) for z in YEARS if y - m.lifetime < z <= y)
            assert abs(window - active(m.id)[y]) < 1e-6 and active(m.id)[y] <= m.ub + 1e-6


@FAST
@given(measures, st.floats(0, 100))
def test_zero_shortfall_exactly_when_feasible(spec, target):
    ms = make(spec)
    best = max(0.0, 100 - sum(-m.eff["electricity"][0] * m.ub for m in ms))  # every measure at its limit
    assume(abs(best - target) > 0.01)
    plan = solve_data(data(ms, target, years=YEARS), EXACT)
    feasible = target >= best
    assert (shortfall(plan) == 0.0) == feasible
    assert (plan.status == "optimal") == feasible
    if not feasible:
        assert shortfall(plan) * 100 == __import__("pytest").approx(2 * (best - target), abs=1e-3)
