"""Cached calls into core, keyed by scenario *content* (``state.scenario_hash``), bounded.

- ``cached_inventory(s) -> core.inventory.Inventory``
- ``cached_solve(s, settings: dict | None = None) -> core.results.Plan`` (settings: solver, time_limit_s, gap)
- ``cached_measures(s) -> list[Measure]`` (catalogue + overrides - disabled + custom)
- ``cached_targets(s, base_values) -> DataFrame`` (annual targets)
- ``demo_choices() -> dict[slug, (name_en, name_zh)]``

The scenario object itself is not hashed by Streamlit (leading underscore); its content hash is the key,
so an unchanged input never recomputes, in this session or another. Results are pickled copies per call
(``st.cache_data``): one session can never change what another sees.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core.schema import Measure, Scenario
from ui import state
from ui.demo import cached_demo, demo_choices  # noqa: F401 - re-exported for pages


@st.cache_data(max_entries=64, show_spinner=False)
def _inventory(key: str, _s: Scenario) -> Any:
    from core.inventory import compute_inventory

    return compute_inventory(_s)


def cached_inventory(s: Scenario) -> Any:
    return _inventory(state.scenario_hash(s), s)


def _settings_obj(settings: dict[str, Any], warm: Any = None) -> Any:
    from core.optimise import SolveSettings

    return SolveSettings(
        solver=settings.get("solver", "highs"),
        time_limit_s=float(settings.get("time_limit_s", 30.0)),
        gap=float(settings.get("gap", 1e-3)),
        warm_start=warm,
    )


@st.cache_data(max_entries=32, show_spinner=False)
def _solve(key: str, _s: Scenario, _settings: dict[str, Any], _warm: Any) -> Any:
    from core.optimise import solve

    return solve(_s, _settings_obj(_settings, _warm))


def cached_solve(s: Scenario, settings: dict[str, Any] | None = None) -> Any:
    """The plan for this content and settings; a new solve starts from this session's last plan (HiGHS
    warm start: a changed price or budget re-solves faster). The start never changes the cache key."""
    settings = settings if settings is not None else state.solve_settings()
    last = state.current_plan()
    warm = last if last is not None and last.ok and list(last.years) == s.plan_years else None
    return _solve(state.solve_key(s, settings), s, settings, warm)


@st.cache_data(max_entries=64, show_spinner=False)
def _measures(key: str, _s: Scenario) -> list[Measure]:
    from core.catalogue import resolve_measures

    return resolve_measures(_s)


def cached_measures(s: Scenario) -> list[Measure]:
    return _measures(state.scenario_hash(s), s)


@st.cache_data(max_entries=64, show_spinner=False)
def _targets(key: str, _s: Scenario, base_values: tuple[tuple[str, float], ...]) -> pd.DataFrame:
    from core.targets import annual_targets

    return annual_targets(_s, dict(base_values))


def cached_targets(s: Scenario, base_values: dict[str, float]) -> pd.DataFrame:
    bv = tuple(sorted((k, float(v)) for k, v in base_values.items()))
    return _targets(state.scenario_hash(s), s, bv)


def cached_macc(s: Scenario) -> pd.DataFrame:
    """Stand-alone MACC, first plan year: measure, name_en, name_zh, area, cost_per_t, potential_t."""
    return _macc(state.scenario_hash(s), s)


@st.cache_data(max_entries=32, show_spinner=False)
def _macc(key: str, _s: Scenario) -> pd.DataFrame:
    from core.optimise.data import prepare
    from core.optimise.macc import measure_macc

    names = {m.id: {"name_en": m.name_en, "name_zh": m.name_zh, "area": m.area} for m in cached_measures(_s)}
    return measure_macc(prepare(_s), names)


def cached_unit_abatement(s: Scenario) -> dict[str, dict[int, float]]:
    """measure -> year -> tCO2e avoided per active unit (stand-alone), for abatement wedges."""
    return _unit_abatement(state.scenario_hash(s), s)


@st.cache_data(max_entries=32, show_spinner=False)
def _unit_abatement(key: str, _s: Scenario) -> dict[str, dict[int, float]]:
    from core.optimise.data import prepare
    from core.optimise.macc import unit_abatement

    d = prepare(_s)
    return {m.id: {y: unit_abatement(m, d, i) for i, y in enumerate(d.years)} for m in d.measures}


@st.cache_data(max_entries=64, show_spinner=False)
def _annual(key: str, _s: Scenario) -> pd.DataFrame:
    from ui.targets_view import annual_with_bau

    return annual_with_bau(_s)


def cached_annual_targets(s: Scenario) -> pd.DataFrame:
    """metric, basis, year, target, source, bau (what the optimiser will enforce)."""
    return _annual(state.scenario_hash(s), s)


@st.cache_data(max_entries=64, show_spinner=False)
def _bau(key: str, _s: Scenario, metric: str, basis: str) -> pd.DataFrame:
    from ui.targets_view import bau_path

    return bau_path(_s, metric, basis)


def cached_bau(s: Scenario, metric: str, basis: str = "gross") -> pd.DataFrame:
    return _bau(state.scenario_hash(s), s, metric, basis)


@st.cache_data(max_entries=64, show_spinner=False)
def _results_view(key: str, lang: str, cur: str, _plan: Any, _per_unit: Any) -> dict[str, Any]:
    from ui.results_view import build

    return build(_plan, lang, _per_unit, cur)


def cached_results_view(plan: Any, lang: str, cur: str) -> dict[str, Any]:
    """Chart specs and tables of the results section for this session's plan (see ui.results_view)."""
    current = state.plan_is_current()
    s = state.current_scenario()
    per_unit = cached_unit_abatement(s) if current and s is not None else None
    key = f"{st.session_state.get(state.K_PLAN_KEY, '')}|{current}"
    return _results_view(key, lang, cur, plan, per_unit)


@st.cache_data(max_entries=64, show_spinner=False)
def _inventory_view(key: str, lang: str, _s: Scenario) -> dict[str, Any]:
    from ui.inventory_view import build

    return build(cached_inventory(_s), lang)


def cached_inventory_view(s: Scenario, lang: str) -> dict[str, Any]:
    """KPI tiles, chart specs and the factor/source table of the baseline inventory (ui.inventory_view)."""
    return _inventory_view(state.scenario_hash(s), lang, s)


@st.cache_data(max_entries=64, show_spinner=False)
def _target_chart(key: str, metric: str, basis: str, lang: str, _s: Scenario) -> dict[str, Any]:
    from ui.targets_view import chart_spec

    annual = cached_annual_targets(_s)
    sel = annual[(annual["metric"] == metric) & (annual["basis"] == basis)]
    return chart_spec(sel, cached_bau(_s, metric, basis), metric, lang)


def cached_target_chart(s: Scenario, metric: str, basis: str, lang: str) -> dict[str, Any]:
    """Vega-Lite spec: one metric's annual target against BAU."""
    return _target_chart(state.scenario_hash(s), metric, basis, lang, s)


@st.cache_data(max_entries=64, show_spinner=False)
def _macc_chart(key: str, lang: str, _s: Scenario) -> dict[str, Any] | None:
    from core.i18n import name, t
    from ui.charts import macc
    from ui.widgets import label

    mc = cached_macc(_s)
    mc = mc[mc["potential_t"] > 0].copy()
    if mc.empty:
        return None
    mc["label"] = [name(r, lang) for r in mc.to_dict("records")]
    mc["area_label"] = [label(f"measures.area_{a}", lang, a) for a in mc["area"]]
    cur = _s.currency
    return macc(
        mc,
        "label",
        "cost_per_t",
        "potential_t",
        t("measures.macc_title", lang, cur=cur),
        t("measures.macc_x", lang),
        t("measures.macc_y", lang, cur=cur),
        "area_label",
        t("measures.col_area", lang),
    )


def cached_macc_chart(s: Scenario, lang: str) -> dict[str, Any] | None:
    """Vega-Lite spec of the stand-alone MACC (None when no measure abates)."""
    return _macc_chart(state.scenario_hash(s), lang, s)


@st.cache_data(max_entries=64, show_spinner=False)
def _frames(key: str, _s: Scenario) -> tuple[pd.DataFrame, pd.DataFrame]:
    from ui.tables import energy_columns, facilities_frame, tenants_frame

    return tenants_frame(_s, energy_columns(_s)), facilities_frame(_s)


def cached_frames(s: Scenario) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(tenants table, facilities table) of the scenario, as the baseline editors show them."""
    return _frames(state.scenario_hash(s), s)
