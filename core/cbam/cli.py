"""Command line: `python -m core cbam FILE [--json]`."""

from __future__ import annotations

from typing import Any

from core.cbam.cost import compute_cbam
from core.schema import Scenario


def cli_cbam(s: Scenario, args: Any) -> tuple[dict, str]:
    """`python -m core cbam FILE [--json]`: solve the plan, then CBAM BAU vs plan."""
    plan = None
    if any(t.exports for t in s.tenants):
        from core.optimise import solve

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
