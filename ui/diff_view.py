"""What differs from the first compared scenario, in words: one row per setting, one column per scenario."""

from __future__ import annotations

from typing import Any

import pandas as pd

from core.carriers import input_keys
from core.i18n import name, t
from core.scenario_diff import Change, changes
from core.schema import Scenario
from ui.cache import cached_measures
from ui.measures_view import all_measures_scenario
from ui.plan_view import metric_label
from ui.widgets import fmt_num, label

# fields named as in the CBAM page's tables
CBAM_COLUMN = {
    "good": "good", "cn_code": "cn", "eu_t": "eu_t", "production_t": "production", "route": "route",
    "direct_t_per_t": "direct_measured", "indirect_t_per_t": "indirect_measured", "carbon_price_paid_per_t": "paid",
    "carbon_price_evidence": "evidence", "t_per_t": "precursor_t", "see_direct_t_per_t": "supplier_direct",
    "see_indirect_t_per_t": "supplier_indirect",
}  # fmt: skip


def field_key(key: str) -> str:
    """The catalogue key of a scenario field's name."""
    return f"cbam.col_{CBAM_COLUMN[key]}" if key in CBAM_COLUMN else f"diff.field_{key}"


def field_label(key: str, lang: str) -> str:
    """A scenario field in words (energy inputs by carrier and unit)."""
    if key in input_keys():
        k = input_keys()[key]
        return f"{label('baseline.carrier_' + k.carrier, lang, k.carrier)} ({k.unit})"
    return t(field_key(key), lang)


def _thing(s: Scenario, kind: str, key: str, lang: str) -> str:
    """The name of a tenant, facility or measure (by id) in `s`."""
    if kind == "tenants":
        hit = next((x for x in s.tenants if x.id == key), None)
        return (hit.name_zh if lang == "zh" and hit and hit.name_zh else hit.name) if hit else key
    if kind == "facilities":
        hit = next((x for x in s.facilities if x.id == key), None)
        return hit.name if hit and hit.name else key
    m = next((x for x in cached_measures(all_measures_scenario(s)) if x.id == key), None)
    return name(m, lang) if m else key


def what(c: Change, a: Scenario, b: Scenario, lang: str) -> str:
    """The changed setting in words."""
    p = c.path
    both = lambda kind, key: _thing(a, kind, key, lang) if c.before is not None else _thing(b, kind, key, lang)  # noqa: E731
    if p[:2] == ("measures", "enabled"):
        return f"{both('measures', p[2])} · {t('diff.enabled', lang)}"
    if p[:1] in (("tenants",), ("facilities",)) and len(p) > 1:
        rest = [field_label(x, lang) for x in p[2:]]
        return " · ".join([t(f"diff.field_{p[0]}", lang), both(p[0], p[1]), *rest])
    if p[:2] in (("measures", "overrides"), ("measures", "custom")) and len(p) > 2:
        head = [t(f"diff.field_{p[1]}", lang), both("measures", p[2])]
        return " · ".join(head + [field_label(x, lang) for x in p[3:]])
    if p[:2] == ("targets", "milestones") and len(p) > 2:
        metric, basis, year = p[2].split("|")
        head = t(
            "diff.target", lang, metric=metric_label(metric, lang), basis=t(f"targets.basis_{basis}", lang), year=year
        )
        return " · ".join([head, *(field_label(x, lang) for x in p[3:])])
    if p[:2] == ("assumptions", "prices") and len(p) > 2:
        return " · ".join([field_label("prices", lang), _price_label(p[2], lang)])
    if p[:1] == ("assumptions",) and len(p) > 1:  # the assumptions are the file's settings: no prefix
        p = p[1:]
    return " · ".join(field_label(x, lang) for x in p)


def _price_label(key: str, lang: str) -> str:
    carrier, _, unit = key.rpartition("_per_")
    unit = {"gj": "GJ", "mwh": "MWh", "t": "t", "m3": "m3"}.get(unit, unit)
    return f"{label('baseline.carrier_' + carrier, lang, carrier)} (/{unit})"


def value_text(v: Any, lang: str) -> str:
    """A value in words: numbers in the language's format, year paths as `2025: 10 · 2030: 50`."""
    if v is None:
        return t("diff.default", lang)
    if isinstance(v, bool):
        return t("diff.state_on" if v else "diff.state_off", lang)
    if isinstance(v, int | float):
        decimals = f"{float(v):.4f}".rstrip("0").partition(".")[2]
        return fmt_num(v, len(decimals), lang=lang)
    if isinstance(v, dict) and all(str(k).isdigit() for k in v):
        return " · ".join(f"{k}: {value_text(x, lang)}" for k, x in v.items())
    if isinstance(v, list) and all(isinstance(x, int | float) for x in v):
        if len(v) > 12:  # a metered year: its count and total, not 8,760 numbers
            return f"n = {fmt_num(len(v), lang=lang)}, Σ = {fmt_num(sum(v), lang=lang)}"
        return ", ".join(fmt_num(x, 5, lang=lang) for x in v)
    return str(v)


def _whole(v: Any) -> bool:
    """An item added or removed as a whole (a tenant, facility, custom measure, target), not a year path."""
    return isinstance(v, dict) and not all(str(k).isdigit() for k in v)


def diff_frame(items: list[tuple[str, Scenario]], lang: str) -> pd.DataFrame:
    """Rows: every setting in which a scenario differs from the first; columns: the scenarios (by label)."""
    (first_label, first), others = items[0], items[1:]
    rows: dict[str, dict[str, str]] = {}
    for lab, s in others:
        for c in changes(first, s):
            key = what(c, first, s, lang)
            if _whole(c.before) or _whole(c.after):
                row = rows.setdefault(key, {first_label: "–" if c.before is None else ""})
                row[lab] = t("diff.removed" if c.after is None else "diff.added", lang)
            else:
                row = rows.setdefault(key, {first_label: value_text(c.before, lang)})
                row[lab] = value_text(c.after, lang)
    col = t("diff.col_what", lang)
    out = pd.DataFrame(
        [{col: k, **v} for k, v in rows.items()], columns=[col, first_label, *(lab for lab, _ in others)]
    )
    return out.fillna("=")
