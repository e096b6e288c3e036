"""The A4 PDF of the same document (reportlab) in every language.

English and Chinese use reportlab's built-in CID font ``STSong-Light``; the other languages embed Noto TrueType
fonts per script run, Arabic is shaped and laid out right to left (see `core.reports.fonts`).
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd

from core.i18n import direction, t
from core.reports import fonts
from core.reports.document import Chart, KeyValues, Para, ReportData, Section, Table, other, zone_title
from core.reports.fonts import CJK_FONT
from core.reports.sections import build_document
from core.reports.svg import PALETTE, _short, _ticks

__all__ = ["CJK_FONT", "to_pdf"]


def _has_cjk(text: str) -> bool:
    return any(ord(ch) >= 0x2E80 for ch in text)


def _pdf_styles(lang: str) -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

    font = fonts.base_font(lang)
    shape = 1 if fonts.shaping(lang) else 0
    align = TA_RIGHT if direction(lang) == "rtl" else TA_LEFT
    base = getSampleStyleSheet()
    st = {
        "title": ParagraphStyle(
            "t", parent=base["Title"], fontName=font, shaping=shape, fontSize=18, leading=26, alignment=align
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base["Heading2"],
            fontName=font,
            shaping=shape,
            textColor=colors.HexColor("#0b4f6c"),
            alignment=align,
        ),
        "p": ParagraphStyle(
            "p", parent=base["BodyText"], fontName=font, shaping=shape, fontSize=9.5, leading=14, alignment=align
        ),
        "cell": ParagraphStyle(
            "c", parent=base["BodyText"], fontName=font, shaping=shape, fontSize=7.5, leading=10, alignment=align
        ),
    }
    st["warn"] = ParagraphStyle("w", parent=st["p"], textColor=colors.HexColor("#a94400"))
    st["note"] = ParagraphStyle("n", parent=st["p"], textColor=colors.HexColor("#555555"), fontSize=8.5)
    return st


def _pdf_chart(c: Chart, lang: str, width: float = 480, height: float = 200) -> Any:
    from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
    from reportlab.lib import colors

    pts_all = [p for pts in c.series.values() for p in pts]
    dr = Drawing(width, height)
    if not pts_all:
        return dr
    left, right, top, bottom = 50, 120, 20, 24
    pw, ph = width - left - right, height - top - bottom
    xs = sorted({p[0] for p in pts_all})
    ticks = _ticks(min(0.0, min(p[1] for p in pts_all)), max(p[1] for p in pts_all))
    y0, y1 = ticks[0], ticks[-1]
    x0, x1 = xs[0], xs[-1] if xs[-1] > xs[0] else xs[0] + 1
    bar = c.kind == "bar"

    def sx(x: float) -> float:
        return left + ((xs.index(x) + 0.5) * pw / len(xs) if bar else (x - x0) / (x1 - x0) * pw)

    def sy(y: float) -> float:
        return bottom + (y - y0) / (y1 - y0) * ph

    rtl = direction(lang) == "rtl"
    fonts.draw_text(dr, left + pw if rtl else left, height - 12, c.title, 10, lang, "end" if rtl else "start")
    for tk in ticks:
        dr.add(Line(left, sy(tk), left + pw, sy(tk), strokeColor=colors.HexColor("#dddddd"), strokeWidth=0.5))
        dr.add(String(left - 4, sy(tk) - 3, _short(tk), fontName="Helvetica", fontSize=7, textAnchor="end"))
    step = max(1, len(xs) // 8)
    for x in xs[::step]:
        dr.add(String(sx(x), bottom - 12, str(int(x)), fontName="Helvetica", fontSize=7, textAnchor="middle"))
    for i, (name, pts) in enumerate(c.series.items()):
        col = colors.HexColor(PALETTE[i % len(PALETTE)])
        if bar:
            bw = 0.7 * pw / len(xs)
            for x, y in pts:
                dr.add(Rect(sx(x) - bw / 2, sy(min(y, 0)), bw, abs(sy(y) - sy(0)), fillColor=col, strokeColor=None))
        else:
            flat = [v for x, y in pts for v in (sx(x), sy(y))]
            dr.add(
                PolyLine(flat, strokeColor=col, strokeWidth=1.5, strokeDashArray=[4, 3] if name in c.dashed else None)
            )
        ly = height - top - 4 - i * 12
        dr.add(Rect(left + pw + 8, ly, 10, 3, fillColor=col, strokeColor=None))
        fonts.draw_text(dr, left + pw + 22, ly - 2, name, 7.5, lang)
    return dr


def _col_widths(df: pd.DataFrame, width: float) -> list[float]:
    """Column widths in proportion to their longest text (between 6 and 40 characters)."""
    lens = [min(40, max(6, *(len(str(v)) * (2 if _has_cjk(str(v)) else 1) for v in [c, *df[c]]))) for c in df.columns]
    return [width * n / sum(lens) for n in lens]


def to_pdf(d: ReportData, sections: list[Section] | None = None, titles: tuple[str, str] | None = None) -> bytes:
    """A4 PDF of the same document (fonts embedded per script; Arabic right to left); `sections` and `titles`
    (title, title in the other language) replace the report's (the tenant sheet)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as RLTable

    lang = d.lang
    st = _pdf_styles(lang)
    rtl = direction(lang) == "rtl"
    buf = io.BytesIO()
    title = titles[0] if titles else t("reports.title", lang, zone=zone_title(d.scenario, lang))
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm, topMargin=16 * mm, bottomMargin=16 * mm, title=title
    )
    width = A4[0] - 32 * mm

    def para(text: str, style: Any, w: float = width, bold: bool = False) -> Any:
        body = fonts.paragraph_markup(text, lang, style.fontSize, w - 6)
        return Paragraph(f"<b>{body}</b>" if bold else body, style)

    def row(cells: list[Any]) -> list[Any]:
        return cells[::-1] if rtl else cells  # right to left: the first column on the right

    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f1f5")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    alt = other(lang)
    story: list[Any] = [
        para(title, st["title"]),
        Paragraph(
            fonts.markup(titles[1] if titles else t("reports.title", alt, zone=zone_title(d.scenario, alt)), lang),
            st["p"],
        ),
    ]
    for sec in build_document(d) if sections is None else sections:
        head_text = fonts.paragraph_markup(sec.title, lang, st["h2"].fontSize, width)
        alt_text = fonts.markup(sec.title_alt, lang)
        heading = Paragraph(
            f"<font size=9 color='#666666'>{alt_text}</font> {head_text}"
            if rtl
            else f"{head_text} <font size=9 color='#666666'>{alt_text}</font>",
            st["h2"],
        )
        start = len(story)
        for b in sec.blocks:
            if isinstance(b, Para):
                story.append(para(b.text, st.get(b.kind, st["p"])))
            elif isinstance(b, KeyValues):
                ws = [width * 0.4, width * 0.6]
                rows = [row([para(k, st["cell"], ws[0]), para(v, st["cell"], ws[1])]) for k, v in b.items]
                tab = RLTable(rows, colWidths=row(ws))
                tab.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb"))]))
                story.append(tab)
            elif isinstance(b, Table):
                ws = _col_widths(b.frame, width)
                head = [para(str(c), st["cell"], w, bold=True) for c, w in zip(b.frame.columns, ws, strict=True)]
                body = [
                    row([para(str(v), st["cell"], w) for v, w in zip(r, ws, strict=True)])
                    for r in b.frame.itertuples(index=False)
                ]
                tab = RLTable([row(head), *body], colWidths=row(ws), repeatRows=1)
                tab.setStyle(grid)
                parts = [para(b.caption, st["note"])] if b.caption else []
                story.append(KeepTogether([*parts, tab]) if len(body) < 25 else tab)
            elif isinstance(b, Chart):
                story.append(_pdf_chart(b, lang, width))
            story.append(Spacer(1, 4))
        # keep each heading on the page of its first block
        first = story[start : start + 1]
        if first and isinstance(first[0], KeepTogether):  # nested KeepTogether makes reportlab start a new page
            first = list(first[0]._content)
        story[start : start + 1] = [KeepTogether([heading, *first])]
    doc.build(story)
    return buf.getvalue()
