"""Host-country library (``data/host/``): the green-power instruments a zone can use, carbon pricing and
tariffs, one dated and sourced row per rule.

- `instruments(country, year)`: the instruments offered to a manufacturing zone and in force on 31 December
  of `year` (or on a given date): `available_from` / `available_to` respected, so a rule starting in 2027
  is not available in 2026. Rows with `offered` = no (not launched, or not open to manufacturing zones)
  or unknown (terms not found) are never returned; `check` rows are returned with `check=True` (open only
  to some zones: the eligibility text says which).
- `carbon_price(country, year)`: carbon taxes / ETS / exchanges in force (`in_force` yes or check).
- `tariff(country, carrier)`: grid and fuel prices, current rows first, then the latest.
- `has_host_data(country)`; a country without data gets empty lists and `NO_HOST_DATA` (an i18n key).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from core.tables import read_table

INSTRUMENTS = "host/instruments.csv"
CARBON_PRICING = "host/carbon_pricing.csv"
TARIFFS = "host/tariffs.csv"
NO_HOST_DATA = "common.no_host_data"  # "no host data: generic assumptions"
INSTRUMENT_KINDS = (
    "utility_green_tariff",
    "direct_ppa",
    "private_wire_ppa",
    "rooftop_self_consumption",
    "rooftop_export",
    "energy_attribute_certificate",
)


def _num(text: str) -> float | None:
    return float(text) if text.strip() else None


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text.strip() else None


def _year(text: str) -> int | None:
    return int(text) if text.strip() else None


@dataclass(frozen=True)
class Instrument:
    """A green-power instrument of a host country (data/host/instruments.csv). Prices in `currency` per
    `price_unit` as the source states them; `usd_per_mwh` where a conversion is given (see notes)."""

    id: str
    country: str
    kind: str
    name: str
    available_from: dt.date | None
    available_to: dt.date | None
    price_basis: str
    price: float | None
    price_unit: str
    currency: str
    usd_per_mwh: float | None
    price_note: str
    volume_limit_share: float | None
    volume_limit_mw: float | None
    min_load_mwh_per_month: float | None
    eligibility: str
    check: bool
    source: str
    url: str
    year: int | None
    status: str
    notes: str


@dataclass(frozen=True)
class CarbonPrice:
    country: str
    instrument: str
    kind: str  # tax | ets | exchange
    coverage: str
    sectors: tuple[str, ...]  # sector slugs covered; empty: not sector-specific
    price: float | None
    price_unit: str
    currency: str
    usd_per_t: float | None
    adds_cost: str  # yes | no | check: whether a tenant pays it on top of today's prices
    start: dt.date | None
    check: bool
    source: str
    url: str
    year: int | None
    status: str
    notes: str


@dataclass(frozen=True)
class Tariff:
    country: str
    carrier: str
    customer_class: str  # average | industrial | power_sector | retail
    description: str
    price_local_per_kwh: float | None
    currency: str
    usd_per_mwh: float | None
    demand_charge: str
    current: bool
    source: str
    url: str
    year: int | None
    status: str
    notes: str


@cache
def _instrument_rows() -> tuple[Instrument, ...]:
    out = []
    for r in read_table(INSTRUMENTS):
        if r["instrument"] not in INSTRUMENT_KINDS:
            raise ValueError(f"{INSTRUMENTS}: {r['id']}: unknown instrument {r['instrument']!r}")
        if r["offered"] not in ("yes", "check", "no", "unknown"):
            raise ValueError(f"{INSTRUMENTS}: {r['id']}: offered must be yes / check / no / unknown")
        if r["offered"] not in ("yes", "check"):
            continue
        out.append(
            Instrument(
                id=r["id"],
                country=r["country"],
                kind=r["instrument"],
                name=r["name_local"],
                available_from=_date(r["available_from"]),
                available_to=_date(r["available_to"]),
                price_basis=r["price_basis"],
                price=_num(r["price_value"]),
                price_unit=r["price_unit"],
                currency=r["currency"],
                usd_per_mwh=_num(r["usd_per_mwh"]),
                price_note=r["price_note"],
                volume_limit_share=_num(r["volume_limit_share"]),
                volume_limit_mw=_num(r["volume_limit_mw"]),
                min_load_mwh_per_month=_num(r["min_load_mwh_per_month"]),
                eligibility=r["eligibility"],
                check=r["offered"] == "check",
                source=r["source"],
                url=r["url"],
                year=_year(r["year"]),
                status=r["status"],
                notes=r["notes"],
            )
        )
    return tuple(out)


def _on(when: int | dt.date) -> dt.date:
    """A year means its last day: the rules a plan year ends with."""
    return when if isinstance(when, dt.date) else dt.date(when, 12, 31)


def _in_force(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    return (start is None or start <= day) and (end is None or day <= end)


def instruments(country: str, year: int | dt.date, kind: str | None = None) -> list[Instrument]:
    """Green-power instruments a manufacturing zone in `country` can use, in force on 31 Dec of `year`
    (or on a date); optionally of one `kind`. Empty for a country without host data."""
    day = _on(year)
    return [
        i
        for i in _instrument_rows()
        if i.country == country and _in_force(i.available_from, i.available_to, day) and kind in (None, i.kind)
    ]


@cache
def _carbon_rows() -> tuple[CarbonPrice, ...]:
    out = []
    for r in read_table(CARBON_PRICING):
        if r["in_force"] not in ("yes", "check"):
            continue
        out.append(
            CarbonPrice(
                country=r["country"],
                instrument=r["instrument"],
                kind=r["kind"],
                coverage=r["coverage"],
                sectors=tuple(x for x in r["sectors"].split(",") if x),
                price=_num(r["price_value"]),
                price_unit=r["price_unit"],
                currency=r["currency"],
                usd_per_t=_num(r["usd_per_t"]),
                adds_cost=r["adds_cost"],
                start=_date(r["start_date"]),
                check=r["in_force"] == "check",
                source=r["source"],
                url=r["url"],
                year=_year(r["year"]),
                status=r["status"],
                notes=r["notes"],
            )
        )
    return tuple(out)


def carbon_price(country: str, year: int | dt.date) -> list[CarbonPrice]:
    """Carbon taxes, ETS and exchanges of `country` in force (or announced: `check`) on 31 Dec of `year`."""
    day = _on(year)
    return [c for c in _carbon_rows() if c.country == country and _in_force(c.start, None, day)]


@cache
def _tariff_rows() -> tuple[Tariff, ...]:
    return tuple(
        Tariff(
            country=r["country"],
            carrier=r["carrier"],
            customer_class=r["class"],
            description=r["customer_class"],
            price_local_per_kwh=_num(r["energy_price_local_per_kwh"]),
            currency=r["currency"],
            usd_per_mwh=_num(r["usd_per_mwh"]),
            demand_charge=r["demand_charge"],
            current=r["current"] == "yes",
            source=r["source"],
            url=r["url"],
            year=_year(r["year"]),
            status=r["status"],
            notes=r["notes"],
        )
        for r in read_table(TARIFFS)
    )


def tariff(country: str, carrier: str = "electricity") -> list[Tariff]:
    """Prices of a carrier in `country`: current rows first, industrial before others, then the latest."""
    rows = [t for t in _tariff_rows() if t.country == country and t.carrier == carrier]
    return sorted(rows, key=lambda t: (not t.current, t.customer_class != "industrial", -(t.year or 0)))


@cache
def has_host_data(country: str) -> bool:
    """Whether data/host/ has any row for `country` (instruments of any state, carbon pricing or tariffs)."""
    tables = (INSTRUMENTS, CARBON_PRICING, TARIFFS)
    return any(r["country"] == country for name in tables for r in read_table(name))


def host_note(country: str) -> str | None:
    """The i18n key to show when `country` has no host data (generic assumptions apply), else None."""
    return None if has_host_data(country) else NO_HOST_DATA


def source_rows(country: str) -> list[Mapping[str, str]]:
    """Every data/host/ row of a country, with its table name (for a sources view)."""
    out = []
    for name in (INSTRUMENTS, CARBON_PRICING, TARIFFS):
        out += [{"table": name, **r} for r in read_table(name) if r["country"] == country]
    return out
