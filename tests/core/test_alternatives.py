"""Near-optimal alternatives (MGA): within the cost slack, targets met as before, other measures.

Golden part: one-year instances built by hand (as in test_golden_optimise: no prices, lifetime 1, so a
plan's NPV is the sum of the measures' annual costs); the plans within the slack are enumerated here.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys

import pytest
import yaml

from core.loader import validate_data
from core.optimise import SolveSettings
from core.optimise.alternatives import AlternativesError, alternatives, alternatives_data, built_set, measures_used
from tests.core.test_cli_solve import SCENARIO
from tests.core.test_golden_optimise import data, measure
from tests.helpers import ROOT

EXACT = SolveSettings(gap=1e-9, time_limit_s=30)
# three ways to save 40 of 100 t (target 60 t): A costs 100, B 103, C 110; any two together overshoot the cost
MEASURES = [measure("A", 40, 100.0), measure("B", 40, 103.0), measure("C", 40, 110.0)]


def within(slack: float) -> list[tuple[float, set[str]]]:
    """Every choice that meets the target at most (1 + slack) x the least cost, cheapest first (by hand)."""
    out = []
    for units in itertools.product([0, 1], repeat=len(MEASURES)):
        saved = 40 * sum(units)
        cost = sum(m.annual * u for m, u in zip(MEASURES, units, strict=True))
        if 100 - saved <= 60:
            out.append((cost, {m.id for m, u in zip(MEASURES, units, strict=True) if u}))
    best = min(c for c, _ in out)
    return sorted((c, ids) for c, ids in out if c <= (1 + slack) * best + 1e-9)


@pytest.mark.parametrize("slack, expected", [(0.05, [{"B"}]), (0.12, [{"B"}, {"C"}]), (0.01, [])])
def test_golden_alternatives_are_the_other_plans_within_the_slack(slack, expected):
    hand = within(slack)
    assert hand[0] == (100.0, {"A"}) and [ids for _, ids in hand[1:]] == expected  # the enumeration agrees
    got = alternatives_data(data(MEASURES, target=60.0), slack, 3, EXACT)
    assert measures_used(got.optimum) == {"A"} and got.optimum.npv["total"] == pytest.approx(100.0)
    assert [measures_used(p) for p in got.plans] == expected  # cheaper first (the tie-break)
    for p, (cost, _) in zip(got.plans, hand[1:], strict=True):
        assert p.npv["total"] == pytest.approx(cost)
        assert bool(p.targets["met"].all())
    assert got.cost_cap == pytest.approx((1 + slack) * 100.0 * 1e-6 * 1e6)


def test_alternatives_on_a_zone_keep_cost_and_targets_and_differ():
    s = validate_data(SCENARIO)
    slack = 0.05
    got = alternatives(s, slack, 3)
    opt = got.optimum
    assert opt.status == "optimal" and len(got.plans) >= 2
    c0 = opt.npv["total"]
    found = [built_set(opt)]
    for p in got.plans:
        assert p.npv["total"] <= (1 + slack) * c0 * (1 + 1e-6)
        # the target by hand: 2030 gross emissions at least 30 % below base (growth 0: BAU = base)
        assert p.pathway.loc[2030, "plan_gross_t"] <= 0.7 * p.pathway.loc[2030, "bau_t"] * (1 + 1e-6)
        assert p.shortfall.empty
        assert built_set(p) not in found  # differs from the optimum and from every plan before
        assert measures_used(p) != measures_used(opt)
        found.append(built_set(p))


def test_bad_slack_or_count_names_the_field():
    s = validate_data(SCENARIO)
    with pytest.raises(AlternativesError, match="slack"):
        alternatives(s, 0.0, 3)
    with pytest.raises(AlternativesError, match="^n:"):
        alternatives(s, 0.05, 0)


def _cli(tmp_path, *args):
    f = tmp_path / "scenario.yaml"
    f.write_text(yaml.safe_dump(SCENARIO), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "core", *args[:1], str(f), *args[1:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_alternatives_json(tmp_path):
    r = _cli(tmp_path, "alternatives", "--slack", "0.05", "--n", "2", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    solved = json.loads(_cli(tmp_path, "solve", "--json").stdout)
    o = out["optimum"]
    assert o["built"] == solved["built"] and o["npv_cost"] == pytest.approx(solved["npv_cost"])
    assert len(out["alternatives"]) == 2
    for a in out["alternatives"]:
        assert {"npv_cost", "emissions_t", "built"} <= set(a)
        assert all({"measure", "year", "units"} == set(b) for b in a["built"])
        assert a["npv_cost"] <= 1.05 * o["npv_cost"] * (1 + 1e-6)
        assert a["built"] != o["built"]


def test_cli_alternatives_bad_slack(tmp_path):
    r = _cli(tmp_path, "alternatives", "--slack", "2")
    assert r.returncode == 2 and r.stderr.startswith("--slack: ") and len(r.stderr.strip().splitlines()) == 1


def test_cli_sweep_json(tmp_path):
    r = _cli(tmp_path, "sweep", "--param", "carbon_price", "--values", "0,80", "--workers", "1", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert [p["value"] for p in out["points"]] == [0.0, 80.0]
    for p in out["points"]:
        assert {"value", "status", "npv_cost", "emissions_t", "built"} <= set(p)
        assert p["status"] == "optimal" and set(p["emissions_t"]) == {str(y) for y in range(2026, 2031)}
    # the point at the scenario's own horizon price is the plain solve (20 per t in 2030)
    r2 = _cli(tmp_path, "sweep", "--param", "carbon_price", "--values", "20", "--workers", "1", "--json")
    solved = json.loads(_cli(tmp_path, "solve", "--json").stdout)
    p = json.loads(r2.stdout)["points"][0]
    assert p["npv_cost"] == pytest.approx(solved["npv_cost"], rel=1e-9)
    key = lambda b: [(r["measure"], r["year"]) for r in b]  # noqa: E731
    assert key(p["built"]) == key(solved["built"])
    assert [r["units"] for r in p["built"]] == pytest.approx([r["units"] for r in solved["built"]], rel=1e-9)


@pytest.mark.parametrize(
    "args, field",
    [
        (["--param", "weather", "--values", "1"], "--param"),
        (["--param", "discount_rate", "--values", "0.05,abc"], "--values"),
        (["--param", "carbon_price", "--values", "-5"], "--values"),
    ],
)
def test_cli_sweep_bad_input_is_one_line(tmp_path, args, field):
    r = _cli(tmp_path, "sweep", *args, "--workers", "1")
    assert r.returncode == 2 and r.stderr.startswith(field + ":") and len(r.stderr.strip().splitlines()) == 1
