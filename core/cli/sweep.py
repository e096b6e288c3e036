"""`python -m core sweep FILE --param NAME --values a,b,c [--scheduler ADDR] [--workers N] [--json]`.

NAME as on the Sensitivity page (core.sensitivity.parameters(): carbon_price = the horizon-year carbon price
the path is scaled to, discount_rate, electricity_price = the horizon-year grid price per MWh, ...). Each
value is one full solve, run as a Dask task (core.cluster): on a local cluster of `--workers` processes, or
on the cluster at `--scheduler` / DASK_SCHEDULER_ADDRESS. `--time-limit` is per point. A failed point is a
row with status "error", never a failed command; an unreachable scheduler is one line and exit code 2.
"""

from __future__ import annotations

import argparse
import math

from core.cluster import LOCAL, ClusterError
from core.errors import Issue, ScenarioError
from core.optimise import DEFAULT_GAP, DEFAULT_TIME_LIMIT_S, SolveSettings
from core.schema import Scenario
from core.sensitivity import SensitivityError, parameters, sweep

HELP = "solve once per value of one assumption (Dask tasks)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON on stdout")
    p.add_argument("--param", required=True, help=f"one of: {', '.join(parameters())}")
    p.add_argument("--values", required=True, help="comma-separated values, e.g. 0,50,100")
    p.add_argument(
        "--scheduler", default=None, help="Dask scheduler address (default: DASK_SCHEDULER_ADDRESS or local)"
    )
    p.add_argument("--workers", type=int, default=2, help="worker processes of the local cluster")
    p.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT_S, help="seconds per point")
    p.add_argument("--gap", type=float, default=DEFAULT_GAP, help="relative MIP gap")


def parse_values(text: str) -> list[float]:
    """'0, 50,1e2' -> [0.0, 50.0, 100.0]; ScenarioError naming --values and the bad item otherwise."""
    out = []
    for i, item in enumerate(x.strip() for x in text.split(",")):
        try:
            v = float(item)
        except ValueError:
            v = math.nan
        if not math.isfinite(v):
            raise ScenarioError([Issue("--values", f"item {i + 1} ({item!r}) is not a finite number")])
        out.append(v)
    return out


def run(s: Scenario, args: argparse.Namespace) -> tuple[dict, str]:
    values = parse_values(args.values)
    if args.param not in parameters():
        raise ScenarioError([Issue("--param", f"unknown parameter {args.param!r}; one of {', '.join(parameters())}")])
    if args.workers < 1:
        raise ScenarioError([Issue("--workers", f"must be >= 1 (got {args.workers})")])
    settings = SolveSettings(time_limit_s=args.time_limit, gap=args.gap)
    try:
        result = sweep(s, args.param, values, settings, workers=args.workers, scheduler=args.scheduler or LOCAL)
    except SensitivityError as e:
        raise ScenarioError([Issue("--values", str(e))]) from None
    except ClusterError as e:
        raise ScenarioError([Issue("--scheduler", str(e))]) from None
    points = [
        {
            "value": r["value"],
            "status": r["status"],
            "npv_cost": _num(r["npv_total"]),
            "emissions_t": r["emissions_t"] or {},
            "built": r["built"] or [],
            "message": r["message"],
        }
        for r in result.table.to_dict("records")
    ]
    payload = {"parameter": args.param, "base_value": result.base_value, "points": points}
    return payload, _text(payload, s.currency)


def _num(x: object) -> float | None:
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _text(payload: dict, currency: str) -> str:
    lines = [f"sweep {payload['parameter']} (scenario value {payload['base_value']:,.4g})"]
    for p in payload["points"]:
        if p["npv_cost"] is None:
            lines.append(f"  {p['value']:>12,.4g}: {p['status']} - {p['message']}")
            continue
        last = max(p["emissions_t"], default=None)
        em = f", {last}: {p['emissions_t'][last]:,.0f} t" if last is not None else ""
        lines.append(
            f"  {p['value']:>12,.4g}: {p['status']}, NPV cost {p['npv_cost']:,.0f} {currency}{em}, "
            f"{len({b['measure'] for b in p['built']})} measures built"
        )
    return "\n".join(lines)
