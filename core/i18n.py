"""Translations: t(key, lang) with English fallback; the languages themselves are data.

Catalogues live in data/i18n/<lang>/<namespace>.yaml as flat mappings; a key is
`<namespace>.<name>` (``baseline.title``). Namespaces keep each page's strings in its own file.
Values may hold `{name}` fields filled from keyword arguments.

The languages come from ``data/i18n/languages.csv`` (code, native and English name, direction, Babel
locale, whether a native speaker reviewed the catalogue). A key missing in a language falls back to
English (``missing_keys(lang)`` lists them, for tests); production never shows a raw key when English has it.
Names of measures, sectors and carriers in languages other than en/zh come from the ``names`` namespace
(``measure_<id>``, ``sector_<slug>``, ``carrier_<name>``); en/zh read the data tables' name_en/name_zh.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

import yaml

from core.tables import DATA

I18N = DATA / "i18n"
DEFAULT_LANG = "en"


@dataclass(frozen=True)
class Language:
    code: str
    name_native: str
    name_en: str
    direction: str  # ltr | rtl
    babel_locale: str
    large_numbers: str  # "" or "wan_yi" (万 / 亿)
    reviewed: bool  # by a native speaker
    source: str


@cache
def languages() -> dict[str, Language]:
    """The languages of the app, in table order (English first)."""
    with open(I18N / "languages.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {
        r["code"]: Language(
            r["code"],
            r["name_native"],
            r["name_en"],
            r["direction"],
            r["babel_locale"],
            r.get("large_numbers", ""),
            r["reviewed_by_native_speaker"] == "yes",
            r["source"],
        )
        for r in rows
    }


LANGS: tuple[str, ...] = tuple(languages())


def language(lang: str) -> Language:
    return languages().get(lang) or languages()[DEFAULT_LANG]


def direction(lang: str) -> str:
    """ "rtl" for right-to-left languages (Arabic), else "ltr"."""
    return language(lang).direction


def html_lang(lang: str) -> str:
    """BCP 47 tag for HTML ``lang`` attributes (zh -> zh-CN)."""
    return {"zh": "zh-CN"}.get(lang, lang)


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All strings of one language, keys prefixed by their namespace."""
    out: dict[str, str] = {}
    folder = I18N / lang
    for f in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        for k, v in data.items():
            out[f"{f.stem}.{k}"] = str(v)
    return out


def missing_keys(lang: str) -> list[str]:
    """Keys English has and `lang` lacks (they show in English): what a translator still owes."""
    own = catalogue(lang)
    return sorted(k for k in catalogue(DEFAULT_LANG) if k not in own)


def t(key: str, lang: str = DEFAULT_LANG, **fields: object) -> str:
    """Translate `key`; falls back to English, then to the key itself (visible, never a crash)."""
    lang = lang if lang in LANGS else DEFAULT_LANG
    text = catalogue(lang).get(key) or catalogue(DEFAULT_LANG).get(key) or key
    if fields:
        try:
            return text.format(**fields)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def _names_key(get) -> str | None:
    if get("framework") and get("id"):
        return f"names.indicator_{get('id')}"
    if get("sector"):
        return f"names.sector_{get('sector')}"
    if get("carrier"):
        return f"names.carrier_{get('carrier')}"
    if get("id") and get("area"):
        return f"names.measure_{get('id')}"
    return None


def name(row: object, lang: str) -> str:
    """Display name of a catalogue row or model with name_en/name_zh (or name/name_zh).

    Other languages take the ``names`` namespace (measure_<id>, sector_<slug>, carrier_<name>, indicator_<id> for
    rows with a framework), else English."""
    get = row.get if isinstance(row, dict) else lambda k, d=None: getattr(row, k, d)
    if lang == "zh" and get("name_zh"):
        return str(get("name_zh"))
    if lang not in ("en", "zh") and lang in LANGS:
        key = _names_key(get)
        if key and key in catalogue(lang):
            return catalogue(lang)[key]
    return str(get("name_en") or get("name") or get("id") or "")
