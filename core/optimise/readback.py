"""Solution values -> Plan tables (core.results). Everything is recomputed from the units in
plain Python with the same coefficients the model used, so reported numbers tie out exactly."""

from __future__ import annotations

import math

import pandas as pd

from core.baseline import Flows, metric_value, metrics
from core.carriers import canonical_unit
from core.optimise.data import ModelData
from core.optimise.macc import measure_macc, plan_macc, unit_abatement
from core.optimise.model import Model
from core.optimise.power_readback import annual_power, dispatch, hourly_check, power_costs
from core.results import Plan, SolverReport
from core.targets import is_upper

TOL = 1e-6


def unit_values(mdl: Model, values: dict[str, float]) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """(built, active) per measure and year index; integers rounded, tiny noise dropped."""
    d = mdl.data
    n = len(d.years)
    built, active = {}, {}
    for m in d.measures:
        xs = mdl.x.get(m.id)
        if xs is None:
            continue
        b = [0.0] * n
        for i, v in enumerate(xs):
            if v is not None:
                val = values.get(v.name, 0.0) * mdl.scale[m.id]
                val = float(round(val)) if m.integer else val
                b[i] = val if abs(val) > 1e-9 else 0.0
        # active units from installs and lifetimes: A[t] = sum of x over (t-L, t]
        a = [sum(b[max(0, i - m.lifetime + 1) : i + 1]) for i in range(n)]
        built[m.id], active[m.id] = b, a
    return built, active


def quantities(d: ModelData, active: dict[str, list[float]], power: dict[int, dict] | None = None) -> dict[str, list]:
    """Per-year plan quantities from active units (the model's algebra; every flow clamped at 0). With `power`
    (hourly dispatch figures by year), the grid purchase, on-site renewable used and genset fuel are those."""
    n = len(d.years)
    by_id = {m.id: m for m in d.measures}
    use = {c: list(d.bau[c]) for c in d.carriers}
    gen = [0.0] * n
    proc = list(d.process_bau)
    offs = [0.0] * n
    water = list(d.water_bau)
    recycled = list(d.waste_recycled_bau)
    for mid, a in active.items():
        m = by_id[mid]
        for i in range(n):
            if not a[i]:
                continue
            for c, v in m.eff.items():
                use[c][i] += v[i] * a[i]
            gen[i] += m.gen * a[i]
            proc[i] += m.process * a[i]
            offs[i] += m.offsets * a[i]
            water[i] += m.water * a[i]
            recycled[i] += m.waste * a[i]
    pos = lambda v: max(0.0, v)  # noqa: E731
    demand = [0.0] * n
    fossil = [0.0] * n
    if "electricity" in use:
        demand = [pos(use["electricity"][i] + d.onsite_bau[i]) for i in range(n)]
        use["electricity"] = [pos(demand[i] - d.onsite_bau[i] - gen[i]) for i in range(n)]
    if power:
        pf = [power[y] for y in d.years]
        use["electricity"] = [f["grid_import_mwh"] for f in pf]
        fossil = [f["genset_mwh"] for f in pf]
        for c in use:  # the gensets' fuel joins the fuel's use
            if c != "electricity" and any(f"genset_fuel_gj_{c}" in f for f in pf):
                use[c] = [use[c][i] + pf[i].get(f"genset_fuel_gj_{c}", 0.0) for i in range(n)]
    use = {c: [pos(v) for v in vals] for c, vals in use.items()}
    flows = Flows(
        use=use,
        demand_mwh=demand,
        green_mwh=[d.renewable_bau[i] - d.onsite_bau[i] for i in range(n)],
        process_t=[pos(v) for v in proc],
        offsets_t=offs,
        water_m3=[pos(v) for v in water],
        recycled_t=[min(d.waste_gen[i], recycled[i]) for i in range(n)],
        fossil_mwh=fossil,
    )
    q = metrics(flows, d.ef, d.output, d.waste_gen, d.water_demand)
    q["use"] = use
    q["demand_mwh"] = demand
    q["gen_made"] = gen
    q["gen"] = [min(gen[i], pos(demand[i] - d.onsite_bau[i])) for i in range(n)]
    if power:
        q["gen"] = [pos(power[y]["onsite_renewable_used_mwh"] - d.onsite_bau[i]) for i, y in enumerate(d.years)]
    return q


def bau_quantities(d: ModelData) -> dict[str, list]:
    return quantities(d, {})


def achieved(q: dict, d: ModelData, metric: str, basis: str, i: int) -> float:
    return metric_value(q, d.output, metric, basis, i)


def costs(d: ModelData, q: dict, active: dict[str, list[float]]) -> pd.DataFrame:
    n = len(d.years)
    by_id = {m.id: m for m in d.measures}
    ann = [0.0] * n
    om = [0.0] * n
    for mid, a in active.items():
        m = by_id[mid]
        for i in range(n):
            ann[i] += m.capex * m.crf * a[i]
            om[i] += m.om * a[i]
    bq = bau_quantities(d)

    def energy(qq):
        return [sum(d.price[c][i] * qq["use"][c][i] for c in d.carriers) for i in range(n)]

    e, be = energy(q), energy(bq)
    carbon = [d.carbon_price[i] * q["gross"][i] for i in range(n)]
    bcarbon = [d.carbon_price[i] * bq["gross"][i] for i in range(n)]
    df = pd.DataFrame(
        {
            "annualised_capex": ann,
            "om": om,
            "energy": e,
            "carbon": carbon,
            "bau_energy": be,
            "bau_carbon": bcarbon,
        },
        index=pd.Index(d.years, name="year"),
    )
    df["total"] = df["annualised_capex"] + df["om"] + df["energy"] + df["carbon"]
    df["bau_total"] = df["bau_energy"] + df["bau_carbon"]
    return df


def split_non_energy(d: ModelData, q: dict, active: dict[str, list[float]]) -> dict[str, list[float]]:
    """Emissions by source with the model's one `process` quantity split into its streams (process kinds,
    refrigerant leaks, wastewater CH4): each stream's BAU less what the measures acting on it remove (never
    below 0), scaled so the parts add up to the model's process emissions."""
    out = {k: v for k, v in q["by_source"].items() if k != "process"}
    total = q["by_source"]["process"]
    if not d.non_energy:
        out["process"] = total
        return out
    n = len(d.years)
    by_id = {m.id: m for m in d.measures}
    parts = {k: list(v) for k, v in d.non_energy.items()}
    for mid, a in active.items():
        m = by_id[mid]
        if not m.stream or not m.process:
            continue
        kind, _, sub = m.stream.partition(":")
        src = "wastewater" if kind == "wastewater_cod" else (f"process_{sub}" if kind == "process" and sub else kind)
        if src in parts:
            for i in range(n):
                parts[src][i] += m.process * a[i]
    for i in range(n):
        got = [max(0.0, parts[k][i]) for k in parts]
        scale = total[i] / sum(got) if sum(got) > 0 else 0.0
        for k, v in zip(parts, got, strict=True):
            parts[k][i] = v * scale
    return {**out, **parts}


def attribute_abatement(d: ModelData, active: dict[str, list[float]], reduction: list[float]) -> pd.DataFrame:
    """Gross emissions avoided by measure and year, adding up to BAU - plan in every year: each measure's
    stand-alone abatement (core.optimise.macc, offsets left out), the positive ones scaled so that overlaps
    on a shared stream are counted once; a measure that adds emissions keeps its own (negative) figure."""
    by_id = {m.id: m for m in d.measures}
    rows = []
    for i, y in enumerate(d.years):
        own = {mid: a[i] * (unit_abatement(by_id[mid], d, i) - by_id[mid].offsets) for mid, a in active.items() if a[i]}
        pos = sum(v for v in own.values() if v > 0)
        neg = sum(v for v in own.values() if v < 0)
        scale = (reduction[i] - neg) / pos if pos > 0 else 0.0
        rows += [[mid, y, v * scale if v > 0 else v] for mid, v in own.items() if abs(v) > 1e-9]
    return pd.DataFrame(rows, columns=["measure", "year", "abated_t"])


def implied_carbon_price(d: ModelData, targets: pd.DataFrame) -> pd.Series:
    """The marginal cost of one more tonne of cut in each year whose emissions target binds and is met:
    the dual of its row (LP with integers and every shortfall fixed) undiscounted to that year, currency per
    t. NaN where a target of the year is out of reach (that year's answer is its shortfall, not a price),
    where none binds, or where the LP gave no dual."""
    price = dict.fromkeys(d.years, math.nan)
    pos = {y: i for i, y in enumerate(d.years)}
    em = targets[targets["metric"] == "emissions"] if not targets.empty else targets
    short_years = {int(r.year) for r in em.itertuples() if not r.met}
    for r in em.itertuples():
        if int(r.year) in short_years or not math.isfinite(r.dual):
            continue
        # row in kt, objective in million and discounted: -dual x 1e3 / df = currency per t in year t
        p = -r.dual * 1e3 / d.df[pos[int(r.year)]]
        if p > 1e-6:
            y = int(r.year)
            price[y] = (0.0 if math.isnan(price[y]) else price[y]) + p
    out = pd.Series(price, name="carbon_price", dtype=float)
    out.index.name = "year"
    return out


def read_plan(
    mdl: Model,
    values: dict[str, float],
    status: str,
    message: str,
    solver: SolverReport,
    names: dict[str, dict],
    duals: dict[str, float] | None = None,
    start: dict | None = None,
) -> Plan:
    d = mdl.data
    n = len(d.years)
    built, active = unit_values(mdl, values)
    q = quantities(d, active)
    days: dict = {}
    if mdl.power is not None:
        disp = dispatch(mdl, values, active, q["demand_mwh"])
        power, days = disp["years"], disp["days"]
        q = quantities(d, active, power)
    elif d.power is not None:
        check = hourly_check(d, active, q["demand_mwh"])
        power, days = check["years"], check["days"]
    elif "electricity" in d.carriers:
        power = annual_power(d, q["demand_mwh"], q["use"]["electricity"], q["gen"], q["gen_made"])
    else:
        power = {}
    bq = bau_quantities(d)
    idx = pd.Index(d.years, name="year")

    trows = []
    target_gross = [math.nan] * n
    target_net = [math.nan] * n
    pos = {y: i for i, y in enumerate(d.years)}
    row_of = {(t.metric, t.basis, t.year): row for t, _, row in mdl.short}
    for t in d.targets:
        i = pos.get(t.year)
        if i is None:
            continue
        got = achieved(q, d, t.metric, t.basis, i)
        short = (got - t.value) if is_upper(t.metric) else (t.value - got)
        tol = TOL * max(1.0, abs(t.value), abs(t.norm))
        short = short if short > tol else 0.0
        dual = (duals or {}).get(row_of.get((t.metric, t.basis, t.year), ""), math.nan)
        trows.append([t.metric, t.basis, t.year, t.value, got, short, short == 0.0, dual])
        if t.metric == "emissions":
            (target_net if t.basis == "net" else target_gross)[i] = t.value
    targets = pd.DataFrame(trows, columns=["metric", "basis", "year", "target", "achieved", "short_by", "met", "dual"])

    pathway = pd.DataFrame(
        {
            "bau_t": bq["gross"],
            "plan_gross_t": q["gross"],
            "plan_net_t": q["net"],
            "offsets_t": q["offsets"],
            "target_t": target_gross,
            "target_net_t": target_net,
            "energy_gj": q["energy_gj"],
            "bau_energy_gj": bq["energy_gj"],
            "renewable_share": q["renewable_share"],
            "output_musd": d.output,
        },
        index=idx,
    )
    src = [
        [y, s, bq_src[s][i], q_src[s][i]]
        for q_src, bq_src in [(split_non_energy(d, q, active), split_non_energy(d, bq, {}))]
        for s in q_src
        for i, y in enumerate(d.years)
    ]
    energy = [[y, c, canonical_unit(c), d.bau[c][i], q["use"][c][i]] for c in d.carriers for i, y in enumerate(d.years)]
    if any(q["gen"]):
        energy += [[y, "onsite_renewable", "MWh", 0.0, q["gen"][i]] for i, y in enumerate(d.years)]
    urows = [
        [mid, y, built[mid][i], active[mid][i]]
        for mid in built
        for i, y in enumerate(d.years)
        if built[mid][i] > 1e-9 or active[mid][i] > 1e-9
    ]
    by_id = {m.id: m for m in d.measures}
    capex = pd.Series(
        [sum(by_id[mid].capex * built[mid][i] for mid in built) for i in range(n)], index=idx, name="capex"
    )
    cost = costs(d, q, active)
    p_ann, p_om, p_capex = power_costs(mdl, values)
    revenue = [power.get(y, {}).get("export_revenue", 0.0) for y in d.years]
    if any(revenue):  # export revenue nets off the energy bill
        cost["energy"] -= revenue
        cost["total"] -= revenue
    if any(p_ann) or any(p_om):
        cost["annualised_capex"] += p_ann
        cost["om"] += p_om
        cost["total"] = cost["annualised_capex"] + cost["om"] + cost["energy"] + cost["carbon"]
        capex = (capex + pd.Series(p_capex, index=idx)).rename("capex")
    disc = pd.Series(d.df, index=idx)
    parts = {k: float((cost[k] * disc).sum()) for k in ("annualised_capex", "om", "energy", "carbon")}
    npv = {
        "total": sum(parts.values()),
        "bau_total": float((cost["bau_total"] * disc).sum()),
        "parts": parts,
        "bau_parts": {
            "energy": float((cost["bau_energy"] * disc).sum()),
            "carbon": float((cost["bau_carbon"] * disc).sum()),
        },
    }
    npv["saving"] = npv["bau_total"] - npv["total"]

    carbon_price = implied_carbon_price(d, targets)

    mrows = []
    for mid, nm in names.items():
        m = by_id.get(mid)
        mrows.append({"id": mid, **nm, "max_units_model": None if m is None else m.ub})
    return Plan(
        abatement=attribute_abatement(d, active, [bq["gross"][i] - q["gross"][i] for i in range(n)]),
        status=status,
        message=message,
        years=list(d.years),
        pathway=pathway,
        emissions_by_source=pd.DataFrame(src, columns=["year", "source", "bau_t", "plan_t"]),
        energy=pd.DataFrame(energy, columns=["year", "carrier", "unit", "bau", "plan"]),
        units=pd.DataFrame(urows, columns=["measure", "year", "built", "active"]),
        capex=capex,
        costs=cost,
        npv=npv,
        targets=targets,
        carbon_price=carbon_price,
        macc=measure_macc(d, names),
        macc_plan=plan_macc(d, active, names),
        measures=pd.DataFrame(mrows),
        solver=solver,
        currency=d.currency,
        base_year=d.base_year,
        start=start or {},
        power=power,
        power_days=days,
        power_mode="hourly" if d.hourly else "annual",
        power_slots=[len(d.power.weights), max(map(len, d.power.load))] if d.hourly and d.power else [],
    )
