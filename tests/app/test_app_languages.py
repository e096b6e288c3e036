"""Every page in every language (AppTest): no exception, the page's title in that language, Arabic right to left."""

import pytest
import streamlit as st

from core.i18n import LANGS, catalogue
from tests.helpers import goto, open_app
from ui.navigation import PAGES

PAGE_NAMES = [p.split("/")[1].removesuffix(".py") for p, _, _ in PAGES]


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    yield


def _html(at) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_renders_in_every_language(lang):
    at = open_app(None, lang)
    assert not at.exception
    for page in PAGE_NAMES:
        goto(at, page)
        assert not at.exception, (lang, page, at.exception)
        assert at.session_state["lang"] == lang
    # the navigation titles come from the language's catalogue, never raw keys
    cat = catalogue(lang)
    assert all(key in cat for _, key, _ in PAGES)


@pytest.mark.parametrize("lang", ["ar", "th"])
def test_query_parameter_sets_the_language_and_direction(lang):
    at = open_app(None, None, query={"lang": lang})
    assert not at.exception
    assert at.session_state["lang"] == lang
    assert at.title[0].value == catalogue(lang)["overview.title"]
    html = _html(at)
    if lang == "ar":
        assert "document.documentElement.dir = 'rtl'" in html and "direction: rtl" in html
    else:
        assert "document.documentElement.dir = 'ltr'" in html and "direction: rtl" not in html


def test_the_picker_offers_every_language_by_its_own_name():
    at = open_app(None, "en")
    box = at.sidebar.selectbox(key="_w_lang")
    assert box.options == ["English", "中文", "ไทย", "Tiếng Việt", "Bahasa Indonesia", "العربية", "Français", "Русский"]
    box.set_value("ar").run()
    assert not at.exception
    assert at.session_state["lang"] == "ar" and at.title[0].value == catalogue("ar")["overview.title"]


@pytest.mark.parametrize("lang", ["th", "ar"])
def test_results_and_reports_with_a_plan(lang):
    """With a solved plan: the results page (charts, tables, shortfall sentences) and the reports page in Thai and
    Arabic, every number in the language's format."""
    at = open_app("optimise", lang)
    at.button[0].click().run()
    assert not at.exception and at.session_state["plan"] is not None
    charts = at.get("vega_lite_chart")
    assert len(charts) >= 4
    anchor = "end" if lang == "ar" else "start"  # Arabic chart titles and legends sit at the right
    assert all(f'"anchor": "{anchor}"' in c.proto.spec.replace('":"', '": "') for c in charts)
    for page in ("map", "cbam", "evaluation", "reports"):
        goto(at, page)
    at.button(key="reports_make").click().run()
    assert not at.exception
    key, files, _ = at.session_state["reports_files"]
    assert files["pdf"].startswith(b"%PDF") and f'dir="{"rtl" if lang == "ar" else "ltr"}"'.encode() in files["html"]
