"""`python -m core solve FILE --json` carries `power` (year -> the issue's keys, numbers) in both balance modes."""

import json

import pytest

from tests.core.test_cli_solve import run

POWER_KEYS = {
    "load_mwh", "grid_import_mwh", "onsite_renewable_used_mwh", "curtailed_mwh", "storage_discharge_mwh",
    "storage_mwh_installed", "genset_mwh", "peak_grid_import_mw", "hourly_cfe_share", "export_mwh",
}  # fmt: skip


@pytest.mark.parametrize("mode", ["annual", "hourly"])
def test_power_block(tmp_path, mode):
    r = run(tmp_path, "--json", "--time-limit", "60", "--power", mode, "--days", "2")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["power_mode"] == mode
    assert set(out["power"]) == {str(y) for y in range(2026, 2031)}
    for f in out["power"].values():
        assert POWER_KEYS <= set(f)
        assert all(isinstance(f[k], int | float) for k in POWER_KEYS)
        # the balance: load = grid + on-site renewables used + genset (storage losses are inside "used")
        assert f["load_mwh"] == pytest.approx(f["grid_import_mwh"] + f["onsite_renewable_used_mwh"] + f["genset_mwh"])
        assert 0 <= f["hourly_cfe_share"] <= 1
    # the plan's grid purchase is the one the power block reports (hourly mode: the dispatched grid)
    if mode == "hourly":
        e = out["emissions_by_source"]["2030"]["electricity"]["plan_t"]
        assert e > 0


def test_excel_report_has_the_power_sheets():
    import io

    import openpyxl

    from core.optimise import SolveSettings, solve
    from core.reports import gather, to_excel
    from tests.helpers import tiny_scenario

    s = tiny_scenario()
    plan = solve(s, SolveSettings(power_mode="hourly", power_days=1))
    wb = openpyxl.load_workbook(io.BytesIO(to_excel(gather(s, plan=plan, lang="en"))), read_only=True)
    assert {"Power by year", "Power - typical days"} <= set(wb.sheetnames)
    wb = openpyxl.load_workbook(io.BytesIO(to_excel(gather(s, plan=plan, lang="zh"))), read_only=True)
    assert "逐年电力" in wb.sheetnames
