"""The optimisation model in PuLP (DESIGN 7), one `define_*` function per constraint family.

Scaled units: quantity rows in thousands (kt, kMWh, kGJ), money in millions, shortfalls as a
fraction of the metric's base-year value. Active units follow a stock-flow recursion
`A[t] = A[t-1] + x[t] - x[t-L]`; only lumpy measures have integer installs; binaries exist only for
exclusion groups (`use[m]`). Carrier balances keep each carrier's
use >= 0, so overlapping savings interact instead of adding up. Every row has a name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pulp
from pulp import LpAffineExpression as Expr
from pulp import LpConstraint

from core.optimise.algebra import EQ, GE, LE, M, Q, Terms
from core.optimise.data import ModelData, TargetRow
from core.optimise.power_gensets import fossil_power_terms, genset_fuel_terms
from core.optimise.power_model import define_power_sizes, define_power_year, power_capex_terms, power_cost_terms
from core.targets import is_upper
from core.units import GJ_PER_MWH, GJ_PER_TCE


@dataclass
class Model:
    data: ModelData
    prob: pulp.LpProblem
    x: dict[str, list[pulp.LpVariable | None]] = field(default_factory=dict)  # installs
    a: dict[str, list[pulp.LpVariable | None]] = field(default_factory=dict)  # active units
    chosen: dict[str, pulp.LpVariable] = field(default_factory=dict)  # exclusion-group binaries
    use: dict[tuple[str, int], tuple[Terms, float]] = field(default_factory=dict)  # (carrier, i) -> use (grid for el.)
    demand: dict[int, tuple[Terms, float]] = field(default_factory=dict)  # electricity demand (grid + on-site)
    process: dict[int, tuple[Terms, float]] = field(default_factory=dict)
    water: dict[int, tuple[Terms, float]] = field(default_factory=dict)
    recycled: dict[int, tuple[Terms, float]] = field(default_factory=dict)
    flows: dict[str, pulp.LpVariable] = field(default_factory=dict)  # row name -> flow variable
    scale: dict[str, float] = field(default_factory=dict)  # units per model unit (continuous: ub -> 0..1)
    _having: dict[str, list] = field(default_factory=dict)
    short: list[tuple[TargetRow, pulp.LpVariable, str]] = field(default_factory=list)  # row, var, row name
    shortfall: Expr = field(default_factory=Expr)  # phase 1 objective
    cost: Expr = field(default_factory=Expr)  # phase 2 objective (million, discounted; BAU part as constant)
    power: Any = None  # hourly mode: core.optimise.power_model.PowerVars

    def add(self, terms: Terms, sense: int, rhs: float, name: str) -> None:
        self.prob.addConstraint(LpConstraint(Expr(terms), sense, name, rhs))

    def having(self, key: str) -> list:
        """Modelled measures with an effect of a kind: 'eff:<carrier>', 'gen', 'process', 'water', 'waste',
        'offsets' or 'res:<resource>' (memoised: building loops only over the measures concerned)."""
        if key not in self._having:
            kind, _, arg = key.partition(":")
            live = [m for m in self.data.measures if m.id in self.a]
            if kind == "eff":
                out = [m for m in live if arg in m.eff]
            elif kind == "res":
                out = [m for m in live if m.resources.get(arg)]
            else:
                out = [m for m in live if getattr(m, kind)]
            self._having[key] = out
        return self._having[key]

    def active_terms(self, i: int, coef, key: str | None = None) -> Terms:
        """[(A[m,i], coef(m) x scale) ...] over measures (those `having(key)`) active-able in year i."""
        out = []
        for m in self.having(key) if key else self.data.measures:
            v = self.a[m.id][i] if m.id in self.a else None
            if v is not None:
                c = coef(m)
                if c:
                    out.append((v, c * self.scale[m.id]))
        return out


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in text)


def define_units(mdl: Model) -> None:
    """x[m,t] installs (integer when lumpy), A[m,t] active; stock_m_t: A[t] = A[t-1] + x[t] - x[t-L].
    Continuous measures are modelled as shares of their bound (0..1) so coefficients stay near 1."""
    d, prob = mdl.data, mdl.prob
    n = len(d.years)
    for m in d.measures:
        if m.ub <= 0 or m.first >= n:
            continue
        cat = pulp.LpInteger if m.integer else pulp.LpContinuous
        scale = 1.0 if m.integer else m.ub
        mdl.scale[m.id] = scale
        ub = m.ub / scale
        # pace: at most `build_share` of the bound installed in a year (lumpy measures: at least one unit)
        per_year = min(ub, max(1.0, math.floor(m.build_share * m.ub + 1e-9)) if m.integer else m.build_share)
        sid = _slug(m.id)
        xs: list = [None] * n
        As: list = [None] * n
        for i in range(m.first, n):
            y = d.years[i]
            xs[i] = prob.add_variable(f"x_{sid}_{y}", 0, per_year, cat)
            As[i] = prob.add_variable(f"a_{sid}_{y}", 0, ub)
        for i in range(m.first, n):
            terms = [(As[i], 1.0), (xs[i], -1.0)]
            if i - 1 >= m.first:
                terms.append((As[i - 1], -1.0))
            if i - m.lifetime >= m.first:
                terms.append((xs[i - m.lifetime], 1.0))
            mdl.add(terms, EQ, 0.0, f"stock_{sid}_{d.years[i]}")
        mdl.x[m.id], mdl.a[m.id] = xs, As


def _flow(mdl: Model, name: str, i: int, terms: Terms, bau: float, upper: float | None = None) -> tuple[Terms, float]:
    """A quantity that cannot go below zero: var >= bau + terms (row `name`), var >= 0.

    Returns it as (terms, constant): the variable when measures touch it, else the BAU constant.
    Costs and emissions push the variable down to max(0, bau + terms), so savings that overlap on
    the same quantity stop at zero instead of adding up."""
    if not terms:
        return [], bau
    v = mdl.prob.add_variable(f"q_{name}", 0, upper)
    mdl.add([(v, Q)] + [(var, -k * Q) for var, k in terms], GE, bau * Q, name)
    mdl.flows[name] = v
    return [(v, 1.0)], 0.0


def define_flows(mdl: Model) -> None:
    """use_c_t (fuels), demand_t and grid_t (electricity), process_t, water_t, recycled_t."""
    d = mdl.data
    for i, y in enumerate(d.years):
        if "electricity" in d.carriers:  # first: in hourly mode, a genset's fuel joins the fuels below
            el = d.bau["electricity"][i]
            terms = mdl.active_terms(i, lambda m, i=i: m.eff["electricity"][i], "eff:electricity")
            demand = _flow(mdl, f"demand_{y}", i, terms, el + d.onsite_bau[i])
            if d.hourly:
                grid = define_power_year(mdl, i, demand)
            else:
                gen = [(v, -k) for v, k in mdl.active_terms(i, lambda m: m.gen, "gen")]
                grid = _flow(mdl, f"grid_{y}", i, demand[0] + gen, demand[1] - d.onsite_bau[i])
            mdl.demand[i], mdl.use[("electricity", i)] = demand, grid
        for c in d.carriers:
            if c == "electricity":
                continue
            terms = mdl.active_terms(i, lambda m, c=c, i=i: m.eff[c][i], f"eff:{c}") + genset_fuel_terms(mdl, i, c)
            mdl.use[(c, i)] = _flow(mdl, f"use_{c}_{y}", i, terms, d.bau[c][i])
        mdl.process[i] = _flow(
            mdl, f"process_{y}", i, mdl.active_terms(i, lambda m: m.process, "process"), d.process_bau[i]
        )
        mdl.water[i] = _flow(mdl, f"water_{y}", i, mdl.active_terms(i, lambda m: m.water, "water"), d.water_bau[i])
        terms = mdl.active_terms(i, lambda m: m.waste, "waste")
        if terms:  # recycled <= BAU recycled + diverted, and <= generated
            v = mdl.prob.add_variable(f"q_recycled_{y}", 0, d.waste_gen[i])
            mdl.add([(v, Q)] + [(var, -k * Q) for var, k in terms], LE, d.waste_recycled_bau[i] * Q, f"recycled_{y}")
            mdl.recycled[i] = ([(v, 1.0)], 0.0)
        else:
            mdl.recycled[i] = ([], d.waste_recycled_bau[i])


def gross_terms(mdl: Model, i: int) -> tuple[Terms, float]:
    """Gross emissions in year i (tCO2e) = constant + terms over use variables."""
    d = mdl.data
    terms: Terms = []
    const = 0.0
    for c in d.carriers:
        t, k0 = mdl.use[(c, i)]
        ef = d.ef[c][i]
        terms += [(v, ef * k) for v, k in t]
        const += ef * k0
    t, k0 = mdl.process[i]
    return terms + t, const + k0


def offset_terms(mdl: Model, i: int) -> Terms:
    return mdl.active_terms(i, lambda m: m.offsets, "offsets")


def energy_terms(mdl: Model, i: int) -> tuple[Terms, float]:
    """Final energy use in GJ: fuels + 3.6 x electricity demand (grid + on-site renewable)."""
    d = mdl.data
    terms: Terms = []
    const = 0.0
    for c in d.carriers:
        t, k0 = mdl.demand[i] if c == "electricity" else mdl.use[(c, i)]
        f = GJ_PER_MWH if c == "electricity" else 1.0
        terms += [(v, f * k) for v, k in t]
        const += f * k0
    terms += [(v, -GJ_PER_MWH * k) for v, k in fossil_power_terms(mdl, i)]  # a genset counts by its fuel
    return terms, const


def define_streams(mdl: Model) -> None:
    """stream_s_t: what the measures acting on a stream remove from it <= the stream (BAU that year), so
    overlapping measures can never take more than is there (Egypt's refrigerant control cannot abate more
    than the zone leaks; clinker substitution and capture together not more than the calcination CO2)."""
    d = mdl.data
    for key, bau in d.streams.items():
        ms = [m for m in d.measures if m.stream == key and m.stream_saving > 0 and m.id in mdl.a]
        for i, y in enumerate(d.years):
            terms = [(mdl.a[m.id][i], m.stream_saving * mdl.scale[m.id]) for m in ms if mdl.a[m.id][i] is not None]
            if terms:
                mdl.add([(v, k * Q) for v, k in terms], LE, bau[i] * Q, f"stream_{_slug(key)}_{y}")


def define_solar(mdl: Model) -> None:
    """solar_t: solar generation used <= the share of electricity demand in PV hours (no storage in the annual
    model: the night load cannot run on today's sun). Annual mode only: hourly mode dispatches the sun."""
    d = mdl.data
    if "electricity" not in d.carriers or d.hourly:
        return
    for i, y in enumerate(d.years):
        gen = [(v, -k) for v, k in mdl.active_terms(i, lambda m: m.gen if m.solar else 0.0, "gen")]
        if not gen:
            continue
        dt, d0 = mdl.demand[i]
        terms = [(v, -k * Q) for v, k in gen] + [(v, -d.daylight_share * k * Q) for v, k in dt]
        mdl.add(terms, LE, d.daylight_share * d0 * Q, f"solar_{y}")


def define_offsets(mdl: Model) -> None:
    """offsets_cap_t: offsets <= the limit (a share of base-year emissions); offsets_residual_t: offsets <=
    gross emissions (they neutralise what is left, never more)."""
    d = mdl.data
    for i, y in enumerate(d.years):
        offs = offset_terms(mdl, i)
        if not offs:
            continue
        if i < len(d.offsets_cap):
            mdl.add([(v, k * Q) for v, k in offs], LE, d.offsets_cap[i] * Q, f"offsets_cap_{y}")
        gt, g0 = gross_terms(mdl, i)
        mdl.add([(v, k * Q) for v, k in offs] + [(v, -k * Q) for v, k in gt], LE, g0 * Q, f"offsets_residual_{y}")


def define_resources(mdl: Model) -> None:
    """resource_r_t: roof area, land, grid connection used by active units <= available."""
    d = mdl.data
    for r, cap in d.resources.items():
        if cap is None:
            continue
        for i, y in enumerate(d.years):
            terms = mdl.active_terms(i, lambda m, r=r: m.resources.get(r, 0.0), f"res:{r}")
            if terms:
                scale = 1.0 / max(1.0, cap)
                mdl.add([(v, k * scale) for v, k in terms], LE, cap * scale, f"resource_{r}_{y}")


def define_budget(mdl: Model) -> None:
    """budget_t and delivery_t: capital outlay of the year's installs <= the budget, and <= what the zone can
    procure and build in a year (delivery capacity), million."""
    d = mdl.data
    for name, limits in (("budget", d.budget), ("delivery", d.delivery)):
        for i, y in enumerate(d.years):
            if i >= len(limits) or limits[i] is None:
                continue
            terms = [
                (mdl.x[m.id][i], m.capex * M * mdl.scale[m.id])
                for m in d.measures
                if m.id in mdl.x and mdl.x[m.id][i] is not None
            ] + [(v, k * M) for v, k in power_capex_terms(mdl, i)]
            terms = [(v, k) for v, k in terms if k]
            if terms:
                mdl.add(terms, LE, limits[i] * M, f"{name}_{y}")


def define_exclusions(mdl: Model) -> None:
    """group_g: at most one measure of an exclusion group is ever used (use_m binary; excl_m_t: A <= ub use)."""
    d = mdl.data
    groups: dict[str, list] = {}
    for m in d.measures:
        if m.group and m.id in mdl.x:
            groups.setdefault(m.group, []).append(m)
    for g, ms in groups.items():
        if len(ms) < 2:
            continue
        for m in ms:
            u = mdl.prob.add_variable(f"use_{_slug(m.id)}", 0, 1, pulp.LpBinary)
            mdl.chosen[m.id] = u
            for i, av in enumerate(mdl.a[m.id]):  # on active units: x <= ub use would let use = 1/L
                if av is not None:
                    mdl.add([(av, 1.0), (u, -m.ub / mdl.scale[m.id])], LE, 0.0, f"excl_{_slug(m.id)}_{d.years[i]}")
        mdl.add([(mdl.chosen[m.id], 1.0) for m in ms], LE, 1.0, f"group_{_slug(g)}")


def define_prerequisites(mdl: Model) -> None:
    """B requires A: prereq_B_A_t: A_B[t] <= ub_B x A_A[t] / threshold_A, no binaries.

    The threshold is one unit (or 0.1 % of A's bound if more, all of it if less). Exact for lumpy A
    (its active units are whole); for a continuous A, B may run in proportion while A is below its
    threshold - a sliver of one unit - which keeps thousands of per-year binaries out of the model."""
    d = mdl.data
    by_id = {m.id: m for m in d.measures}
    for m in d.measures:
        if m.id not in mdl.a:
            continue
        for req in m.requires:
            ra = mdl.a.get(req)
            for i, av in enumerate(mdl.a[m.id]):
                if av is None:
                    continue
                name = f"prereq_{_slug(m.id)}_{_slug(req)}_{d.years[i]}"
                if ra is None or ra[i] is None:  # prerequisite unavailable that year: B cannot be active
                    mdl.add([(av, 1.0)], LE, 0.0, name)
                    continue
                r = by_id[req]
                threshold = max(min(1.0, r.ub), 1e-3 * r.ub)  # units of A
                k = (m.ub / mdl.scale[m.id]) * (mdl.scale[req] / threshold)
                mdl.add([(av, 1.0), (ra[i], -k)], LE, 0.0, name)


def _target_row(mdl: Model, t: TargetRow, i: int) -> tuple[Terms, float, float, float]:
    """(terms, constant, norm multiplier, scale) of metric(t) as `terms + constant` compared with 0.

    Upper metrics: terms + const - mult*s <= 0. Floors: terms + const + mult*s >= 0.
    """
    d = mdl.data
    v = t.value
    if t.metric in ("emissions", "emission_intensity"):
        terms, const = gross_terms(mdl, i)
        if t.basis == "net":
            terms = terms + [(var, -k) for var, k in offset_terms(mdl, i)]
        if t.metric == "emissions":
            return terms, const - v, t.norm, Q
        out = d.output[i]
        return terms, const - v * out, t.norm * out, Q
    if t.metric == "energy_intensity":
        terms, const = energy_terms(mdl, i)
        out = d.output[i]
        return terms, const - v * out, t.norm * out, Q
    if t.metric == "renewable_share":
        # renewable used = demand - grid + green purchases (BAU renewable - BAU on-site) >= share x demand
        el_bau = d.bau.get("electricity", [0.0] * len(d.years))[i] + d.onsite_bau[i]
        if "electricity" not in d.carriers:
            return [], -v * 0.0, t.norm, 1.0
        dt, d0 = mdl.demand[i]
        gt, g0 = mdl.use[("electricity", i)]
        gt = gt + fossil_power_terms(mdl, i)
        terms = [(var, (1.0 - v) * k) for var, k in dt] + [(var, -k) for var, k in gt]
        const = (1.0 - v) * d0 - g0 + d.renewable_bau[i] - d.onsite_bau[i]
        return terms, const, t.norm * max(el_bau, 1.0), 1.0 / max(el_bau, 1.0)
    if t.metric == "waste_recycling_rate":
        gen = d.waste_gen[i]
        terms, r0 = mdl.recycled[i]
        return terms, r0 - v * gen, t.norm * max(gen, 1.0), 1.0 / max(gen, 1.0)
    if t.metric in ("carbon_per_energy", "clean_energy_share"):
        return _energy_share_row(mdl, t, i)
    if t.metric == "water_reuse_rate":
        dem = d.water_demand[i]
        wt, w0 = mdl.water[i]
        return [(var, -k) for var, k in wt], (1.0 - v) * dem - w0, t.norm * max(dem, 1.0), 1.0 / max(dem, 1.0)
    raise ValueError(f"unknown metric {t.metric!r}")


def _energy_share_row(mdl: Model, t: TargetRow, i: int) -> tuple[Terms, float, float, float]:
    """carbon_per_energy: gross emissions <= value x energy use in tce (the zero-carbon-park core indicator,
    here on all greenhouse gases: stricter than its CO2-only form). clean_energy_share: renewable electricity
    used (on site + green purchases) x 3.6 + biomass >= value x final energy use (GJ)."""
    d, v = mdl.data, t.value
    et, e0 = energy_terms(mdl, i)
    e_bau = sum(d.bau[c][i] for c in d.carriers if c != "electricity") + GJ_PER_MWH * (
        d.bau.get("electricity", [0.0] * len(d.years))[i] + d.onsite_bau[i]
    )
    if t.metric == "carbon_per_energy":
        gt, g0 = gross_terms(mdl, i)
        k = v / GJ_PER_TCE
        terms = gt + [(var, -k * c) for var, c in et]
        return terms, g0 - k * e0, t.norm * e_bau / GJ_PER_TCE, Q
    terms: Terms = [(var, -v * c) for var, c in et]
    const = -v * e0
    if "electricity" in d.carriers:
        dt, d0 = mdl.demand[i]
        gt, g0 = mdl.use[("electricity", i)]
        gt = gt + fossil_power_terms(mdl, i)
        terms += [(var, GJ_PER_MWH * c) for var, c in dt] + [(var, -GJ_PER_MWH * c) for var, c in gt]
        const += GJ_PER_MWH * (d0 - g0 + d.renewable_bau[i] - d.onsite_bau[i])
    if "biomass" in d.carriers:
        bt, b0 = mdl.use[("biomass", i)]
        terms += bt
        const += b0
    return terms, const, t.norm * max(e_bau, 1.0), 1.0 / max(e_bau, 1.0)


def define_targets(mdl: Model) -> None:
    """target_metric_basis_t with an elastic shortfall s >= 0 (fraction of the base-year value)."""
    d = mdl.data
    index = {y: i for i, y in enumerate(d.years)}
    for t in d.targets:
        i = index.get(t.year)
        if i is None:
            continue
        terms, const, mult, scale = _target_row(mdl, t, i)
        name = f"target_{t.metric}_{t.basis}_{t.year}"
        s = mdl.prob.add_variable(f"s_{t.metric}_{t.basis}_{t.year}", 0)
        upper = is_upper(t.metric)
        row = [(var, k * scale) for var, k in terms] + [(s, (-mult if upper else mult) * scale)]
        mdl.add(row, LE if upper else GE, -const * scale, name)
        mdl.short.append((t, s, name))
    mdl.shortfall = Expr([(s, 1.0) for _, s, _ in mdl.short])


def define_objective(mdl: Model) -> None:
    """NPV (million) of annualised capex + O&M + energy cost + carbon price x gross emissions.
    The BAU part is the expression's constant (the solver's objective offset)."""
    d = mdl.data
    coefs: dict[str, tuple[pulp.LpVariable, float]] = {}
    const = 0.0

    def add(var, k):
        name = var.name
        coefs[name] = (var, coefs[name][1] + k) if name in coefs else (var, k)

    for i, _ in enumerate(d.years):
        w = d.df[i] * M
        for m in d.measures:
            v = mdl.a.get(m.id, [None] * len(d.years))[i] if m.id in mdl.a else None
            if v is not None and m.annual:
                add(v, w * m.annual * mdl.scale[m.id])
        for c in d.carriers:
            terms, k0 = mdl.use[(c, i)]
            p = d.price[c][i]
            if p:
                const += w * p * k0
                for var, k in terms:
                    add(var, w * p * k)
        cp = d.carbon_price[i]
        if cp:
            terms, k0 = gross_terms(mdl, i)
            const += w * cp * k0
            for var, k in terms:
                add(var, w * cp * k)
    for var, k in power_cost_terms(mdl):
        add(var, k)
    mdl.cost = Expr([(v, k) for v, k in coefs.values() if k], constant=const)
    mdl.prob.setObjective(mdl.cost)


def build(d: ModelData) -> Model:
    """The whole model for one scenario's data (PuLP problem, variables, both objectives)."""
    mdl = Model(data=d, prob=pulp.LpProblem("zone_pathway", pulp.LpMinimize))
    define_units(mdl)
    if d.hourly:
        define_power_sizes(mdl)
    define_flows(mdl)
    define_streams(mdl)
    define_solar(mdl)
    define_offsets(mdl)
    define_resources(mdl)
    define_budget(mdl)
    define_exclusions(mdl)
    define_prerequisites(mdl)
    define_targets(mdl)
    define_objective(mdl)
    return mdl
