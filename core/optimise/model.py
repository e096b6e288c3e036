"""The optimisation model in PuLP (DESIGN 7), one `define_*` function per constraint family.

Scaled units: quantity rows in thousands (kt, kMWh, kGJ), money in millions, shortfalls as a
fraction of the metric's base-year value. Active units follow a stock-flow recursion
`A[t] = A[t-1] + x[t] - x[t-L]`; only lumpy measures have integer installs; binaries exist only for
exclusion groups (`use[m]`) and prerequisites (`built[m,t]`). Carrier balances keep each carrier's
use >= 0, so overlapping savings interact instead of adding up. Every row has a name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pulp
from pulp import LpAffineExpression as Expr
from pulp import LpConstraint

from core.optimise.data import GJ_PER_MWH, ModelData, TargetRow
from core.targets import is_upper

Q = 1e-3  # quantities -> thousands
M = 1e-6  # money -> millions
GE, LE, EQ = pulp.LpConstraintGE, pulp.LpConstraintLE, pulp.LpConstraintEQ
Terms = list[tuple[pulp.LpVariable, float]]


@dataclass
class Model:
    data: ModelData
    prob: pulp.LpProblem
    x: dict[str, list[pulp.LpVariable | None]] = field(default_factory=dict)  # installs
    a: dict[str, list[pulp.LpVariable | None]] = field(default_factory=dict)  # active units
    export: list[pulp.LpVariable | None] = field(default_factory=list)
    use: dict[str, pulp.LpVariable] = field(default_factory=dict)
    built: dict[str, list[pulp.LpVariable | None]] = field(default_factory=dict)
    short: list[tuple[TargetRow, pulp.LpVariable, str]] = field(default_factory=list)  # row, var, row name
    shortfall: Expr = field(default_factory=Expr)  # phase 1 objective
    cost: Expr = field(default_factory=Expr)  # phase 2 objective (million, discounted; BAU part as constant)

    def add(self, terms: Terms, sense: int, rhs: float, name: str) -> None:
        self.prob.addConstraint(LpConstraint(Expr(terms), sense, name, rhs))

    def active_terms(self, i: int, coef) -> Terms:
        """[(A[m,i], coef(m)) ...] over measures active-able in year i with a non-zero coefficient."""
        out = []
        for m in self.data.measures:
            v = self.a[m.id][i] if m.id in self.a else None
            if v is not None:
                c = coef(m)
                if c:
                    out.append((v, c))
        return out


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in text)


def define_units(mdl: Model) -> None:
    """x[m,t] installs (integer when lumpy), A[m,t] active; stock_m_t: A[t] = A[t-1] + x[t] - x[t-L]."""
    d, prob = mdl.data, mdl.prob
    n = len(d.years)
    for m in d.measures:
        if m.ub <= 0 or m.first >= n:
            continue
        cat = pulp.LpInteger if m.integer else pulp.LpContinuous
        sid = _slug(m.id)
        xs: list = [None] * n
        As: list = [None] * n
        for i in range(m.first, n):
            y = d.years[i]
            xs[i] = prob.add_variable(f"x_{sid}_{y}", 0, m.ub, cat)
            As[i] = prob.add_variable(f"a_{sid}_{y}", 0, m.ub)
        for i in range(m.first, n):
            terms = [(As[i], 1.0), (xs[i], -1.0)]
            if i - 1 >= m.first:
                terms.append((As[i - 1], -1.0))
            if i - m.lifetime >= m.first:
                terms.append((xs[i - m.lifetime], 1.0))
            mdl.add(terms, EQ, 0.0, f"stock_{sid}_{d.years[i]}")
        mdl.x[m.id], mdl.a[m.id] = xs, As


def define_export(mdl: Model) -> None:
    d = mdl.data
    mdl.export = [None] * len(d.years)
    if d.export_allowed and "electricity" in d.carriers and any(m.gen > 0 for m in d.measures if m.id in mdl.a):
        mdl.export = [mdl.prob.add_variable(f"export_{y}", 0) for y in d.years]


def grid_terms(mdl: Model, i: int) -> tuple[Terms, float]:
    """Grid electricity purchase in year i = constant + terms (MWh)."""
    d = mdl.data
    terms = mdl.active_terms(i, lambda m: m.eff.get("electricity", [0.0] * len(d.years))[i] - m.gen)
    if mdl.export[i] is not None:
        terms.append((mdl.export[i], 1.0))
    return terms, d.bau.get("electricity", [0.0] * len(d.years))[i]


def carrier_terms(mdl: Model, c: str, i: int) -> tuple[Terms, float]:
    if c == "electricity":
        return grid_terms(mdl, i)
    return mdl.active_terms(i, lambda m: m.eff[c][i] if c in m.eff else 0.0), mdl.data.bau[c][i]


def define_balances(mdl: Model) -> None:
    """balance_c_t: use of carrier c >= 0 (grid_t for electricity); process_t, water_t >= 0; waste_t <= generated."""
    d = mdl.data
    for i, y in enumerate(d.years):
        for c in d.carriers:
            terms, const = carrier_terms(mdl, c, i)
            if terms:
                mdl.add([(v, k * Q) for v, k in terms], GE, -const * Q, f"balance_{c}_{y}")
        terms = mdl.active_terms(i, lambda m: m.process)
        if terms:
            mdl.add([(v, k * Q) for v, k in terms], GE, -d.process_bau[i] * Q, f"process_{y}")
        terms = mdl.active_terms(i, lambda m: m.water)
        if terms:
            mdl.add([(v, k * Q) for v, k in terms], GE, -d.water_bau[i] * Q, f"water_{y}")
        terms = mdl.active_terms(i, lambda m: m.waste)
        if terms:
            room = d.waste_gen[i] - d.waste_recycled_bau[i]
            mdl.add([(v, k * Q) for v, k in terms], LE, room * Q, f"waste_{y}")


def gross_terms(mdl: Model, i: int) -> tuple[Terms, float]:
    """Gross emissions in year i (tCO2e) = constant + terms."""
    d = mdl.data
    el = d.ef.get("electricity", [0.0] * len(d.years))[i]

    def coef(m) -> float:
        k = sum(d.ef[c][i] * v[i] for c, v in m.eff.items())
        return k - el * m.gen + m.process

    terms = mdl.active_terms(i, coef)
    if mdl.export[i] is not None:
        terms.append((mdl.export[i], el))
    const = sum(d.ef[c][i] * d.bau[c][i] for c in d.carriers) + d.process_bau[i]
    return terms, const


def offset_terms(mdl: Model, i: int) -> Terms:
    return mdl.active_terms(i, lambda m: m.offsets)


def energy_terms(mdl: Model, i: int) -> tuple[Terms, float]:
    """Final energy use in GJ (electricity = grid + on-site renewable, x 3.6)."""
    d = mdl.data
    conv = {c: GJ_PER_MWH if c == "electricity" else 1.0 for c in d.carriers}
    terms = mdl.active_terms(i, lambda m: sum(conv.get(c, 1.0) * v[i] for c, v in m.eff.items()))
    const = sum(conv[c] * d.bau[c][i] for c in d.carriers) + GJ_PER_MWH * d.onsite_bau[i]
    return terms, const


def define_resources(mdl: Model) -> None:
    """resource_r_t: roof area, land, grid connection used by active units <= available."""
    d = mdl.data
    for r, cap in d.resources.items():
        if cap is None:
            continue
        for i, y in enumerate(d.years):
            terms = mdl.active_terms(i, lambda m, r=r: m.resources.get(r, 0.0))
            if terms:
                scale = 1.0 / max(1.0, cap)
                mdl.add([(v, k * scale) for v, k in terms], LE, cap * scale, f"resource_{r}_{y}")


def define_budget(mdl: Model) -> None:
    """budget_t: capital outlay of the year's installs <= budget (million)."""
    d = mdl.data
    for i, y in enumerate(d.years):
        if d.budget[i] is None:
            continue
        terms = [(mdl.x[m.id][i], m.capex * M) for m in d.measures if m.id in mdl.x and mdl.x[m.id][i] is not None]
        terms = [(v, k) for v, k in terms if k]
        if terms:
            mdl.add(terms, LE, d.budget[i] * M, f"budget_{y}")


def define_exclusions(mdl: Model) -> None:
    """group_g: at most one measure of an exclusion group is ever used (use_m binary; excl_m_t: x <= ub use)."""
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
            mdl.use[m.id] = u
            for i, xv in enumerate(mdl.x[m.id]):
                if xv is not None:
                    mdl.add([(xv, 1.0), (u, -m.ub)], LE, 0.0, f"excl_{_slug(m.id)}_{d.years[i]}")
        mdl.add([(mdl.use[m.id], 1.0) for m in ms], LE, 1.0, f"group_{_slug(g)}")


def define_prerequisites(mdl: Model) -> None:
    """B requires A: prereq_B_A_t: A_B[t] <= ub_B built_A[t]; built_A_t: built_A[t] <= A_A[t] / threshold
    (A counts as built in a year when at least one unit, or its whole bound if smaller, is active)."""
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
                if ra is None or ra[i] is None:  # prerequisite unavailable that year: B cannot be active
                    mdl.add([(av, 1.0)], LE, 0.0, f"prereq_{_slug(m.id)}_{_slug(req)}_{d.years[i]}")
                    continue
                b = _built(mdl, by_id[req], i)
                mdl.add([(av, 1.0), (b, -m.ub)], LE, 0.0, f"prereq_{_slug(m.id)}_{_slug(req)}_{d.years[i]}")


def _built(mdl: Model, req, i: int) -> pulp.LpVariable:
    d = mdl.data
    row = mdl.built.setdefault(req.id, [None] * len(d.years))
    if row[i] is None:
        y = d.years[i]
        b = mdl.prob.add_variable(f"built_{_slug(req.id)}_{y}", 0, 1, pulp.LpBinary)
        threshold = min(1.0, req.ub)
        mdl.add([(b, threshold), (mdl.a[req.id][i], -1.0)], LE, 0.0, f"built_{_slug(req.id)}_{y}")
        row[i] = b
    return row[i]


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
        el_bau = d.bau.get("electricity", [0.0] * len(d.years))[i] + d.onsite_bau[i]
        terms = mdl.active_terms(i, lambda m: m.gen - v * m.eff.get("electricity", [0.0] * len(d.years))[i])
        if mdl.export[i] is not None:
            terms.append((mdl.export[i], -1.0))
        return terms, d.renewable_bau[i] - v * el_bau, t.norm * max(el_bau, 1.0), 1.0 / max(el_bau, 1.0)
    if t.metric == "waste_recycling_rate":
        gen = d.waste_gen[i]
        terms = mdl.active_terms(i, lambda m: m.waste)
        return terms, d.waste_recycled_bau[i] - v * gen, t.norm * max(gen, 1.0), 1.0 / max(gen, 1.0)
    if t.metric == "water_reuse_rate":
        dem = d.water_demand[i]
        terms = [(var, -k) for var, k in mdl.active_terms(i, lambda m: m.water)]
        return terms, (1.0 - v) * dem - d.water_bau[i], t.norm * max(dem, 1.0), 1.0 / max(dem, 1.0)
    raise ValueError(f"unknown metric {t.metric!r}")


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
                add(v, w * m.annual)
        for c in d.carriers:
            terms, k0 = carrier_terms(mdl, c, i)
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
    mdl.cost = Expr([(v, k) for v, k in coefs.values() if k], constant=const)
    mdl.prob.setObjective(mdl.cost)


def build(d: ModelData) -> Model:
    """The whole model for one scenario's data (PuLP problem, variables, both objectives)."""
    mdl = Model(data=d, prob=pulp.LpProblem("zone_pathway", pulp.LpMinimize))
    define_units(mdl)
    define_export(mdl)
    define_balances(mdl)
    define_resources(mdl)
    define_budget(mdl)
    define_exclusions(mdl)
    define_prerequisites(mdl)
    define_targets(mdl)
    define_objective(mdl)
    return mdl
