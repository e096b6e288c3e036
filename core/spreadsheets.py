"""Uploaded tables (CSV or Excel) -> a DataFrame of text cells, read safely.

One reader for every upload (tenants, actuals, exports, geodata tables):
- size-capped before parsing; rows capped *while* reading (an .xlsx of 280 KB can hold a million rows:
  openpyxl's read-only stream and the CSV reader stop at the cap, so a bomb costs milliseconds);
- CSV text in the encodings spreadsheets really write: UTF-8 with or without BOM, UTF-16 (BOM),
  GB18030 (a superset of GBK/GB2312, what Chinese Excel saves); the encoding used is returned;
- every cell as text (`""` for empty), so validation names the bad cell instead of pandas guessing types.
Problems are `ScenarioError`s with translatable issues (validation.<key>).
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass

import pandas as pd

from core.errors import ScenarioError, issue

MAX_UPLOAD_BYTES = 20 * 2**20
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
# tried in this order; latin-1 never fails, so it is not in the list (a wrong guess is worse than a message)
ENCODINGS = ("utf-8", "gb18030")


@dataclass(frozen=True)
class Sheet:
    frame: pd.DataFrame  # text cells, columns stripped
    encoding: str | None  # the CSV's encoding (None for Excel)


def _fail(name: str, key: str, template: str, **fields: object) -> ScenarioError:
    return ScenarioError([issue("", key, template, name=name, **fields)])


def decode_text(raw: bytes, name: str) -> tuple[str, str]:
    """(text, encoding) of CSV bytes: BOM first (UTF-8, UTF-16), then UTF-8, then GB18030."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                return raw.decode(enc), enc.removesuffix("-sig")
            except UnicodeDecodeError:
                break
    for enc in ENCODINGS:
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise _fail(name, "unknown_encoding", "{name}: the text is neither UTF-8, UTF-16 nor GBK/GB18030; save it as UTF-8")


def _csv_rows(text: str, name: str, max_rows: int) -> list[list[str]]:
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            rows.append(row)
            if len(rows) > max_rows + 1:  # header + one over the cap: enough to say so
                break
    except csv.Error as e:
        raise _fail(name, "cannot_read_table", "{name}: cannot read the table ({problem})", problem=str(e)) from None
    return rows


def _excel_rows(raw: bytes, name: str, max_rows: int) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise _fail(name, "cannot_read_table", "{name}: cannot read the table ({problem})", problem=str(e)) from None
    try:
        ws = wb.worksheets[0]
        rows: list[list[str]] = []
        for values in ws.iter_rows(values_only=True):
            rows.append(["" if v is None else (str(v) if not isinstance(v, float) else repr(v)) for v in values])
            if len(rows) > max_rows + 1:
                break
        return rows
    finally:
        wb.close()


def read_spreadsheet(raw: bytes, name: str, max_rows: int) -> Sheet:
    """CSV or Excel bytes -> Sheet; at most `max_rows` data rows (more is an error naming the cap)."""
    low = name.lower()
    if len(raw) > MAX_UPLOAD_BYTES:
        raise _fail(
            name, "too_large", "{name}: {mb} MB is larger than the {limit} MB limit",
            mb=f"{len(raw) / 1e6:.1f}", limit=MAX_UPLOAD_BYTES // 2**20,
        )  # fmt: skip
    if low.endswith(EXCEL_SUFFIXES):
        rows, encoding = _excel_rows(raw, name, max_rows), None
    elif low.endswith((".csv", ".txt")):
        text, encoding = decode_text(raw, name)
        rows = _csv_rows(text, name, max_rows)
    else:
        raise _fail(name, "table_type", "{name}: use a .csv or .xlsx file")
    rows = [r for r in rows if any(str(c).strip() for c in r)]
    if len(rows) > max_rows + 1:
        raise _fail(name, "too_many_rows", "{name}: more than {cap} rows (the limit)", cap=max_rows)
    if len(rows) < 2:
        raise _fail(name, "no_rows", "{name}: the table has no data rows")
    header = [str(c).strip() for c in rows[0]]
    width = len(header)
    body = [(r + [""] * width)[:width] for r in rows[1:]]
    frame = pd.DataFrame(body, columns=header, dtype=object)
    return Sheet(frame.map(lambda v: str(v).strip()), encoding)
