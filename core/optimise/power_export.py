"""Grid export in the hourly balance (core.power.export says when and at what price).

In year t with an export rule, representative day k, slot h (an hour or a segment of d_h hours; not an outage
slot), when the zone has on-site renewables (MWh per slot, MW caps x d_h): export e[k][h] >= 0 enters the balance as grid import = L - PV used - discharge + charge - genset + e
(so PV used = on-site use + export), with
- `pw_exv`: e <= PV used in that hour (only on-site renewables export, never grid or genset power - within what a
  linear model can say: an hour could both export and import or run a genset if that paid, which the price cap of
  core.power.export rules out);
- e <= the grid connection (MW) and the rule's MW cap (column bound);
- `pw_exs` (rule with a volume share): annual export <= share x annual on-site renewable generation;
- `pw_ex` (annual): export_t = sum_k w_k sum_h e[k][h].
Revenue = export_t x the year's price, discounted like energy costs, lowers the cost objective. Exports earn no
emission credit: the zone's Scope 2 counts its grid import only (GHG Protocol: sold electricity does not reduce
the buyer's own inventory), and the renewable share counts on-site use only.
"""

from __future__ import annotations

from typing import Any

from core.optimise.algebra import EQ, LE, M, Q, Terms


def _rule(mdl: Any, i: int):
    ex = mdl.data.power.export
    return ex[i] if i < len(ex) else None


def export_hour(mdl: Any, i: int, k: int, h: int, w: float, pv: Any, dh: int = 1, start: int | None = None) -> Terms:
    """The export of slot h (dh hours from clock hour `start`) of day k in year i as supply terms ([] when none), MWh
    per slot; `pv` is the slot's PV-used variable."""
    d, pw = mdl.data, mdl.power
    r = _rule(mdl, i)
    if r is None or pv is None or (h if start is None else start) in d.power.outage_hours:
        return []
    caps = [c * dh for c in (d.power.grid_mw, r.mw) if c is not None]
    y = d.years[i]
    e = mdl.prob.add_variable(f"pw_ex_{y}_{k}_{h}", 0, min(caps) if caps else None)
    mdl.add([(e, 1.0), (pv, -1.0)], LE, 0.0, f"pw_exv_{y}_{k}_{h}")
    pw.ex.setdefault(i, {})[(k, h)] = e
    pw.ex_terms.setdefault(i, []).append((e, w))
    return [(e, -1.0)]


def export_year(mdl: Any, i: int, solar: Terms, s0: float, flat: Terms) -> None:
    """The year's annual export variable and the rule's volume share cap."""
    pw = mdl.power
    terms = pw.ex_terms.get(i)
    r = _rule(mdl, i)
    if not terms or r is None:
        return
    y = mdl.data.years[i]
    a = mdl.prob.add_variable(f"pw_exa_{y}", 0)
    pw.export[i] = a
    mdl.add([(a, Q)] + [(v, -Q * c) for v, c in terms], EQ, 0.0, f"pw_ex_{y}")
    if r.share is not None:  # annual export <= share x (existing + measures' on-site renewable generation)
        gen = [(v, -Q * r.share * c) for v, c in solar + flat]
        mdl.add([(a, Q)] + gen, LE, Q * r.share * s0, f"pw_exs_{y}")


def export_revenue_terms(mdl: Any) -> Terms:
    """NPV (million) of the export revenue, negative (it lowers the cost)."""
    pw = getattr(mdl, "power", None)
    if pw is None:
        return []
    d = mdl.data
    return [(a, -d.df[i] * M * r.price) for i, a in pw.export.items() if (r := _rule(mdl, i)) is not None and r.price]
