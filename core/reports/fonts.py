"""Fonts of the PDF report: embedded TrueType fonts for Latin/Cyrillic/Vietnamese, Thai and Arabic; Chinese in
reportlab's built-in CID font ``STSong-Light``.

reportlab picks one font per text run and neither falls back to another font for a missing glyph nor shapes
or reorders Arabic. So text is cut into runs by script (`runs`), each run set in a font that has its glyphs
(`markup` for paragraphs, `draw_text` for chart labels); Arabic is joined into its contextual letter forms
(``arabic-reshaper``) and put in visual order line by line (``python-bidi``, `rtl_lines`). Thai is shaped by
HarfBuzz (``uharfbuzz``, reportlab's ``shaping`` style): without it a tone mark over an upper vowel (ที่, ตั้ง)
overprints the vowel; without uharfbuzz installed the PDF still renders, marks unshaped.

The TTF files come from Debian's ``fonts-noto-core`` (``make system-deps``); `font_dirs` lists where they are
looked for (``LCZP_FONT_DIRS`` first, ``os.pathsep``-separated). A missing file raises `FontMissing` naming the
file, the folders searched and the package to install.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from core.i18n import direction

CJK_FONT = "STSong-Light"
DEBIAN_PACKAGE = "fonts-noto-core"
# script -> (font name, regular file, bold file)
FONTS = {
    "latin": ("NotoSans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "thai": ("NotoSansThai", "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"),
    "arabic": ("NotoNaskhArabic", "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
}
SYSTEM_DIRS = (
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/truetype",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
)
# languages whose PDF keeps the CID font for everything (it covers Latin and Chinese)
CID_LANGS = ("en", "zh")


class FontMissing(RuntimeError):
    """A TrueType font the PDF needs is not installed; the message says which and how to install it."""


def font_dirs() -> list[Path]:
    extra = [p for p in os.environ.get("LCZP_FONT_DIRS", "").split(os.pathsep) if p]
    return [Path(p).expanduser() for p in (*extra, *SYSTEM_DIRS)]


def find_font(filename: str) -> Path:
    for d in font_dirs():
        for candidate in (d / filename, *d.glob(f"*/{filename}")) if d.is_dir() else ():
            if candidate.is_file():
                return candidate
    searched = ", ".join(str(d) for d in font_dirs())
    raise FontMissing(
        f"PDF font {filename} not found (searched {searched}); install the Debian package {DEBIAN_PACKAGE} "
        f"(make system-deps) or put the file in a folder named by LCZP_FONT_DIRS"
    )


@cache
def register(script: str) -> str:
    """Register the script's regular and bold TTF (once) and return the font name."""
    if script == "cjk":
        return register_cid()
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name, regular, bold = FONTS[script]
    pdfmetrics.registerFont(TTFont(name, str(find_font(regular))))
    try:
        pdfmetrics.registerFont(TTFont(f"{name}-Bold", str(find_font(bold))))
        bold_name = f"{name}-Bold"
    except FontMissing:
        bold_name = name
    for italic in (0, 1):
        addMapping(name, 0, italic, name)
        addMapping(name, 1, italic, bold_name)
    return name


@cache
def register_cid() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


def base_font(lang: str) -> str:
    """The font of a language's PDF body text (registered on first use)."""
    if lang in CID_LANGS:
        return register_cid()
    for script in ("latin", "thai", "arabic"):
        register(script)
    register_cid()
    return FONTS["latin"][0]


def script_of(ch: str) -> str:
    o = ord(ch)
    if 0x0E00 <= o <= 0x0E7F:
        return "thai"
    if 0x0600 <= o <= 0x08FF or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF:
        return "arabic"
    if 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF:
        return "cjk"
    return "latin"


INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u2066\u2067\u2068\u2069"))


def runs(text: str) -> list[tuple[str, str]]:
    """Text cut into (script, run) pieces; spaces join the run they follow (every font has a space).

    Bidi marks (LRM, RLM, ALM, embeddings) are dropped: the text is already in visual order and the fonts
    have no glyph for them."""
    out: list[tuple[str, str]] = []
    for ch in text.translate(INVISIBLE):
        s = out[-1][0] if ch == " " and out else script_of(ch)
        if out and out[-1][0] == s:
            out[-1] = (s, out[-1][1] + ch)
        else:
            out.append((s, ch))
    return out


def shaping(lang: str) -> bool:
    """Shape Thai with HarfBuzz (``uharfbuzz``): tone marks above upper vowels are raised (ที่, ตั้ง, น้ำ) instead
    of overprinting them. Arabic is shaped by `visual` instead (HarfBuzz would reverse the visual order again)."""
    if lang != "th":
        return False
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        return False
    _shape_each_font_apart()
    return True


@cache
def _shape_each_font_apart() -> None:
    """reportlab shapes a word (text between spaces) with the font of its first piece, so "(ทางตรง)" - Latin
    brackets around Thai - came out as empty boxes. Shape each same-font piece of such a word on its own."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfbase.ttfonts import ShapedFragWord, makeShapedFragWord
    from reportlab.platypus import paragraph

    original = paragraph.shapeFragWord

    def by_font(w: Any, *a: Any, **k: Any) -> Any:
        frags = w[1:]
        if isinstance(w, ShapedFragWord) or any(hasattr(f, "cbDefn") for f, _ in frags):
            return original(w, *a, **k)
        groups: list[list[Any]] = []
        for f, s in frags:
            if groups and groups[-1][0].fontName == f.fontName:
                groups[-1].append((f, s))
            else:
                groups.append([f, (f, s)])
        if len(groups) < 2:
            return original(w, *a, **k)
        total, pieces, shaped = 0.0, [], False
        for g in groups:
            sub = [sum(stringWidth(s, f.fontName, f.fontSize) for f, s in g[1:]), *g[1:]]
            r = original(sub, *a, **k)
            shaped = shaped or r is not sub
            total += r[0]
            pieces += [tuple(x) for x in r[1:]]
        return makeShapedFragWord(w)([total, *pieces]) if shaped else w

    paragraph.shapeFragWord = by_font


def markup(text: str, lang: str) -> str:
    """Escaped Paragraph markup of `text` (already in visual order for RTL), each run in a font that has it."""
    if lang in CID_LANGS:
        return escape(text)
    base = FONTS["latin"][0]
    parts = []
    for script, run in runs(text):
        name = base if script == "latin" else register(script)
        parts.append(escape(run) if name == base else f'<font face="{name}">{escape(run)}</font>')
    return "".join(parts)


def visual(text: str) -> str:
    """One line of Arabic (or mixed) text in contextual letter forms and visual (left-to-right) order.

    A line without Arabic letters (a zone name, "2025 - 2050", "1,160 ha") keeps its left-to-right order."""
    import arabic_reshaper
    from bidi.algorithm import get_display

    if not any(script_of(ch) == "arabic" for ch in text):
        return text
    return get_display(arabic_reshaper.reshape(text), base_dir="R")


def text_width(text: str, size: float, lang: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if lang in CID_LANGS:
        return stringWidth(text, CJK_FONT, size)
    base = FONTS["latin"][0]
    return sum(stringWidth(r, base if s == "latin" else register(s), size) for s, r in runs(text))


def rtl_lines(text: str, size: float, width: float, lang: str) -> list[str]:
    """Right-to-left text wrapped to `width` in logical order, then each line put in visual order."""
    import arabic_reshaper

    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split(" "):
            trial = f"{line} {word}" if line else word
            if line and text_width(arabic_reshaper.reshape(trial), size, lang) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return [visual(x) for x in lines]


def paragraph_markup(text: str, lang: str, size: float, width: float) -> str:
    """Markup of a paragraph: LTR languages as one flow, RTL ones pre-wrapped into visual lines."""
    if direction(lang) != "rtl":
        return markup(text, lang)
    return "<br/>".join(markup(x, lang) for x in rtl_lines(text, size, max(width - 4, 20), lang))


def draw_text(
    drawing: Any, x: float, y: float, text: str, size: float, lang: str, anchor: str = "start", **kw: Any
) -> None:
    """A chart label made of one reportlab String per script run (RTL text in visual order)."""
    from reportlab.graphics.shapes import String
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if lang in CID_LANGS:
        drawing.add(String(x, y, text, fontName=CJK_FONT, fontSize=size, textAnchor=anchor, **kw))
        return
    if direction(lang) == "rtl":
        text = visual(text)
    base = FONTS["latin"][0]
    pieces = [(base if s == "latin" else register(s), r) for s, r in runs(text)]
    total = sum(stringWidth(r, f, size) for f, r in pieces)
    cx = x - {"start": 0, "middle": total / 2, "end": total}[anchor]
    for f, r in pieces:
        drawing.add(String(cx, y, r, fontName=f, fontSize=size, **kw))
        cx += stringWidth(r, f, size)


def missing_glyphs(texts: Iterable[str], lang: str) -> list[str]:
    """Characters of `texts` that the chosen fonts cannot draw (for tests; empty when all is covered)."""
    from reportlab.pdfbase.pdfmetrics import getFont

    if lang in CID_LANGS:
        return []
    out = set()
    for text in texts:
        for s, r in runs(visual(text) if direction(lang) == "rtl" else text):
            if s == "cjk":
                continue
            cmap = getFont(FONTS[s][0] if s != "latin" else FONTS["latin"][0]).face.charToGlyph
            out |= {ch for ch in r if ord(ch) not in cmap and ch not in "\n\r\t\u200e\u200f"}
    return sorted(out)
