"""Grid export in hourly mode: whether, and at what price, surplus on-site renewable electricity may be sold to the
grid in each plan year (the host country's `rooftop_export` rule, data/host/instruments.csv).

Export needs both the zone's `grid_export_allowed` and an offered rule in force in that year (`check` rows count,
with a plan note). Price per MWh, scenario currency: the zone's `grid_export_price_per_mwh` when set; else the rule's
`usd_per_mwh` (used as is when the scenario currency is USD, like the USD catalogue costs; otherwise 0 with a note);
else, for net metering (credited at the retail tariff), the zone's grid price of that year; else 0 (a price stated
only in words, e.g. a previous-year spot price) with a note. The price is never above the year's grid price, nor
(with a note) above the zone's cheapest genset running cost: a higher one would pay the model to import, or run a
genset, and export in the same hour (a linear model cannot forbid both at once).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.host import Instrument, instruments

KIND = "rooftop_export"


@dataclass
class ExportRule:
    """Export terms of one plan year: price (scenario currency per MWh), the rule's volume caps."""

    price: float
    share: float | None = None  # annual export <= share x annual on-site renewable generation
    mw: float | None = None  # export in any hour <= this (MW)
    instrument: str = ""


def _net_metering(r: Instrument) -> bool:
    return "net metering" in r.name.lower() or "NET_METERING" in r.id


def export_rules(
    country: str,
    years: list[int],
    grid_price: list[float],
    allowed: bool,
    override: float | None,
    currency: str,
    genset_cost: list[float] | None = None,
) -> tuple[list[ExportRule | None], list[tuple[str, dict]]]:
    """(rule or None by plan year, plan notes as (i18n key in 'plan', fields)). `genset_cost`: the zone's cheapest
    genset running cost per MWh by year (fuel + variable O&M), when it has gensets."""
    out: list[ExportRule | None] = []
    notes: dict[tuple[str, str], dict] = {}
    for i, y in enumerate(years):
        rows = instruments(country, y, kind=KIND) if allowed else []
        if not rows:
            out.append(None)
            continue
        r = rows[0]
        if r.check:
            notes[("export_check", r.id)] = {"name": r.name}
        if override is not None:
            price = override
        elif r.usd_per_mwh is not None:
            price = r.usd_per_mwh if currency == "USD" else 0.0
            if currency != "USD":
                notes[("export_price_usd", r.id)] = {"name": r.name, "currency": currency}
        elif _net_metering(r):
            price = grid_price[i]
        else:
            price = 0.0
            notes[("export_price_unknown", r.id)] = {"name": r.name}
        price = max(0.0, min(price, grid_price[i]))
        if genset_cost is not None and price > genset_cost[i]:
            price = genset_cost[i]
            notes[("export_price_capped", r.id)] = {"name": r.name}
        out.append(ExportRule(price, r.volume_limit_share, r.volume_limit_mw, r.id))
    return out, [(k, f) for (k, _), f in notes.items()]
