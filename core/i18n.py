"""Translations: t(key, lang) with English fallback.

Catalogues live in data/i18n/<lang>/<namespace>.yaml as flat mappings; a key is
`<namespace>.<name>` (``baseline.title``). Namespaces keep each page's strings in its own file.
Values may hold `{name}` fields filled from keyword arguments.
"""

from __future__ import annotations

from functools import cache

import yaml

from core.tables import DATA

I18N = DATA / "i18n"
LANGS = ("en", "zh")
DEFAULT_LANG = "en"


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


def name(row: object, lang: str) -> str:
    """Display name of a catalogue row or model with name_en/name_zh (or name/name_zh)."""
    get = row.get if isinstance(row, dict) else lambda k, d=None: getattr(row, k, d)
    if lang == "zh" and get("name_zh"):
        return str(get("name_zh"))
    return str(get("name_en") or get("name") or get("id") or "")
