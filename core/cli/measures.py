"""`python -m core measures FILE [--json]`: the measure catalogue as resolved for a scenario."""

from __future__ import annotations

import argparse
import math

from core.baseline import baseline
from core.catalogue import catalogue_table, resolve_measures, unavailable
from core.schema import Scenario

HELP = "the measures as resolved for the scenario: costs, limits, pace, streams, sources"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON on stdout")


def rows(s: Scenario) -> list[dict]:
    """One dict per measure (contract of `measures --json`)."""
    b = baseline(s)
    why = dict(unavailable(s, b))
    cat = {r["id"]: r for r in catalogue_table().to_dict("records")}
    out = []
    for m in resolve_measures(s, b):
        ub = m.max_units
        per_year = None if ub is None else (ub * m.max_build_share_per_year)
        if per_year is not None and m.integer:
            per_year = max(1.0, math.floor(per_year + 1e-9)) if ub else 0.0
        c = cat.get(m.id, {})
        out.append(
            {
                "id": m.id,
                "unit": m.unit,
                "capex_per_unit": m.capex_per_unit,
                "om_per_unit_year": m.om_per_unit_year,
                "lifetime_years": m.lifetime_years,
                "max_units": ub,
                "max_new_per_year": per_year,
                "lead_time_years": m.lead_time_years,
                "available": m.id not in why and (ub is None or ub > 0),
                "why_not": why.get(m.id),
                "effects": m.effects.quantities(),
                "share_effects": dict(m.share_effects),
                "acts_on": m.acts_on,
                "source": m.source,
                "url": c.get("url") or None,
                "status": c.get("status") or "user",
            }
        )
    return out


def run(s: Scenario, args: argparse.Namespace) -> tuple[dict, str]:
    data = rows(s)
    lines = [f"{'id':<28}{'unit':<22}{'capex':>12}{'O&M':>10}{'life':>5}{'max units':>14}{'lead':>6}  stream / why not"]
    for r in data:
        mx = "-" if r["max_units"] is None else f"{r['max_units']:,.0f}"
        tail = r["acts_on"] or ""
        if not r["available"]:
            tail = f"not available: {r['why_not'] or 'no potential'}"
        lines.append(
            f"{r['id']:<28}{r['unit'][:21]:<22}{r['capex_per_unit']:>12,.0f}{r['om_per_unit_year']:>10,.1f}"
            f"{r['lifetime_years']:>5}{mx:>14}{r['lead_time_years']:>6.2g}  {tail}"
        )
    return {"measures": data}, "\n".join(lines)
