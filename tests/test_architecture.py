"""Layout rules: core/ is a plain library without import cycles or oversized modules; both languages carry the
same keys."""

import ast
import re

import pytest
import yaml

from core import i18n
from core.i18n import LANGS, language, missing_keys, t
from tests.helpers import ROOT


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


# Languages whose catalogues are still being written: their missing keys show in English (listed by the test).
# Remove a code once its catalogue is complete (strict xfail fails as soon as it passes).
INCOMPLETE: set[str] = set()


def _keys(lang):
    out = {}
    for f in (ROOT / "data" / "i18n" / lang).glob("*.yaml"):
        data = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        # YAML 1.1 reads a bare yes/no/on/off key as a boolean: such a key could never be looked up
        assert all(isinstance(k, str) for k in data), f"{lang}/{f.name}: quote keys like yes/no"
        out |= {f"{f.stem}.{k}": str(v) for k, v in data.items()}
    return out


def test_every_language_of_the_table_has_a_catalogue():
    assert LANGS[:2] == ("en", "zh") and set(LANGS) >= {"th", "vi", "id", "ar", "fr", "ru"}
    for lang in LANGS:
        assert (ROOT / "data" / "i18n" / lang).is_dir(), lang
        assert language(lang).direction in ("ltr", "rtl")
    assert language("ar").direction == "rtl"


@pytest.mark.parametrize(
    "lang",
    [
        pytest.param(code, marks=pytest.mark.xfail(strict=True, reason="catalogue incomplete"))
        if code in INCOMPLETE
        else code
        for code in LANGS
    ],
)
def test_languages_have_the_same_keys(lang):
    en = _keys("en")
    assert en, "no English strings"
    own = _keys(lang)
    assert missing_keys(lang) == sorted(set(en) - set(own))
    assert sorted(set(en) - set(own)) == [], f"{lang} lacks {len(set(en) - set(own))} keys (shown in English)"


@pytest.mark.parametrize("lang", LANGS)
def test_no_stray_keys_and_the_same_placeholders(lang):
    """Whatever a language has, English has too; its {fields} are English's (a translation may leave one out)."""
    en, own = _keys("en"), _keys(lang)
    assert sorted(set(own) - set(en)) == []
    fields = re.compile(r"\{(\w*)[^}]*\}")
    bad = [k for k, v in own.items() if not set(fields.findall(v)) <= set(fields.findall(en[k]))]
    assert bad == []


def test_a_missing_key_falls_back_to_english_never_to_the_raw_key():
    i18n.catalogue.cache_clear()
    try:
        en = i18n.catalogue("en")
        key = next(iter(en))
        i18n.catalogue("th").pop(key, None)  # the cached catalogue, one key removed as if not yet translated
        assert key in missing_keys("th")
        assert t(key, "th") == en[key]
        assert t("nav.overview", "xx") == en["nav.overview"]  # unknown language: English
    finally:
        i18n.catalogue.cache_clear()


def test_catalogue_keys_are_text():
    """A key like `yes:` or `no:` is a boolean in YAML: it would never be found and shows as its key."""
    bad = []
    for f in (ROOT / "data" / "i18n").rglob("*.yaml"):
        data = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        bad += [f"{f.relative_to(ROOT)}: {k!r}" for k in data if not isinstance(k, str)]
    assert bad == []


def _core_imports() -> dict[str, set[str]]:
    """core module -> the core modules it imports (at module level or inside functions), packages included."""
    files = {}
    for f in (ROOT / "core").rglob("*.py"):
        parts = list(f.relative_to(ROOT).with_suffix("").parts)
        files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = f
    graph: dict[str, set[str]] = {}
    for mod, f in files.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("core"):
                names = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names if a.name.startswith("core")]
            for n in names:
                while n and n not in files:
                    n = n.rpartition(".")[0]
                parts = n.split(".")
                # importing core.a.b runs core.a's __init__ too (unless we are inside core.a)
                for k in range(2, len(parts) + 1):
                    p = ".".join(parts[:k])
                    if p in files and p != mod and not mod.startswith(p + "."):
                        deps.add(p)
        graph[mod] = deps
    return graph


def test_no_import_cycle_in_core():
    graph = _core_imports()
    cycles = []
    state: dict[str, int] = {}  # 1 on the stack, 2 done

    def visit(m: str, stack: list[str]) -> None:
        state[m] = 1
        for d in sorted(graph[m]):
            if state.get(d) == 1:
                cycles.append(stack[stack.index(d) :] + [d])
            elif d not in state:
                visit(d, [*stack, d])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert cycles == []


def test_no_module_over_500_lines():
    big = []
    for folder in ("core", "ui", "pages"):
        for f in (ROOT / folder).rglob("*.py"):
            n = len(f.read_text(encoding="utf-8").splitlines())
            if n > 500:
                big.append(f"{f.relative_to(ROOT)}: {n}")
    assert big == []
