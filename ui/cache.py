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


@st.cache_data(max_entries=64, show_spinner=False)
def _inventory(key: str, _s: Scenario) -> Any:
    from core.inventory import compute_inventory

    return compute_inventory(_s)


def cached_inventory(s: Scenario) -> Any:
    return _inventory(state.scenario_hash(s), s)


def _settings_obj(settings: dict[str, Any]) -> Any:
    from core.optimise import SolveSettings

    return SolveSettings(
        solver=settings.get("solver", "highs"),
        time_limit_s=float(settings.get("time_limit_s", 30.0)),
        gap=float(settings.get("gap", 1e-3)),
    )


@st.cache_data(max_entries=32, show_spinner=False)
def _solve(key: str, _s: Scenario, _settings: dict[str, Any]) -> Any:
    from core.optimise import solve

    return solve(_s, _settings_obj(_settings))


def cached_solve(s: Scenario, settings: dict[str, Any] | None = None) -> Any:
    settings = settings if settings is not None else state.solve_settings()
    return _solve(state.solve_key(s, settings), s, settings)


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


@st.cache_data(show_spinner=False)
def demo_choices() -> dict[str, tuple[str, str]]:
    """Demo zones: slug -> (English name, Chinese name); empty until core.demo exists."""
    try:
        from core.demo import demo_zones, load_demo
    except ImportError:
        return {}
    out: dict[str, tuple[str, str]] = {}
    for slug, path in demo_zones().items():
        if not path.is_file():
            continue
        z = load_demo(slug).zone
        out[slug] = (z.name, z.name_zh or z.name)
    return out


def cached_macc(s: Scenario) -> pd.DataFrame:
    """Stand-alone MACC, first plan year: measure, name_en, name_zh, area, cost_per_t, potential_t."""
    return _macc(state.scenario_hash(s), s)


@st.cache_data(max_entries=32, show_spinner=False)
def _macc(key: str, _s: Scenario) -> pd.DataFrame:
    from core.macc import measure_macc
    from core.optimise.data import prepare

    names = {m.id: {"name_en": m.name_en, "name_zh": m.name_zh, "area": m.area} for m in cached_measures(_s)}
    return measure_macc(prepare(_s), names)


def cached_unit_abatement(s: Scenario) -> dict[str, dict[int, float]]:
    """measure -> year -> tCO2e avoided per active unit (stand-alone), for abatement wedges."""
    return _unit_abatement(state.scenario_hash(s), s)


@st.cache_data(max_entries=32, show_spinner=False)
def _unit_abatement(key: str, _s: Scenario) -> dict[str, dict[int, float]]:
    from core.macc import unit_abatement
    from core.optimise.data import prepare

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
