"""Sensitivity: sweep one assumption, or move each main assumption +/-20 % (tornado).

Parameters (``value`` semantics in brackets; ``base_value(s, p)`` is the scenario's own value):
- ``carbon_price``  [price per t in the horizon year; the scenario's path is scaled to reach it, or,
  if its path is zero, a straight line from 0 in the base year]
- ``discount_rate`` [real rate per year, absolute]
- ``grid_factor``   [multiplier of the location-based grid factor path; 1 = as in the scenario]
- ``capex`` / ``capex:<area>`` [multiplier of capex per unit of every measure / of one area's measures]
- ``activity_growth`` [activity growth per year, absolute; an occupancy path keeps its shape, tilted]
- ``energy_prices`` [multiplier of every energy price path]
- ``electricity_price`` [grid electricity price per MWh in the horizon year; the scenario's path is scaled
  to reach it, or, if it has none, a flat path at that price]

Each point is one full solve; points run as Dask tasks (core.cluster: a local cluster of 2 worker
processes by default, kept alive between sweeps, or the cluster at ``scheduler`` /
``DASK_SCHEDULER_ADDRESS``; one worker and no cluster configured = serially in this process) and report
progress through a callback ``progress(done, total)``. A point that fails is reported in its row (status
"error"), never raised; a worker that dies loses only its point, which runs again elsewhere.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from core.catalogue import resolve_measures
from core.cluster import LOCAL, prewarm, run_tasks, scheduler_address, shutdown
from core.factors import grid_factor
from core.loader import validate_data
from core.optimise import SolveSettings, solve
from core.overrides import scenario_data
from core.schema import AREAS, Scenario
from core.year_paths import interpolate

PARAMETERS = (
    "carbon_price",
    "discount_rate",
    "grid_factor",
    "capex",
    "activity_growth",
    "energy_prices",
    "electricity_price",
)
ELECTRICITY = "electricity_per_mwh"
TORNADO_PARAMETERS = ("carbon_price", "discount_rate", "grid_factor", "capex", "activity_growth", "energy_prices")
MULTIPLIERS = ("grid_factor", "capex", "energy_prices")
SUMMARY_COLUMNS = [
    "status",
    "npv_total",
    "bau_npv_total",
    "cum_net_t",
    "final_net_t",
    "shortfall_t",
    "capex_total",
    "measures",
]

Progress = Callable[[int, int], None]
SolveFn = Callable[..., Any]


class SensitivityError(ValueError):
    """A parameter name or value that cannot be swept (the message names it)."""


def parameters() -> list[str]:
    """Every sweepable parameter, including capex of each area."""
    return [*PARAMETERS, *(f"capex:{a}" for a in AREAS)]


def _split(param: str) -> tuple[str, str | None]:
    name, _, area = param.partition(":")
    if name not in PARAMETERS or (area and (name != "capex" or area not in AREAS)):
        raise SensitivityError(f"unknown parameter {param!r}; choose one of {', '.join(parameters())}")
    return name, area or None


def default_range(param: str, base: float) -> tuple[float, float]:
    """A sweep range that shows the parameter's effect: absolute for prices and rates, multipliers otherwise."""
    name, _ = _split(param)
    if name == "carbon_price":
        return 0.0, max(2 * base, 100.0)
    if name == "electricity_price":
        return 0.5 * base, 1.5 * base
    if name == "discount_rate":
        return 0.02, 0.12
    if name == "activity_growth":
        return -0.02, 0.08
    return 0.5, 1.5  # multipliers


def base_value(s: Scenario, param: str) -> float:
    """The scenario's own value of a parameter, in the units ``apply`` takes."""
    name, _ = _split(param)
    a = s.assumptions
    if name == "carbon_price":
        return interpolate(a.carbon_price_per_t, [s.horizon])[s.horizon]
    if name == "discount_rate":
        return a.discount_rate
    if name == "electricity_price":
        path = a.prices.get(ELECTRICITY)
        return interpolate(path, [s.horizon])[s.horizon] if path else 0.0
    if name == "activity_growth":
        if a.activity.growth is not None:
            return a.activity.growth
        ends = interpolate(a.activity.path or {}, [s.base_year, s.horizon], default=1.0)
        ratio = ends[s.horizon] / ends[s.base_year] if ends[s.base_year] > 0 else 1.0
        return ratio ** (1 / (s.horizon - s.base_year)) - 1 if ratio > 0 else -0.5
    return 1.0


def _activity_at(s: Scenario, growth: float) -> dict:
    """The scenario's own activity with its equivalent annual growth moved to `growth`: a constant rate is
    replaced; an occupancy path keeps its shape and is tilted by ((1 + growth) / (1 + base)) per year, so the
    base value gives back the scenario's own path exactly."""
    act = s.assumptions.activity
    if act.path is None:
        return {"growth": growth}
    base = base_value(s, "activity_growth")
    tilt = (1.0 + growth) / (1.0 + base)
    years = range(s.base_year, s.horizon + 1)
    path = interpolate({s.base_year: 1.0, **act.path}, years)
    if tilt == 1.0:
        return {"path": {str(y): v for y, v in act.path.items()}}
    return {"path": {str(y): path[y] * tilt ** (y - s.base_year) for y in years if y > s.base_year}}


def _scale_path(path: dict, k: float) -> dict:
    return {str(y): v * k for y, v in path.items()}


def apply(s: Scenario, param: str, value: float) -> Scenario:
    """A copy of the scenario with one assumption set to `value` (validated like any scenario)."""
    name, area = _split(param)
    if not math.isfinite(value):
        raise SensitivityError(f"{param}: value must be a finite number, got {value}")
    if name in MULTIPLIERS and value < 0:
        raise SensitivityError(f"{param}: a multiplier must be >= 0, got {value}")
    data = scenario_data(s)
    a = data.setdefault("assumptions", {})
    if name == "carbon_price":
        if value < 0:
            raise SensitivityError(f"carbon_price: must be >= 0, got {value}")
        current = base_value(s, param)
        path = s.assumptions.carbon_price_per_t
        a["carbon_price_per_t"] = (
            _scale_path(path, value / current) if current > 0 else {str(s.base_year): 0.0, str(s.horizon): value}
        )
    elif name == "discount_rate":
        a["discount_rate"] = value
    elif name == "activity_growth":
        a["activity"] = _activity_at(s, value)
    elif name == "electricity_price":
        if value < 0:
            raise SensitivityError(f"electricity_price: must be >= 0, got {value}")
        current, path = base_value(s, param), s.assumptions.prices.get(ELECTRICITY)
        prices = a.setdefault("prices", {})
        prices[ELECTRICITY] = _scale_path(path, value / current) if path and current > 0 else {str(s.base_year): value}
    elif name == "energy_prices":
        a["prices"] = {k: _scale_path(p, value) for k, p in s.assumptions.prices.items()}
    elif name == "grid_factor":
        path = s.assumptions.grid_factor_t_per_mwh
        if not path:
            path = {s.base_year: grid_factor(s.zone.country, s.base_year).value}
        a["grid_factor_t_per_mwh"] = _scale_path(path, value)
    elif name == "capex":
        _scale_capex(s, data, area, value)
    return validate_data(data)


def _scale_capex(s: Scenario, data: dict, area: str | None, k: float) -> None:
    """Multiply capex per unit of the (resolved) measures of one area, or of all areas."""
    spec = data.setdefault("measures", {})
    custom = {m["id"]: m for m in spec.get("custom", [])}
    overrides = {o["id"]: o for o in spec.get("overrides", [])}
    for m in _resolved_measures(s):
        if area and m.area != area:
            continue
        if m.id in custom:
            custom[m.id]["capex_per_unit"] = m.capex_per_unit * k
        else:
            overrides.setdefault(m.id, {"id": m.id})["capex_per_unit"] = m.capex_per_unit * k
    if custom:
        spec["custom"] = list(custom.values())
    if overrides:
        spec["overrides"] = list(overrides.values())


def _resolved_measures(s: Scenario) -> list:
    return resolve_measures(s)


# ---------------------------------------------------------------- one solve -> one summary row


def summarise(plan: Any) -> dict[str, Any]:
    """The numbers a sweep shows per point (from a core.results.Plan)."""
    if not plan.ok:
        return {"status": plan.status, "message": plan.message, **dict.fromkeys(SUMMARY_COLUMNS[1:], None)}
    p = plan.pathway
    net = p["plan_net_t"].astype(float) if "plan_net_t" in p else pd.Series(dtype=float)
    sf = plan.shortfall
    short = float(sf.loc[sf["metric"] == "emissions", "short_by"].sum()) if not sf.empty else 0.0
    u = plan.units
    built = u[u["built"].astype(float) > 1e-9] if not u.empty else u
    first = built.groupby("measure")["year"].min().sort_index() if not built.empty else pd.Series(dtype=int)
    js = plan.to_json() if hasattr(plan, "to_json") else {}
    return {
        "status": plan.status,
        "message": plan.message,
        "npv_total": float(plan.npv.get("total", math.nan)),
        "bau_npv_total": float(plan.npv.get("bau_total", math.nan)),
        "cum_net_t": float(net.sum()),
        "final_net_t": float(net.iloc[-1]) if len(net) else math.nan,
        "shortfall_t": short,
        "capex_total": float(plan.capex.sum()) if not plan.capex.empty else 0.0,
        "measures": ", ".join(f"{m}:{int(y)}" for m, y in first.items()),
        # years with any annual target unmet (every metric): what Monte Carlo counts
        "unmet_years": sorted({int(y) for y in sf["year"]}) if not sf.empty else [],
        # as in `solve --json`: gross emissions by year, and what is built when
        "emissions_t": js.get("emissions_t", {}),
        "built": js.get("built", []),
    }


def _default_solve(s: Scenario, settings: Any = None) -> Any:
    return solve(s, settings)


def _point(key: Any, s: Scenario, settings: Any, solve_fn: SolveFn) -> tuple[Any, dict[str, Any]]:
    try:
        return key, summarise(solve_fn(s, settings))
    except Exception as e:  # noqa: BLE001 - one failed point must not sink the sweep
        return key, {"status": "error", "message": f"{type(e).__name__}: {e}"}


def warm_settings(s: Scenario, settings: Any = None) -> Any:
    """Solve settings whose warm start is the scenario's own plan (unchanged settings if that fails)."""
    base = settings or SolveSettings()
    try:
        plan = solve(s, base)
    except Exception:  # noqa: BLE001 - a sweep without a warm start is only slower
        return settings
    if not plan.ok or not getattr(plan, "start", None):
        return settings
    # only the start values travel to the workers, not the plan's tables
    slim = type(plan)(status=plan.status, message=plan.message, years=plan.years, start=plan.start)
    return dataclasses.replace(base, warm_start=slim)


def _cache_kind(settings: Any, solve_fn: SolveFn) -> str:
    """Results-cache key part for one point: solver settings and the solve function."""
    key = settings.key() if hasattr(settings, "key") else ""
    return f"sweep|{solve_fn.__module__}.{solve_fn.__qualname__}|{key}"


def run_points(
    points: Sequence[tuple[Any, Scenario]],
    settings: Any = None,
    workers: int = 2,
    progress: Progress | None = None,
    solve_fn: SolveFn | None = None,
    cache: Any = None,
    warm_from: Scenario | None = None,
    scheduler: str | None = None,
    stop: Callable[[], bool] | None = None,
) -> dict[Any, dict[str, Any]]:
    """Solve each (key, scenario) as Dask tasks (core.cluster; `scheduler` as there, `workers` for a local
    cluster; serially here when one local worker). Returns key -> summary; with `stop`, the points not yet
    solved when it turns true are left out.

    With `warm_from`, every point starts from that scenario's plan (solved once here first): the
    optimiser reuses its shortfall phase when only prices changed and starts the cost phase from it.

    With `cache` (a core.store.Store), a point whose scenario content was solved before with the
    same settings and code version is read from the store instead of solved again."""
    solve_fn = solve_fn or _default_solve
    total, out = len(points), {}
    kind = _cache_kind(settings, solve_fn)
    by_key = dict(points)

    def done(key: Any, row: dict[str, Any], fresh: bool = True) -> None:
        out[key] = row
        if fresh and cache is not None and row.get("status") != "error":
            cache.cache_put(by_key[key], kind, row)
        if progress:
            progress(len(out), total)

    todo = []
    for key, s in points:
        hit = cache.cache_get(s, kind) if cache is not None else None
        if hit is not None:
            done(key, hit, fresh=False)
        else:
            todo.append((key, s))
    if todo and warm_from is not None and solve_fn is _default_solve:
        settings = warm_settings(warm_from, settings)
    address = scheduler_address(scheduler)
    if address is None and scheduler != LOCAL:
        workers = max(1, min(workers, os.cpu_count() or 1, len(todo)))
    if address is None and scheduler != LOCAL and workers == 1:  # one process: this one, no cluster
        for key, s in todo:
            done(*_point(key, s, settings, solve_fn))
        return out
    run_tasks(
        _point,
        [(key, (key, s, settings, solve_fn)) for key, s in todo],
        on_done=lambda _key, got: done(*got),
        on_error=lambda key, msg: done(key, {"status": "error", "message": msg}, fresh=False),
        scheduler=scheduler,
        workers=workers,
        stop=stop,
    )
    return out


def prewarm_pool(workers: int) -> None:
    """Start the local cluster's workers now, in the background (call when a page that sweeps opens)."""
    prewarm(max(1, min(workers, os.cpu_count() or 1)))


def shutdown_pools() -> None:
    """Stop the kept local clusters and clients (also run at exit)."""
    shutdown()


# ---------------------------------------------------------------- sweep and tornado


@dataclass(frozen=True)
class Sweep:
    parameter: str
    base_value: float
    table: pd.DataFrame  # value + SUMMARY_COLUMNS, one row per point, sorted by value
    chosen: pd.DataFrame  # value, measure, first_year (long form: which measures along the sweep)


def sweep(
    s: Scenario,
    param: str,
    values: Sequence[float],
    settings: Any = None,
    workers: int = 2,
    progress: Progress | None = None,
    solve_fn: SolveFn | None = None,
    cache: Any = None,
    warm: bool = True,
    scheduler: str | None = None,
) -> Sweep:
    """Solve the scenario once per value of one parameter (warm-started from its own plan)."""
    if not values:
        raise SensitivityError("give at least one value to sweep")
    points = [(float(v), apply(s, param, float(v))) for v in values]
    got = run_points(points, settings, workers, progress, solve_fn, cache, s if warm else None, scheduler)
    cols = [*SUMMARY_COLUMNS, "message", "emissions_t", "built"]
    rows = [{"value": v, **{c: got[v].get(c) for c in cols}} for v, _ in points]
    table = pd.DataFrame(rows).sort_values("value").reset_index(drop=True)
    chosen = [
        {"value": r.value, "measure": m, "first_year": int(y)}
        for r in table.itertuples()
        for m, y in (
            item.split(":") for item in (r.measures if isinstance(r.measures, str) else "").split(", ") if item
        )
    ]
    return Sweep(param, base_value(s, param), table, pd.DataFrame(chosen, columns=["value", "measure", "first_year"]))


def linspace(lo: float, hi: float, n: int) -> list[float]:
    """n evenly spaced values from lo to hi inclusive."""
    if n < 2:
        return [lo]
    return [lo + (hi - lo) * i / (n - 1) for i in range(n)]


def tornado(
    s: Scenario,
    params: Sequence[str] = TORNADO_PARAMETERS,
    change: float = 0.2,
    settings: Any = None,
    workers: int = 2,
    progress: Progress | None = None,
    solve_fn: SolveFn | None = None,
    cache: Any = None,
    warm: bool = True,
    scheduler: str | None = None,
) -> pd.DataFrame:
    """NPV cost and cumulative emissions with each parameter at (1 - change) and (1 + change) x base.

    Columns: parameter, base_value, low_value, high_value, low_npv, high_npv, base_npv, low_cum_t,
    high_cum_t, base_cum_t, swing (|high_npv - low_npv|); sorted by swing, largest first.
    """
    points: list[tuple[Any, Scenario]] = [("base", s)]
    for p in params:
        b = base_value(s, p)
        points += [((p, "low"), apply(s, p, b * (1 - change))), ((p, "high"), apply(s, p, b * (1 + change)))]
    got = run_points(points, settings, workers, progress, solve_fn, cache, s if warm else None, scheduler)
    base = got["base"]
    rows = []
    for p in params:
        b, lo, hi = base_value(s, p), got[(p, "low")], got[(p, "high")]
        rows.append(
            {
                "parameter": p,
                "base_value": b,
                "low_value": b * (1 - change),
                "high_value": b * (1 + change),
                "low_npv": lo.get("npv_total"),
                "high_npv": hi.get("npv_total"),
                "base_npv": base.get("npv_total"),
                "low_cum_t": lo.get("cum_net_t"),
                "high_cum_t": hi.get("cum_net_t"),
                "base_cum_t": base.get("cum_net_t"),
            }
        )
    df = pd.DataFrame(rows)
    df["swing"] = (df["high_npv"].astype(float) - df["low_npv"].astype(float)).abs()
    return df.sort_values("swing", ascending=False, na_position="last").reset_index(drop=True)
