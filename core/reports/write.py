"""Writing a report file: the format from the file name (.xlsx, .html, .pdf)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.reports.document import ReportData, gather
from core.reports.excel import to_excel
from core.reports.fonts import FontMissing
from core.reports.html import to_html
from core.reports.pdf import to_pdf
from core.results import Plan
from core.schema import Scenario

FORMATS = ("xlsx", "html", "pdf")


class ReportError(ValueError):
    """A report that cannot be written (unknown format, unwritable path); the message says which."""


def render(d: ReportData, fmt_: str) -> bytes:
    if fmt_ == "xlsx":
        return to_excel(d)
    if fmt_ == "html":
        return to_html(d).encode("utf-8")
    if fmt_ == "pdf":
        try:
            return to_pdf(d)
        except FontMissing as e:
            raise ReportError(str(e)) from None
    raise ReportError(f"unknown report format {fmt_!r}; use one of {', '.join(FORMATS)}")


def format_of(path: str | Path) -> str:
    ext = Path(path).suffix.lower().lstrip(".")
    if ext not in FORMATS:
        raise ReportError(f"--out {path}: the name must end in .xlsx, .html or .pdf")
    return ext


def write_report(
    s: Scenario, out: str | Path, lang: str = "en", plan: Plan | None = None, inventory: Any = None
) -> tuple[Path, ReportData]:
    out = Path(out)
    kind = format_of(out)
    d = gather(s, plan, inventory, lang)
    data = render(d, kind)
    try:
        out.write_bytes(data)
    except OSError as e:
        raise ReportError(f"cannot write {out}: {e.strerror}") from None
    return out, d
