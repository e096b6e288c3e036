"""Cached calls into core, keyed by scenario *content* (``state.scenario_hash``), bounded.

``@by_content`` caches a function whose first argument is a Scenario: the scenario itself is not hashed
by Streamlit, its content hash is the key (with the other arguments), so unchanged input never
recomputes, in this session or another. Results are pickled copies per call (``st.cache_data``): one
session can never change what another sees.

- ``cached_inventory(s)``, ``cached_measures(s)``, ``cached_macc(s)``
- ``cached_solve(s, settings=None)`` (``core.optimise.SolveSettings``; warm-started from this session's plan)
- ``cached_annual_targets(s)``, ``cached_bau(s, metric, basis)``, ``cached_target_chart(s, metric, basis, lang)``
- ``cached_inventory_view(s, lang)``, ``cached_macc_chart(s, lang)``, ``cached_frames(s)``
- ``cached_results_view(plan, lang, cur)`` (keyed by the session's plan key)
- ``cached_demo(slug)``, ``demo_choices()`` (ui.demo)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from typing import Any, ParamSpec, TypeVar

import pandas as pd
import streamlit as st

from core.baseline import baseline
from core.catalogue import resolve_measures
from core.i18n import name, t
from core.inventory import Inventory, compute_inventory
from core.optimise import SolveSettings
from core.optimise.data import prepare
from core.optimise.live import solve  # a price, cost or budget change updates the kept HiGHS model in place
from core.optimise.macc import measure_macc
from core.results import Plan
from core.schema import Measure, Scenario
from ui import inventory_view, results_view, state
from ui.charts import localise, macc
from ui.demo import cached_demo, demo_choices  # noqa: F401 - re-exported for pages
from ui.tables import energy_columns, facilities_frame, tenants_frame
from ui.targets_view import annual_with_bau, chart_spec
from ui.widgets import label

P = ParamSpec("P")
R = TypeVar("R")


def by_content(max_entries: int = 64) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Cache `fn(s, *args)` by the content hash of `s` and the (hashable) other arguments."""

    def deco(fn: Callable[..., R]) -> Callable[..., R]:
        def inner(key: str, _s: Scenario, *args: Any) -> R:
            return fn(_s, *args)

        # Streamlit keys a cache by module, qualified name and source: give each wrapped function its own
        inner.__module__, inner.__qualname__ = fn.__module__, f"{fn.__qualname__}__by_content"
        cached = st.cache_data(max_entries=max_entries, show_spinner=False)(inner)

        @functools.wraps(fn)
        def call(s: Scenario, *args: Any) -> R:
            return cached(state.scenario_hash(s), s, *args)

        return call

    return deco


@by_content()
def cached_inventory(s: Scenario) -> Inventory:
    return compute_inventory(s)


@by_content()
def cached_measures(s: Scenario) -> list[Measure]:
    """Catalogue + overrides - disabled + custom, with derived limits."""
    return resolve_measures(s)


@by_content(max_entries=32)
def cached_macc(s: Scenario) -> pd.DataFrame:
    """Stand-alone MACC, first plan year: measure, name_en, name_zh, area, cost_per_t, potential_t."""
    names = {m.id: {"name_en": m.name_en, "name_zh": m.name_zh, "area": m.area} for m in cached_measures(s)}
    return measure_macc(prepare(s), names)


@st.cache_data(max_entries=32, show_spinner=False)
def _solve(key: str, _s: Scenario, _settings: SolveSettings) -> Plan:
    return solve(_s, _settings)


def cached_solve(s: Scenario, settings: SolveSettings | None = None) -> Plan:
    """The plan for this content and settings; a new solve starts from this session's last plan (HiGHS
    warm start: a changed price or budget re-solves faster). The start never changes the cache key."""
    settings = settings if settings is not None else state.solve_settings()
    last = state.current_plan()
    warm = last if last is not None and last.ok and list(last.years) == s.plan_years else None
    return _solve(state.solve_key(s, settings), s, replace(settings, warm_start=warm))


@by_content()
def cached_annual_targets(s: Scenario) -> pd.DataFrame:
    """metric, basis, year, target, source, bau (what the optimiser will enforce)."""
    return annual_with_bau(s)


@by_content()
def cached_bau(s: Scenario, metric: str, basis: str = "gross") -> pd.DataFrame:
    """year, bau of one metric over the plan years."""
    path = baseline(s).bau_path(metric, basis)
    return pd.DataFrame({"year": list(path), "bau": list(path.values())})


@st.cache_data(max_entries=64, show_spinner=False)
def _results_view(key: str, lang: str, cur: str, _plan: Plan) -> dict[str, Any]:
    return results_view.build(_plan, lang, cur)


def cached_results_view(plan: Plan, lang: str, cur: str) -> dict[str, Any]:
    """Chart specs and tables of the results section for this session's plan (see ui.results_view)."""
    return _results_view(state.plan_key(), lang, cur, plan)


@by_content()
def cached_inventory_view(s: Scenario, lang: str) -> dict[str, Any]:
    """KPI tiles, chart specs and the factor/source table of the baseline inventory (ui.inventory_view)."""
    return inventory_view.build(cached_inventory(s), lang)


@by_content()
def cached_target_chart(s: Scenario, metric: str, basis: str, lang: str) -> dict[str, Any]:
    """Vega-Lite spec: one metric's annual target against BAU."""
    annual = cached_annual_targets(s)
    sel = annual[(annual["metric"] == metric) & (annual["basis"] == basis)]
    return localise(chart_spec(sel, cached_bau(s, metric, basis), metric, lang), lang)


@by_content()
def cached_macc_chart(s: Scenario, lang: str) -> dict[str, Any] | None:
    """Vega-Lite spec of the stand-alone MACC (None when no measure abates)."""
    mc = cached_macc(s)
    mc = mc[mc["potential_t"] > 0].copy()
    if mc.empty:
        return None
    mc["label"] = [name(r, lang) for r in mc.to_dict("records")]
    mc["area_label"] = [label(f"measures.area_{a}", lang, a) for a in mc["area"]]
    cur = s.currency
    return localise(
        macc(
            mc,
            "label",
            "cost_per_t",
            "potential_t",
            t("measures.macc_title", lang, cur=cur),
            t("measures.macc_x", lang),
            t("measures.macc_y", lang, cur=cur),
            "area_label",
            t("measures.col_area", lang),
        ),
        lang,
    )


@by_content()
def cached_frames(s: Scenario) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(tenants table, facilities table) of the scenario, as the baseline editors show them."""
    return tenants_frame(s, energy_columns(s)), facilities_frame(s)
