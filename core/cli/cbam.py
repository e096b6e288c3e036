"""`python -m core cbam FILE [--json] [--template OUT.xlsx [--tenant ID] [--year Y]]`: CBAM obligation and cost
of exporting tenants, BAU vs plan; optionally the Commission's communication template per installation."""

from __future__ import annotations

import argparse
from pathlib import Path

from core.cbam import compute_cbam
from core.cbam.template import write_template
from core.errors import ScenarioError, issue
from core.optimise import solve
from core.schema import Scenario

HELP = "CBAM exposure of exporting tenants, BAU vs plan; --template writes the communication template"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON on stdout")
    p.add_argument("--template", metavar="OUT.xlsx", help="write the Commission's communication template")
    p.add_argument("--tenant", metavar="ID", help="the installation (tenant) for --template; default: every exporter")
    p.add_argument("--year", type=int, help="reporting year for --template; default: the first year from 2026")


def _template(s: Scenario, args: argparse.Namespace) -> tuple[dict, str]:
    exporters = [t.id for t in s.tenants if t.exports]
    if args.tenant and args.tenant not in exporters:
        raise ScenarioError(
            [issue("--tenant", "cbam_not_exporter", "{tenant} is not a tenant with EU exports of CBAM goods; exporters: "
                   "{known}", tenant=repr(args.tenant), known=", ".join(exporters) or "none")]
        )  # fmt: skip
    if not exporters:
        return {"written": []}, "No tenant exports CBAM goods to the EU: no template written."
    if args.year is not None and args.year not in s.plan_years:
        raise ScenarioError(
            [issue("--year", "year_outside_plan", "year outside the plan {first}-{last}", first=s.plan_years[0],
                   last=s.plan_years[-1])]
        )  # fmt: skip
    paths = write_template(s, Path(args.template), args.tenant, args.year)
    return {"written": [str(p) for p in paths]}, "\n".join(f"wrote {p}" for p in paths)


def run(s: Scenario, args: argparse.Namespace) -> tuple[dict, str]:
    """Solve the plan (when a tenant exports CBAM goods), then CBAM BAU vs plan."""
    if getattr(args, "template", None):
        return _template(s, args)
    plan = solve(s) if any(t.exports for t in s.tenants) else None
    res = compute_cbam(s, plan)
    payload = res.to_json()
    if not res.has_exports:
        return payload, "No tenant exports CBAM goods to the EU."
    out = [
        f"CBAM exposure (EUR), plan status: {res.plan_status}",
        f"{'year':>6} {'embedded t':>12} {'BAU':>14} {'plan':>14}",
    ]
    for y, r in res.by_year.iterrows():
        out.append(f"{y:>6} {r.embedded_bau_t:>12,.0f} {r.bau_cost_eur:>14,.0f} {r.plan_cost_eur:>14,.0f}")
    out.append(f"by export line, {int(res.by_tenant['year'].iloc[0])} (t/t; EUR):")
    out.append(f"{'tenant':<8}{'CN':<12}{'EU t':>8}{'direct':>8}{'indir.':>8}{'precur.':>8}{'bench.':>8}{'oblig.':>8}"
               f"{'cost':>12}  basis")  # fmt: skip
    for r in res.by_tenant.itertuples():
        out.append(
            f"{r.tenant:<8}{r.cn_code:<12}{r.eu_t:>8,.0f}{r.see_direct_t_per_t:>8.3f}{r.see_indirect_t_per_t:>8.3f}"
            f"{r.see_precursor_t_per_t:>8.3f}{r.benchmark_t_per_t:>8.3f}{r.obligation_t_per_t:>8.3f}{r.cost_eur:>12,.0f}"
            f"  {r.basis}, precursors {r.basis_precursors}"
        )
    tot = payload["totals"]
    out.append(
        f"total BAU {tot['bau_cost_eur']:,.0f} EUR, plan {tot['plan_cost_eur']:,.0f} EUR, "
        f"saving {tot['saving_eur']:,.0f} EUR"
    )
    out += [f"warning: {w}" for w in res.warnings]
    return payload, "\n".join(out)
