"""`python -m core solve FILE --json`: clean stdout, the issue's keys, both solvers; failures are messages."""

import json
import subprocess
import sys

import pytest
import yaml

from tests.helpers import ROOT

SCENARIO = {
    "zone": {"name": "Tiny", "country": "THA", "area_ha": 50},
    "base_year": 2025,
    "horizon": 2030,
    "assumptions": {
        "prices": {"electricity_per_mwh": {2025: 100}, "natural_gas_per_gj": {2025: 9}},
        "carbon_price_per_t": {2025: 20},
    },
    "tenants": [
        {
            "id": "T1",
            "name": "Plant",
            "sector": "auto_parts",
            "output_musd": 20,
            "location": [13.0, 101.0],
            "energy": {"electricity_mwh": 5000, "natural_gas_gj": 20000},
        }
    ],
    "facilities": [{"id": "F1", "type": "rooftop", "location": [13.0, 101.0], "roof_area_m2": 6000}],
    "targets": {"milestones": [{"metric": "emissions", "year": 2030, "change_vs_base": -0.3}]},
    "measures": {"disabled": ["green_ppa", "carbon_credits", "removal_credits"]},
}
KEYS = {"status", "npv_cost", "bau_npv_cost", "emissions_t", "bau_emissions_t", "shortfall", "built", "carbon_price"}


def run(tmp_path, *args):
    f = tmp_path / "scenario.yaml"
    f.write_text(yaml.safe_dump(SCENARIO), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "core", "solve", str(f), *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_solve_json(tmp_path, solver):
    r = run(tmp_path, "--json", "--solver", solver, "--time-limit", "30")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)  # stdout is JSON only: no solver banner
    assert KEYS <= set(out)
    assert out["status"] == "optimal"
    assert {"name", "time_s", "gap", "n_vars", "n_cons"} <= set(out["solver"])
    assert set(out["emissions_t"]) == {str(y) for y in range(2026, 2031)}
    e, b = out["emissions_t"]["2030"], out["bau_emissions_t"]["2030"]
    assert e <= 0.7 * b + 1e-6 * b  # 30 % below base (growth 0: base = BAU)
    assert out["npv_cost"] <= out["bau_npv_cost"] + 1e-6 * out["bau_npv_cost"]
    assert all({"measure", "year", "units"} <= set(x) for x in out["built"])


def test_solve_text(tmp_path):
    r = run(tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("status: optimal")
    assert "NPV cost" in r.stdout and "solver HiGHS" in r.stdout


def test_model_error_is_a_message_not_a_traceback(monkeypatch):
    import core.optimise.solving as opt
    from core.loader import validate_data

    def boom(d):
        raise RuntimeError("broken")

    monkeypatch.setattr(opt, "build", boom)
    plan = opt.solve(validate_data(SCENARIO))
    assert plan.status == "error" and "broken" in plan.message
    assert plan.to_json()["status"] == "error"
