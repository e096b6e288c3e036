"""Numbers, percentages and dates per language (Babel locales from data/i18n/languages.csv).

One helper per kind, used by the app (``ui.widgets.fmt_num`` / ``fmt_pct``) and the reports
(``core.reports.document.fmt``):

- ``number(x, lang, digits=0)``: grouping and decimal signs of the language's locale (1,234.5 / 1 234,5 /
  1.234,5). Chinese writes large figures in 万 / 亿 (1,234,567 -> 123.5万; 3.2e8 -> 3.2亿) from 10万 up.
- ``percent(x, lang, digits=1)``: a share 0-1 as a percentage in the locale's pattern (fr "12,3 %",
  th "12.3%"); English keeps the project's "12.3 %" (SI spacing).
- ``date(d, lang)``, ``datetime_utc(dt, lang)``: the locale's medium date (and time, with "UTC").

Arabic keeps Western digits 0-9 (Babel's ``latn`` numbering system): the figures in Egyptian official and
business tables are commonly printed that way, and they match the charts.
"""

from __future__ import annotations

import math
from datetime import date as Date
from datetime import datetime as DateTime
from functools import cache

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

from core.i18n import language

WAN, YI = 1e4, 1e8
WAN_FROM = 1e5  # below 10万 Chinese figures keep plain grouping (12,345 reads better than 1.2万)
MISSING = "–"


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(language(lang).babel_locale)


def _missing(x: object) -> bool:
    """None, NaN, infinities and pandas' NA/NaT (anything that is not a finite number)."""
    try:
        return x is None or not math.isfinite(float(x))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def _pattern(digits: int) -> str:
    return "#,##0" + ("." + "0" * digits if digits > 0 else "")


def number(x: float | None, lang: str = "en", digits: int = 0) -> str:
    """A number in the language's locale; Chinese in 万 / 亿 for large figures."""
    if _missing(x):
        return MISSING
    x = float(x)  # type: ignore[arg-type]
    loc = _locale(lang)
    if language(lang).large_numbers == "wan_yi" and abs(x) >= WAN_FROM:
        unit, scale = ("亿", YI) if abs(x) >= YI else ("万", WAN)
        return format_decimal(x / scale, format=_pattern(1), locale=loc) + unit
    return format_decimal(round(x, digits) + 0.0, format=_pattern(digits), locale=loc)


def percent(x: float | None, lang: str = "en", digits: int = 1) -> str:
    """A share (0.123) as a percentage (12.3 %) in the language's locale."""
    if _missing(x):
        return MISSING
    loc = _locale(lang)
    if lang == "en":
        return f"{format_decimal(100 * float(x), format=_pattern(digits), locale=loc)} %"  # type: ignore[arg-type]
    base = loc.percent_formats[None].pattern.split(";")[0]
    pattern = base.replace("#,##0", _pattern(digits), 1)
    return format_percent(float(x), format=pattern, locale=loc)  # type: ignore[arg-type]


def date(d: Date, lang: str = "en") -> str:
    return format_date(d, format="medium", locale=_locale(lang))


def datetime_utc(dt: DateTime, lang: str = "en") -> str:
    """Date and time in the locale's medium format, followed by UTC (the time is taken as UTC)."""
    return format_datetime(dt.replace(tzinfo=None), format="medium", locale=_locale(lang)) + " UTC"
