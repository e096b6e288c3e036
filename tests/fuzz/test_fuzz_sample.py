"""A fast sample of the fuzz harness (the full run: `python bench/fuzz.py`): one case per class, each through
validate, solve, inventory and report in-process: exit 0 or 2, no traceback, every message located, bounded time."""

from functools import cache

import pytest

from tests.fuzz.generator import CLASSES, DEMOS, cases
from tests.fuzz.harness import judge, run_case

ROUND = 2  # which round of the round-robin to sample (a different demo per round)


@cache
def _sample() -> dict:
    out = {}
    for c in cases(len(CLASSES) * (ROUND + 1), seed=19)[len(CLASSES) * ROUND :]:
        out.setdefault(c.cls, c)
    return out


def test_generator_is_seeded_and_big_enough():
    a, b = cases(520, seed=7), cases(520, seed=7)
    assert len(a) >= 500 and [c.raw for c in a[:60]] == [c.raw for c in b[:60]]
    assert {c.cls for c in a} == set(CLASSES) and {c.demo for c in a} == set(DEMOS)


@pytest.mark.parametrize("cls", CLASSES)
def test_fuzz_case(cls, tmp_path):
    results = run_case(_sample()[cls], tmp_path)
    assert len(results) == 4
    bad = [(r.command, r.code, r.problems) for r in results if r.problems]
    assert bad == [], bad


def test_judge_catches_what_it_must():
    assert judge("validate", 1, "", "internal error: ValueError", 0.1) == ["exit 1", "traceback"]
    assert judge("validate", 2, "", "top level must be a mapping", 0.1)[0].startswith("path-less")
    assert judge("validate", 2, "", "s.yaml: line 1, column 1: top level must be a mapping", 0.1) == []
    assert judge("solve", 0, "", "", 999)[0].startswith("over-time")
