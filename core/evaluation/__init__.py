"""Evaluation and improvement (guide chapters 9-10): monitoring, indicators, self-assessment, actions.

Modules, each with the part of the method it implements in its docstring:

- `monitoring`: actual vs annual target vs plan per metric and year, status traffic lights, findings.
- `actuals`: the actuals template, reading and validating uploads, `with_actuals`.
- `replan`: `replan_from_actuals` - re-base the scenario on the latest actual year.
- `indicators`: framework indicators and thresholds, base-year values and the path under the plan.
- `self_assessment`: the chapter 4-10 checklist, scores, suggested and saved improvement actions.
- `export`: every evaluation table, and one Excel workbook of them.

Everything callers use is importable from `core.evaluation` directly.
"""

from core.evaluation.actuals import (
    ACTUAL_NUMBERS,
    actual_columns,
    actuals_from_data,
    actuals_from_frame,
    actuals_template,
    actuals_to_frame,
    read_actuals,
    read_actuals_table,
    with_actuals,
)
from core.evaluation.actuals import _revalidate as _revalidate
from core.evaluation.export import evaluation_tables, evaluation_workbook
from core.evaluation.indicators import _energy_indicators as _energy_indicators
from core.evaluation.indicators import _meets as _meets
from core.evaluation.indicators import (
    indicator_path,
    indicator_table,
    indicator_values_base,
    load_indicators,
)
from core.evaluation.monitoring import (
    AT_RISK_TOLERANCE,
    DIRECTION,
    STATUSES,
    actual_values,
    annual_target_table,
    base_values,
    metric_values,
    metrics,
    monitoring_actions,
    monitoring_table,
    off_track_findings,
    plan_values,
    status,
    tracking_long,
)
from core.evaluation.replan import _tenants_at as _tenants_at
from core.evaluation.replan import replan_from_actuals
from core.evaluation.self_assessment import (
    Chapter,
    ChecklistItem,
    actions_frame,
    add_actions,
    check_answers,
    checklist_items,
    load_checklist,
    overall_score,
    score_self_assessment,
    suggested_actions,
    unmet_items,
    with_actions,
    with_self_assessment,
)

__all__ = [
    "ACTUAL_NUMBERS",
    "AT_RISK_TOLERANCE",
    "DIRECTION",
    "STATUSES",
    "Chapter",
    "ChecklistItem",
    "actions_frame",
    "actual_columns",
    "actual_values",
    "actuals_from_data",
    "actuals_from_frame",
    "actuals_template",
    "actuals_to_frame",
    "add_actions",
    "annual_target_table",
    "base_values",
    "monitoring_actions",
    "check_answers",
    "checklist_items",
    "evaluation_tables",
    "evaluation_workbook",
    "indicator_path",
    "indicator_table",
    "indicator_values_base",
    "load_checklist",
    "load_indicators",
    "metric_values",
    "metrics",
    "monitoring_table",
    "off_track_findings",
    "overall_score",
    "plan_values",
    "read_actuals",
    "read_actuals_table",
    "replan_from_actuals",
    "score_self_assessment",
    "status",
    "suggested_actions",
    "tracking_long",
    "unmet_items",
    "with_actions",
    "with_self_assessment",
    "with_actuals",
]
