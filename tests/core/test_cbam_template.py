"""The communication template: the Commission's sheet names, values that read back, defaults marked."""

import pytest
from openpyxl import load_workbook

from core.cbam import compute_cbam
from core.cbam.template import PRODUCT_HEADER, SHEETS, write_template
from core.cli import main
from core.demo import demo_zones, load_demo
from tests.helpers import tenant, tiny_scenario


def _rows(ws) -> list[dict]:
    header = [c.value for c in ws[3]]
    return [dict(zip(header, r, strict=False)) for r in ws.iter_rows(min_row=4, values_only=True)]


def test_template_sheets_and_values_read_back(tmp_path):
    screws = {"good": "iron_steel", "cn_code": "7318 15", "eu_t": 1000, "production_t": 10000}
    nuts = {"good": "iron_steel", "cn_code": "7318 16", "eu_t": 100}  # no production_t: default value
    s = tiny_scenario(
        zone={"country": "THA"},
        assumptions={"eu_ets_price_per_t": {2025: 80}},
        tenants=[tenant("S1", process_emissions_t=2000, exports=[screws, nuts])],
    )
    [out] = write_template(s, tmp_path / "t.xlsx", "S1", 2026)
    wb = load_workbook(out)
    assert wb.sheetnames == SHEETS
    prods = _rows(wb["Summary_Products"])
    assert [c.value for c in wb["Summary_Products"][3]] == PRODUCT_HEADER
    bt = compute_cbam(s, years=[2026]).by_tenant.set_index("cn_code")
    p1, p2 = prods
    # screws: SEE direct = own 0.2 + wire rod 1.1765 x 2.111 = 2.6835915 (steel: no indirect)
    assert p1["SEE direct (tCO2e/t)"] == pytest.approx(0.2 + 1.1765 * 2.111)
    assert p1["SEE total (tCO2e/t)"] == pytest.approx(bt.loc["7318 15", "see_t_per_t"])
    # the precursor part came from a default value: its share is 2.4835915 / 2.6835915
    assert p1["Share of emissions from default values"] == pytest.approx(2.4835915 / 2.6835915)
    # nuts: the Thai default 4.894 (4.45 + 10 %), all from defaults, marked and shaded
    assert p2["SEE direct (tCO2e/t)"] == pytest.approx(4.894)
    assert p2["Data source"].startswith("default value") and p2["Share of emissions from default values"] == 1
    assert wb["Summary_Products"]["A5"].fill.fgColor.rgb.endswith("FFF2CC")
    prec = _rows(wb["E_PurchPrec"])
    assert prec[0]["CN code"] == "7213 91" and prec[0]["SEE direct (tCO2e/t)"] == pytest.approx(2.111)
    assert "default" in prec[0]["Data source"]
    inst = {r["Item"]: r["Value"] for r in _rows(wb["A_InstData"])}
    assert inst["Reporting period start"] == "2026-01-01" and inst["Country"] == "THA"


def test_cli_template_for_a_demo_tenant_and_all(tmp_path, capsys):
    path = str(demo_zones()["thai_auto"])
    assert main(["cbam", path, "--template", str(tmp_path / "t07.xlsx"), "--tenant", "T07"]) == 0
    wb = load_workbook(tmp_path / "t07.xlsx")
    assert "Summary_Communication" in wb.sheetnames
    assert main(["cbam", path, "--template", str(tmp_path / "all.xlsx")]) == 0
    exporters = [t.id for t in load_demo("thai_auto").tenants if t.exports]
    assert sorted(p.name for p in tmp_path.glob("all_*.xlsx")) == sorted(f"all_{i}.xlsx" for i in exporters)
    assert main(["cbam", path, "--template", str(tmp_path / "x.xlsx"), "--tenant", "T01"]) == 2
    assert "not a tenant with EU exports" in capsys.readouterr().err
