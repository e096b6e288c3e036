"""Workbooks keep user text as text (no spreadsheet formula or link injection)."""

import io

import openpyxl
import pandas as pd

from core.excel import workbook_bytes


def test_formula_text_stays_text():
    df = pd.DataFrame({"name": ["=1+1", '=HYPERLINK("http://x","y")', "plain"]})
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes({"tenants": df}, index=False)))
    ws = wb["tenants"]
    cells = [ws.cell(row=r, column=1) for r in (2, 3, 4)]
    assert [c.value for c in cells] == ["=1+1", '=HYPERLINK("http://x","y")', "plain"]
    assert all(c.data_type == "s" for c in cells)  # strings, not formulas ("f")


def test_named_index_written_and_long_sheet_names_cut():
    df = pd.DataFrame({"t": [1.0, 2.0]}, index=pd.Index([2026, 2027], name="year"))
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes({"x" * 40: df})))
    ws = wb["x" * 31]
    assert ws.cell(row=1, column=1).value == "year" and ws.cell(row=3, column=1).value == 2027
