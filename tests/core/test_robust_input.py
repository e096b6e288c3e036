"""Issue 19: the edges of the input space. Every problem is a message with a path or a line and column."""

import re

import pytest

from core.errors import ScenarioError
from core.loader import parse_scenario

WHERE = re.compile(r"line \d+, column \d+")


def _one(raw, name="s.yaml"):
    with pytest.raises(ScenarioError) as e:
        parse_scenario(raw, name)
    return e.value.issues


@pytest.mark.parametrize(
    ("raw", "name", "words"),
    [
        (b"- 1\n- 2\n", "s.yaml", "top level must be a mapping"),
        (b"\n\n  42\n", "s.yaml", "top level must be a mapping"),
        (b"null\n", "s.yaml", "(got null)"),
        (b"[1, 2]", "s.json", "top level must be a mapping"),
        (b"# only a comment\n\n# another\n", "s.yaml", "only comments"),
        (b"zone:\n  name: a\x00b\n", "s.yaml", "U+0000"),
        (b"zone:\n  name: a\x07b\n", "s.yaml", "U+0007"),
        (b'{"a": "\x01"}', "s.json", "U+0001"),
        (b"base_year: " + b"9" * 5000 + b"\n", "s.yaml", "integer too long (5000 digits)"),
        (b'{"base_year": -' + b"9" * 5000 + b"}", "s.json", "integer too long"),
        (b"zone: !!binary aGVsbG8=\n", "s.yaml", "tag not allowed"),
        (b"zone: !!set {a, b}\n", "s.yaml", "tag not allowed"),
    ],
)
def test_file_level_problems_have_line_and_column(raw, name, words):
    issues = _one(raw, name)
    assert len(issues) == 1
    text = str(issues[0])
    assert words in text and WHERE.search(text), text
    assert issues[0].key and "{" not in issues[0].text("zh")


def test_control_character_position():
    (i,) = _one(b"a: 1\nzone:\n  name: ab\x1bc\n")
    assert "line 3, column 11" in str(i)
