"""Specific embedded emissions (SEE, tCO2e per t of good) of one export line, and the basis of each figure.

- Own direct emissions of the installation (the tenant), first available of:
  1. `measured`: the export line's `direct_t_per_t`;
  2. `inventory`: the tenant's Scope 1 without refrigerant leaks and methane (the CBAM gases are CO2, N2O and
     PFCs) divided by the tenant's production of its CBAM goods (sum of `production_t` of its lines): the
     emissions are attributed to each good by its share of the mass produced;
  3. `default`: the EU default value of the CN code for the zone's country (IR 2025/2621, mark-up of the
     year); a default value already includes the precursors and, for cement and fertilisers, the indirect
     emissions.
- Precursors (measured and inventory bases only): each purchased precursor's tonnes per tonne of good x its
  SEE: the supplier's actual values when given (`supplier`), else the default value of the precursor's CN
  code for its country of production (the zone's country unless given; 'other countries' when that country
  has no value), with the year's mark-up (`default`). Without `precursors` on the line, the typical precursors
  of the CN code (`data/cbam/precursors.csv`) are assumed.
- Indirect emissions, counted only where the rules count them (cement, fertilisers): measured, else the
  tenant's grid electricity per t x the Commission's default grid factor of the country (IR 2025/2621 Annex
  II); precursors carry their indirect emissions only when the good counts them (IR 2025/2547 Annex I 3.1).
- Benchmark (free allocation per t before the CBAM factor): with default values Column B of the good's CN and
  route; with actual values Column A of the good plus, per purchased precursor, its tonnes x Column B of the
  precursor; an installation without purchased precursors (it makes them itself) takes Column B.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from core.carriers import energy_to_canonical
from core.cbam.rules import GridDefault, cn_scope, grid_default
from core.cbam.values import DefaultSee, benchmark, default_see, typical_precursors
from core.errors import Issue, issue
from core.inventory import compute_inventory
from core.schema import ExportLine, Scenario, Tenant


def tenant_base(s: Scenario) -> pd.DataFrame:
    """Per tenant: base-year CBAM direct emissions (Scope 1 without refrigerant leaks, tCO2e), grid electricity
    (MWh), process + fugitive tCO2e, and canonical energy by carrier (`e_<carrier>`). Index: tenant id."""
    lines = compute_inventory(s).lines
    s1 = lines[lines["scope"] == 1]
    cbam_gases = (s1["source"] != "fugitive") & (s1["gas"] != "CH4")  # CBAM counts CO2, N2O and PFCs
    direct = s1[cbam_gases].groupby("tenant")["t_co2e"].sum()
    process = s1[s1["source"].isin(("process", "fugitive"))].groupby("tenant")["t_co2e"].sum()
    rows = []
    for t in s.tenants:
        energy = energy_to_canonical(t.energy.quantities())
        rows.append(
            {
                "tenant": t.id,
                "direct_t": float(direct.get(t.id, 0.0)),
                "electricity_mwh": energy.get("electricity", 0.0),
                "process_t": float(process.get(t.id, 0.0)),  # process + fugitive, as the optimiser counts them
                **{f"e_{c}": q for c, q in energy.items()},
            }
        )
    return pd.DataFrame(rows).set_index("tenant").fillna(0.0)


@dataclass(frozen=True)
class PrecursorSee:
    cn_code: str
    t_per_t: float
    country: str  # country of production used for the default
    basis: str  # 'supplier' or 'default'
    typical: bool  # assumed from the typical-precursor table
    direct: float | None  # supplier values (t/t of precursor); None = default
    indirect: float | None
    default: DefaultSee | None
    benchmark_b: float  # Column B of the precursor, t/t of precursor

    def see(self, year: int, indirect_counted: bool) -> float:
        """Embedded emissions per t of the good carried by this precursor in `year`."""
        if self.basis == "supplier":
            d, i = self.direct or 0.0, (self.indirect or 0.0) if indirect_counted else 0.0
        elif self.default is not None:
            d, i = self.default.see(year, indirect_counted)
        else:
            d = i = 0.0
        return self.t_per_t * (d + i)


@dataclass(frozen=True)
class LineSee:
    """One export line's SEE model (base year; `direct`/`indirect`/`precursor` give the year's values)."""

    good: str
    cn_code: str
    basis: str  # own direct: 'measured' | 'inventory' | 'default'
    basis_indirect: str  # 'measured' | 'inventory' | 'default' | 'not_counted'
    basis_precursors: str  # 'supplier' | 'default' | 'supplier+default' | 'none' | 'in_default'
    indirect_counted: bool
    direct_own: float  # t/t, measured or inventory (0 for the default basis)
    electricity_mwh_per_t: float  # inventory basis of the indirect component
    indirect_measured: float | None
    grid: GridDefault
    default: DefaultSee | None  # the good's own default value (default basis)
    precursors: list[PrecursorSee]
    benchmark_t_per_t: float
    route: str
    source: str
    status: str
    issues: list[Issue] = field(default_factory=list)

    def direct(self, year: int) -> float:
        if self.basis == "default" and self.default is not None:
            return self.default.see(year, self.indirect_counted)[0]
        return self.direct_own

    def indirect(self, year: int) -> float:
        if self.basis_indirect == "not_counted":
            return 0.0
        if self.basis_indirect == "measured":
            return self.indirect_measured or 0.0
        if self.basis_indirect == "inventory":
            return self.electricity_mwh_per_t * self.grid.t_per_mwh
        return self.default.see(year, True)[1] if self.default else 0.0

    def precursor(self, year: int) -> float:
        return sum(p.see(year, self.indirect_counted) for p in self.precursors)


def _precursors(
    line: ExportLine, s: Scenario, tenant: Tenant, path: str, counted: bool
) -> tuple[list[PrecursorSee], list[Issue]]:
    issues: list[Issue] = []
    given = line.precursors
    if given is None:
        rows = [
            (p.cn_code, p.t_per_t, None, None, None, None)
            for p in typical_precursors(line.cn_code)
            if p.assume == "always" or (p.assume == "no_process_emissions" and tenant.process_emissions_t <= 0)
        ]
        typical = True
    else:
        rows = [(p.cn_code, p.t_per_t, p.country, p.see_direct_t_per_t, p.see_indirect_t_per_t, p.route) for p in given]
        typical = False
    out = []
    for k, (cn, qty, country, d, i, route) in enumerate(rows):
        where = f"{path}.precursors[{k}]" if not typical else f"{path}.precursors"
        origin = country or s.zone.country
        dv = default_see(cn, origin)
        if d is None and dv is None:
            issues.append(
                issue(
                    where,
                    "cbam_precursor_no_default",
                    "no default value for precursor {code}; give the supplier's embedded emissions",
                    code=cn,
                )
            )
        elif d is None and dv is not None and dv.fallback:
            issues.append(_fallback_issue(where, cn, origin))
        bm = benchmark(cn, route or (dv.route if dv else None), "B")
        out.append(
            PrecursorSee(
                cn_code=cn,
                t_per_t=qty,
                country=origin,
                basis="default" if d is None else "supplier",
                typical=typical,
                direct=d,
                indirect=i,
                default=dv if d is None else None,
                benchmark_b=bm.value if bm else 0.0,
            )
        )
    return out, issues


def _fallback_issue(path: str, code: str, country: str) -> Issue:
    return issue(
        path,
        "cbam_default_fallback",
        "no EU default value for {code} made in {country}: the value for other countries is used",
        code=code,
        country=country,
    )


def line_see(s: Scenario, ti: int, k: int, good_p: float, base_row: pd.Series | None) -> LineSee:
    """The SEE model of export line `k` of tenant number `ti` (`good_p`: the tenant's CBAM production, t)."""
    tenant = s.tenants[ti]
    line = tenant.exports[k]
    path = f"tenants[{ti}].exports[{k}]"
    scope = cn_scope(line.cn_code)
    counted = bool(scope and scope.in_scope and scope.indirect_counted)
    issues: list[Issue] = []
    inv = base_row is not None and good_p > 0 and bool(line.production_t)
    grid = grid_default(s.zone.country)
    if line.good == "electricity":
        basis = "measured" if line.direct_t_per_t is not None else "default"
        own = line.direct_t_per_t if line.direct_t_per_t is not None else grid.t_per_mwh
        src, status = ("measured", "reported") if basis == "measured" else (grid.source, grid.status)
        return LineSee(
            good=line.good,
            cn_code=line.cn_code,
            basis=basis,
            basis_indirect="not_counted",
            basis_precursors="none",
            indirect_counted=False,
            direct_own=own,
            electricity_mwh_per_t=0.0,
            indirect_measured=None,
            grid=grid,
            default=None,
            precursors=[],
            benchmark_t_per_t=0.0,
            route="",
            source=src,
            status=status,
        )
    basis = "measured" if line.direct_t_per_t is not None else "inventory" if inv else "default"
    dv = default_see(line.cn_code, s.zone.country)
    if basis == "default":
        if dv is None:
            issues.append(
                issue(
                    path,
                    "cbam_no_default",
                    "no measured value, no production_t and no EU default value for "
                    "{code}: embedded emissions set to 0; give direct_t_per_t or production_t",
                    code=line.cn_code,
                )
            )
        elif dv.fallback:
            issues.append(_fallback_issue(path, line.cn_code, s.zone.country))
        route = line.route or (dv.route if dv else "")
        bm = benchmark(line.cn_code, route, "B")
        if dv is not None and not dv.exact:
            issues.append(
                issue(
                    f"{path}.cn_code",
                    "cbam_cn_short",
                    "{code} covers several EU default values: the highest is used; give the 8-digit CN code",
                    code=line.cn_code,
                )
            )
        return LineSee(
            good=line.good,
            cn_code=line.cn_code,
            basis="default",
            basis_indirect="default" if counted else "not_counted",
            basis_precursors="in_default",
            indirect_counted=counted,
            direct_own=0.0,
            electricity_mwh_per_t=0.0,
            indirect_measured=None,
            grid=grid,
            default=dv,
            precursors=[],
            benchmark_t_per_t=bm.value if bm else 0.0,
            route=bm.route if bm else route,
            source=dv.source if dv else "",
            status=dv.status if dv else "",
            issues=issues,
        )
    own = line.direct_t_per_t if basis == "measured" else float(base_row["direct_t"]) / good_p
    el = float(base_row["electricity_mwh"]) / good_p if inv else 0.0
    if not counted:
        bi = "not_counted"
    elif line.indirect_t_per_t is not None:
        bi = "measured"
    else:
        bi = "inventory" if inv else "default"
    if bi == "inventory" and grid.country != s.zone.country:
        issues.append(
            issue(path, "cbam_grid_fallback", "no EU default grid factor for {country}: the value for other countries "
                  "({value} t/MWh) is used for indirect emissions", country=s.zone.country, value=grid.t_per_mwh)
        )  # fmt: skip
    precs, more = _precursors(line, s, tenant, path, counted)
    issues += more
    kinds = sorted({p.basis for p in precs})
    bp = "+".join(kinds) if kinds else "none"
    route = line.route or (dv.route if dv else "")
    if precs:
        a = benchmark(line.cn_code, route, "A")
        bm_value = (a.value if a else 0.0) + sum(p.t_per_t * p.benchmark_b for p in precs)
    else:
        b = benchmark(line.cn_code, route, "B")
        bm_value = b.value if b else 0.0
    return LineSee(
        good=line.good,
        cn_code=line.cn_code,
        basis=basis,
        basis_indirect=bi,
        basis_precursors=bp,
        indirect_counted=counted,
        direct_own=own,
        electricity_mwh_per_t=el,
        indirect_measured=line.indirect_t_per_t,
        grid=grid,
        default=dv if bi == "default" else None,
        precursors=precs,
        benchmark_t_per_t=bm_value,
        route=route,
        source="measured" if basis == "measured" else "inventory",
        status="reported" if basis == "measured" else "computed",
        issues=issues,
    )
