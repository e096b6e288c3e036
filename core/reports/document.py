"""The report's content model: its inputs (`gather`), number formatting, and the neutral document.

A report is a list of `Section`s, each a list of blocks (`Para`, `KeyValues`, `Table`, `Chart`); the
sections are built in `core.reports.sections` and rendered by `html`, `pdf` and (partly) `excel`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from core import l10n
from core.assumptions import plan_assumptions
from core.i18n import catalogue, t
from core.inventory import compute_inventory
from core.optimise import solve
from core.results import Plan
from core.schema import Scenario
from core.sensitivity import tornado

# ---------------------------------------------------------------- inputs of a report


@dataclass(frozen=True)
class ReportData:
    scenario: Scenario
    inventory: Any | None  # core.inventory.Inventory
    plan: Plan | None
    lang: str = "en"
    notes: list[str] = field(default_factory=list)  # sections that could not be computed, and why
    assumptions: pd.DataFrame | None = None  # core.assumptions.plan_assumptions (what the plan assumes)
    created: datetime = field(default_factory=lambda: datetime.now(UTC))


def gather(
    s: Scenario,
    plan: Plan | None = None,
    inventory: Any = None,
    lang: str = "en",
    settings: Any = None,
    assumptions: pd.DataFrame | None = None,
) -> ReportData:
    """Collect what a report shows; computes the inventory and the plan when not given.

    A part that fails is left out with a note (the report still renders), never an exception."""
    notes: list[str] = []
    if inventory is None:
        try:
            inventory = compute_inventory(s)
        except Exception as e:  # noqa: BLE001 - report what is there
            notes.append(t("reports.note_no_inventory", lang, error=f"{type(e).__name__}: {e}"))
    if plan is None:
        try:
            plan = solve(s, settings)
        except Exception as e:  # noqa: BLE001
            notes.append(t("reports.note_no_plan", lang, error=f"{type(e).__name__}: {e}"))
    if plan is not None and not plan.ok:
        notes.append(t("reports.note_plan_failed", lang, message=_describe(plan, lang)))
    if assumptions is None and plan is not None and plan.ok:
        try:  # 12 more solves, warm-started from this plan's inputs
            assumptions = plan_assumptions(s, tornado(s, settings=settings, workers=1), lang=lang)
        except Exception as e:  # noqa: BLE001
            notes.append(t("reports.note_no_assumptions", lang, error=f"{type(e).__name__}: {e}"))
    return ReportData(s, inventory, plan, lang, notes, assumptions=assumptions)


def _describe(plan: Plan, lang: str) -> str:
    """The plan's message in the report language where the optimiser provides it."""
    describe = getattr(plan, "describe", None)
    return describe(lang) if callable(describe) else plan.message


# ---------------------------------------------------------------- number formatting


def fmt(v: Any, nd: int = 0, pct: bool = False, lang: str = "en") -> str:
    """A value as report text: numbers and shares in the language's locale (`core.l10n`), "-" when missing."""
    if v is None or (isinstance(v, float) and (math.isnan(v) or math.isinf(v))):
        return "-"
    if isinstance(v, bool):
        return "✓" if v else "✗"
    if isinstance(v, int | float):
        return l10n.percent(v, lang, max(nd, 1)) if pct else l10n.number(v, lang, nd)
    return str(v)


def col_label(col: str, lang: str) -> str:
    key = f"reports.col_{col}"
    text = t(key, lang)
    return col if text == key else text


def other(lang: str) -> str:
    """The language of the second heading (bilingual reports): English beside every other language, Chinese beside English."""
    return "zh" if lang == "en" else "en"


def zone_title(s: Scenario, lang: str) -> str:
    return s.zone.name_zh if lang == "zh" and s.zone.name_zh else s.zone.name


# ---------------------------------------------------------------- the neutral document


@dataclass(frozen=True)
class Para:
    text: str
    kind: str = "p"  # p | warn | note


@dataclass(frozen=True)
class KeyValues:
    items: list[tuple[str, str]]


@dataclass(frozen=True)
class Table:
    frame: pd.DataFrame  # already formatted as text, headers translated
    caption: str = ""


@dataclass(frozen=True)
class Chart:
    title: str
    series: dict[str, list[tuple[float, float]]]  # name -> points (x, y)
    y_label: str
    kind: str = "line"  # line | bar (bar: first series only, x as category)
    dashed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    key: str  # i18n key of the title
    title: str
    title_alt: str
    blocks: list[Any]


def _fmt_table(df: pd.DataFrame, lang: str, spec: dict[str, tuple[int, bool]] | None = None) -> pd.DataFrame:
    """Text table: numbers formatted (spec: column -> (decimals, is_share)), headers translated."""
    spec = spec or {}
    out = pd.DataFrame(index=range(len(df)))
    for c in df.columns:
        nd, pct = spec.get(c, (0, False))
        out[col_label(str(c), lang)] = [fmt(v, nd, pct, lang=lang) for v in df[c].tolist()]
    return out


def _section(key: str, lang: str, blocks: list[Any]) -> Section:
    return Section(key, t(f"reports.{key}", lang), t(f"reports.{key}", other(lang)), blocks)


def _metric_values(tg: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Target rows with values as text in each metric's own unit (shares in %, intensities 2 decimals)."""
    out = tg.copy()
    for c in ("target", "achieved", "short_by"):
        out[c] = [
            fmt(v, 1, pct=True, lang=lang)
            if m.endswith(("_share", "_rate"))
            else fmt(v, 2 if m.endswith("_intensity") else 0, lang=lang)
            for m, v in zip(tg["metric"], tg[c], strict=True)
        ]
    out["metric"] = [t(f"reports.metric_{m}", lang) for m in tg["metric"]]
    if "basis" in out:
        out["basis"] = [t(f"plan.basis_{b}", lang) for b in tg["basis"]]
    out["year"] = tg["year"].astype(int).astype(str)
    if "basis" in out:  # gross / net of offsets, in words of the report language
        out["basis"] = [t(f"plan.basis_{b}", lang) if f"plan.basis_{b}" in catalogue(lang) else b for b in tg["basis"]]
    if "met" in out:  # words, not check marks: the PDF's CJK font has no glyph for them
        out["met"] = [t("reports.answer_yes" if bool(v) else "reports.answer_no", lang) for v in tg["met"]]
    return out


def _key_years(d: ReportData) -> list[int]:
    s = d.scenario
    ys = {m.year for m in s.targets.milestones if s.base_year < m.year <= s.horizon} | {s.horizon}
    first = s.base_year + 1
    ys |= {y for y in range(first, s.horizon + 1) if y % 5 == 0}
    return sorted(ys)
