"""`python -m core solve FILE [--json] [--solver highs|cbc] [--time-limit S] [--gap G]`."""

from __future__ import annotations

import argparse

from core.optimise import DEFAULT_GAP, DEFAULT_TIME_LIMIT_S, SolveSettings, solve
from core.results import Plan
from core.schema import Scenario

HELP = "least-cost pathway that meets the targets"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON on stdout")
    p.add_argument("--solver", choices=["highs", "cbc"], default="highs")
    p.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT_S, help="seconds")
    p.add_argument("--gap", type=float, default=DEFAULT_GAP, help="relative MIP gap")
    p.add_argument(
        "--power", choices=["annual", "hourly"], default=SolveSettings.power_mode, help="electricity balance mode"
    )
    p.add_argument("--days", type=int, default=SolveSettings.power_days, help="representative days (hourly mode)")
    p.add_argument(
        "--segments",
        type=int,
        default=SolveSettings.power_segments,
        help="slots per representative day, 1-24 (hourly mode; 24: every hour)",
    )


def run(s: Scenario, args: argparse.Namespace) -> tuple[dict, str]:
    st = SolveSettings(
        solver=args.solver,
        time_limit_s=args.time_limit,
        gap=args.gap,
        power_mode=args.power,
        power_days=args.days,
        power_segments=max(1, min(24, args.segments)),
    )
    plan = solve(s, st)
    return plan.to_json(), format_plan(plan)


def format_plan(plan: Plan) -> str:
    lines = [f"status: {plan.status} - {plan.message}"]
    if not plan.ok:
        return "\n".join(lines)
    cur = plan.currency
    lines.append(
        f"NPV cost {plan.npv['total']:,.0f} {cur} (BAU {plan.npv['bau_total']:,.0f}, saving {plan.npv['saving']:,.0f})"
    )
    p = plan.pathway
    for y in sorted({plan.years[0], *plan.years[4::5], plan.years[-1]}) if plan.years else []:
        if y in p.index:
            r = p.loc[y]
            tgt = "" if r["target_t"] != r["target_t"] else f"  target {r['target_t']:,.0f}"
            lines.append(
                f"  {y}: BAU {r['bau_t']:,.0f} t  plan {r['plan_gross_t']:,.0f} t  net {r['plan_net_t']:,.0f} t{tgt}"
            )
    if plan.power:
        y = plan.years[-1]
        f = plan.power.get(y, {})
        lines.append(
            f"power ({plan.power_mode}) {y}: load {f['load_mwh']:,.0f} MWh, grid {f['grid_import_mwh']:,.0f}, "
            f"on-site renewables used {f['onsite_renewable_used_mwh']:,.0f}, curtailed {f['curtailed_mwh']:,.0f}, "
            f"storage {f['storage_mwh_installed']:,.1f} MWh, genset {f['genset_mwh']:,.0f} MWh, "
            f"export {f.get('export_mwh', 0.0):,.0f} MWh"
        )
    built = plan.units[plan.units["built"] > 1e-9]
    for mid, g in built.groupby("measure"):
        years = ", ".join(f"{int(y)}: {b:,.4g}" for y, b in zip(g["year"], g["built"], strict=True))
        lines.append(f"  build {mid}: {years}")
    for r in plan.shortfall.itertuples():
        lines.append(f"  short: {r.metric} ({r.basis}) {r.year}: target {r.target:,.4g}, achieved {r.achieved:,.4g}")
    sv = plan.solver
    lines.append(
        f"solver {sv.name}: {sv.n_vars} variables, {sv.n_cons} constraints, "
        f"build {sv.build_s:.2f} s, solve {sv.time_s:.2f} s"
    )
    return "\n".join(lines)
