"""Issue 13: words people use. Every page in every language (with a solved plan) and the HTML report: no i18n key,
no raw status code, no slug that has a display name, no Python or scientific notation on screen."""

from __future__ import annotations

import csv
import html as html_lib
import json
import re

import pandas as pd
import pytest
import streamlit as st
from google.protobuf.message import Message

from core.demo import load_demo
from core.i18n import LANGS, catalogue
from core.reports import gather, to_html
from core.results import PhaseStatus, PlanStatus
from core.schema import AREAS, CBAM_GOODS, FACILITY_TYPES, METRICS
from core.tables import DATA, read_table
from tests.helpers import goto, open_app
from ui.navigation import PAGES

PAGE_NAMES = [p.split("/")[1].removesuffix(".py") for p, _, _ in PAGES]
LATIN = {"en", "fr", "id", "vi"}  # single-word slugs ("cement", "optimal") are words in these languages
KEYS = frozenset(catalogue("en"))
TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_.]*[A-Za-z0-9]")
CODE_PATH = re.compile(r"\b[a-z]+\.[a-z0-9]+_[a-z0-9_]+\b")  # assumptions.grid_factor_t_per_mwh
NOTATION = re.compile(r"\d\.\d+e[+-]\d\d|\b(?:19|20)\d\d\.0\b")  # 3.887e+04, a year as 2025.0
EMPTY = {"None", "nan", "NaN", "inf", "NaT", "<NA>"}  # Python's empty values as a whole cell or label


def _slugs() -> frozenset[str]:
    out = {s.value for s in (*PlanStatus, *PhaseStatus)}
    out |= set(AREAS) | set(METRICS) | set(CBAM_GOODS) | set(FACILITY_TYPES)
    out |= {r["sector"] for r in read_table("sectors.csv")} | {r["id"] for r in read_table("measures.csv")}
    out |= {r["carrier"] for r in read_table("carriers.csv")} | {
        r["process_kind"] for r in read_table("process_kinds.csv")
    }
    return frozenset(out)


SLUGS = _slugs()


def _cited() -> frozenset[str]:
    """Titles and addresses of cited works (every `source`/`url` of the data tables): shown as published."""
    out: set[str] = set()
    for path in DATA.rglob("*.csv"):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                out |= {v for k, v in row.items() if k in ("source", "url") and v}
    return frozenset(out)


CITED = _cited()


def offending(text: str, lang: str, user_text: set[str]) -> list[str]:
    """Keys, status codes, slugs and raw notation in a text shown to the user (user-given names removed)."""
    for u in sorted(user_text, key=len, reverse=True):
        text = text.replace(u, " ")
    bad = [w for w in TOKEN.findall(text) if w in KEYS or (w in SLUGS and ("_" in w or lang not in LATIN))]
    bad += CODE_PATH.findall(text) + [m.group(0) for m in NOTATION.finditer(text)]
    return bad + [w for w in text.split("  ") if w.strip() in EMPTY]


def _proto_strings(msg: Message, out: list[str]) -> None:
    for fd, val in msg.ListFields():
        for v in val if isinstance(val, list | tuple) or type(val).__name__.startswith("Repeated") else [val]:
            if isinstance(v, Message):
                _proto_strings(v, out)
            elif isinstance(v, str) and fd.name == "columns" and v.startswith("{"):  # data-editor column settings
                out += _column_labels(json.loads(v))
            elif isinstance(v, str) and fd.name not in ("spec", "json_args", "id", "form_id", "key", "css_class"):
                out.append(v)


def _column_labels(cols: dict) -> list[str]:
    out = []
    for c in cols.values():
        out.append(str(c.get("label") or ""))
        for o in (c.get("type_config") or {}).get("options") or []:
            out.append(str(o["label"] if isinstance(o, dict) else o))
    return out


def _screen_text(node, out: list[str]) -> None:
    proto = getattr(node, "proto", None)
    if isinstance(proto, Message):
        _proto_strings(proto, out)
        if type(node).__name__ == "Dataframe":
            out += _cells(node.value, json.loads(proto.columns or "{}"), list(proto.column_order))
    children = getattr(node, "children", None)
    for ch in children.values() if isinstance(children, dict) else []:
        _screen_text(ch, out)


def _cells(df, columns: dict, order: list[str]) -> list[str]:
    """Text cells as shown: only the columns shown (`column_order`); a column whose options carry labels shows the
    labels (checked above), not the values."""
    out = []
    for c in [c for c in df.columns if not order or str(c) in order]:
        options = ((columns.get(str(c)) or {}).get("type_config") or {}).get("options") or []
        if pd.api.types.is_string_dtype(df[c]) and not any(isinstance(o, dict) for o in options):
            out += [str(x) for x in df[c].dropna().unique()]
    return out


def _user_text(s) -> set[str]:
    names = {s.zone.name}
    for tn in s.tenants:
        names |= {tn.id, tn.name, tn.name_zh or ""}
    names |= {f.name for f in s.facilities} | {f.id for f in s.facilities}
    return {n for n in names if n} | CITED


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    yield


@pytest.mark.parametrize("lang", LANGS)
def test_no_codes_on_any_page_in_any_language(lang):
    at = open_app("optimise", lang)
    at.button[0].click().run()
    assert not at.exception and at.session_state["plan"] is not None
    plan = at.session_state["plan"]
    user = _user_text(at.session_state["scenario"]) | set(plan.measures["source"])  # sources as cited
    found = {}
    for page in PAGE_NAMES:
        goto(at, page)
        texts: list[str] = []
        _screen_text(at._tree, texts)
        bad = sorted({w for x in texts for w in offending(x, lang, user)})
        if bad:
            found[page] = bad
    assert found == {}, json.dumps(found, ensure_ascii=False)


@pytest.mark.parametrize("lang", ["en", "zh", "ar"])
def test_no_codes_in_the_html_report(lang):
    s = load_demo("egypt_materials")
    d = gather(s, lang=lang)
    text = html_lib.unescape(re.sub(r"<(style|script)[^>]*>.*?</\1>|<[^>]+>", " ", to_html(d), flags=re.S))
    assert offending(text, lang, _user_text(s) | set(d.plan.measures["source"])) == []


def test_the_check_catches_codes():
    assert offending("状态: infeasible_targets", "zh", set()) == ["infeasible_targets"]
    assert offending("行业 cement", "zh", set()) == ["cement"] and offending("Cement cement", "en", set()) == []
    assert offending("overview.title 3.887e+04", "en", set()) == ["overview.title", "3.887e+04"]
    assert offending("source: assumptions.grid_factor_t_per_mwh (2025.0)", "en", set()) == [
        "assumptions.grid_factor_t_per_mwh",
        "2025.0",
    ]
    assert offending("None", "en", set()) == ["None"] and offending("None (plain background)", "en", set()) == []
    assert offending("Suez steam works", "zh", {"Suez steam works"}) == []
