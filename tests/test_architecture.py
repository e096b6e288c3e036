"""Layout rules: core/ is a plain library; both languages carry the same keys."""

import ast
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_core_never_imports_streamlit():
    offenders = []
    for f in (ROOT / "core").rglob("*.py"):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{f.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] == "streamlit"]
    assert offenders == []


def test_languages_have_the_same_keys():
    def keys(lang):
        out = set()
        for f in (ROOT / "data" / "i18n" / lang).glob("*.yaml"):
            out |= {f"{f.stem}.{k}" for k in (yaml.safe_load(f.read_text(encoding="utf-8")) or {})}
        return out

    en, zh = keys("en"), keys("zh")
    assert en, "no English strings"
    assert sorted(en - zh) == [] and sorted(zh - en) == []
