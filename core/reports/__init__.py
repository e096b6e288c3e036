"""Reports for officials and planners: an Excel workbook, a printable HTML report and a PDF.

One neutral document (sections of paragraphs, key-value lists, tables and charts) is built from the
scenario, its base-year inventory and its plan; HTML and PDF render the same document, so they say the
same thing. Text comes from the ``reports`` i18n namespace in the chosen language (any of ``core.i18n.LANGS``),
each section title with English beside it (Chinese beside English: bilingual headings); numbers in the
language's locale (``core.l10n``). All user text is HTML-escaped. Charts are inline SVG (HTML) and reportlab
drawings (PDF); English and Chinese in the PDF use reportlab's built-in CID font ``STSong-Light``, the other
languages embedded Noto fonts per script, Arabic right to left (`fonts`).

CLI: ``python -m core report FILE --out NAME.xlsx|NAME.html|NAME.pdf [--lang en|zh|th|vi|id|ar|fr|ru]``.

Modules, by responsibility:

- `document`: the content model - `ReportData` and `gather` (the inputs), number formatting, and the
  neutral document's blocks (`Para`, `KeyValues`, `Table`, `Chart`, `Section`).
- `sections`: summary, baseline, targets, pathway and costs sections; `build_document`.
- `sources`: the risks-and-assumptions section and `sources_table` (every factor the numbers rest on).
- `svg`: charts as inline SVG (`chart_svg`), the palette and axis ticks.
- `html`: `to_html` (templates in `core/report_templates/`).
- `pdf`: `to_pdf` (reportlab); `fonts`: the PDF's fonts per script, Arabic shaping and order, Thai shaping.
- `excel`: `workbook_sheets` and `to_excel`.
- `write`: `render` and `write_report`.

Everything callers use is importable from `core.reports` directly.
"""

from core.reports.document import (
    Chart,
    KeyValues,
    Para,
    ReportData,
    Section,
    Table,
    col_label,
    fmt,
    gather,
    other,
    zone_title,
)
from core.reports.excel import to_excel, workbook_sheets
from core.reports.html import TEMPLATES, to_html
from core.reports.pdf import CJK_FONT, to_pdf
from core.reports.sections import build_document
from core.reports.sources import sources_table
from core.reports.svg import PALETTE, chart_svg
from core.reports.write import FORMATS, ReportError, format_of, render, write_report

__all__ = [
    "CJK_FONT",
    "FORMATS",
    "PALETTE",
    "TEMPLATES",
    "Chart",
    "KeyValues",
    "Para",
    "ReportData",
    "ReportError",
    "Section",
    "Table",
    "build_document",
    "chart_svg",
    "col_label",
    "fmt",
    "format_of",
    "gather",
    "other",
    "render",
    "sources_table",
    "to_excel",
    "to_html",
    "to_pdf",
    "workbook_sheets",
    "write_report",
    "zone_title",
]
