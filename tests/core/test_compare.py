"""Comparison tables on hand-made plans (numbers worked out by hand in comments)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from core.compare import Compared, compare, measure_diff, milestone_years
from core.results import Plan
from core.schema import Scenario
from tests.helpers import tenant, tiny_scenario

YEARS = [2026, 2027]


def scenario(milestone_year: int = 2026) -> Scenario:
    return tiny_scenario(
        zone={"area_ha": 10},
        horizon=2027,
        assumptions={"discount_rate": 0.10},
        tenants=[tenant("T1", sector="x", output_musd=1, location=[0, 0])],
        targets={"milestones": [{"metric": "emissions", "year": milestone_year, "change_vs_base": -0.1}]},
    )


MEASURES = pd.DataFrame(
    {
        "id": ["pv", "hp"],
        "name_en": ["Rooftop PV", "Heat pump"],
        "name_zh": ["屋顶光伏", "热泵"],
        "area": ["energy"] * 2,
    }
)


def plan(units: list[tuple[str, int, float, float]], npv: float, short: bool = False) -> Plan:
    pathway = pd.DataFrame(
        {
            "bau_t": [100.0, 110.0],
            "plan_gross_t": [90.0, 80.0],
            "plan_net_t": [90.0, 80.0],
            "offsets_t": [0.0, 0.0],
            "target_t": [95.0, 85.0],
            "renewable_share": [0.1, 0.2],
            "energy_gj": [1000.0, 900.0],
            "output_musd": [10.0, 20.0],
        },
        index=pd.Index(YEARS, name="year"),
    )
    targets = pd.DataFrame(
        {
            "metric": ["emissions", "emissions"],
            "basis": ["gross", "gross"],
            "year": YEARS,
            "target": [95.0, 75.0 if short else 85.0],
            "achieved": [90.0, 80.0],
            "short_by": [0.0, 5.0 if short else 0.0],
            "met": [True, not short],
        }
    )
    return Plan(
        status="infeasible_targets" if short else "optimal",
        message="short" if short else "ok",
        years=YEARS,
        pathway=pathway,
        units=pd.DataFrame(units, columns=["measure", "year", "built", "active"]),
        capex=pd.Series({2026: 500.0, 2027: 200.0}),
        npv={"total": npv, "bau_total": 900.0},
        targets=targets,
        measures=MEASURES,
    )


A = Compared("A", scenario(), plan([("pv", 2026, 5, 5), ("pv", 2027, 0, 5)], 1000.0), base_emissions_t=100.0)
B = Compared(
    "B",
    scenario(2027),
    plan([("pv", 2027, 3, 3), ("hp", 2026, 1, 1), ("hp", 2027, 0, 1)], 950.0, short=True),
    base_emissions_t=100.0,
)


def test_costs_and_cost_per_tonne():
    c = compare([A, B]).costs.set_index("scenario")
    # abated: (100-90) + (110-80) = 40 t; discounted at 10 %: 10/1.1 + 30/1.21 = 9.0909 + 24.7934 = 33.8843
    assert c.loc["A", "abated_t"] == pytest.approx(40.0)
    assert c.loc["A", "abated_discounted_t"] == pytest.approx(33.8843, abs=1e-4)
    # extra cost 1000 - 900 = 100 -> 100 / 33.8843 = 2.9512 per t
    assert c.loc["A", "cost_per_t_abated"] == pytest.approx(2.9512, abs=1e-4)
    assert c.loc["B", "extra_cost"] == pytest.approx(50.0)
    assert c.loc["A", "capex_total"] == pytest.approx(700.0)


def test_pathways_long_form():
    p = compare([A, B]).pathways
    assert len(p) == 2 * 4 * 2  # scenarios x series x years
    a = p[(p.scenario == "A") & (p.year == 2027)].set_index("series")["t"]
    assert a.to_dict() == {"bau": 110.0, "plan_gross": 80.0, "plan_net": 80.0, "target": 85.0}


def test_kpis_in_milestone_years():
    assert milestone_years([A, B]) == [2026, 2027]
    k = compare([A, B]).kpis.set_index(["scenario", "year"])
    # 2026: 90 t vs base 100 -> -10 %; intensity 90 / 10 = 9 t per M; capex to date 500
    assert k.loc[("A", 2026), "change_vs_base"] == pytest.approx(-0.10)
    assert k.loc[("A", 2026), "intensity_t_per_musd"] == pytest.approx(9.0)
    assert k.loc[("A", 2026), "capex_cumulative"] == pytest.approx(500.0)
    # 2027: 80 / 20 = 4; capex 500 + 200 = 700
    assert k.loc[("B", 2027), "intensity_t_per_musd"] == pytest.approx(4.0)
    assert k.loc[("B", 2027), "capex_cumulative"] == pytest.approx(700.0)


def test_measure_diff_and_shortfalls():
    cmp = compare([A, B])
    d = cmp.measure_diff("zh").set_index("measure")
    assert d.loc["pv", "A"] == "2026 (5)" and d.loc["pv", "B"] == "2027 (3)"
    assert d.loc["hp", "A"] == "-" and d.loc["hp", "name"] == "热泵"
    assert not d["same"].any()
    same = measure_diff(compare([A]).measures, ["A"])
    assert same["same"].all()
    sf = cmp.shortfalls
    assert list(sf["scenario"]) == ["B"] and sf["short_by"].iloc[0] == 5.0
    assert cmp.notes == ["B: infeasible_targets - short"]


def test_failed_plan_and_limits():
    bad = Compared("C", scenario(), Plan.failed("solver crashed", YEARS))
    cmp = compare([A, bad])
    assert math.isnan(cmp.costs.set_index("scenario").loc["C", "npv_total"])
    assert set(cmp.pathways["scenario"]) == {"A"}
    with pytest.raises(ValueError, match="1 to 4"):
        compare([A] * 5)
    with pytest.raises(ValueError, match="must differ"):
        compare([A, A])
