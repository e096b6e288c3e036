"""Small widgets shared by pages: language switch, zone caption, issue lists, KPI tiles, downloads."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd
import streamlit as st

from core import l10n
from core.errors import Issue
from core.excel import workbook_bytes
from core.i18n import LANGS, direction, html_lang, language, t
from core.schema import Scenario
from ui import state


def sidebar_language() -> None:
    """Language picker (every language of data/i18n/languages.csv, by its own name); keeps ``?lang=`` in step."""
    ss = st.session_state
    lang = state.current_lang()
    if ss.get(state.K_LANG_WIDGET) != lang:
        ss[state.K_LANG_WIDGET] = lang
    st.selectbox(
        t("common.language", lang),
        options=list(LANGS),
        format_func=lambda code: language(code).name_native,
        key=state.K_LANG_WIDGET,
        on_change=lambda: state.set_lang(ss.get(state.K_LANG_WIDGET) or lang),
    )
    if not language(lang).reviewed:
        st.caption(t("common.not_reviewed", lang))


RTL_CSS = """<style>
[data-testid="stAppViewContainer"], [data-testid="stSidebar"], [data-testid="stHeader"] { direction: rtl; }
[data-testid="stMain"] .stMarkdown, [data-testid="stMain"] h1, [data-testid="stMain"] h2, [data-testid="stMain"] h3,
[data-testid="stSidebar"] .stMarkdown, [data-testid="stMetric"], [data-testid="stCaptionContainer"],
[data-testid="stAlert"], [data-testid="stTable"] td, [data-testid="stTable"] th, .stRadio, .stCheckbox { text-align: right; }
[data-testid="stVegaLiteChart"] { direction: ltr; }
</style>"""
RTL_JS = "<script>document.documentElement.dir = '{dir}'; document.documentElement.lang = '{lang}';</script>"


def page_direction(lang: str) -> str:
    """Right to left for Arabic: CSS for the app body and ``dir``/``lang`` on the page (one call per run, app.py)."""
    d = direction(lang)
    st.html(RTL_JS.format(dir=d, lang=html_lang(lang)), unsafe_allow_javascript=True)
    if d == "rtl":
        st.html(RTL_CSS)
    return d


def unit_label(unit: str, lang: str) -> str:
    """A measure's unit in words of `lang` (data/i18n/<lang>/units.yaml); the unit itself when unknown."""
    return label("units." + re.sub(r"[^a-z0-9]+", "_", unit.lower()).strip("_"), lang, unit)


# what Markdown, Streamlit's directives (:red[...], :material/x:, :smile:, $math$) or HTML give a meaning to, in
# one line of text: always \\ ` * [ ] < > $ ~; `_` at a word's edge (emphasis); `:` before a non-space (directives,
# autolinks); `&` starting an entity; a leading # - + = or `12.` (heading, list)
_MD_SPECIAL = re.compile(r"([\\`*\[\]<>$~])|((?<!\w)_|_(?!\w))|(:(?=\S))|(&(?=[#A-Za-z]))|(^[#\-+=])")


def md(text: object) -> str:
    """User text (names, descriptions, file names, messages quoting them) for st.markdown / caption / write /
    info / success / warning / error / subheader: shown as typed, never as a link, image, HTML or formatting."""
    flat = " ".join(str(text).split())  # no line breaks: no block structure
    out = _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), flat)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", out)  # `12. x`: not an ordered list


def code(text: object) -> str:
    """User text as an inline code span (shown literally; backticks and line breaks dropped)."""
    return "`" + " ".join(str(text).replace("`", "'").split()) + "`"


def label(key: str, lang: str, default: str) -> str:
    """Translation of ``key`` if the catalogue has it, else ``default`` (for data-driven names)."""
    text = t(key, lang)
    return default if text == key else text


def zone_name(s: Scenario, lang: str) -> str:
    return s.zone.name_zh if lang == "zh" and s.zone.name_zh else s.zone.name


def sidebar_zone() -> None:
    lang = state.current_lang()
    s = state.current_scenario()
    if s is None:
        st.caption(t("common.no_scenario", lang))
        return
    st.markdown(f"**{t('common.zone', lang)}:** {md(zone_name(s, lang))}")
    st.caption(t("common.tenants_count", lang, n=len(s.tenants), f=len(s.facilities)))
    if s.zone.illustrative:
        st.caption(t("common.illustrative", lang))
    if state.can_undo() and st.button(t("common.undo", lang), key="sidebar_undo", icon=":material/undo:"):
        state.undo()
        state.flash("info", t("common.undone", lang))
        st.rerun()


def require_scenario() -> Scenario:
    """The current scenario, or stop the page with a pointer to the Overview page."""
    s = state.current_scenario()
    if s is None:
        st.info(t("common.no_scenario", state.current_lang()))
        st.stop()
    return s


def show_flash() -> None:
    msg = state.pop_flash()
    if msg:
        getattr(st, msg[0], st.info)(md(msg[1]))  # flash texts quote names: shown as text


def show_issues(issues: Iterable[object], lang: str) -> None:
    """List input problems (``core.loader.Issue`` or text), one line each, path first."""
    items = [i.text(lang) if isinstance(i, Issue) else str(i) for i in issues]
    if not items:
        return
    st.error(t("common.issues_title", lang, n=len(items)) + "\n\n" + "\n".join(f"- {code(i)}" for i in items[:50]))


def kpi_tiles(tiles: list[tuple[str, str, str | None]], columns: int = 4) -> None:
    """Metric tiles: (label, value text, help text with factor/source or None)."""
    for start in range(0, len(tiles), columns):
        cols = st.columns(columns)
        for col, (label, value, help_) in zip(cols, tiles[start : start + columns], strict=False):
            col.metric(label, value, help=help_, border=True)


def fmt_num(x: float | None, digits: int = 0, unit: str = "", lang: str | None = None) -> str:
    """Readable number in the language's locale (`core.l10n.number`; Chinese 万/亿), optional unit.

    ``lang`` defaults to the session's language."""
    text = l10n.number(x, lang or state.current_lang(), digits)
    return text if text == l10n.MISSING else f"{text} {unit}".strip()


def fmt_pct(x: float | None, digits: int = 1, lang: str | None = None) -> str:
    """A share 0-1 as a percentage in the language's locale (`core.l10n.percent`)."""
    return l10n.percent(x, lang or state.current_lang(), digits)


def excel_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook with one sheet per table (user text never becomes a formula)."""
    return workbook_bytes(sheets)


def download_buttons(sheets: dict[str, pd.DataFrame], stem: str, lang: str, key: str) -> None:
    """CSV of the first table and an Excel workbook of all of them."""
    first = next(iter(sheets.values()))
    c1, c2 = st.columns(2)
    c1.download_button(
        t("common.download_csv", lang),
        first.to_csv(index=first.index.name is not None).encode("utf-8-sig"),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
    )
    c2.download_button(
        t("common.download_excel", lang),
        lambda: excel_bytes(sheets),  # built only when clicked: keeps reruns fast
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        on_click="ignore",
    )
