"""Reports: Excel workbook, HTML and PDF from a scenario, its inventory and a hand-made plan; the CLI."""

from __future__ import annotations

import io
from argparse import Namespace

import openpyxl
import pandas as pd
import pytest

from core.cli.report import run as cli_report
from core.errors import ScenarioError
from core.i18n import t
from core.reports import build_document, chart_svg, gather, sources_table, to_excel, to_html, to_pdf
from core.schema import Scenario
from tests.core.test_compare import plan, scenario


def hostile_scenario() -> Scenario:
    data = scenario().model_dump(mode="json", exclude_defaults=True)
    data["zone"]["name"] = "<script>alert(1)</script> Zone & Co"
    data["zone"]["name_zh"] = "测试园区"
    data["zone"]["illustrative"] = True
    data["tenants"][0]["name"] = "<b>Evil</b> tenant"
    data["tenants"].append({**data["tenants"][0], "id": "T2", "name": '=HYPERLINK("http://x.invalid","click")'})
    data["tenants"][0]["energy"] = {"electricity_mwh": 1000, "natural_gas_gj": 500}
    return Scenario.model_validate(data)


@pytest.fixture
def data_en():
    return gather(hostile_scenario(), plan=plan([("pv", 2026, 5, 5), ("pv", 2027, 0, 5)], 1000.0, short=True))


def test_document_sections_and_numbers(data_en):
    doc = build_document(data_en)
    assert [s.key for s in doc] == [
        "sec_summary",
        "sec_baseline",
        "sec_targets",
        "sec_pathway",
        "sec_costs",
        "sec_assumptions",
        "sec_risks",
        "sec_sources",
    ]
    assert doc[0].title == "Zone summary" and doc[0].title_alt == "园区概况"  # bilingual headings
    costs = dict(next(b for b in doc[4].blocks if hasattr(b, "items")).items)
    # extra cost 1000 - 900 = 100; per discounted tonne 100 / 33.8843 = 2.95 (see test_compare)
    assert costs["Extra cost of the plan versus business as usual"] == "100 USD"
    assert costs["Cost per tonne avoided (extra cost / discounted tonnes)"] == "3.0 USD/tCO2e"


def test_html_is_escaped_and_complete(data_en):
    page = to_html(data_en)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<b>Evil</b>" not in page and "&lt;b&gt;Evil&lt;/b&gt;" in page
    assert page.count("<svg") >= 2  # pathway and capex charts inline
    assert "Illustrative data" in page
    assert "1 annual target(s) are not met" in page
    assert "http" not in page.split("<main>")[0]  # no external assets in head


def test_html_in_chinese():
    d = gather(hostile_scenario(), plan=plan([("pv", 2026, 5, 5)], 1000.0), lang="zh")
    page = to_html(d)
    assert 'lang="zh-CN"' in page and "低碳规划报告：测试园区" in page and "园区概况" in page
    assert "Zone summary" in page  # the other language beside each heading


def test_pdf_both_languages(data_en):
    pdf = to_pdf(data_en)
    assert pdf.startswith(b"%PDF") and len(pdf) > 3000
    zh = to_pdf(gather(hostile_scenario(), plan=plan([], 900.0), lang="zh"))
    assert zh.startswith(b"%PDF") and b"STSong-Light" in zh


def test_excel_sheets(data_en):
    wb = openpyxl.load_workbook(io.BytesIO(to_excel(data_en)))
    names = wb.sheetnames
    for key in ("summary", "tenants", "assumptions", "inventory", "pathway", "costs", "shortfalls", "sources"):
        assert t(f"reports.sheet_{key}", "en") in names
    path = wb[t("reports.sheet_pathway", "en")]
    header = [c.value for c in path[1]]
    assert header[:3] == ["year", "bau_t", "plan_gross_t"]
    assert [c.value for c in path[2]][:2] == [2026, 100.0]
    tenants = wb[t("reports.sheet_tenants", "en")]
    names = [c.value for c in tenants["B"]]
    assert '=HYPERLINK("http://x.invalid","click")' in names  # kept as text
    assert all(c.data_type != "f" for row in tenants.iter_rows() for c in row)  # no formulas
    short = wb[t("reports.sheet_shortfalls", "en")]
    assert short.max_row == 2  # header + the one unmet year
    # every inventory factor has a source row
    src = sources_table(data_en)
    assert {"Electricity CO2e", "Grid emission factor"} <= set(src["item"])  # in words, not slugs
    assert src["source"].astype(str).str.len().gt(0).all()


def test_report_without_plan_still_renders():
    d = gather(hostile_scenario(), plan=None, inventory=None)
    # the optimiser may or may not be available: either way the report renders
    assert to_html(d).startswith("<!DOCTYPE html>")
    assert to_pdf(d).startswith(b"%PDF")


def test_chart_svg_escapes_and_scales():
    from core.reports import Chart

    svg = chart_svg(Chart("a<b", {"x&y": [(2026, 0.0), (2027, 100.0)]}, "t"))
    assert "a&lt;b" in svg and "x&amp;y" in svg and "<polyline" in svg
    assert chart_svg(Chart("empty", {}, "t")) == ""


def test_cli_report(tmp_path, data_en):
    out = tmp_path / "r.html"
    payload, text = cli_report(hostile_scenario(), Namespace(out=str(out), lang="en"))
    assert out.exists() and payload["format"] == "html" and payload["bytes"] == out.stat().st_size
    assert "wrote" in text
    with pytest.raises(ScenarioError, match="must end in .xlsx, .html or .pdf"):
        cli_report(hostile_scenario(), Namespace(out=str(tmp_path / "r.doc"), lang="en"))


def test_report_says_what_the_plan_assumes():
    from core.demo import load_demo
    from core.reports.document import Table

    d = gather(load_demo("thai_auto"), lang="zh")
    sec = next(x for x in build_document(d) if x.key == "sec_assumptions")
    table = next(b for b in sec.blocks if isinstance(b, Table)).frame
    assert len(table) >= 5 and "假设" in table.columns  # ranked assumptions, headers and status in Chinese
    assert set(table[table.columns[3]]) <= {"已核实（原始文本）", "二手来源", "未核实", "本工具假设", "园区自定义"}


def test_the_report_shows_the_plan_hour_by_hour():
    """Issue 14: the power figures of key years in the report (same numbers as solve --json's `power`)."""
    from core.demo import load_demo
    from core.optimise import solve
    from core.reports.power_section import _power

    s = load_demo("thai_auto")
    p = solve(s)
    d = gather(s, plan=p, lang="en", assumptions=pd.DataFrame())
    sec = _power(d)
    assert sec is not None and sec.title == "Electricity hour by hour"
    tab = next(b for b in sec.blocks if hasattr(b, "frame")).frame.set_index("")
    y = s.horizon
    assert tab.loc["Electricity demand (MWh)", str(y)] == f"{p.power[y]['load_mwh']:,.0f}"
    assert tab.loc["Solar curtailed (MWh)", str(y)] == f"{p.power[y]['curtailed_mwh']:,.0f}"
    assert "Electricity hour by hour" in to_html(d)


def test_the_report_shows_the_export_and_how_the_day_was_cut():
    from core.demo import load_demo
    from core.optimise import SolveSettings, solve
    from core.power.segments import DEFAULT_SEGMENTS
    from core.reports.power_section import _power

    s = load_demo("thai_auto")  # as if in Viet Nam, whose rule buys rooftop surplus, at 50 USD/MWh
    zone = s.zone.model_copy(update={"country": "VNM", "grid_export_allowed": True, "grid_export_price_per_mwh": 50.0})
    s = s.model_copy(update={"zone": zone})
    p = solve(s, SolveSettings(power_mode="hourly"))
    sec = _power(gather(s, plan=p, lang="en", assumptions=pd.DataFrame()))
    tab = next(b for b in sec.blocks if hasattr(b, "frame")).frame.set_index("")
    exporting = [c for c in tab.columns if (p.power[int(c)].get("export_mwh") or 0) > 0]
    assert exporting  # the key years where the plan sells surplus solar
    for c in exporting:
        assert tab.loc["Exported to the grid (MWh)", c] == f"{p.power[int(c)]['export_mwh']:,.0f}"
    text = " ".join(b.text for b in sec.blocks if hasattr(b, "text"))
    assert p.power_slots == [4, DEFAULT_SEGMENTS]
    assert f"4 typical days of {DEFAULT_SEGMENTS} time slots each" in text
