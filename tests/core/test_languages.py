"""Languages as data: the table, names of measures/sectors/carriers in every language, English fallback."""

import csv

import pytest

from core.i18n import LANGS, catalogue, language, languages, name
from tests.helpers import ROOT

DATA = ROOT / "data"


def _rows(p):
    with open(p, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_table_names_every_language_and_who_reviewed_it():
    rows = _rows(DATA / "i18n" / "languages.csv")
    assert [r["code"] for r in rows] == list(LANGS) == ["en", "zh", "th", "vi", "id", "ar", "fr", "ru"]
    for r in rows:
        if r["reviewed_by_native_speaker"] == "no":
            assert r["source"] == "machine-assisted translation, not yet reviewed by a native speaker"
            assert r["status"] == "assumption"
    assert language("ar").direction == "rtl" and language("th").direction == "ltr"
    assert not languages()["th"].reviewed and languages()["zh"].reviewed
    assert language("xx").code == "en"


@pytest.mark.parametrize("lang", LANGS)
def test_every_measure_sector_and_carrier_has_a_name(lang):
    names = catalogue(lang)
    keys = [f"names.measure_{r['id']}" for r in _rows(DATA / "measures.csv")]
    keys += [f"names.sector_{r['sector']}" for r in _rows(DATA / "sectors.csv")]
    keys += [f"names.carrier_{c}" for c in {r["carrier"] for r in _rows(DATA / "carriers.csv")}]
    assert [k for k in keys if not names.get(k)] == []


def test_name_reads_the_tables_for_en_zh_and_the_names_namespace_otherwise():
    row = next(r for r in _rows(DATA / "measures.csv") if r["id"] == "rooftop_pv")
    assert name(row, "en") == row["name_en"] and name(row, "zh") == row["name_zh"]
    assert name(row, "th") == catalogue("th")["names.measure_rooftop_pv"] != row["name_en"]
    sector = {"sector": "cement", "name_en": "Cement", "name_zh": "水泥"}
    assert name(sector, "ru") == "Цемент"
    custom = {"id": "my_own", "area": "energy", "name_en": "Our own measure", "name_zh": "自定义"}
    assert name(custom, "ar") == "Our own measure"  # no translation: English


def test_numbers_per_locale_and_chinese_wan_yi():
    from core import l10n

    assert l10n.number(1_234_567, "en") == "1,234,567"
    assert l10n.number(1_234_567, "zh") == "123.5万"
    assert l10n.number(3.2e8, "zh") == "3.2亿"
    assert l10n.number(12_345, "zh") == "12,345"  # below 10万: plain grouping
    assert l10n.number(1234.5, "vi", 1) == "1.234,5" == l10n.number(1234.5, "id", 1)
    assert l10n.number(1234.5, "fr", 1).replace("\u202f", " ").replace("\xa0", " ") == "1 234,5"
    assert l10n.number(1_234_567, "ar") == "1,234,567"  # Western digits kept for Arabic
    assert l10n.number(None, "th") == l10n.number(float("nan"), "th") == "–"
    assert l10n.percent(0.123, "en") == "12.3 %" and l10n.percent(0.123, "th") == "12.3%"
    assert l10n.percent(0.123, "ru").startswith("12,3")


@pytest.mark.parametrize("lang", LANGS)
def test_dates_per_locale(lang):
    from datetime import datetime

    from core import l10n

    text = l10n.datetime_utc(datetime(2026, 12, 4, 18, 30), lang)
    assert "2026" in text and text.endswith("UTC")


def test_the_guide_chapters_and_checklist_in_every_language():
    from core.evaluation.self_assessment import load_checklist

    chapters = load_checklist()
    for ch in chapters:  # en/zh namespace copies stay in step with data/self_assessment.yaml
        assert catalogue("en")[f"guide.chapter_{ch.id}"] == ch.title_en
        assert catalogue("zh")[f"guide.chapter_{ch.id}"] == ch.title_zh
        for item in ch.items:
            assert catalogue("en")[f"guide.item_{item.id}"] == item.text_en
            assert catalogue("zh")[f"guide.action_{item.id}"] == item.action_zh
    c7 = next(c for c in chapters if c.id == "c7")
    assert c7.title("fr") == "Mise en œuvre (cinq domaines)" and c7.title("en") == c7.title_en
    for lang in LANGS:
        assert all(item.text(lang) and item.action(lang) for ch in chapters for item in ch.items)
    assert c7.items[0].text("th") != c7.items[0].text_en


@pytest.mark.parametrize("lang", LANGS)
def test_every_indicator_and_framework_has_a_name(lang):
    rows = _rows(DATA / "indicators.csv")
    names = catalogue(lang)
    assert [r["id"] for r in rows if not names.get(f"names.indicator_{r['id']}")] == []
    assert {f"names.framework_{r['id'].split('_')[0]}" for r in rows} <= set(names)
    row = {**rows[0], "framework": rows[0]["framework"]}
    assert name(row, lang) == (
        rows[0]["name_zh"]
        if lang == "zh"
        else rows[0]["name_en"]
        if lang == "en"
        else names[f"names.indicator_{rows[0]['id']}"]
    )
