"""Reports in every language: HTML with lang/dir and font stacks, PDF with embedded fonts that cover every
character, Excel sheet names; the CLI takes every language code."""

from __future__ import annotations

import argparse
from argparse import Namespace

import pytest

from core.cli.report import add_arguments
from core.cli.report import run as cli_report
from core.i18n import LANGS, catalogue, direction, html_lang
from core.reports import fonts, gather, to_excel, to_html, to_pdf
from tests.core.test_compare import plan
from tests.core.test_reports import hostile_scenario


@pytest.fixture(scope="module", params=LANGS)
def data(request):
    return gather(
        hostile_scenario(), plan=plan([("pv", 2026, 5, 5), ("pv", 2027, 0, 5)], 1000.0, short=True), lang=request.param
    )


def test_html_has_lang_dir_and_the_translated_title(data):
    page = to_html(data)
    lang = data.lang
    assert f'<html lang="{html_lang(lang)}" dir="{direction(lang)}">' in page
    assert catalogue(lang)["reports.sec_summary"] in page
    assert ('dir="rtl"' in page) == (lang == "ar")
    stack = {"th": "Noto Sans Thai", "ar": "Noto Naskh Arabic"}.get(lang)
    assert stack is None or stack in page


def test_pdf_embeds_the_fonts_of_the_language(data):
    pdf = to_pdf(data)
    assert pdf.startswith(b"%PDF") and len(pdf) > 3000
    if data.lang == "th":
        assert b"NotoSansThai" in pdf
    if data.lang == "ar":
        assert b"NotoNaskhArabic" in pdf
    if data.lang in ("vi", "ru", "fr", "id"):
        assert b"NotoSans" in pdf


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_fonts_draw_every_character_of_the_catalogue(lang):
    fonts.base_font(lang)
    texts = [v for k, v in catalogue(lang).items() if k.startswith(("reports.", "names.", "plan."))]
    assert fonts.missing_glyphs(texts, lang) == []


def test_arabic_is_shaped_and_in_visual_order():
    line = fonts.visual("خطة منخفضة الكربون")
    assert line != "خطة منخفضة الكربون" and any(0xFE70 <= ord(c) <= 0xFEFF for c in line)  # presentation forms
    assert fonts.visual("2025 - 2050") == "2025 - 2050"  # no Arabic letters: left to right as written
    lines = fonts.rtl_lines(" ".join(["الانبعاثات"] * 40), 9.5, 200, "ar")
    assert len(lines) > 3


def test_a_missing_font_says_which_and_how_to_install_it():
    with pytest.raises(fonts.FontMissing, match="fonts-noto-core"):
        fonts.find_font("NoSuchFont-Regular.ttf")


def test_excel_in_every_language(data):
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(to_excel(data)))
    first = book.worksheets[0]
    assert bool(first.sheet_view.rightToLeft) == (data.lang == "ar")  # Arabic sheets run right to left


@pytest.mark.parametrize("lang", LANGS)
def test_cli_accepts_every_language(tmp_path, lang):
    p = argparse.ArgumentParser()
    add_arguments(p)
    args = p.parse_args(["--out", str(tmp_path / "r.html"), "--lang", lang])
    assert args.lang == lang
    payload, _ = cli_report(hostile_scenario(), Namespace(out=str(tmp_path / "r.html"), lang=lang))
    assert payload["format"] == "html"


def test_thai_is_shaped_even_next_to_latin_brackets():
    """HarfBuzz shapes Thai (tone marks raised over upper vowels); a word mixing fonts, such as Thai in Latin
    brackets, is shaped piece by piece (reportlab alone would shape it all with the bracket's font)."""
    from reportlab.platypus import paragraph

    assert fonts.shaping("th") and not fonts.shaping("ar") and not fonts.shaping("en")
    fonts.base_font("th")
    word = paragraph.shapeFragWord  # patched once shaping is on
    frag = type("F", (), {"fontName": "NotoSans", "fontSize": 10})
    thai = type("F", (), {"fontName": "NotoSansThai", "fontSize": 10})
    shaped = word([0, (frag, "("), (thai, "ที่ตั้ง"), (frag, ")")])
    assert [f.fontName for f, _ in shaped[1:]] == ["NotoSans", "NotoSansThai", "NotoSans"]
