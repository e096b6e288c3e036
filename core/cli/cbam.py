"""`python -m core cbam FILE [--json]`: CBAM cost of exporting tenants, BAU vs plan."""

from __future__ import annotations

import argparse

from core.cbam import compute_cbam
from core.optimise import solve
from core.schema import Scenario

HELP = "CBAM exposure of exporting tenants, BAU vs plan"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON on stdout")


def run(s: Scenario, args: argparse.Namespace) -> tuple[dict, str]:
    """Solve the plan (when a tenant exports CBAM goods), then CBAM BAU vs plan."""
    plan = None
    if any(t.exports for t in s.tenants):
        plan = solve(s)
    res = compute_cbam(s, plan)
    payload = res.to_json()
    if not res.has_exports:
        return payload, "No tenant exports CBAM goods to the EU."
    lines = [
        f"CBAM exposure (EUR), plan status: {res.plan_status}",
        f"{'year':>6} {'embedded t':>12} {'BAU':>14} {'plan':>14}",
    ]
    for y, r in res.by_year.iterrows():
        lines.append(f"{y:>6} {r.embedded_bau_t:>12,.0f} {r.bau_cost_eur:>14,.0f} {r.plan_cost_eur:>14,.0f}")
    tot = payload["totals"]
    lines.append(
        f"total BAU {tot['bau_cost']:,.0f} EUR, plan {tot['plan_cost']:,.0f} EUR, saving {tot['saving']:,.0f} EUR"
    )
    lines += [f"warning: {w}" for w in res.warnings]
    return payload, "\n".join(lines)
