"""`python -m core alternatives FILE [--slack 0.05] [--n 3] [--json]`: near-optimal alternatives (MGA).

`optimum` and `alternatives`, each {npv_cost, emissions_t, built, ...} with `built` and `emissions_t` as in
`solve --json`; every alternative costs at most (1 + slack) x the optimum's NPV cost and meets the targets as
well as the optimum does (core.optimise.alternatives). `--time-limit` covers the whole command.
"""

from __future__ import annotations

import argparse

from core.errors import Issue, ScenarioError
from core.optimise import DEFAULT_GAP, DEFAULT_TIME_LIMIT_S, SolveSettings
from core.optimise.alternatives import AlternativesError, alternatives, measures_used, note_text
from core.results import Plan
from core.schema import Scenario

HELP = "plans within a slack of the least cost that use other measures"
KEYS = ("status", "npv_cost", "bau_npv_cost", "emissions_t", "net_emissions_t", "shortfall", "built")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON on stdout")
    p.add_argument("--slack", type=float, default=0.05, help="cost slack as a fraction of the least cost")
    p.add_argument("--n", type=int, default=3, help="number of alternatives")
    p.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT_S, help="seconds for the whole command")
    p.add_argument("--gap", type=float, default=DEFAULT_GAP, help="relative MIP gap of the least-cost solve")


def plan_json(plan: Plan) -> dict:
    js = plan.to_json()
    return {**{k: js[k] for k in KEYS}, "measures": sorted(measures_used(plan))}


def run(s: Scenario, args: argparse.Namespace) -> tuple[dict, str]:
    try:
        got = alternatives(s, args.slack, args.n, SolveSettings(time_limit_s=args.time_limit, gap=args.gap))
    except AlternativesError as e:
        field, _, msg = str(e).partition(": ")
        raise ScenarioError([Issue(f"--{field}", msg)]) from None
    payload = {
        "slack": args.slack,
        "cost_cap": got.cost_cap,
        "optimum": plan_json(got.optimum) if got.optimum.ok else {"status": got.optimum.status},
        "alternatives": [plan_json(p) for p in got.plans],
        "notes": [note_text(x) for x in got.notes],
    }
    if not got.optimum.ok:
        payload["optimum"]["message"] = got.optimum.message
    return payload, _text(payload, got.optimum, s.currency)


def _text(payload: dict, optimum: Plan, currency: str) -> str:
    if not optimum.ok:
        return f"status: {optimum.status} - {optimum.message}"
    o = payload["optimum"]
    lines = [f"least cost: NPV {o['npv_cost']:,.0f} {currency}; measures: {', '.join(o['measures'])}"]
    for i, a in enumerate(payload["alternatives"], 1):
        more = a["npv_cost"] / o["npv_cost"] - 1 if o["npv_cost"] else 0.0
        lines.append(
            f"alternative {i}: NPV {a['npv_cost']:,.0f} {currency} ({more:+.2%}); measures: {', '.join(a['measures'])}"
        )
    lines += [f"note: {n}" for n in payload["notes"]]
    return "\n".join(lines)
