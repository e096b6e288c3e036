"""The CBAM result: per-line table, sums by year and by export line, JSON and chart views."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from core.schema import Scenario


@dataclass(frozen=True)
class CbamResult:
    """CBAM exposure, one row per tenant x export line x year in `lines` (EUR; tCO2e; t of good).

    lines: tenant, tenant_name, line, good, cn_code, year, eu_t, basis_direct, basis_indirect, source,
      status, see_bau, see_plan, direct_bau, indirect_bau, embedded_bau_t, embedded_plan_t, share,
      ets_price, paid_per_t, exempt, bau_cost_eur, plan_cost_eur
    by_year: index year; embedded_bau_t, embedded_plan_t, bau_cost_eur, plan_cost_eur, saving_eur,
      bau_cost, plan_cost, saving (scenario currency)
    by_tenant: tenant, tenant_name, good, cn_code, eu_t, embedded_t_per_t (first plan year SEE, BAU), basis,
      direct/indirect t per t, source, status, bau_cost_eur / plan_cost_eur / saving_eur (sums over the years)
    """

    lines: pd.DataFrame
    by_year: pd.DataFrame
    by_tenant: pd.DataFrame
    assumptions: dict
    warnings: list[str]
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
                "bau_cost": num(r.bau_cost_eur),
                "plan_cost": num(r.plan_cost_eur),
                "saving": num(r.saving_eur),
            }
            for y, r in self.by_year.iterrows()
        }
        by_tenant = [
            {
                "tenant": r.tenant,
                "good": r.good,
                "cn_code": r.cn_code,
                "eu_t": num(r.eu_t),
                "embedded_t_per_t": num(r.embedded_t_per_t),
                "basis": r.basis,
            }
            for r in self.by_tenant.itertuples()
        ]
        return {
            "currency": "EUR",
            "by_year": by_year,
            "by_tenant": by_tenant,
            "totals": {
                "bau_cost": num(self.by_year["bau_cost_eur"].sum()) if not self.by_year.empty else 0.0,
                "plan_cost": num(self.by_year["plan_cost_eur"].sum()) if not self.by_year.empty else 0.0,
                "saving": num(self.by_year["saving_eur"].sum()) if not self.by_year.empty else 0.0,
            },
            "plan_status": self.plan_status,
            "assumptions": self.assumptions,
            "warnings": self.warnings,
        }


LINE_COLUMNS = [
    "tenant",
    "tenant_name",
    "line",
    "good",
    "cn_code",
    "year",
    "eu_t",
    "basis_direct",
    "basis_indirect",
    "source",
    "status",
    "see_bau",
    "see_plan",
    "direct_bau",
    "indirect_bau",
    "embedded_bau_t",
    "embedded_plan_t",
    "share",
    "ets_price",
    "paid_per_t",
    "exempt",
    "bau_cost_eur",
    "plan_cost_eur",
]


def _by_year(lines: pd.DataFrame, years: list[int], s: Scenario) -> pd.DataFrame:
    cols = ["embedded_bau_t", "embedded_plan_t", "bau_cost_eur", "plan_cost_eur"]
    g = lines.groupby("year")[cols].sum() if not lines.empty else pd.DataFrame(columns=cols)
    out = g.reindex(years, fill_value=0.0).astype(float)
    out.index.name = "year"
    out["saving_eur"] = out["bau_cost_eur"] - out["plan_cost_eur"]
    rate = s.assumptions.eur_per_currency
    for c in ("bau_cost", "plan_cost", "saving"):
        out[c] = out[f"{c}_eur"] / rate
    return out


def _by_tenant(lines: pd.DataFrame, s: Scenario) -> pd.DataFrame:
    """One row per export line, with the first year's BAU SEE and the declared (base-year) EU tonnes."""
    cols = ["tenant", "tenant_name", "good", "cn_code", "eu_t", "embedded_t_per_t", "direct_t_per_t"]
    cols += ["indirect_t_per_t", "basis", "source", "status", "bau_cost_eur", "plan_cost_eur", "saving_eur"]
    if lines.empty:
        return pd.DataFrame({c: [] for c in cols})
    first = lines[lines["year"] == lines["year"].min()]
    eu = {(t.id, k): x.eu_t for t in s.tenants for k, x in enumerate(t.exports)}
    out = pd.DataFrame(
        {
            "tenant": first["tenant"],
            "tenant_name": first["tenant_name"],
            "good": first["good"],
            "cn_code": first["cn_code"],
            "eu_t": [eu[(a, b)] for a, b in zip(first["tenant"], first["line"], strict=True)],
            "embedded_t_per_t": first["see_bau"],
            "direct_t_per_t": first["direct_bau"],
            "indirect_t_per_t": first["indirect_bau"],
            "basis": [
                d if i in ("not_counted", d) else f"{d}+{i}"
                for d, i in zip(first["basis_direct"], first["basis_indirect"], strict=True)
            ],
            "source": first["source"],
            "status": first["status"],
        }
    ).reset_index(drop=True)
    tot = lines.groupby(["tenant", "line"])[["bau_cost_eur", "plan_cost_eur"]].sum()
    keys = list(zip(first["tenant"], first["line"], strict=True))
    out["bau_cost_eur"] = [float(tot.loc[k, "bau_cost_eur"]) for k in keys]  # sum over the plan years
    out["plan_cost_eur"] = [float(tot.loc[k, "plan_cost_eur"]) for k in keys]
    out["saving_eur"] = out["bau_cost_eur"] - out["plan_cost_eur"]
    return out


def cost_long(res: CbamResult, names: dict[str, str] | None = None) -> pd.DataFrame:
    """CBAM cost by year in long form for a line chart: year, series (BAU / plan labels), eur."""
    names = names or {"bau": "BAU", "plan": "plan"}
    by = res.by_year
    parts = [
        pd.DataFrame({"year": by.index, "series": names["bau"], "eur": by["bau_cost_eur"].to_numpy()}),
        pd.DataFrame({"year": by.index, "series": names["plan"], "eur": by["plan_cost_eur"].to_numpy()}),
    ]
    return pd.concat(parts, ignore_index=True)
