"""Parties' money: cash flows, NPV, simple payback and IRR (pure functions), and the per-tenant result tables.

A party is a tenant (its id), the zone operator (`zone`) or a third party (`esco`). Cash flows are yearly, in
scenario currency (real, base-year terms), relative to business as usual (BAU), for the plan years:
`net = - capex - om + energy_saving + carbon_saving + fees_received - fees_paid + salvage`.
- capex is the outlay in the install year; salvage (last plan year) is the straight-line value of units whose
  life runs past the horizon, so a late investment is not charged in full for years the plan does not see.
- NPV discounts with the scenario's rate to the base year (the optimiser's factors). Simple payback: years from
  the first outlay until the cumulative undiscounted net is >= 0 (linear inside the year; 0 when the savings
  cover the outlays every year), None if never.
  IRR: the rate at which the NPV of the net is 0 (bisection), None without a sign change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

ZONE = "zone"
ESCO = "esco"
FLOW_COLUMNS = [
    "party",
    "year",
    "capex",
    "annualised_capex",
    "om",
    "energy_saving",
    "carbon_saving",
    "fees_paid",
    "fees_received",
    "salvage",
    "net",
]
BY_TENANT_COLUMNS = ["tenant", "year", "bau_t", "plan_t", "capex", "cost", "saving"]
PARTY_COLUMNS = ["party", "kind", "npv", "payback_years", "irr", "capex_total", "fees_net"]
MEASURE_COLUMNS = ["measure", "site", "owner", "model", "served", "capex_total", "npv", "payback_years", "irr"]


def npv(flows: Sequence[float], df: Sequence[float]) -> float:
    """Net present value: sum of flow x discount factor."""
    return float(sum(f * k for f, k in zip(flows, df, strict=True)))


def simple_payback(flows: Sequence[float]) -> float | None:
    """Years from the first year with a net outflow until the cumulative net is back at >= 0 (0 when no year is
    a net outflow but some gain; None: never back, or no flows at all)."""
    start = next((i for i, f in enumerate(flows) if f < 0), None)
    if start is None:
        return 0.0 if any(f > 0 for f in flows) else None
    cum = 0.0
    for i in range(start, len(flows)):
        prev = cum
        cum += flows[i]
        if cum >= 0 > prev:  # back above zero during year i: the part of that year it took
            return float(i - start - 1 + (-prev / flows[i]))
    return None


def irr(flows: Sequence[float], lo: float = -0.99, hi: float = 10.0, tol: float = 1e-7) -> float | None:
    """Internal rate of return of yearly flows (first flow at t=0); None when NPV has no root in [lo, hi]."""

    def f(r: float) -> float:
        return sum(c / (1.0 + r) ** t for t, c in enumerate(flows))

    if not any(c < 0 for c in flows) or not any(c > 0 for c in flows):
        return None
    a, b = lo, hi
    fa, fb = f(a), f(b)
    if fa * fb > 0:
        return None
    for _ in range(200):
        m = 0.5 * (a + b)
        fm = f(m)
        if abs(fm) < tol or b - a < tol:
            return m
        if fa * fm <= 0:
            b = m
        else:
            a, fa = m, fm
    return 0.5 * (a + b)


def salvage(capex: float, built: Sequence[float], lifetime: int) -> float:
    """Straight-line value, after the last plan year, of units installed in the plan (capex per unit)."""
    n = len(built)
    return sum(capex * b * max(0, i + lifetime - n) / lifetime for i, b in enumerate(built) if b)


def finance(flows: Sequence[float], df: Sequence[float]) -> dict[str, float | None]:
    """NPV, simple payback and IRR of one party's or measure's yearly net flows."""
    return {"npv": npv(flows, df), "payback_years": simple_payback(flows), "irr": irr(flows)}


def _num(x: object) -> float | None:
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if v != v or v in (float("inf"), float("-inf")) else v


@dataclass(frozen=True)
class Tenancy:
    """Per-tenant and per-party results of a plan (see the module docstring and core.optimise.tenancy).

    - by_tenant: tenant ('zone', 'esco' for the operator and a third party), year, bau_t, plan_t (gross
      tCO2e, summing to the plan's emissions), capex (outlay), cost (the party's yearly cost under the plan:
      its energy and carbon price + annualised capex + O&M + fees paid - received), saving (BAU cost - cost)
    - cash_flows: FLOW_COLUMNS per party and year; parties: PARTY_COLUMNS; measures: MEASURE_COLUMNS
    """

    by_tenant: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=BY_TENANT_COLUMNS))
    cash_flows: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FLOW_COLUMNS))
    parties: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PARTY_COLUMNS))
    measures: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=MEASURE_COLUMNS))
    key_tenants: tuple[str, ...] = ()
    participation: bool = False
    weights: dict = field(default_factory=dict)  # measure -> tenant -> share of its effects

    def to_json(self) -> dict:
        """`by_tenant` and `parties` of the CLI's JSON (+ `measure_finance`)."""

        def rows(df: pd.DataFrame) -> list[dict]:
            return [
                {k: (_num(v) if not isinstance(v, str) and k not in ("year",) else v) for k, v in r.items()}
                | ({"year": int(r["year"])} if "year" in r else {})
                for r in df.to_dict("records")
            ]

        return {
            "by_tenant": rows(self.by_tenant),
            "parties": rows(self.parties),
            "measure_finance": rows(self.measures),
        }

    def cut(self, year: int) -> dict[str, float]:
        """Tenant -> share of its BAU emissions the plan avoids in `year` (tenants with BAU emissions only)."""
        bt = self.by_tenant
        y = bt[(bt["year"] == year) & (bt["bau_t"] > 0) & ~bt["tenant"].isin(("zone", "esco"))]
        return {str(r.tenant): 1.0 - float(r.plan_t) / float(r.bau_t) for r in y.itertuples()}

    def tenant_flows(self, party: str) -> pd.DataFrame:
        """One party's cash flows by year."""
        cf = self.cash_flows
        return cf[cf["party"] == party].set_index("year")
