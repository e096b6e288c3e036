"""Hourly dispatch -> the plan's power figures (the `power` block of the JSON and the representative-day chart).

Recomputed in plain Python from the solution, slot by slot (an hour, or a segment of hours whose MWh the day's
hourly columns spread evenly): load = the year's electricity demand x the slot's load share; grid
import = load - PV used - storage discharge + charge - genset output; PV available from the active solar units;
curtailed = available - used. Per plan year:
- load_mwh, grid_import_mwh, onsite_renewable_used_mwh (load met by on-site renewables, after storage losses),
  curtailed_mwh, storage_discharge_mwh, storage_mwh_installed, storage_mw_installed, genset_mwh, genset_mw_installed,
  genset_fuel_gj (all fuels; genset_fuel_gj_<fuel> by fuel), genset_mw_existing (existing gensets' free MW),
  peak_grid_import_mw, export_mwh (surplus on-site renewables sold to the grid; part of PV used,
  not of on-site use) and export_revenue (currency);
- hourly_cfe_share: the share of load met hour by hour by on-site carbon-free supply (the 24/7 score with the
  grid counted as not carbon-free: purchases and the grid's own mix are not hour-matched here);
- onsite_generation_used_share (share of on-site renewable generation used on site) and load_supplied_share (share
  of load supplied on site: the two ratios of China's green-power direct-supply projects).
In annual mode the figures are an hourly check of the annual plan after the solve (`hourly_check`): its on-site
generation dispatched on the same representative days without storage or gensets (used = min(available, load)
each hour). They may differ a little from the plan's annual balance, which caps solar at the daylight share of
demand instead; emissions and costs of an annual plan stay those of its annual balance. Without representative
days (no electricity model data) the keys carry the annual balance, with peak and hourly score None.
"""

from __future__ import annotations

from typing import Any

from core.optimise.data import ModelData
from core.power.techs import GENSETS


def _ratio(a: float, b: float) -> float | None:
    return a / b if b > 1e-9 else None


def dispatch(mdl: Any, values: dict[str, float], active: dict[str, list[float]], demand: list[float]) -> dict:
    """{'years': {year: figures}, 'days': {year: [{weight, day, load, pv (solar used), other (other on-site
    renewables used), discharge, charge, genset, grid, curtailed, export} per representative day]}} (MW by hour)."""
    d: ModelData = mdl.data
    p = d.power
    pw = mdl.power
    by_id = {m.id: m for m in d.measures}
    val = lambda v: max(0.0, values.get(v.name, 0.0)) if v is not None else 0.0  # noqa: E731
    years, days = {}, {}
    for i, y in enumerate(d.years):
        solar = d.onsite_bau[i] + sum(by_id[m].gen * a[i] for m, a in active.items() if by_id[m].solar)
        flat = sum(by_id[m].gen * a[i] for m, a in active.items() if not by_id[m].solar)
        caps = {tid: val(c[i]) for tid, c in pw.cap.items()}
        tot = dict.fromkeys(("load", "grid", "pv", "avail", "dis", "ch", "gs", "ex"), 0.0)
        ex_of = pw.ex.get(i, {})
        by_gen: dict[str, float] = {}  # MWh by genset tech
        caps["genset"] = sum(v for tid, v in caps.items() if tid in GENSETS)  # new sets, all fuels
        peak = 0.0
        day_rows = []
        for k, w in enumerate(p.weights):
            row: dict[str, Any] = {"weight": w, "day": p.days[k] if k < len(p.days) else k}
            cols: dict[str, list[float]] = {
                c: [] for c in ("load", "pv", "discharge", "charge", "genset", "grid", "curtailed", "other", "export")
            }
            for h, dh, _ in p.slots(k):  # MWh per slot; the day's columns are MW by hour (a slot's mean)
                load = p.load[k][h] * demand[i]
                avail = p.pv[k][h] * solar + flat * dh / 8760
                pv = min(val(pw.pv[i][k][h]) if i in pw.pv else 0.0, avail)
                dis = val(pw.dis[i][k][h]) if i in pw.dis else 0.0
                ch = val(pw.ch[i][k][h]) if i in pw.ch else 0.0
                gs = 0.0
                for tid, v in pw.gs.get(i, {}).items():
                    g = val(v.get((k, h)))
                    gs += g
                    by_gen[tid] = by_gen.get(tid, 0.0) + w * g
                ex = min(val(ex_of.get((k, h))), pv)
                grid = max(0.0, load - pv - dis + ch - gs + ex)
                peak = max(peak, grid / dh)
                other = min(pv - ex, flat * dh / 8760)  # non-solar on-site supply (flat over the year) first
                for c, v in zip(cols, (load, pv - ex - other, dis, ch, gs, grid, avail - pv, other, ex), strict=True):
                    cols[c] += [v / dh] * dh
                for c, v in (("load", load), ("grid", grid), ("pv", pv), ("avail", avail), ("dis", dis),
                             ("ch", ch), ("gs", gs), ("ex", ex)):  # fmt: skip
                    tot[c] += w * v
            day_rows.append({**row, **cols})
        used = tot["load"] - tot["grid"] - tot["gs"]
        years[y] = figures(
            tot["load"], tot["grid"], used, tot["avail"] - tot["pv"], tot["dis"], caps, tot["gs"], peak, tot["avail"]
        )
        fuel = {f: 0.0 for f in GENSETS.values()}
        for tid, mwh in by_gen.items():
            fuel[p.techs[tid].fuel] += mwh * p.techs[tid].fuel_gj_per_mwh
        years[y]["genset_fuel_gj"] = sum(fuel.values())
        years[y].update({f"genset_fuel_gj_{f}": v for f, v in fuel.items()})
        years[y]["genset_mw_existing"] = sum(t.existing for t in p.techs.values())
        rule = p.export[i] if i < len(p.export) else None
        years[y]["export_mwh"] = tot["ex"]
        years[y]["export_revenue"] = tot["ex"] * (rule.price if rule is not None else 0.0)
        days[y] = day_rows
    return {"years": years, "days": days}


def figures(
    load: float,
    grid: float,
    used: float,
    curtailed: float,
    discharge: float,
    caps: dict[str, float],
    genset: float,
    peak: float | None,
    generated: float,
) -> dict:
    return {
        "load_mwh": load,
        "grid_import_mwh": grid,
        "onsite_renewable_used_mwh": used,
        "curtailed_mwh": curtailed,
        "storage_discharge_mwh": discharge,
        "storage_mwh_installed": caps.get("battery_energy", 0.0),
        "storage_mw_installed": caps.get("battery_power", 0.0),
        "genset_mwh": genset,
        "genset_mw_installed": caps.get("genset", 0.0),
        "peak_grid_import_mw": peak,
        "hourly_cfe_share": _ratio(used, load) if peak is not None else None,
        "onsite_generation_used_share": _ratio(used, generated),
        "load_supplied_share": _ratio(used, load),
        "export_mwh": 0.0,
        "export_revenue": 0.0,
    }


def annual_power(d: ModelData, demand: list[float], grid: list[float], gen_used: list[float], gen: list[float]) -> dict:
    """The `power` block of an annual-mode plan: annual balance only."""
    out = {}
    for i, y in enumerate(d.years):
        used = d.onsite_bau[i] + gen_used[i]
        made = d.onsite_bau[i] + gen[i]
        out[y] = figures(demand[i], grid[i], used, max(0.0, made - used), 0.0, {}, 0.0, None, made)
    return out


def hourly_check(d: ModelData, active: dict[str, list[float]], demand: list[float]) -> dict:
    """An annual plan's on-site generation dispatched hour by hour on the representative days (no storage, no
    genset): the same result shape as `dispatch`."""
    p = d.power
    by_id = {m.id: m for m in d.measures}
    years, days = {}, {}
    for i, y in enumerate(d.years):
        solar = d.onsite_bau[i] + sum(by_id[m].gen * a[i] for m, a in active.items() if by_id[m].solar)
        flat = sum(by_id[m].gen * a[i] for m, a in active.items() if not by_id[m].solar)
        tot = dict.fromkeys(("load", "grid", "used", "avail"), 0.0)
        peak = 0.0
        day_rows = []
        for k, w in enumerate(p.weights):
            cols: dict[str, list[float]] = {c: [] for c in ("load", "pv", "other", "grid", "curtailed")}
            for h, dh, _ in p.slots(k):
                load = p.load[k][h] * demand[i]
                other = min(load, flat * dh / 8760)
                pv = min(load - other, p.pv[k][h] * solar)
                grid = load - other - pv
                peak = max(peak, grid / dh)
                avail = p.pv[k][h] * solar + flat * dh / 8760
                for c, v in zip(cols, (load, pv, other, grid, avail - pv - other), strict=True):
                    cols[c] += [v / dh] * dh
                for c, v in (("load", load), ("grid", grid), ("used", pv + other), ("avail", avail)):
                    tot[c] += w * v
            day_rows.append({"weight": w, "day": p.days[k] if k < len(p.days) else k, **cols})
        years[y] = figures(
            tot["load"], tot["grid"], tot["used"], tot["avail"] - tot["used"], 0.0, {}, 0.0, peak, tot["avail"]
        )
        days[y] = day_rows
    return {"years": years, "days": days}


def power_costs(mdl: Any, values: dict[str, float]) -> tuple[list[float], list[float], list[float]]:
    """(annualised capex, O&M (fixed, and the gensets' variable O&M), capital outlay) of the storage and gensets by
    year."""
    d = mdl.data
    n = len(d.years)
    ann, om, capex = [0.0] * n, [0.0] * n, [0.0] * n
    pw = getattr(mdl, "power", None)
    if pw is None:
        return ann, om, capex
    for tid, caps in pw.cap.items():
        t = d.power.techs[tid]
        for i in range(n):
            c = max(0.0, values.get(caps[i].name, 0.0))
            b = max(0.0, values.get(pw.build[tid][i].name, 0.0))
            ann[i] += t.capex * t.crf * c
            om[i] += t.om * c
            capex[i] += t.capex * b
    for i, by in pw.genset.items():  # variable O&M of the gensets' output
        om[i] += sum(d.power.techs[g].om_per_mwh * max(0.0, values.get(a.name, 0.0)) for g, a in by.items())
    return ann, om, capex


def annual_overstatement(power: dict, grid: dict[int, float], share: float = 0.02) -> list[tuple[str, dict]]:
    """An annual-mode plan whose hourly check needs more grid power than its annual balance counts (on-site power
    the load cannot take in its hour: flat supply above the night load, sun above the midday load) by more than
    `share` of the year's load: a plan note naming the worst year (i18n key 'annual_overstated', namespace plan)."""
    gaps = [
        (f["grid_import_mwh"] - grid[y], y, f["load_mwh"])
        for y, f in power.items()
        if f.get("peak_grid_import_mw") is not None and y in grid
    ]
    more, year, load = max(gaps, default=(0.0, 0, 0.0))
    if more <= share * max(load, 1.0):
        return []
    return [("annual_overstated", {"year": year, "mwh": more, "share": more / load})]
