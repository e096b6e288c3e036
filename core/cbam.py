"""EU CBAM exposure of exporting tenants: embedded emissions and CBAM cost by year, BAU vs plan.

Method (each choice is stated in `assumptions()` and on the CBAM page):

- Importer = tenant. The EU importer is usually the tenant's customer; we treat each tenant's EU sales of
  CBAM goods as one importer's imports, so the 50 t de-minimis threshold (cumulative over iron and steel,
  aluminium, fertilisers and cement; not electricity or hydrogen) is tested per tenant and year.
- Specific embedded emissions (SEE, tCO2e per t of good), per component (direct; indirect only where the
  rules count it: cement and fertilisers), first available of:
  1. measured: the export line's `direct_t_per_t` / `indirect_t_per_t`;
  2. inventory: the tenant's Scope 1 (direct) or grid electricity x location grid factor of the year
     (indirect), divided by the tenant's production of its CBAM goods (sum of `production_t` of its lines;
     i.e. all the tenant's emissions are attributed to its listed goods by production mass share - a
     tenant that also makes other products should give measured values);
  3. default: `data/cbam_defaults.csv` (longest CN prefix, country-specific before `*`) plus the year's
     mark-up; electricity exports default to the grid factor of the year.
- Exports and production scale with the zone's activity index, so BAU intensity stays constant except for
  the grid factor path.
- Plan: a measure with `tenant` set (or sited on / delivering to a facility a tenant runs) changes that
  tenant's emissions; a zone-wide measure's change of each carrier (and of process + fugitive emissions)
  is allocated to tenants pro rata to their base-year share of that carrier (of those emissions). On-site renewable MWh displace grid electricity. Offsets do not count.
  Measured SEE are scaled by the tenant's plan/BAU ratio of that component; default values do not change
  (a tenant reporting only defaults gets no CBAM saving from the plan).
- CBAM cost (EUR) = max(0, embedded_t x (EU ETS price x CBAM share - carbon price paid at origin)), where
  the CBAM share is 1 - the free allocation still granted that year (`data/cbam_rules.csv`). This takes
  the EU benchmark as equal to the good's embedded intensity; a good dirtier than the benchmark pays more.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from core.carriers import energy_to_canonical, input_keys
from core.paths import interpolate
from core.schema import CBAM_GOODS, ExportLine, Scenario

DATA = Path(__file__).resolve().parent.parent / "data"
DEFINITIVE_FROM = 2026  # first year with certificates to surrender (Reg (EU) 2023/956)


# ---------------------------------------------------------------- rules as data


@dataclass(frozen=True)
class CbamRules:
    share: dict[int, float]  # year -> share of embedded emissions charged (1 - CBAM factor)
    markup: dict[str, dict[int, float]]  # good or '*' -> year -> mark-up on default values
    de_minimis_t: float
    de_minimis_goods: frozenset[str]
    indirect_goods: frozenset[str]
    ets_price_default: dict[int, float]  # EUR/t, used when the scenario gives no path
    table: pd.DataFrame = field(repr=False)  # the CSV, for display with sources and status


@cache
def load_rules() -> CbamRules:
    """Rules from data/cbam_rules.csv."""
    df = pd.read_csv(DATA / "cbam_rules.csv", dtype={"good": str}, keep_default_na=False)
    share: dict[int, float] = {}
    markup: dict[str, dict[int, float]] = {}
    de_min, de_goods, ind_goods, ets = 50.0, set(), set(), {}
    for r in df.itertuples():
        y, v = int(r.year), float(r.value)
        if r.rule == "cbam_share":
            share[y] = v
        elif r.rule == "default_markup":
            markup.setdefault(r.good, {})[y] = v
        elif r.rule == "de_minimis_t":
            de_min = v
        elif r.rule == "de_minimis_goods" and v:
            de_goods.add(r.good)
        elif r.rule == "indirect_counted" and v:
            ind_goods.add(r.good)
        elif r.rule == "eu_ets_price_default":
            ets[y] = v
    return CbamRules(share, markup, de_min, frozenset(de_goods), frozenset(ind_goods), ets, df)


def cbam_share(year: int, rules: CbamRules | None = None) -> float:
    """Share of embedded emissions charged in `year`: 0 before the definitive period, the table's value
    for listed years, the last listed value after (1.0 once free allocation is gone).

    >>> cbam_share(2025), cbam_share(2026), cbam_share(2030), cbam_share(2040)
    (0.0, 0.025, 0.485, 1.0)
    """
    r = rules or load_rules()
    if year < DEFINITIVE_FROM:
        return 0.0
    known = [y for y in sorted(r.share) if y <= year]
    return r.share[known[-1]] if known else 0.0


def default_markup(good: str, year: int, rules: CbamRules | None = None) -> float:
    """Mark-up added to default values in `year` (a good-specific row wins over '*'; step function).

    >>> default_markup("iron_steel", 2026), default_markup("iron_steel", 2031), default_markup("fertilisers", 2030)
    (0.1, 0.3, 0.01)
    """
    r = rules or load_rules()
    table = r.markup.get(good) or r.markup.get("*", {})
    known = [y for y in sorted(table) if y <= year]
    return table[known[-1]] if known else 0.0


@dataclass(frozen=True)
class DefaultValue:
    direct_t_per_t: float
    indirect_t_per_t: float
    source: str
    status: str
    cn_prefix: str
    country: str


@cache
def _defaults() -> tuple[dict[str, str], ...]:
    with open(DATA / "cbam_defaults.csv", encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))


def _digits(cn: str) -> str:
    return "".join(ch for ch in cn if ch.isdigit())


def default_value(good: str, cn_code: str, country: str) -> DefaultValue | None:
    """Default SEE for a good and CN code from data/cbam_defaults.csv: longest matching CN prefix first,
    then the country's own row before '*'. None when nothing is sourced for the good.

    >>> default_value("iron_steel", "7207 11", "THA").direct_t_per_t
    3.0
    >>> default_value("hydrogen", "2804 10 00", "THA") is None
    True
    """
    code = _digits(cn_code)
    best: tuple[tuple[int, int], dict[str, str]] | None = None
    for r in _defaults():
        prefix = _digits(r["cn_prefix"])
        if r["good"] != good or not code.startswith(prefix) or r["country"] not in ("*", country):
            continue
        rank = (len(prefix), r["country"] == country)
        if best is None or rank > best[0]:
            best = (rank, r)
    if best is None:
        return None
    r = best[1]
    return DefaultValue(
        float(r["direct_t_per_t"]),
        float(r["indirect_t_per_t"] or 0),
        r["source"],
        r["status"],
        r["cn_prefix"],
        r["country"],
    )


# ---------------------------------------------------------------- scenario helpers


def activity_index(s: Scenario, years: list[int]) -> dict[int, float]:
    """Zone activity by year (base year = 1.0): constant growth or the given path."""
    a = s.assumptions.activity
    if a.path:
        return interpolate({s.base_year: 1.0, **a.path}, years)
    g = a.growth or 0.0
    return {y: (1.0 + g) ** (y - s.base_year) for y in years}


def ets_price_path(s: Scenario, years: list[int], rules: CbamRules | None = None) -> dict[int, float]:
    """EU ETS price (EUR/t) by year: the scenario's `eu_ets_price_per_t`, else the rules' default."""
    path = s.assumptions.eu_ets_price_per_t or (rules or load_rules()).ets_price_default
    return interpolate(path, years)


def _electricity_factor(s: Scenario, years: list[int]) -> dict[int, float]:
    from core.factors import emission_factor_table

    return emission_factor_table(s, years)["electricity"]


def tenant_base(s: Scenario) -> pd.DataFrame:
    """Per tenant: base-year direct (Scope 1, tCO2e), grid electricity (MWh), process + fugitive tCO2e, and
    canonical energy by carrier (columns `e_<carrier>`). Index: tenant id."""
    from core.inventory import compute_inventory

    lines = compute_inventory(s).lines
    scope1 = lines[lines["scope"] == 1].groupby("tenant")["t_co2e"].sum()
    non_energy = lines[(lines["scope"] == 1) & lines["source"].isin(("process", "fugitive"))]
    process = non_energy.groupby("tenant")["t_co2e"].sum()
    rows = []
    for t in s.tenants:
        energy = energy_to_canonical(t.energy.quantities())
        rows.append(
            {
                "tenant": t.id,
                "direct_t": float(scope1.get(t.id, 0.0)),
                "electricity_mwh": energy.get("electricity", 0.0),
                "process_t": float(process.get(t.id, 0.0)),  # process + fugitive, as the optimiser counts them
                **{f"e_{c}": q for c, q in energy.items()},
            }
        )
    return pd.DataFrame(rows).set_index("tenant").fillna(0.0)


# ---------------------------------------------------------------- plan -> per-tenant emission changes


def tenant_deltas(s: Scenario, plan: Any | None, years: list[int], base: pd.DataFrame | None = None) -> pd.DataFrame:
    """Change of each tenant's direct emissions and grid electricity by year under the plan, vs BAU.

    Columns: tenant, year, direct_delta_t, electricity_delta_mwh. Empty when there is no usable plan.
    """
    cols = ["tenant", "year", "direct_delta_t", "electricity_delta_mwh"]
    if plan is None or not getattr(plan, "ok", False) or plan.units.empty:
        return pd.DataFrame({c: [] for c in cols})
    from core.catalogue import resolve_measures
    from core.factors import emission_factor_table

    base = tenant_base(s) if base is None else base
    ids = list(base.index)
    cols_of = {c: base[c].to_dict() for c in base.columns}  # plain dicts: no pandas lookups in the loop
    ef = emission_factor_table(s, years)
    act = activity_index(s, years)
    measures = {m.id: m for m in resolve_measures(s)}
    keys = input_keys()
    zone = {c[2:]: float(base[c].sum()) for c in base.columns if c.startswith("e_")}
    zone_process = float(base["process_t"].sum())

    @cache
    def weights(carrier: str | None) -> dict[str, float]:
        """Pro-rata shares of a carrier (None = process emissions); equal shares if nobody uses it."""
        col = "process_t" if carrier is None else f"e_{carrier}"
        total = zone_process if carrier is None else zone.get(carrier, 0.0)
        if col not in cols_of or total <= 0:
            return dict.fromkeys(ids, 1.0 / len(ids))
        return {i: cols_of[col][i] / total for i in ids}

    site_owner = {f.id: f.tenant for f in s.facilities if f.tenant}

    def owner(m) -> str | None:  # noqa: ANN001 - a Measure
        """The tenant a measure's effect belongs to: its `tenant`, else the tenant running the facility it
        is sited on (or, for a link, the receiving facility); None = zone-wide."""
        for cand in (m.tenant, site_owner.get(m.facility or ""), site_owner.get(m.to_facility or "")):
            if cand in ids:
                return cand
        return None

    acc: dict[tuple[str, int], list[float]] = {}
    for r in plan.units.itertuples():
        m, y, active = measures.get(r.measure), int(r.year), float(r.active)
        if m is None or y not in act or active <= 0:
            continue
        who = owner(m)
        # change per carrier (canonical units) and of process emissions, zone-level, this year
        change: dict[str | None, float] = {}
        for k, v in m.effects.quantities().items():
            if k in keys:
                c, q = keys[k].carrier, v * keys[k].to_canonical
                change[c] = change.get(c, 0.0) + q * active
            elif k == "onsite_renewable_mwh":
                change["electricity"] = change.get("electricity", 0.0) - v * active
            elif k == "process_emissions_t":
                change[None] = change.get(None, 0.0) + v * active
        for c, frac in m.share_effects.items():
            use = cols_of[f"e_{c}"][who] if who and f"e_{c}" in cols_of else zone.get(c, 0.0)
            change[c] = change.get(c, 0.0) + frac * use * act[y] * active
        for c, q in change.items():
            split = {who: 1.0} if who else weights(c)
            for i, w in split.items():
                d = acc.setdefault((i, y), [0.0, 0.0])
                if c == "electricity":
                    d[1] += q * w
                elif c is None:
                    d[0] += q * w
                elif c != "steam":  # purchased steam is not a direct emission of the tenant
                    d[0] += q * w * ef[c][y]
    rows = [
        {"tenant": i, "year": y, "direct_delta_t": d[0], "electricity_delta_mwh": d[1]} for (i, y), d in acc.items()
    ]
    return pd.DataFrame(rows, columns=cols)


# ---------------------------------------------------------------- the calculation


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


def _line_see(
    line: ExportLine, good_p: float, base_row: pd.Series | None, rules: CbamRules
) -> tuple[str, str, float | None, float | None]:
    """(basis_direct, basis_indirect, direct SEE from the inventory, indirect electricity per t) for one line.

    Inventory values are per t of production; measured/default values are resolved later per year.
    """
    counted = line.good in rules.indirect_goods
    inv = base_row is not None and good_p > 0 and line.production_t
    if line.direct_t_per_t is not None:
        bd = "measured"
    elif inv:
        bd = "inventory"
    else:
        bd = "default"
    if not counted:
        bi = "not_counted"
    elif line.indirect_t_per_t is not None:
        bi = "measured"
    elif inv:
        bi = "inventory"
    else:
        bi = "default"
    d_inv = float(base_row["direct_t"]) / good_p if inv else None
    el_inv = float(base_row["electricity_mwh"]) / good_p if inv else None
    return bd, bi, d_inv, el_inv


def compute_cbam(s: Scenario, plan: Any | None = None, years: list[int] | None = None) -> CbamResult:
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


def goods() -> tuple[str, ...]:
    return CBAM_GOODS


def cost_long(res: CbamResult, names: dict[str, str] | None = None) -> pd.DataFrame:
    """CBAM cost by year in long form for a line chart: year, series (BAU / plan labels), eur."""
    names = names or {"bau": "BAU", "plan": "plan"}
    by = res.by_year
    parts = [
        pd.DataFrame({"year": by.index, "series": names["bau"], "eur": by["bau_cost_eur"].to_numpy()}),
        pd.DataFrame({"year": by.index, "series": names["plan"], "eur": by["plan_cost_eur"].to_numpy()}),
    ]
    return pd.concat(parts, ignore_index=True)


# ---------------------------------------------------------------- editing export lines

EXPORT_COLUMNS = ["tenant", *ExportLine.model_fields]


def exports_frame(s: Scenario) -> pd.DataFrame:
    """Every tenant's EU export lines as one table (tenant + ExportLine fields)."""
    rows = [{"tenant": t.id, **x.model_dump()} for t in s.tenants for x in t.exports]
    return pd.DataFrame(rows, columns=EXPORT_COLUMNS)


def with_exports(s: Scenario, rows: list[dict[str, Any]]) -> Scenario:
    """The scenario with all export lines replaced by `rows` (as from `exports_frame`); every problem is
    reported as `row N.field: message` (N from 1) in one ScenarioError."""
    from pydantic import ValidationError

    from core.loader import Issue, ScenarioError

    ids = {t.id for t in s.tenants}
    by_tenant: dict[str, list[ExportLine]] = {}
    issues: list[Issue] = []
    for n, r in enumerate(rows, start=1):
        clean = {k: v for k, v in r.items() if not (v is None or (isinstance(v, float) and pd.isna(v)) or v == "")}
        tid = str(clean.pop("tenant", ""))
        if tid not in ids:
            issues.append(Issue(f"row {n}.tenant", f"unknown tenant {tid!r}"))
        if "cn_code" in clean:
            clean["cn_code"] = str(clean["cn_code"])
        try:
            line = ExportLine.model_validate(clean)
        except ValidationError as e:
            for err in e.errors(include_url=False):
                field_ = ".".join(str(p) for p in err["loc"])
                issues.append(Issue(f"row {n}.{field_}", err["msg"]))
            continue
        by_tenant.setdefault(tid, []).append(line)
    if issues:
        raise ScenarioError(issues)
    tenants = [t.model_copy(update={"exports": by_tenant.get(t.id, [])}) for t in s.tenants]
    return s.model_copy(update={"tenants": tenants})


# ---------------------------------------------------------------- command line


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
