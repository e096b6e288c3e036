"""Export: everything the evaluation shows, as tables and as one Excel workbook."""

from __future__ import annotations

import pandas as pd

from core.evaluation.actuals import actuals_to_frame
from core.evaluation.indicators import indicator_table
from core.evaluation.monitoring import monitoring_table
from core.evaluation.self_assessment import actions_frame, checklist_items, score_self_assessment
from core.excel import workbook_bytes
from core.results import Plan
from core.schema import Scenario


def evaluation_tables(s: Scenario, plan: Plan | None = None, lang: str = "en") -> dict[str, pd.DataFrame]:
    """Everything the evaluation shows, as tables (for Excel export and reports)."""
    sa = score_self_assessment(s.evaluation.self_assessment)
    items = pd.DataFrame(
        [
            {"chapter": i.chapter, "item": i.id, "text": i.text(lang), "score": s.evaluation.self_assessment.get(i.id)}
            for i in checklist_items().values()
        ]
    )
    return {
        "monitoring": monitoring_table(s, plan),
        "actuals": actuals_to_frame(s),
        "indicators": indicator_table(s, plan),
        "self_assessment": sa,
        "checklist": items,
        "actions": actions_frame(s),
    }


def evaluation_workbook(s: Scenario, plan: Plan | None = None, lang: str = "en") -> bytes:
    """An Excel workbook with one sheet per evaluation table."""
    return workbook_bytes(evaluation_tables(s, plan, lang), index=False)
