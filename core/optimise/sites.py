"""Sited measures and parties in the model (DESIGN 15): which tenants a measure acts on and pays for, tenant
mode, the rows that keep a tenant's measure on that tenant's streams, and the participation constraint.

Conventions (stated; `docs/parties.md` repeats them):
- A measure with `tenant` (or sited on / delivering to a facility a tenant runs) is that tenant's: its share
  effects act on the tenant's use, what it removes from its stream is bounded by the tenant's stream
  (rows `sitestream_<stream>_<site>_<year>`) and its effects by the tenant's use of each carrier (rows
  `site_<carrier>_<tenant>_<year>`): a tenant measure cannot act on another tenant's gas.
- A zone-wide measure acts on every tenant pro rata to the tenants' base-year share of its stream (else of the
  carrier whose emissions it cuts most; generation: grid electricity; process measures: non-energy emissions;
  offsets and measures without any: base-year emissions); `parties.terms[].allocation` overrides the key.
- Tenant mode (`parties.tenant_mode`): every continuous stream measure not sited anywhere and without an
  allocation is split into one instance per key tenant holding >= 5 % of that stream (`<id>@<tenant>`) and one
  for all other tenants with the stream (`<id>@rest`, pro rata inside). Each instance's bound is the zone bound
  x its part's share of the stream. Lumpy (integer) measures stay zone-wide: a plant is one decision, and
  integers are what makes the model slow (PITFALLS).
  Key tenants, at most `parties.max_tenants`: EU exporters (CBAM), then tenants running a facility, then the
  largest base-year emitters; each group by base-year emissions, largest first. The rest are aggregated: one
  decision for them all (they adopt a measure in proportion to their streams).
- Participation (`parties.participation`): for every tenant, the discounted sum over plan years of its
  annualised capex and O&M share, fees paid and minus its energy and carbon-price savings is <= 0 (no tenant
  worse off than BAU). Savings are taken per unit (linear), as the MACC does.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from core.baseline import Baseline, baseline
from core.optimise.data import MeasureData, ModelData, prepare
from core.optimise.macc import unit_abatement
from core.optimise.model import GE, LE, Model, Q, _slug
from core.schema import Measure, MeasureTerms, Scenario
from core.streams import stream_of, tenant_streams

REST = "rest"
MIN_SHARE = 0.05  # tenant mode: a key tenant gets its own instance of a measure if it has >= 5 % of the stream
ZONE = "zone"
ESCO = "esco"
NON_ENERGY = ("process", "fugitive", "wastewater")


@dataclass
class SiteData:
    """Who each measure acts on and who pays, per model measure id (all plain data)."""

    tenants: list[str]
    activity: list[float]  # activity index by plan year
    base: dict[str, dict[str, float]]  # tenant -> core.streams key (and 'non_energy', 'gross') -> base year
    weights: dict[str, dict[str, float]]  # measure -> tenant -> share of its effects (sum 1; empty: the zone's)
    site: dict[str, str]  # measure -> tenant id | 'rest' (tenant mode) ; absent: zone-wide
    owner: dict[str, str]  # measure -> 'tenant' (the tenants served, by weight) | 'zone' | 'esco'
    model: dict[str, str]  # measure -> owner_pays | operator_sells | shared_savings
    price_factor: dict[str, float] = field(default_factory=dict)  # operator_sells: share of the tariff
    price_per_unit: dict[str, float] = field(default_factory=dict)  # operator_sells: per MWh / GJ delivered
    savings_share: dict[str, float] = field(default_factory=dict)  # shared_savings
    key_tenants: list[str] = field(default_factory=list)
    participation: bool = False
    parent: dict[str, str] = field(default_factory=dict)  # instance id -> catalogue id (tenant mode)
    members: dict[str, list[str]] = field(default_factory=dict)  # rest instance -> the tenants it stands for


# ---------------------------------------------------------------- who is served


def tenant_base(s: Scenario) -> dict[str, dict[str, float]]:
    """Base-year streams of each tenant, with 'non_energy' (process + fugitive + wastewater tCO2e)."""
    out = {}
    for t in s.tenants:
        st = tenant_streams(t, s.assumptions.gwp)
        st["non_energy"] = sum(v for k, v in st.items() if k.partition(":")[0] in NON_ENERGY and k != "wastewater_cod")
        out[t.id] = st
    return out


def _gross(base: dict[str, dict[str, float]], b: Baseline) -> dict[str, float]:
    y = b.base_year
    return {
        tid: sum(q * b.ef[c][y] for c, q in st.items() if ":" not in c and c in b.ef) + st["non_energy"]
        for tid, st in base.items()
    }


def key_tenants(s: Scenario, gross: dict[str, float]) -> list[str]:
    """Tenants decided one by one in tenant mode (see the module docstring), at most `max_tenants`."""
    runs = {f.tenant for f in s.facilities if f.tenant}
    by_size = sorted(s.tenants, key=lambda t: -gross.get(t.id, 0.0))
    ranked = [t.id for t in by_size if t.exports] + [t.id for t in by_size if t.id in runs and not t.exports]
    ranked += [t.id for t in by_size if t.id not in ranked]
    return ranked[: s.parties.max_tenants]


def _owner_tenant(s: Scenario, m: Measure) -> str | None:
    runs = {f.id: f.tenant for f in s.facilities if f.tenant}
    for cand in (m.tenant, runs.get(m.facility or ""), runs.get(m.to_facility or "")):
        if cand:
            return cand
    return None


def _terms(s: Scenario) -> dict[str, MeasureTerms]:
    return {t.measure: t for t in s.parties.terms}


def split_measures(
    s: Scenario, b: Baseline, ms: list[Measure]
) -> tuple[list[Measure], dict[str, str], dict[str, str], dict[str, list[str]]]:
    """Tenant mode: stream measures -> instances at key tenants and the rest. Returns the measures, instance ->
    site, instance -> parent id, rest instance -> the tenants it stands for."""
    site: dict[str, str] = {}
    parent: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    if not s.parties.tenant_mode:
        return ms, site, parent, members
    base = tenant_base(s)
    keys = key_tenants(s, _gross(base, b))
    terms = _terms(s)
    out = []
    for m in ms:
        if (
            not m.acts_on
            or m.integer  # lumpy plants stay zone-wide: one decision, few integers
            or _owner_tenant(s, m) is not None
            or (terms.get(m.id) and terms[m.id].allocation)
        ):
            out.append(m)
            continue
        zone_q = stream_of(b.streams, m.acts_on)
        if zone_q <= 0:
            out.append(m)
            continue
        parts = {k: stream_of(base[k], m.acts_on) for k in keys}
        parts = {k: q for k, q in parts.items() if q >= MIN_SHARE * zone_q}
        rest_ids = [t.id for t in s.tenants if t.id not in parts and stream_of(base[t.id], m.acts_on) > 0]
        rest = max(0.0, zone_q - sum(parts.values()))
        if rest_ids and rest > 0:
            parts[REST] = rest
        for where, q in parts.items():
            mu = None if m.max_units is None else m.max_units * q / zone_q
            iid = f"{m.id}@{where}"
            upd = {
                "id": iid,
                "max_units": mu,
                "exclusion_group": f"{m.exclusion_group}@{where}" if m.exclusion_group else None,
                "requires": list(m.requires),
            }
            out.append(m.model_copy(update=upd))
            site[iid], parent[iid] = where, m.id
            if where == REST:
                members[iid] = rest_ids
    ids = {m.id for m in out}
    for k, m in enumerate(out):  # an instance requires its own site's instance of a split prerequisite
        if m.id in site and m.requires:
            req = [f"{r}@{site[m.id]}" if f"{r}@{site[m.id]}" in ids else r for r in m.requires]
            out[k] = m.model_copy(update={"requires": req})
    return out, site, parent, members


def _basis(m: MeasureData, d: ModelData) -> str:
    """The quantity a zone-wide measure's effects are shared by (a core.streams key, 'non_energy' or 'gross')."""
    if m.stream:
        return m.stream
    if m.gen > 0:
        return "electricity"
    if m.process < 0:
        return "non_energy"
    cut = {c: -v[0] * d.ef[c][0] for c, v in m.eff.items() if c in d.ef and v and v[0] < 0}
    if cut:
        return max(cut, key=cut.__getitem__)
    return "gross"


def _pro_rata(base: dict[str, dict[str, float]], key: str, among: list[str]) -> dict[str, float]:
    q = {t: stream_of(base[t], key) for t in among}
    total = sum(q.values())
    if total <= 0:
        return {}
    return {t: v / total for t, v in q.items() if v > 0}


def attach_sites(
    s: Scenario,
    b: Baseline,
    d: ModelData,
    ms: list[Measure],
    site: dict[str, str],
    parent: dict[str, str],
    members: dict[str, list[str]],
) -> None:
    """Fill d.sites and each measure's site; share effects of sited measures act on their site's use."""
    base = tenant_base(s)
    gross = _gross(base, b)
    for tid, g in gross.items():
        base[tid]["gross"] = g
    ids = [t.id for t in s.tenants]
    keys = key_tenants(s, gross) if s.parties.tenant_mode else []
    terms = _terms(s)
    by_id = {m.id: m for m in ms}
    act = [b.activity[y] for y in d.years]
    sd = SiteData(tenants=ids, activity=act, base=base, weights={}, site={}, owner={}, model={}, key_tenants=keys)
    sd.participation, sd.parent, sd.members = s.parties.participation, parent, members
    for m in d.measures:
        pid = parent.get(m.id, m.id)
        full = by_id.get(m.id)
        who = site.get(m.id) or (_owner_tenant(s, full) if full is not None else None)
        tm = terms.get(pid)
        if tm is not None and tm.allocation:
            w = {t: float(v) for t, v in tm.allocation.items() if v}
        elif who == REST:
            w = _pro_rata(base, _basis(m, d), members.get(m.id, []))
        elif who:
            w = {who: 1.0}
        else:
            w = _pro_rata(base, _basis(m, d), ids) if not m.offsets else {}
        if who:
            sd.site[m.id] = who
            if who != REST and full is not None:
                _at_site(m, d, full.share_effects, base[who], act)
        sd.weights[m.id] = w
        owner = tm.owner if tm is not None else ("tenant" if w else "operator")
        sd.owner[m.id] = {"operator": ZONE, "esco": ESCO}.get(owner, "tenant")
        sd.model[m.id] = tm.model if tm is not None else "owner_pays"
        if tm is not None and tm.model == "operator_sells":
            if tm.price_per_unit is not None:
                sd.price_per_unit[m.id] = tm.price_per_unit
            else:
                sd.price_factor[m.id] = 1.0 - (tm.discount_to_tariff or 0.0)
        if tm is not None and tm.model == "shared_savings":
            sd.savings_share[m.id] = 0.5 if tm.savings_share is None else tm.savings_share
    _site_bounds(d, sd)
    d.sites = sd


def _site_groups(d: ModelData, sd: SiteData) -> tuple[dict, dict]:
    """(stream, site) -> measures with a stream saving there; (tenant, carrier) -> sited measures without one
    that cut that carrier."""
    streams: dict[tuple[str, str], list[MeasureData]] = {}
    carriers: dict[tuple[str, str], list[MeasureData]] = {}
    for m in d.measures:
        where = sd.site.get(m.id)
        if not where or m.ub <= 0:
            continue
        if m.stream and m.stream_saving > 0:
            streams.setdefault((m.stream, where), []).append(m)
        elif where != REST:
            for c, v in m.eff.items():
                if any(x < 0 for x in v):
                    carriers.setdefault((where, c), []).append(m)
    return streams, carriers


def _site_bounds(d: ModelData, sd: SiteData) -> None:
    """A measure alone on its site's stream or carrier: its bound is what the tenant has of it (no rows needed,
    and rows slow the solver); shared ones get rows (define_sites). Bounds hold in the year with the least."""
    streams, carriers = _site_groups(d, sd)
    for (stream, where), ms in streams.items():
        if len(ms) == 1 and where != REST:
            m = ms[0]
            cap = min(stream_of(sd.base[where], stream) * a for a in sd.activity) / m.stream_saving
            if cap < m.ub:
                m.ub = float(math.floor(cap + 1e-9)) if m.integer else cap
    for (where, c), ms in carriers.items():
        if len(ms) != 1:
            continue
        m = ms[0]
        use = sd.base[where].get(c, 0.0)
        caps = [use * sd.activity[i] / -v for i, v in enumerate(m.eff[c]) if v < 0]
        cap = min(caps) if caps else m.ub
        if cap < m.ub:
            m.ub = float(math.floor(cap + 1e-9)) if m.integer else cap


def _at_site(m: MeasureData, d: ModelData, share: dict, base: dict[str, float], act: list[float]) -> None:
    """Share effects of a sited measure: a share of the site's use, not of the zone's."""
    for c, sh in share.items():
        if c not in m.eff or not sh:
            continue
        zone = d.bau.get(c, [0.0] * len(d.years))
        if c == "electricity":
            zone = [z + o for z, o in zip(zone, d.onsite_bau, strict=True)]
        m.eff[c] = [m.eff[c][i] - sh * zone[i] + sh * base.get(c, 0.0) * act[i] for i in range(len(d.years))]


def prepare_sited(s: Scenario, b: Baseline | None = None, **power: Any) -> ModelData:
    """`core.optimise.data.prepare` with tenant mode's instances and the parties' data attached (`power`: its
    power_mode and days)."""
    b = b or baseline(s)
    got: dict = {}

    def split(ms: list[Measure]) -> list[Measure]:
        got["ms"], got["site"], got["parent"], got["members"] = split_measures(s, b, ms)
        return got["ms"]

    d = prepare(s, b, adjust=split, **power)
    attach_sites(s, b, d, got["ms"], got["site"], got["parent"], got["members"])
    return d


# ---------------------------------------------------------------- rows (after core.optimise.model.build)


def define_sites(mdl: Model) -> None:
    """sitestream_*, site_* and participation_* rows (nothing when the data has no sites)."""
    sd: SiteData | None = getattr(mdl.data, "sites", None)
    if sd is None:
        return
    _site_rows(mdl, sd)
    if sd.participation:
        _participation_rows(mdl, sd)


def _site_rows(mdl: Model, sd: SiteData) -> None:
    """Rows only where several measures share a site's stream or a tenant's carrier (one alone has its bound)."""
    d = mdl.data
    streams, carriers = _site_groups(d, sd)
    for (stream, where), ms in streams.items():  # what the site's measures remove <= the site's stream
        ms = [m for m in ms if m.id in mdl.a]
        if len(ms) < 2:
            continue
        among = [where] if where != REST else sorted({t for m in ms for t in sd.members.get(m.id, [])})
        q0 = sum(stream_of(sd.base[t], stream) for t in among)
        for i, y in enumerate(d.years):
            terms = [(mdl.a[m.id][i], m.stream_saving * mdl.scale[m.id] * Q) for m in ms]
            terms = [(v, k) for v, k in terms if v is not None]
            if len(terms) > 1:
                mdl.add(terms, LE, q0 * sd.activity[i] * Q, f"sitestream_{_slug(stream)}_{_slug(where)}_{y}")
    for (where, c), ms in carriers.items():  # the tenant's use of a carrier stays >= 0 under its own measures
        ms = [m for m in ms if m.id in mdl.a]
        if len(ms) < 2:
            continue
        for i, y in enumerate(d.years):
            terms = [(mdl.a[m.id][i], m.eff[c][i] * mdl.scale[m.id] * Q) for m in ms]
            terms = [(v, k) for v, k in terms if v is not None and k]
            if len(terms) > 1:
                use = sd.base[where].get(c, 0.0) * sd.activity[i]
                mdl.add(terms, GE, -use * Q, f"site_{c}_{_slug(where)}_{y}")


def unit_value(m: MeasureData, d: ModelData, i: int) -> tuple[float, float]:
    """(energy bill saving, carbon-price saving) per active unit in year i, currency (stand-alone)."""
    p_el = d.price.get("electricity", [0.0] * len(d.years))[i]
    energy = -sum(d.price[c][i] * v[i] for c, v in m.eff.items() if c in d.price) + p_el * m.gen
    return energy, d.carbon_price[i] * (unit_abatement(m, d, i) - m.offsets)


def unit_output(m: MeasureData, d: ModelData, i: int) -> dict[str, float]:
    """Energy one active unit delivers to the tenants served, by carrier (saved or generated, canonical units)."""
    out = {c: -v[i] for c, v in m.eff.items() if v[i] < 0}
    if m.gen > 0:
        out["electricity"] = out.get("electricity", 0.0) + m.gen
    return out


def unit_fee(sd: SiteData, m: MeasureData, d: ModelData, i: int, energy: float) -> float:
    """Fee the tenants served pay the owner per active unit in year i (0 under owner_pays)."""
    model = sd.model.get(m.id, "owner_pays")
    if model == "operator_sells":
        out = unit_output(m, d, i)
        if m.id in sd.price_per_unit:
            return sd.price_per_unit[m.id] * sum(out.values())
        k = sd.price_factor.get(m.id, 1.0)
        return sum(q * d.price.get(c, [0.0] * len(d.years))[i] * k for c, q in out.items())
    if model == "shared_savings":
        return sd.savings_share.get(m.id, 0.0) * energy
    return 0.0


def tenant_unit_net(sd: SiteData, m: MeasureData, d: ModelData, i: int) -> Callable[[str], float]:
    """Per active unit in year i: tenant -> its net cost (+ worse off), before discounting."""
    energy, carbon = unit_value(m, d, i)
    fee = unit_fee(sd, m, d, i, energy)
    pays = m.annual if sd.owner.get(m.id) == "tenant" else 0.0
    w = sd.weights.get(m.id, {})
    return lambda t: w.get(t, 0.0) * (pays + fee - energy - carbon)


def _participation_rows(mdl: Model, sd: SiteData) -> None:
    d = mdl.data
    rows: dict[str, dict[str, list]] = {t: {} for t in sd.tenants}
    for m in d.measures:
        if m.id not in mdl.a or not sd.weights.get(m.id):
            continue
        for i, v in enumerate(mdl.a[m.id]):
            if v is None:
                continue
            net = tenant_unit_net(sd, m, d, i)
            for t in sd.weights[m.id]:
                k = d.df[i] * net(t) * mdl.scale[m.id] * 1e-6
                if k:
                    rows[t].setdefault(v.name, [v, 0.0])[1] += k
    for t, terms in rows.items():
        if terms:
            mdl.add([(v, k) for v, k in terms.values()], LE, 0.0, f"participation_{_slug(t)}")
