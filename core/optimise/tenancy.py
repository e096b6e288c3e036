"""A plan split by tenant and party (core.parties.Tenancy), from the model data's sites (core.optimise.sites).

- Emissions: a tenant's BAU is its own base-year energy x factors + process and refrigerant emissions, scaled by
  activity (the tenants add up to the zone's BAU); its plan is BAU less its weight's part of each measure's
  abatement (`Plan.abatement`, which adds up to BAU - plan): the tenants' plans add up to the plan's gross
  emissions (`emissions_t` of the JSON). A measure serving nobody (offsets) counts at the zone.
- Money per measure and year: its stand-alone energy bill saving (core.optimise.sites.unit_value), its
  positive parts scaled so they add up to the zone's BAU - plan energy cost (overlaps counted once, as for
  abatement); its carbon-price saving = carbon price x its attributed abatement; fees by its business model on
  the energy actually delivered. The owner ('tenant' = the tenants served by weight) carries capex and O&M.
  Every party's yearly cost adds up to the plan's total cost: fees move money, never create it.
"""

from __future__ import annotations

import pandas as pd

from core.optimise.data import ModelData
from core.optimise.sites import ESCO, ZONE, SiteData, unit_fee, unit_value
from core.parties import BY_TENANT_COLUMNS, FLOW_COLUMNS, MEASURE_COLUMNS, PARTY_COLUMNS, Tenancy, finance, salvage
from core.results import Plan


def _series(plan: Plan, col: str, n: int, years: list[int]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    pos = {y: i for i, y in enumerate(years)}
    for r in plan.units.itertuples():
        out.setdefault(str(r.measure), [0.0] * n)[pos[int(r.year)]] = float(getattr(r, col))
    return out


def tenant_bau(d: ModelData, sd: SiteData) -> dict[str, tuple[list[float], list[float]]]:
    """tenant -> (BAU gross tCO2e, BAU energy + carbon-price cost) by plan year."""
    out = {}
    n = len(d.years)
    for t in sd.tenants:
        base = sd.base[t]
        non_energy = sum(v for k, v in base.items() if k.startswith("process:") or k == "fugitive")
        em, cost = [], []
        for i in range(n):
            a = sd.activity[i]
            e = sum(base.get(c, 0.0) * d.ef[c][i] for c in d.carriers) + non_energy
            bill = sum(base.get(c, 0.0) * d.price[c][i] for c in d.carriers)
            em.append(e * a)
            cost.append((bill + d.carbon_price[i] * e) * a)
        out[t] = (em, cost)
    return out


def tenancy(d: ModelData, plan: Plan) -> Tenancy | None:
    """Per-tenant emissions and money of a plan (None without sites or a plan)."""
    sd: SiteData | None = d.sites
    if sd is None or not plan.ok:
        return None
    n, years = len(d.years), list(d.years)
    built, active = _series(plan, "built", n, years), _series(plan, "active", n, years)
    by_id = {m.id: m for m in d.measures}
    abated: dict[str, list[float]] = {}
    for r in plan.abatement.itertuples():
        abated.setdefault(str(r.measure), [0.0] * n)[years.index(int(r.year))] = float(r.abated_t)
    costs = plan.costs
    parties = [*sd.tenants, ZONE] + ([ESCO] if ESCO in sd.owner.values() else [])
    acc = {p: {k: [0.0] * n for k in FLOW_COLUMNS[2:]} for p in parties}
    cut = {p: [0.0] * n for p in parties}
    mrows = []
    for i in range(n):  # energy saving scale per year (overlaps counted once)
        own = {mid: a[i] * unit_value(by_id[mid], d, i)[0] for mid, a in active.items() if a[i] and mid in by_id}
        pos = sum(v for v in own.values() if v > 0)
        neg = sum(v for v in own.values() if v < 0)
        zone_saving = float(costs["bau_energy"].iloc[i] - costs["energy"].iloc[i])
        k = (zone_saving - neg) / pos if pos > 0 else 0.0
        for mid, v in own.items():
            m = by_id[mid]
            e = v * k if v > 0 else v
            c = d.carbon_price[i] * abated.get(mid, [0.0] * n)[i]
            fee = unit_fee(sd, m, d, i, e / active[mid][i]) * active[mid][i] * (k if v > 0 else 1.0)
            w = sd.weights.get(mid) or {ZONE: 1.0}
            for t, share in w.items():
                acc[t]["energy_saving"][i] += share * e
                acc[t]["carbon_saving"][i] += share * c
                acc[t]["fees_paid"][i] += share * fee
                cut[t][i] += share * abated.get(mid, [0.0] * n)[i]
            owner = sd.owner.get(mid, "tenant")
            payers = w if owner == "tenant" else {owner: 1.0}
            for t, share in payers.items():
                acc[t]["fees_received"][i] += share * fee
                acc[t]["annualised_capex"][i] += share * m.capex * m.crf * active[mid][i]
                acc[t]["om"][i] += share * m.om * active[mid][i]
    for mid, b in built.items():
        m = by_id.get(mid)
        if m is None:
            continue
        owner = sd.owner.get(mid, "tenant")
        payers = (sd.weights.get(mid) or {ZONE: 1.0}) if owner == "tenant" else {owner: 1.0}
        sv = salvage(m.capex, b, m.lifetime)
        for t, share in payers.items():
            for i in range(n):
                acc[t]["capex"][i] += share * m.capex * b[i]
            acc[t]["salvage"][n - 1] += share * sv
        flows = _measure_flows(d, m, b, active.get(mid, [0.0] * n), abated.get(mid, [0.0] * n), sv)
        served = _served(sd.weights.get(mid) or {})
        mrows.append(
            [mid, sd.site.get(mid, ZONE), owner, sd.model.get(mid, "owner_pays"), served, m.capex * sum(b)]
            + list(finance(flows, d.df).values())
        )
    bau = tenant_bau(d, sd)
    _no_negative(cut, bau, sd.tenants, n)
    frows, trows, prows = [], [], []
    for p in parties:
        a = acc[p]
        for i, y in enumerate(years):
            a["net"][i] = (
                -a["capex"][i]
                - a["om"][i]
                + a["energy_saving"][i]
                + a["carbon_saving"][i]
                + a["fees_received"][i]
                - a["fees_paid"][i]
                + a["salvage"][i]
            )
            frows.append([p, y] + [a[k][i] for k in FLOW_COLUMNS[2:]])
            em, bcost = bau.get(p, ([0.0] * n, [0.0] * n))
            change = (
                a["annualised_capex"][i]
                + a["om"][i]
                - a["energy_saving"][i]
                - a["carbon_saving"][i]
                + a["fees_paid"][i]
                - a["fees_received"][i]
            )
            trows.append([p, y, em[i], em[i] - cut[p][i], a["capex"][i], bcost[i] + change, -change])
        kind = "tenant" if p in sd.tenants else p
        fees = sum(a["fees_received"]) - sum(a["fees_paid"])
        prows.append([p, kind, *finance(a["net"], d.df).values(), sum(a["capex"]), fees])
    return Tenancy(
        by_tenant=pd.DataFrame(trows, columns=BY_TENANT_COLUMNS),
        cash_flows=pd.DataFrame(frows, columns=FLOW_COLUMNS),
        parties=pd.DataFrame(prows, columns=PARTY_COLUMNS),
        measures=pd.DataFrame(mrows, columns=MEASURE_COLUMNS),
        key_tenants=tuple(sd.key_tenants),
        participation=sd.participation,
        weights={mid: dict(w) for mid, w in sd.weights.items()},
    )


def _measure_flows(d: ModelData, m, built: list[float], active: list[float], abated: list[float], sv: float):  # noqa: ANN001
    """Whole-measure yearly net (all parties together; fees cancel), stand-alone energy value."""
    out = []
    for i in range(len(d.years)):
        e = unit_value(m, d, i)[0] * active[i]
        out.append(-m.capex * built[i] - m.om * active[i] + e + d.carbon_price[i] * abated[i])
    out[-1] += sv
    return out


def _served(w: dict[str, float], top: int = 4) -> str:
    """'T03 27%, T08 7%, ... +26' (the largest shares of a measure's tenants)."""
    items = sorted(w.items(), key=lambda x: -x[1])
    text = ", ".join(f"{t} {v:.0%}" for t, v in items[:top])
    return text + (f", +{len(items) - top}" if len(items) > top else "")


def _no_negative(cut: dict[str, list[float]], bau: dict, tenants: list[str], n: int) -> None:
    """Pro-rata shares of overlapping measures can give a small tenant more abatement than it emits: the excess
    goes to the other tenants in proportion to what they still emit (the sum is unchanged)."""
    for i in range(n):
        left = {t: bau[t][0][i] - cut[t][i] for t in tenants}
        excess = sum(-v for v in left.values() if v < 0)
        room = sum(v for v in left.values() if v > 0)
        if excess <= 0 or room <= 0:
            continue
        for t, v in left.items():
            cut[t][i] += v if v < 0 else excess * v / room
