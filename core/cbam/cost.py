"""CBAM cost by export line and year, BAU vs plan, and the assumptions it rests on.

- Importer = tenant. The EU importer is usually the tenant's customer; we treat each tenant's EU sales of
  CBAM goods as one importer's imports, so the 50 t de-minimis threshold (cumulative over iron and steel,
  aluminium, fertilisers and cement; not electricity or hydrogen) is tested per tenant and year.
- CBAM cost (EUR) = max(0, embedded_t x (EU ETS price x CBAM share - carbon price paid at origin)), where
  the CBAM share is 1 - the free allocation still granted that year (`data/cbam_rules.csv`). This takes
  the EU benchmark as equal to the good's embedded intensity; a good dirtier than the benchmark pays more.
"""

from __future__ import annotations

import pandas as pd

from core.baseline import activity_index
from core.cbam.embedded import _electricity_factor, _line_see, tenant_base
from core.cbam.plan_effect import tenant_deltas
from core.cbam.result import LINE_COLUMNS, CbamResult, _by_tenant, _by_year
from core.cbam.rules import (
    DEFINITIVE_FROM,
    CbamRules,
    cbam_share,
    default_markup,
    default_value,
    ets_price_path,
    load_rules,
)
from core.results import Plan
from core.schema import Scenario


def assumptions(s: Scenario, years: list[int], rules: CbamRules | None = None) -> dict:
    """What the CBAM figures rest on (for the CLI's JSON, the page and reports)."""
    r = rules or load_rules()
    src = r.table
    share_rows = src[src["rule"] == "cbam_share"]
    return {
        "importer": "each tenant is treated as the importer of its own EU exports (de-minimis per tenant)",
        "ets_price_eur_per_t": {int(y): round(v, 4) for y, v in ets_price_path(s, years, r).items()},
        "ets_price_source": "scenario assumptions.eu_ets_price_per_t"
        if s.assumptions.eu_ets_price_per_t
        else "default: 2025 average EUA price (Veyt), held flat",
        "cbam_share": {int(y): cbam_share(y, r) for y in years},
        "cbam_share_status": {int(x.year): x.status for x in share_rows.itertuples()},
        "phase_out_source": str(share_rows["source"].iloc[-1]) if len(share_rows) else "",
        "default_markup": {int(y): default_markup("*", y, r) for y in years},
        "de_minimis_t": r.de_minimis_t,
        "de_minimis_goods": sorted(r.de_minimis_goods),
        "indirect_counted_for": sorted(r.indirect_goods),
        "eur_per_currency": s.assumptions.eur_per_currency,
        "exports_scale_with_activity": True,
        "benchmark": "EU benchmark taken equal to the embedded intensity: cost = embedded x price x share",
        "zone_measures": "allocated to tenants pro rata to their base-year share of the affected carrier",
        "sources": sorted(set(src["source"])),
    }


def compute_cbam(s: Scenario, plan: Plan | None = None, years: list[int] | None = None) -> CbamResult:
    """CBAM exposure of every tenant's EU exports by year, BAU and (if a plan is given) with the plan."""
    rules = load_rules()
    years = list(years or s.plan_years)
    warnings: list[str] = []
    exporters = [t for t in s.tenants if t.exports]
    if not exporters:
        empty = pd.DataFrame({c: [] for c in LINE_COLUMNS})
        return CbamResult(
            empty, _by_year(empty, years, s), _by_tenant(empty, s), assumptions(s, years, rules), [], "none"
        )
    act = activity_index(s, years)
    price = ets_price_path(s, years, rules)
    ef_el = _electricity_factor(s, years)
    base = tenant_base(s)
    deltas = tenant_deltas(s, plan, years, base)
    dmap = {(r.tenant, int(r.year)): (r.direct_delta_t, r.electricity_delta_mwh) for r in deltas.itertuples()}
    plan_status = getattr(plan, "status", "none") if plan is not None else "none"

    rows = []
    for t in exporters:
        good_p = sum(x.production_t or 0.0 for x in t.exports)
        row = base.loc[t.id] if t.id in base.index else None
        de_min_eu = sum(x.eu_t for x in t.exports if x.good in rules.de_minimis_goods)
        for k, line in enumerate(t.exports):
            bd, bi, d_inv, el_inv = _line_see(line, good_p, row, rules)
            dv = default_value(line.good, line.cn_code, s.zone.country)
            uses_default = "default" in (bd, bi) and line.good != "electricity"
            if uses_default and dv is None:
                warnings.append(
                    f"tenants[{s.tenants.index(t)}].exports[{k}]: no measured value, no production_t and no "
                    f"sourced default for {line.good} {line.cn_code}; embedded emissions set to 0 - give "
                    "direct_t_per_t or production_t"
                )
            if uses_default and dv:
                src, status = dv.source, dv.status
            elif line.good == "electricity" and bd == "default":
                src, status = "grid factor of the country of production (scenario path)", "unverified"
            elif "measured" in (bd, bi):
                src, status = "measured", "reported"
            else:
                src, status = "inventory", "computed"
            for y in years:
                a = act[y]
                eu = line.eu_t * a
                dd, de = dmap.get((t.id, y), (0.0, 0.0))
                direct_bau_i = float(row["direct_t"]) * a if row is not None else 0.0
                el_bau_i = float(row["electricity_mwh"]) * a if row is not None else 0.0
                ratio_d = max(0.0, direct_bau_i + dd) / direct_bau_i if direct_bau_i > 0 else 1.0
                ratio_e = max(0.0, el_bau_i + de) / el_bau_i if el_bau_i > 0 else 1.0
                mk = default_markup(line.good, y, rules)
                # direct component (t/t)
                if line.good == "electricity" and bd == "default":
                    d_bau = d_plan = ef_el[y]
                elif bd == "measured":
                    d_bau, d_plan = line.direct_t_per_t, line.direct_t_per_t * ratio_d
                elif bd == "inventory":
                    d_bau, d_plan = d_inv, d_inv * ratio_d
                else:
                    d_bau = d_plan = (dv.direct_t_per_t if dv else 0.0) * (1 + mk)
                # indirect component (t/t), only for goods where it is counted
                if bi == "not_counted":
                    i_bau = i_plan = 0.0
                elif bi == "measured":
                    i_bau, i_plan = line.indirect_t_per_t, line.indirect_t_per_t * ratio_e
                elif bi == "inventory":
                    i_bau, i_plan = el_inv * ef_el[y], el_inv * ef_el[y] * ratio_e
                else:
                    i_bau = i_plan = (dv.indirect_t_per_t if dv else 0.0) * (1 + mk)
                see_bau, see_plan = d_bau + i_bau, d_plan + i_plan
                exempt = (
                    y >= DEFINITIVE_FROM and line.good in rules.de_minimis_goods and de_min_eu * a <= rules.de_minimis_t
                )
                share = cbam_share(y, rules)
                unit_cost = max(0.0, price[y] * share - line.carbon_price_paid_per_t)
                emb_bau, emb_plan = eu * see_bau, eu * see_plan
                rows.append(
                    {
                        "tenant": t.id,
                        "tenant_name": t.name,
                        "line": k,
                        "good": line.good,
                        "cn_code": line.cn_code,
                        "year": y,
                        "eu_t": eu,
                        "basis_direct": bd,
                        "basis_indirect": bi,
                        "source": src,
                        "status": status,
                        "see_bau": see_bau,
                        "see_plan": see_plan,
                        "direct_bau": d_bau,
                        "indirect_bau": i_bau,
                        "embedded_bau_t": emb_bau,
                        "embedded_plan_t": emb_plan,
                        "share": share,
                        "ets_price": price[y],
                        "paid_per_t": line.carbon_price_paid_per_t,
                        "exempt": exempt,
                        "bau_cost_eur": 0.0 if exempt else emb_bau * unit_cost,
                        "plan_cost_eur": 0.0 if exempt else emb_plan * unit_cost,
                    }
                )
    if plan is not None and plan_status == "error":
        warnings.append(f"no optimised plan ({getattr(plan, 'message', '')}): plan cost shown equal to BAU")
    lines = pd.DataFrame(rows, columns=LINE_COLUMNS)
    return CbamResult(
        lines, _by_year(lines, years, s), _by_tenant(lines, s), assumptions(s, years, rules), warnings, plan_status
    )
