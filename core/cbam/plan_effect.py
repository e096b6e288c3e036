"""Plan -> per-tenant emission changes (what a plan does to each exporter's embedded emissions).

- Plan: a measure with `tenant` set (or sited on / delivering to a facility a tenant runs) changes that
  tenant's emissions; a zone-wide measure's change of each carrier (and of process + fugitive emissions)
  is allocated to tenants pro rata to their base-year share of that carrier (of those emissions). On-site renewable MWh displace grid electricity. Offsets do not count.
  Measured SEE are scaled by the tenant's plan/BAU ratio of that component; default values do not change
  (a tenant reporting only defaults gets no CBAM saving from the plan).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from core.baseline import activity_index
from core.carriers import input_keys
from core.catalogue import resolve_measures
from core.cbam.embedded import tenant_base
from core.factors import emission_factor_table
from core.results import Plan
from core.schema import Scenario


def tenant_deltas(s: Scenario, plan: Plan | None, years: list[int], base: pd.DataFrame | None = None) -> pd.DataFrame:
    """Change of each tenant's direct emissions and grid electricity by year under the plan, vs BAU.

    Columns: tenant, year, direct_delta_t, electricity_delta_mwh. Empty when there is no usable plan.
    """
    cols = ["tenant", "year", "direct_delta_t", "electricity_delta_mwh"]
    if plan is None or not getattr(plan, "ok", False) or plan.units.empty:
        return pd.DataFrame({c: [] for c in cols})
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
