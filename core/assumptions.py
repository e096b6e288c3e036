"""What a plan assumes: the assumptions that move its cost most (from the tornado of core.sensitivity), each
with its value, where it comes from and how sure that source is (the status legend of data/)."""

from __future__ import annotations

import pandas as pd

from core.catalogue import catalogue_table
from core.factors import grid_factor
from core.i18n import t
from core.schema import Scenario
from core.sensitivity import base_value

STATUS_ORDER = ("verified", "secondary", "unverified", "assumption")
COLUMNS = ["parameter", "value", "source", "status", "low_npv", "high_npv", "swing"]


def _worst(statuses: list[str]) -> str:
    known = [s for s in statuses if s in STATUS_ORDER]
    return max(known, key=STATUS_ORDER.index) if known else "unverified"


def source_of(s: Scenario, param: str, lang: str = "en") -> tuple[str, str]:
    """(source, status) of a tornado parameter's value in this scenario; 'user' = the zone's own input."""
    name, _, area = param.partition(":")
    a = s.assumptions
    if name == "grid_factor" and not a.grid_factor_t_per_mwh:
        f = grid_factor(s.zone.country, s.base_year)
        return f.source, f.status
    if name == "capex":
        cat = catalogue_table()
        rows = cat[cat["area"] == area] if area else cat
        return t("common.source_catalogue", lang, n=len(rows)), _worst(list(rows["status"]))
    return t("common.source_scenario", lang), "user"


def param_label(param: str, lang: str) -> str:
    """A tornado parameter in words (capex:<area> -> capital cost of that area's measures)."""
    name, _, area = param.partition(":")
    if area:
        return t("sensitivity.param_capex_area", lang, area=t(f"sensitivity.area_{area}", lang))
    return t(f"sensitivity.param_{name}", lang)


def plan_assumptions(s: Scenario, tornado_table: pd.DataFrame, top: int = 10, lang: str = "en") -> pd.DataFrame:
    """The `top` assumptions by NPV swing (tornado of +/-20 %), with value, source and status."""
    rows = []
    for r in tornado_table.dropna(subset=["low_npv", "high_npv"]).head(top).itertuples():
        source, status = source_of(s, r.parameter, lang)
        rows.append([r.parameter, base_value(s, r.parameter), source, status, r.low_npv, r.high_npv, r.swing])
    return pd.DataFrame(rows, columns=COLUMNS)
