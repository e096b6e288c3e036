"""The zone's energy balance as flows (for a Sankey): supply -> carrier -> end use, in TJ.

Base year: each carrier's use (electricity = grid purchase + on-site renewables) split over its end-use streams
(`core.streams`). A plan year: each carrier's planned use (`Plan.energy`), and each end-use stream's BAU
quantity that year less what the plan's active measures take from it (`stream_saving` x active units); a fuel
switch's new carrier serves the end use it took over (biomass boilers -> steam). What a
carrier supplies beyond its remaining end uses (fuel switched in, e.g. electricity for heat pumps, or uses the
zone did not split) flows to "other uses"; where the end uses exceed the carrier (a measure cut the carrier as
a whole, e.g. rooftop PV on grid purchase) they are scaled down to it. So every carrier's flows add up to its use.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from core.baseline import Baseline, baseline
from core.carriers import canonical_unit
from core.optimise.data import prepare
from core.results import Plan
from core.schema import Scenario
from core.units import GJ_PER_MWH

GRID, ONSITE, OTHER = "supply:grid", "supply:onsite", "use:other"
COLUMNS = ["source", "target", "tj"]


def _tj(carrier: str, q: float) -> float:
    return q * (GJ_PER_MWH if canonical_unit(carrier) == "MWh" else 1.0) / 1000.0


def _split(carrier: str, total: float, uses: dict[str, float]) -> list[tuple[str, str, float]]:
    """A carrier's use over its end uses (scaled to the carrier when they exceed it), the rest to other uses."""
    uses = {u: max(q, 0.0) for u, q in uses.items()}
    s = sum(uses.values())
    k = total / s if s > total > 0 else (0.0 if total <= 0 else 1.0)
    rows = [(f"carrier:{carrier}", f"use:{u}", q * k) for u, q in uses.items()]
    rest = total - sum(q for *_, q in rows)
    return rows + ([(f"carrier:{carrier}", OTHER, rest)] if rest > 1e-9 else [])


def _flows(carriers: dict[str, float], grid: float, onsite: float, uses: dict[str, dict[str, float]]) -> pd.DataFrame:
    rows: list[tuple[str, str, float]] = [(GRID, "carrier:electricity", grid), (ONSITE, "carrier:electricity", onsite)]
    totals = {**carriers, "electricity": grid + onsite}
    for c, total in totals.items():
        rows += _split(c, total, uses.get(c, {}))
    df = pd.DataFrame(rows, columns=COLUMNS)
    df = df.groupby(["source", "target"], as_index=False, sort=False)["tj"].sum()
    return df[df["tj"] > 1e-6].reset_index(drop=True)


def _end_uses(b: Baseline, value) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for key in b.streams:
        c, _, use = key.partition(":")
        if use and c in b.energy:
            out[c][use] = _tj(c, value(key))
    return out


def base_year_flows(s: Scenario, b: Baseline | None = None) -> pd.DataFrame:
    """The base year's energy flows: source, target, TJ."""
    b = b or baseline(s)
    fuels = {c: _tj(c, q) for c, q in b.energy.items() if c != "electricity" and q > 0}
    grid, onsite = _tj("electricity", b.energy.get("electricity", 0.0)), _tj("electricity", b.onsite_mwh)
    return _flows(fuels, grid, onsite, _end_uses(b, lambda k: b.streams[k]))


def plan_year_flows(s: Scenario, plan: Plan, year: int) -> pd.DataFrame:
    """A plan year's energy flows under `plan`: source, target, TJ (empty when the plan has no such year)."""
    if not plan.ok or year not in plan.years:
        return pd.DataFrame(columns=COLUMNS)
    b = baseline(s)
    i = list(b.years).index(year)
    e = plan.energy[plan.energy["year"] == year].set_index("carrier")["plan"]
    active = plan.units[plan.units["year"] == year].set_index("measure")["active"]
    taken: dict[str, float] = defaultdict(float)
    switched: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))  # carrier -> use -> TJ
    for m in prepare(s, b).measures:
        n = float(active.get(m.id, 0.0))
        if not (m.stream and m.stream_saving > 0 and n > 0):
            continue
        taken[m.stream] += n * m.stream_saving
        c0, _, use = m.stream.partition(":")
        for c, per_unit in m.eff.items():  # the carrier a fuel switch brings in serves the same end use
            if use and c != c0 and per_unit[i] > 0:
                switched[c][use] += _tj(c, n * per_unit[i])
    fuels = {c: _tj(c, q) for c, q in e.items() if c not in ("electricity", "onsite_renewable") and q > 0}
    grid, onsite = _tj("electricity", e.get("electricity", 0.0)), _tj("electricity", e.get("onsite_renewable", 0.0))
    uses = _end_uses(b, lambda k: b.bau(b.streams[k])[i] - taken.get(k, 0.0))
    for c, more in switched.items():
        for use, tj in more.items():
            uses.setdefault(c, {})[use] = uses.get(c, {}).get(use, 0.0) + tj
    return _flows(fuels, grid, onsite, uses)
