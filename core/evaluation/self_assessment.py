"""Self-assessment and improvement actions (guide chapter 10).

- Self-assessment: `data/self_assessment.yaml` (chapters 4-10), answers 0/1/2, scored per chapter; items
  below 2 can become improvement actions saved in `evaluation.actions`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd
import yaml
from pydantic import ValidationError

from core.errors import Issue, ScenarioError
from core.i18n import catalogue
from core.loader import pydantic_issues
from core.schema import ImprovementAction, Scenario
from core.tables import DATA


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    chapter: str
    text_en: str
    text_zh: str
    action_en: str
    action_zh: str

    def text(self, lang: str) -> str:
        return self.text_zh if lang == "zh" else _guide(f"item_{self.id}", lang, self.text_en)

    def action(self, lang: str) -> str:
        return self.action_zh if lang == "zh" else _guide(f"action_{self.id}", lang, self.action_en)


@dataclass(frozen=True)
class Chapter:
    id: str
    number: int
    title_en: str
    title_zh: str
    items: tuple[ChecklistItem, ...]

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else _guide(f"chapter_{self.id}", lang, self.title_en)


def _guide(key: str, lang: str, english: str) -> str:
    """The `guide` namespace's text in languages other than en/zh (data/i18n/<lang>/guide.yaml), else English."""
    return english if lang == "en" else catalogue(lang).get(f"guide.{key}") or english


@cache
def load_checklist() -> tuple[Chapter, ...]:
    """Chapters 4-10 with their items, from data/self_assessment.yaml."""
    data = yaml.safe_load((DATA / "self_assessment.yaml").read_text(encoding="utf-8"))
    out = []
    for c in data["chapters"]:
        items = tuple(
            ChecklistItem(i["id"], c["id"], i["en"], i["zh"], i["action_en"], i["action_zh"]) for i in c["items"]
        )
        out.append(Chapter(c["id"], int(c["number"]), c["title_en"], c["title_zh"], items))
    return tuple(out)


def checklist_items() -> dict[str, ChecklistItem]:
    return {i.id: i for c in load_checklist() for i in c.items}


def check_answers(answers: Mapping[str, int]) -> list[Issue]:
    """Unknown item ids or scores outside 0..2, each with its path."""
    items = checklist_items()
    issues = []
    for k, v in answers.items():
        if k not in items:
            issues.append(Issue(f"evaluation.self_assessment.{k}", "unknown checklist item"))
        elif v not in (0, 1, 2):
            issues.append(Issue(f"evaluation.self_assessment.{k}", f"must be 0, 1 or 2 (got {v!r})"))
    return issues


def score_self_assessment(answers: Mapping[str, int]) -> pd.DataFrame:
    """Per chapter: items, answered, points (sum of 0/1/2), max_points (2 per item) and score = points /
    max_points (unanswered items count 0)."""
    rows = []
    for c in load_checklist():
        pts = sum(int(answers.get(i.id, 0)) for i in c.items)
        rows.append(
            {
                "chapter": c.id,
                "number": c.number,
                "title_en": c.title_en,
                "title_zh": c.title_zh,
                "items": len(c.items),
                "answered": sum(i.id in answers for i in c.items),
                "points": pts,
                "max_points": 2 * len(c.items),
                "score": pts / (2 * len(c.items)) if c.items else 0.0,
            }
        )
    return pd.DataFrame(rows)


def overall_score(answers: Mapping[str, int]) -> float:
    df = score_self_assessment(answers)
    return float(df["points"].sum() / df["max_points"].sum())


def unmet_items(answers: Mapping[str, int]) -> list[ChecklistItem]:
    """Items not fully met (score below 2, or not answered), in checklist order."""
    return [i for c in load_checklist() for i in c.items if int(answers.get(i.id, 0)) < 2]


def suggested_actions(s: Scenario, lang: str = "en") -> list[ImprovementAction]:
    """An improvement action for each unmet item that has none yet (owner and due date left to the user)."""
    have = {a.item for a in s.evaluation.actions}
    return [
        ImprovementAction(item=i.id, action=i.action(lang))
        for i in unmet_items(s.evaluation.self_assessment)
        if i.id not in have
    ]


def with_self_assessment(s: Scenario, answers: Mapping[str, int]) -> Scenario:
    issues = check_answers(answers)
    if issues:
        raise ScenarioError(issues)
    ev = s.evaluation.model_copy(update={"self_assessment": {k: int(v) for k, v in answers.items()}})
    return s.model_copy(update={"evaluation": ev})


def with_actions(s: Scenario, actions: Iterable[ImprovementAction | Mapping[str, Any]]) -> Scenario:
    """The scenario with its improvement actions replaced by `actions` (dicts are validated; errors are
    reported as `evaluation.actions[i].field: message`)."""
    out, issues = [], []
    for n, a in enumerate(actions):
        if isinstance(a, ImprovementAction):
            out.append(a)
            continue
        clean = {
            k: (None if v is None or (isinstance(v, float) and math.isnan(v)) or v == "" else v) for k, v in a.items()
        }
        clean = {k: v for k, v in clean.items() if v is not None or k == "due"}
        if clean.get("owner") is None:
            clean.pop("owner", None)
        try:
            out.append(ImprovementAction.model_validate(clean))
        except ValidationError as e:
            issues += pydantic_issues(e, f"evaluation.actions[{n}]")
    if issues:
        raise ScenarioError(issues)
    return s.model_copy(update={"evaluation": s.evaluation.model_copy(update={"actions": out})})


def add_actions(s: Scenario, actions: Iterable[ImprovementAction]) -> Scenario:
    return with_actions(s, [*s.evaluation.actions, *actions])


def actions_frame(s: Scenario) -> pd.DataFrame:
    cols = ["item", "action", "owner", "due", "status"]
    return pd.DataFrame([a.model_dump() for a in s.evaluation.actions], columns=cols)
