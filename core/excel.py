"""Excel workbooks from tables, safe for user text."""

from __future__ import annotations

import io

import pandas as pd

# User text such as "=HYPERLINK(...)" must stay text: no formulas, no links (spreadsheet injection).
SAFE_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False}


def workbook_bytes(sheets: dict[str, pd.DataFrame], index: bool | None = None) -> bytes:
    """An .xlsx workbook with one sheet per table; sheet names cut to Excel's 31 characters.

    `index=None` writes a frame's index only when it is named (a year index, say).
    """
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="xlsxwriter", engine_kwargs={"options": SAFE_OPTIONS}) as xw:
        for name, df in sheets.items():
            df.to_excel(xw, sheet_name=name[:31], index=df.index.name is not None if index is None else index)
    return buf.getvalue()
