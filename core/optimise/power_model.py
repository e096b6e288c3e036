"""Hourly mode (DESIGN 15, Hours): the electricity balance of every plan year in every hour of its representative
days, instead of the annual balance with a daylight cap on solar.

In year t, representative day k (weight w_k days), slot h (an hour, or a segment of d_h hours: core.power.segments;
quantities are MWh per slot, powers x d_h), with L = the year's electricity demand (the model's `demand_t`) x the
load share of the slot:
- balance (`pw_bal`): grid import = L - PV used - storage discharge + charge - genset output >= 0, and <= the
  zone's grid connection x d_h (`pw_grid`, MW) when the scenario gives one, = 0 in the zone's outage hours
  (`pw_out`);
- PV (`pw_pv`): PV used <= available = the slot's PV share x (existing on-site renewable + each solar measure's
  annual MWh x its active units) (+ non-solar on-site generation as a flat share x d_h / 8,760); the rest is curtailed;
  no PV variable in a slot without sun;
- storage (`pw_soc`): state of charge soc[h] = soc[h-1] + sqrt(eta) charge - discharge / sqrt(eta), cyclic within
  the day (soc[-1] = the day's last slot), soc <= energy size (`pw_soce`), charge + discharge <= power size (`pw_pow`);
- export (core.optimise.power_export): surplus PV sold to the grid where the host rule allows, at its price;
- gensets (core.optimise.power_gensets): new diesel and gas sets and the zone's existing ones, output <= existing
  + built size; their fuel (GJ per MWh, data/power_tech.csv) is added to the fuel's use;
- annual (`pw_grid_t`, `pw_gen_t`): grid_t = sum_k w_k sum_h grid import (the grid purchase that carries the
  grid's emission factor and price), each genset's output likewise.
Sizes follow the same stock-flow as measures: cap[t] = cap[t-1] + b[t] - b[t-L]. Everything else (fuels, heat,
process, water, waste) keeps its annual balance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from core.optimise.algebra import EQ, LE, M, Q, Terms
from core.optimise.power_export import export_hour, export_revenue_terms, export_year
from core.optimise.power_gensets import genset_hour, genset_ids, genset_om_terms, genset_year
from core.power.techs import PowerData


@dataclass
class PowerVars:
    """The hourly variables of one model: sizes by tech and year; per year [k][h] dispatch lists (None: absent)."""

    cap: dict[str, list[Any]] = field(default_factory=dict)
    build: dict[str, list[Any]] = field(default_factory=dict)
    pv: dict[int, list[list[Any]]] = field(default_factory=dict)
    ch: dict[int, list[list[Any]]] = field(default_factory=dict)
    dis: dict[int, list[list[Any]]] = field(default_factory=dict)
    gs: dict[int, dict[str, dict[tuple[int, int], Any]]] = field(default_factory=dict)  # genset output (power_gensets)
    gs_terms: dict[int, dict[str, Terms]] = field(default_factory=dict)  # (output variable, day weight) by genset
    grid: dict[int, Any] = field(default_factory=dict)  # annual grid purchase variable (MWh)
    genset: dict[int, dict[str, Any]] = field(default_factory=dict)  # annual output variable by genset (MWh)
    ex: dict[int, dict[tuple[int, int], Any]] = field(default_factory=dict)  # export by (k, h) (power_export)
    ex_terms: dict[int, Terms] = field(default_factory=dict)  # (export variable, day weight) by year
    export: dict[int, Any] = field(default_factory=dict)  # annual export variable (MWh)


def define_power_sizes(mdl: Any) -> None:
    """pw_stock_<tech>_t: storage energy (MWh), storage power (MW) and genset (MW) sizes by year."""
    p: PowerData = mdl.data.power
    years = mdl.data.years
    pv = mdl.power = PowerVars()
    for tid, tech in p.techs.items():
        if tech.ub <= 0:
            continue
        b = [mdl.prob.add_variable(f"pw_b_{tid}_{y}", 0, tech.ub) for y in years]
        c = [mdl.prob.add_variable(f"pw_c_{tid}_{y}", 0, tech.ub) for y in years]
        for i, y in enumerate(years):
            terms = [(c[i], 1.0), (b[i], -1.0)]
            if i:
                terms.append((c[i - 1], -1.0))
            if i - tech.lifetime >= 0:
                terms.append((b[i - tech.lifetime], 1.0))
            mdl.add(terms, EQ, 0.0, f"pw_stock_{tid}_{y}")
        pv.build[tid], pv.cap[tid] = b, c


def _avail(mdl: Any, i: int) -> tuple[Terms, float, Terms]:
    """(solar terms, solar constant, flat terms): annual MWh available from the sun (existing on-site renewable +
    solar measures) and from other on-site generation."""
    d = mdl.data
    solar = mdl.active_terms(i, lambda m: m.gen if m.solar else 0.0, "gen")
    flat = mdl.active_terms(i, lambda m: 0.0 if m.solar else m.gen, "gen")
    return solar, d.onsite_bau[i], flat


def define_power_year(mdl: Any, i: int, demand: tuple[Terms, float]) -> tuple[Terms, float]:
    """The hourly block of plan year i; returns the year's grid purchase as (terms, constant)."""
    d, prob, pw = mdl.data, mdl.prob, mdl.power
    p: PowerData = d.power
    y = d.years[i]
    dt, d0 = demand
    solar, s0, flat = _avail(mdl, i)
    has_pv = bool(solar or flat or s0 > 0)
    cap = {tid: c[i] for tid, c in pw.cap.items()}
    store = "battery_energy" in cap and "battery_power" in cap and (not p.storage or p.storage[i])
    gen = bool(genset_ids(mdl))
    eta = math.sqrt(p.techs["battery_energy"].efficiency) if store else 1.0
    K = len(p.weights)
    outage = set(p.outage_hours)
    new = lambda name: prob.add_variable(name, 0)  # noqa: E731
    lit = lambda k, h: has_pv and (flat or p.pv[k][h] > 0)  # noqa: E731 - no PV variable in the dark
    slots = [p.slots(k) for k in range(K)]
    pvu = [[new(f"pw_pv_{y}_{k}_{h}") if lit(k, h) else None for h, _, _ in slots[k]] for k in range(K)]
    ch = [[new(f"pw_ch_{y}_{k}_{h}") if store else None for h, _, _ in slots[k]] for k in range(K)]
    dis = [[new(f"pw_dis_{y}_{k}_{h}") if store else None for h, _, _ in slots[k]] for k in range(K)]
    pw.pv[i], pw.ch[i], pw.dis[i] = pvu, ch, dis
    annual_grid: Terms = [(v, Q * k) for v, k in dt]  # Q x (demand - sum w x supply)
    for k in range(K):
        w = p.weights[k]
        soc = [new(f"pw_soc_{y}_{k}_{h}") for h, _, _ in slots[k]] if store else []
        for h, dh, start in slots[k]:  # slot h: dh hours from clock hour `start`; quantities in MWh per slot
            share = p.load[k][h]
            supply: Terms = []
            if pvu[k][h] is not None:
                supply.append((pvu[k][h], 1.0))
                ps = p.pv[k][h]
                row = [(pvu[k][h], 1.0)] + [(v, -ps * c) for v, c in solar] + [(v, -c * dh / 8760) for v, c in flat]
                mdl.add(row, LE, ps * s0, f"pw_pv_{y}_{k}_{h}")
                supply += export_hour(mdl, i, k, h, w, pvu[k][h], dh, start)
            if store:
                supply += [(dis[k][h], 1.0), (ch[k][h], -1.0)]
                prev = soc[h - 1]
                mdl.add(
                    [(soc[h], 1.0), (prev, -1.0), (ch[k][h], -eta), (dis[k][h], 1.0 / eta)], EQ, 0.0,
                    f"pw_soc_{y}_{k}_{h}",
                )  # fmt: skip
                mdl.add([(soc[h], 1.0), (cap["battery_energy"], -1.0)], LE, 0.0, f"pw_soce_{y}_{k}_{h}")
                mdl.add(
                    [(ch[k][h], 1.0), (dis[k][h], 1.0), (cap["battery_power"], -dh)], LE, 0.0, f"pw_pow_{y}_{k}_{h}"
                )
            supply += genset_hour(mdl, i, k, h, w, dh)
            # grid import = share x demand - supply >= 0 (<= the connection)
            load = [(v, share * c) for v, c in dt]
            mdl.add(supply + [(v, -c) for v, c in load], LE, share * d0, f"pw_bal_{y}_{k}_{h}")
            if start in outage:  # no grid: supply covers the load
                mdl.add([(v, -c) for v, c in supply] + load, LE, -share * d0, f"pw_out_{y}_{k}_{h}")
            elif p.grid_mw is not None:
                mdl.add([(v, -c) for v, c in supply] + load, LE, p.grid_mw * dh - share * d0, f"pw_grid_{y}_{k}_{h}")
            annual_grid += [(v, -Q * w * c) for v, c in supply]
    if not (has_pv or store or gen):  # nothing on site: the grid supplies the demand (annual balance)
        return dt, d0
    g = prob.add_variable(f"pw_grid_{y}", 0)
    pw.grid[i] = g
    mdl.add([(g, -Q)] + annual_grid, EQ, -Q * d0, f"pw_grid_{y}")
    export_year(mdl, i, solar, s0, flat)
    genset_year(mdl, i)
    return [(g, 1.0)], 0.0


def power_cost_terms(mdl: Any) -> Terms:
    """NPV (million) of the sizes' annualised capex + fixed O&M, the gensets' variable O&M, less the export
    revenue."""
    pw = getattr(mdl, "power", None)
    if pw is None:
        return []
    d = mdl.data
    out: Terms = []
    for tid, caps in pw.cap.items():
        tech = d.power.techs[tid]
        out += [(c, d.df[i] * M * tech.annual) for i, c in enumerate(caps) if tech.annual]
    return out + genset_om_terms(mdl) + export_revenue_terms(mdl)


def power_capex_terms(mdl: Any, i: int) -> Terms:
    """Capital outlay of the year's builds (currency), for the budget and delivery limits."""
    pw = getattr(mdl, "power", None)
    if pw is None:
        return []
    return [(b[i], mdl.data.power.techs[tid].capex) for tid, b in pw.build.items()]
