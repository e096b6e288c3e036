"""CBAM obligation and cost by export line and year, BAU vs plan, and the assumptions it rests on.

- Certificates per t of good (Reg 2023/956 Art 31, Commission Q&A 3.7): max(0, SEE - CBAM factor of the year x
  CSCF x benchmark - carbon price paid at origin expressed in certificates); no obligation before 2026.
- Carbon price paid at origin (Art 9 as replaced by Reg 2025/2083): only with actual emissions (measured or
  inventory); the price paid (EUR/tCO2e) on the installation's own direct emissions, converted to certificates
  at the EU price of the year, at most those emissions. With default values no deduction (the Commission's
  yearly default carbon prices are not published yet).
- Importer = tenant: the 50 t de-minimis (net mass, cumulative over all goods except electricity and hydrogen) is
  tested per tenant and year; above it, every tonne is subject (a cliff).
- Cost (EUR) = certificates per t x EU tonnes x EU price of the year (scenario `assumptions.eu_ets_price_per_t`).
- EU tonnes grow with the zone's activity index; SEE per t stays at its base-year level except that the plan
  lowers the own direct and indirect emissions (`core.cbam.plan_effect`), and default values follow the mark-up.
"""

from __future__ import annotations

import pandas as pd

from core.baseline import activity_index
from core.cbam.embedded import LineSee, line_see, tenant_base
from core.cbam.plan_effect import tenant_deltas
from core.cbam.result import LINE_COLUMNS, CbamResult, by_tenant_table, by_year_table
from core.cbam.rules import CbamRules, cbam_factor, cn_scope, ets_price_path, grid_default, load_rules
from core.errors import Issue, issue
from core.factors import SCENARIO_VALUE
from core.results import Plan
from core.schema import Scenario


def assumptions(s: Scenario, years: list[int], rules: CbamRules | None = None) -> dict:
    """What the CBAM figures rest on, with sources (for the CLI's JSON, the page and the template)."""
    r = rules or load_rules()
    grid = grid_default(s.zone.country)
    tab = r.table
    src = {x.rule: {"source": x.source, "url": x.url, "status": x.status} for x in tab.itertuples()}
    return {
        "importer": "each tenant is treated as the importer of its own EU exports (de-minimis per tenant)",
        "eu_price_eur_per_t": {int(y): round(v, 4) for y, v in ets_price_path(s, years, r).items()},
        "eu_price_source": SCENARIO_VALUE
        if s.assumptions.eu_ets_price_per_t
        else f"default {r.eu_price_default} EUR/t ({src['eu_price_default']['source']}), held flat",
        "cbam_factor": {int(y): cbam_factor(y, r) for y in years},
        "cbam_factor_source": src.get("cbam_factor", {}),
        "definitive_from": r.definitive_from,
        "de_minimis_t": r.de_minimis_t,
        "de_minimis_source": src["de_minimis_t"],
        "cscf": r.cscf,
        "grid_factor_t_per_mwh": grid.t_per_mwh,
        "grid_factor_source": {"source": grid.source, "status": grid.status, "country": grid.country},
        "default_values_source": "Commission Implementing Regulation (EU) 2025/2621 Annex I, with the mark-up "
        "of 2026, 2027, 2028 onwards (data/cbam/defaults.csv)",
        "benchmarks_source": "Commission Implementing Regulation (EU) 2025/2620, Column A/B (data/cbam/benchmarks.csv); "
        "valid for 2026 imports, applied to later years until updated",
        "precursors_source": "typical precursors per CN code (data/cbam/precursors.csv) when a line gives none",
        "precursor_origin": "the zone's country unless the precursor line gives its country of production",
        "origin_price": "deducted only with actual emissions (Art 9); none with default values",
        "eur_per_currency": s.assumptions.eur_per_currency,
        "exports_scale_with_activity": True,
        "zone_measures": "allocated to tenants pro rata to their base-year share of the affected carrier",
        "sources": sorted(set(tab["source"])),
    }


def _exempt_mass(s: Scenario) -> dict[str, float]:
    """Per tenant: base-year EU tonnes that count towards the de-minimis threshold."""
    out = {}
    for t in s.tenants:
        out[t.id] = sum(x.eu_t for x in t.exports if (sc := cn_scope(x.cn_code)) is None or sc.de_minimis)
    return out


def _row(m: LineSee, y: int, eu: float, price: float, paid: float, exempt: bool, r: CbamRules) -> dict:
    d, i, p = m.direct(y), m.indirect(y), m.precursor(y)
    factor = cbam_factor(y, r)
    free = factor * r.cscf * m.benchmark_t_per_t
    charged = y >= r.definitive_from and not exempt
    actual = m.basis != "default"
    own = m.direct_own if actual else 0.0

    def cert(own_d: float, see: float) -> float:
        deduct = min(own_d, paid * own_d / price) if (actual and price > 0) else 0.0
        return max(0.0, see - free - deduct) if charged else 0.0

    return {
        "see_direct": d,
        "see_indirect": i,
        "see_precursor": p,
        "see_bau": d + i + p,
        "benchmark": m.benchmark_t_per_t,
        "cbam_factor": factor,
        "free_t_per_t": free,
        "deduction_t_per_t": min(own, paid * own / price) if (actual and price > 0 and charged) else 0.0,
        "obligation_bau_t_per_t": cert(own, d + i + p),
        "embedded_bau_t": eu * (d + i + p),
        "_cert": cert,
    }


def compute_cbam(s: Scenario, plan: Plan | None = None, years: list[int] | None = None) -> CbamResult:
    """CBAM exposure of every tenant's EU exports by year, BAU and (if a plan is given) with the plan."""
    rules = load_rules()
    years = list(years or s.plan_years)
    issues: list[Issue] = []
    if not any(t.exports for t in s.tenants):
        empty = pd.DataFrame({c: [] for c in LINE_COLUMNS})
        return CbamResult(
            empty, by_year_table(empty, years, s), by_tenant_table(empty), assumptions(s, years, rules), [], "none"
        )
    act = activity_index(s, years)
    price = ets_price_path(s, years, rules)
    base = tenant_base(s)
    deltas = tenant_deltas(s, plan, years, base)
    dmap = {(r.tenant, int(r.year)): (r.direct_delta_t, r.electricity_delta_mwh) for r in deltas.itertuples()}
    plan_status = getattr(plan, "status", "none") if plan is not None else "none"
    mass = _exempt_mass(s)
    rows = []
    for ti, t in enumerate(s.tenants):
        if not t.exports:
            continue
        good_p = sum(x.production_t or 0.0 for x in t.exports)
        brow = base.loc[t.id] if t.id in base.index else None
        for k, line in enumerate(t.exports):
            m = line_see(s, ti, k, good_p, brow)
            issues += m.issues
            if line.carbon_price_paid_per_t > 0 and m.basis == "default":
                issues.append(
                    issue(
                        f"tenants[{ti}].exports[{k}].carbon_price_paid_per_t",
                        "cbam_origin_price_needs_actual",
                        "a carbon price paid at origin is deducted only with actual emissions, not with default values",
                    )
                )
            scope = cn_scope(line.cn_code)
            in_sum = scope is None or scope.de_minimis
            for y in years:
                a = act[y]
                eu = line.eu_t * a
                exempt = in_sum and mass[t.id] * a <= rules.de_minimis_t
                row = _row(m, y, eu, price[y], line.carbon_price_paid_per_t, exempt, rules)
                cert = row.pop("_cert")
                # plan: own direct and indirect scale with the tenant's plan/BAU ratio (not defaults, not precursors)
                dd, de = dmap.get((t.id, y), (0.0, 0.0))
                d_bau = float(brow["direct_t"]) * a if brow is not None else 0.0
                e_bau = float(brow["electricity_mwh"]) * a if brow is not None else 0.0
                rd = max(0.0, d_bau + dd) / d_bau if d_bau > 0 else 1.0
                re_ = max(0.0, e_bau + de) / e_bau if e_bau > 0 else 1.0
                actual = m.basis in ("measured", "inventory") and m.good != "electricity"
                d_plan = row["see_direct"] * rd if actual else row["see_direct"]
                i_plan = (
                    row["see_indirect"] * re_ if m.basis_indirect in ("measured", "inventory") else row["see_indirect"]
                )
                see_plan = d_plan + i_plan + row["see_precursor"]
                ob_plan = cert(m.direct_own * rd if actual else 0.0, see_plan)
                rows.append(
                    {
                        "tenant": t.id,
                        "tenant_name": t.name,
                        "line": k,
                        "good": line.good,
                        "cn_code": line.cn_code,
                        "year": y,
                        "eu_t": eu,
                        "basis": m.basis,
                        "basis_indirect": m.basis_indirect,
                        "basis_precursors": m.basis_precursors,
                        "route": m.route,
                        "source": m.source,
                        "status": m.status,
                        **row,
                        "see_plan": see_plan,
                        "obligation_plan_t_per_t": ob_plan,
                        "embedded_plan_t": eu * see_plan,
                        "ets_price": price[y],
                        "paid_per_t": line.carbon_price_paid_per_t,
                        "exempt": exempt and y >= rules.definitive_from,
                        "bau_cost_eur": row["obligation_bau_t_per_t"] * eu * price[y],
                        "plan_cost_eur": ob_plan * eu * price[y],
                    }
                )
    if plan is not None and plan_status == "error":
        issues.append(
            issue(
                "",
                "cbam_no_plan",
                "no optimised plan ({msg}): plan cost shown equal to BAU",
                msg=getattr(plan, "message", ""),
            )
        )
    lines = pd.DataFrame(rows, columns=LINE_COLUMNS)
    first = next((y for y in years if y >= rules.definitive_from), years[0])
    return CbamResult(
        lines,
        by_year_table(lines, years, s),
        by_tenant_table(lines, first, {(t.id, k): x.eu_t for t in s.tenants for k, x in enumerate(t.exports)}),
        assumptions(s, years, rules),
        list(dict.fromkeys(issues)),
        plan_status,
    )
