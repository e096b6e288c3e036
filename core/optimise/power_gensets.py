"""Gensets in the hourly balance: new diesel (`genset`) and natural gas (`genset_gas`) sets the model may build, and
the zone's existing ones (`genset_existing_<fuel>`: power plants burning diesel or gas) it may run at no capex.

In year t, day k (weight w_k), slot h (d_h hours), per genset tech g: output gs[g][k][h] >= 0 (MWh per slot) enters
the balance as supply, with `pw_gs_<g>` gs <= (existing MW + the size built) x d_h (existing only: a column bound). Annual `pw_gen_<g>`: gen_g,t =
sum_k w_k sum_h gs[g][k][h]; it burns gen x the tech's heat rate (GJ/MWh) of its fuel, which joins that fuel's use
(so its price, emissions and targets), and costs its variable O&M per MWh (discounted like energy costs).
An existing genset's baseline output is already in the tenants' baseline fuel use (and not in the grid purchase):
only the extra MWh the hourly model dispatches add fuel, within the capacity its baseline output leaves free.
"""

from __future__ import annotations

from typing import Any

from core.optimise.algebra import EQ, LE, M, Q, Terms


def genset_ids(mdl: Any) -> list[str]:
    """The genset techs of the model: those it may build or that exist."""
    techs = mdl.data.power.techs
    return [tid for tid, t in techs.items() if t.fuel and (t.ub > 0 or t.existing > 0)]


def genset_hour(mdl: Any, i: int, k: int, h: int, w: float, dh: int = 1) -> Terms:
    """The gensets' output in slot h (dh hours) of day k in year i, as supply terms (MWh per slot)."""
    d, pw = mdl.data, mdl.power
    y = d.years[i]
    out: Terms = []
    for tid in genset_ids(mdl):
        t = d.power.techs[tid]
        cap = pw.cap.get(tid)
        v = mdl.prob.add_variable(f"pw_gs_{tid}_{y}_{k}_{h}", 0, None if cap else t.existing * dh)
        if cap:
            mdl.add([(v, 1.0), (cap[i], -dh)], LE, t.existing * dh, f"pw_gs_{tid}_{y}_{k}_{h}")
        pw.gs.setdefault(i, {}).setdefault(tid, {})[(k, h)] = v
        pw.gs_terms.setdefault(i, {}).setdefault(tid, []).append((v, w))
        out.append((v, 1.0))
    return out


def genset_year(mdl: Any, i: int) -> None:
    """Annual output variables of the year's gensets."""
    pw = mdl.power
    y = mdl.data.years[i]
    for tid, terms in pw.gs_terms.get(i, {}).items():
        a = mdl.prob.add_variable(f"pw_gen_{tid}_{y}", 0)
        pw.genset.setdefault(i, {})[tid] = a
        mdl.add([(a, Q)] + [(v, -Q * c) for v, c in terms], EQ, 0.0, f"pw_gen_{tid}_{y}")


def genset_fuel_terms(mdl: Any, i: int, carrier: str) -> Terms:
    """The fuel a year's genset output burns (GJ of `carrier`), as terms."""
    pw = getattr(mdl, "power", None)
    if pw is None:
        return []
    techs = mdl.data.power.techs
    return [(a, techs[g].fuel_gj_per_mwh) for g, a in pw.genset.get(i, {}).items() if techs[g].fuel == carrier]


def fossil_power_terms(mdl: Any, i: int) -> Terms:
    """Electricity the zone makes from fuel in year i (genset MWh): not renewable in the share targets."""
    pw = getattr(mdl, "power", None)
    return [(a, 1.0) for a in pw.genset.get(i, {}).values()] if pw is not None else []


def genset_om_terms(mdl: Any) -> Terms:
    """NPV (million) of the gensets' variable O&M."""
    d, pw = mdl.data, mdl.power
    out: Terms = []
    for i, by in pw.genset.items():
        out += [(a, d.df[i] * M * d.power.techs[g].om_per_mwh) for g, a in by.items() if d.power.techs[g].om_per_mwh]
    return out
