"""The CBAM result: per-line table, sums by year and per export line, JSON and chart views."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.errors import Issue
from core.schema import Scenario

LINE_COLUMNS = [
    "tenant",
    "tenant_name",
    "line",
    "good",
    "cn_code",
    "year",
    "eu_t",
    "basis",
    "basis_indirect",
    "basis_precursors",
    "route",
    "source",
    "status",
    "see_direct",
    "see_indirect",
    "see_precursor",
    "see_bau",
    "benchmark",
    "cbam_factor",
    "free_t_per_t",
    "deduction_t_per_t",
    "obligation_bau_t_per_t",
    "embedded_bau_t",
    "see_plan",
    "obligation_plan_t_per_t",
    "embedded_plan_t",
    "ets_price",
    "paid_per_t",
    "exempt",
    "bau_cost_eur",
    "plan_cost_eur",
]

TENANT_COLUMNS = [
    "tenant",
    "tenant_name",
    "line",
    "good",
    "cn_code",
    "year",
    "eu_t",
    "eu_t_year",
    "see_direct_t_per_t",
    "see_indirect_t_per_t",
    "see_precursor_t_per_t",
    "see_t_per_t",
    "benchmark_t_per_t",
    "cbam_factor",
    "free_t_per_t",
    "deduction_t_per_t",
    "obligation_t_per_t",
    "ets_price",
    "cost_eur",
    "exempt",
    "basis",
    "basis_indirect",
    "basis_precursors",
    "source",
    "status",
    "bau_cost_eur",
    "plan_cost_eur",
    "saving_eur",
]


@dataclass(frozen=True)
class CbamResult:
    """CBAM exposure, one row per tenant x export line x year in `lines` (EUR; tCO2e; t of good).

    by_year: index year; embedded_bau_t, embedded_plan_t, bau_cost_eur, plan_cost_eur, saving_eur and the same
      costs in scenario currency (bau_cost, plan_cost, saving).
    by_tenant: one row per export line in the reference year (the first year of the definitive period), with
      the declared EU tonnes (`eu_t`), that year's tonnes (`eu_t_year`), the SEE components, benchmark,
      obligation and that year's cost; bau/plan/saving summed over the years.
    warnings: named, translatable issues (fallback to 'other countries', short CN codes, ...).
    """

    lines: pd.DataFrame
    by_year: pd.DataFrame
    by_tenant: pd.DataFrame
    assumptions: dict
    warnings: list[Issue]
    plan_status: str

    @property
    def has_exports(self) -> bool:
        return not self.by_tenant.empty

    def to_json(self) -> dict:
        def num(x: float) -> float:
            return round(float(x), 6)

        by_year = {
            int(y): {
                "embedded_t": num(r.embedded_bau_t),
                "embedded_plan_t": num(r.embedded_plan_t),
                "bau_cost_eur": num(r.bau_cost_eur),
                "plan_cost_eur": num(r.plan_cost_eur),
                "saving_eur": num(r.saving_eur),
            }
            for y, r in self.by_year.iterrows()
        }
        numeric = {c for c in TENANT_COLUMNS if c.endswith(("_t_per_t", "_eur", "_t", "_year", "factor", "price"))} - {
            "year"
        }
        by_tenant = [
            {
                c: (num(v) if c in numeric else bool(v) if c == "exempt" else int(v) if c in ("year", "line") else v)
                for c, v in r.items()
            }
            for r in self.by_tenant.to_dict(orient="records")
        ]
        tot = self.by_year[["bau_cost_eur", "plan_cost_eur", "saving_eur"]].sum() if not self.by_year.empty else None
        return {
            "currency": "EUR",
            "by_year": by_year,
            "by_tenant": by_tenant,
            "totals": {
                c: num(tot[c]) if tot is not None else 0.0 for c in ("bau_cost_eur", "plan_cost_eur", "saving_eur")
            },
            "plan_status": self.plan_status,
            "assumptions": self.assumptions,
            "warnings": [str(w) for w in self.warnings],
        }


def by_year_table(lines: pd.DataFrame, years: list[int], s: Scenario) -> pd.DataFrame:
    cols = ["embedded_bau_t", "embedded_plan_t", "bau_cost_eur", "plan_cost_eur"]
    g = lines.groupby("year")[cols].sum() if not lines.empty else pd.DataFrame(columns=cols)
    out = g.reindex(years, fill_value=0.0).astype(float)
    out.index.name = "year"
    out["saving_eur"] = out["bau_cost_eur"] - out["plan_cost_eur"]
    rate = s.assumptions.eur_per_currency
    for c in ("bau_cost", "plan_cost", "saving"):
        out[c] = out[f"{c}_eur"] / rate
    return out


def by_tenant_table(lines: pd.DataFrame, year: int | None = None, declared: dict | None = None) -> pd.DataFrame:
    """One row per export line in `year` (default: the first year), costs summed over all years. `eu_t` is the
    declared (base-year) EU tonnage of the line (`declared`: (tenant, line) -> t), `eu_t_year` that year's."""
    if lines.empty:
        return pd.DataFrame({c: [] for c in TENANT_COLUMNS})
    year = year if year is not None and year in set(lines["year"]) else int(lines["year"].min())
    f = lines[lines["year"] == year]
    out = pd.DataFrame(
        {
            "tenant": f["tenant"],
            "tenant_name": f["tenant_name"],
            "line": f["line"],
            "good": f["good"],
            "cn_code": f["cn_code"],
            "year": f["year"],
            "eu_t": [
                (declared or {}).get((a, b), e) for a, b, e in zip(f["tenant"], f["line"], f["eu_t"], strict=True)
            ],
            "eu_t_year": f["eu_t"],
            "see_direct_t_per_t": f["see_direct"],
            "see_indirect_t_per_t": f["see_indirect"],
            "see_precursor_t_per_t": f["see_precursor"],
            "see_t_per_t": f["see_bau"],
            "benchmark_t_per_t": f["benchmark"],
            "cbam_factor": f["cbam_factor"],
            "free_t_per_t": f["free_t_per_t"],
            "deduction_t_per_t": f["deduction_t_per_t"],
            "obligation_t_per_t": f["obligation_bau_t_per_t"],
            "ets_price": f["ets_price"],
            "cost_eur": f["bau_cost_eur"],
            "exempt": f["exempt"],
            "basis": f["basis"],
            "basis_indirect": f["basis_indirect"],
            "basis_precursors": f["basis_precursors"],
            "source": f["source"],
            "status": f["status"],
        }
    ).reset_index(drop=True)
    tot = lines.groupby(["tenant", "line"])[["bau_cost_eur", "plan_cost_eur"]].sum()
    keys = list(zip(out["tenant"], out["line"], strict=True))
    out["bau_cost_eur"] = [float(tot.loc[k, "bau_cost_eur"]) for k in keys]
    out["plan_cost_eur"] = [float(tot.loc[k, "plan_cost_eur"]) for k in keys]
    out["saving_eur"] = out["bau_cost_eur"] - out["plan_cost_eur"]
    return out[TENANT_COLUMNS]


def cost_long(res: CbamResult, names: dict[str, str] | None = None) -> pd.DataFrame:
    """CBAM cost by year in long form for a line chart: year, series (BAU / plan labels), eur."""
    names = names or {"bau": "BAU", "plan": "plan"}
    by = res.by_year
    parts = [
        pd.DataFrame({"year": by.index, "series": names["bau"], "eur": by["bau_cost_eur"].to_numpy()}),
        pd.DataFrame({"year": by.index, "series": names["plan"], "eur": by["plan_cost_eur"].to_numpy()}),
    ]
    return pd.concat(parts, ignore_index=True)
