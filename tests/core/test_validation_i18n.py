"""Validation messages in both languages: `Issue.text(lang)` translates, `str(issue)` stays English."""

import ast
import re

import pytest
import yaml

from core import loader
from core.errors import Issue, ScenarioError
from core.i18n import catalogue
from core.loader import load_scenario, parse_scenario
from tests.helpers import FIXTURES, ROOT

BAD = FIXTURES / "bad"
HAN = re.compile(r"[\u4e00-\u9fff]")

BAD_SCENARIO = """
schema_version: 1
base_year: 2030
horizon: 2025
zone: {name: Z, country: XYZ, area_ha: -5, colour: red}
tenants:
  - {id: T1, name: a, sector: steel, output_musd: lots, location: [1, 2], energy: {unobtainium_t: 1}}
  - {id: T1, name: b, sector: steel, output_musd: 1, location: [1, 2]}
"""


def _issues(raw, name="scenario.yaml") -> list[Issue]:
    with pytest.raises(ScenarioError) as e:
        parse_scenario(raw, name)
    return e.value.issues


def test_bad_scenario_in_chinese_with_the_same_paths():
    issues = _issues(BAD_SCENARIO)
    keys = {i.key for i in issues}
    assert {"bound", "unknown_field", "not_number", "unknown_energy_key"} <= keys
    for i in issues:
        zh = i.text("zh")
        assert zh.startswith(f"{i.path}: "), zh
        if i.key:
            assert HAN.search(zh), zh
            assert zh != str(i)
    by_path = {i.path: i.text("zh") for i in issues}
    assert by_path["zone.area_ha"] == "zone.area_ha: 必须 >= 0"
    assert by_path["zone.colour"] == "zone.colour: 未知字段"
    assert "必须是数字" in by_path["tenants[0].output_musd"]


def test_cross_field_checks_in_chinese():
    text = BAD_SCENARIO.replace("area_ha: -5, colour: red", "area_ha: 5").replace("output_musd: lots", "output_musd: 1")
    text = text.replace(", energy: {unobtainium_t: 1}", "")
    issues = _issues(text)
    got = {i.key: i.text("zh") for i in issues}
    assert got["horizon_before_base_year"].startswith("horizon: 必须晚于基准年")
    assert got["unknown_country"].startswith("zone.country: 未知国家 'XYZ'")
    assert got["duplicate_id"].startswith("tenants[1].id: 重复的 id 'T1'")


def test_str_and_english_text_unchanged():
    for i in _issues(BAD_SCENARIO):
        assert str(i) == i.text() == i.text("en") == (f"{i.path}: {i.message}" if i.path else i.message)
    assert str(Issue("a.b", "plain")) == Issue("a.b", "plain").text("zh") == "a.b: plain"
    assert Issue("x", "m", "missing") == Issue("x", "m")  # the key does not change equality
    assert Issue("x", "m", "no_such_key").text("zh") == "x: m"  # a missing translation falls back to English


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.iterdir()))
def test_every_fixture_translates_cleanly(name):
    with pytest.raises(ScenarioError) as e:
        load_scenario(BAD / name)
    for i in e.value.issues:
        assert i.text("en") == str(i)  # the English catalogue says exactly what the code says
        zh = i.text("zh")
        assert zh.startswith(f"{i.path}: ") if i.path else True
        if i.key:
            assert HAN.search(zh), zh
            assert not [f for f in i.fields if f"{{{f}}}" in zh], zh  # every field filled


def test_upload_errors_in_chinese():
    assert _issues(b"  ")[0].text("zh") == "scenario.yaml：文件为空"
    assert "不是 UTF-8 文本" in _issues(b"\xff\xfe")[0].text("zh")
    assert "第 1 行第 2 列" in _issues("{", "s.json")[0].text("zh")
    assert "别名/锚点" in _issues("a: &x 1\nb: *x\n")[0].text("zh")
    assert "不允许使用标签" in _issues("a: !money 1\n")[0].text("zh")


def _keys_in_core() -> set[str]:
    """Every validation key core can set: constants passed to Issue (3rd arg) or issue() (2nd arg) in any
    core module, those returned by loader._keyed, plus the built ones."""
    const = lambda n: n.value if isinstance(n, ast.Constant) and isinstance(n.value, str) else None  # noqa: E731
    keys: set[str] = set()
    for f in (ROOT / "core").rglob("*.py"):
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                fn = getattr(node.func, "id", "")
                if fn == "Issue" and len(node.args) >= 3:
                    keys.add(const(node.args[2]))
                if fn in ("issue", "_fail") and len(node.args) >= 2:
                    keys.add(const(node.args[1]))
            if isinstance(node, ast.FunctionDef) and node.name == "_keyed":  # return (message, "key", fields)
                keys |= {
                    const(r.value.elts[1])
                    for r in ast.walk(node)
                    if isinstance(r, ast.Return) and isinstance(r.value, ast.Tuple)
                }
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.targets[0], ast.Tuple)
                and isinstance(node.value, ast.Tuple)
            ):
                if getattr(node.targets[0].elts[0], "id", "") == "key":  # key, f = "yaml_...": "_at" with a mark
                    k = const(node.value.elts[0])
                    keys |= {k, f"{k}_at"} if k == "yaml_error" else {f"{k}_at"} if k else set()
    keys.discard(None)
    keys |= {f"{t}_{u}" for t in ("too_short", "too_long") for u in ("text", "list")}
    keys |= {f"must_be_{k}" for k in loader._KINDS.values()}
    return keys


def test_every_key_in_both_catalogues():
    keys = _keys_in_core()
    assert {"missing", "unknown_country", "file_empty", "yaml_tag_at", "must_be_list", "prerequisite_cycle"} <= keys
    for lang in ("en", "zh"):
        cat = catalogue(lang)
        missing = sorted(k for k in keys if (k if "." in k else f"validation.{k}") not in cat)
        assert missing == [], (lang, missing)
    en = yaml.safe_load((ROOT / "data/i18n/en/validation.yaml").read_text(encoding="utf-8"))
    zh = yaml.safe_load((ROOT / "data/i18n/zh/validation.yaml").read_text(encoding="utf-8"))
    assert set(en) == set(zh)
    for k in en:  # Chinese uses the English fields (it may drop the English-only {unit})
        fields_en, fields_zh = set(re.findall(r"{(\w+)}", en[k])), set(re.findall(r"{(\w+)}", zh[k]))
        assert fields_zh <= fields_en and fields_en - fields_zh <= {"unit"}, k
