"""Representative days: a plan year as a few weighted days of hourly load and PV that reproduce the annual totals.

Load: each tenant's electricity (grid + on-site renewable, base year) spread over the 365 days of the base year
by its metered hourly load when it has one (core.meter), else by its daily shift pattern (data/load_shapes.csv via
core.load_profiles: weekday, Saturday, Sunday shapes).
PV: the site's clear-sky shape (core.power.solar). Both become shares of their annual total per hour.

Selection (a fixed, documented design instead of tsam, which pulls scikit-learn in): the days are first split by
day type (n >= 3: weekdays, Saturdays, Sundays, about n/7 days each for the weekend; n = 2: weekdays and weekend
days; n = 1: all days), so the shift patterns are kept exactly; within a group, k-means on each day's 48 values
(24 load + 24 PV, each block scaled to unit variance) from a deterministic start (days at even quantiles of daily
PV); the medoid of each cluster is its representative day and the cluster's size its weight (days).
The medoids' weighted sums miss the annual totals by a little (`raw_error`); each block is then rescaled so the
slices reproduce annual load and PV exactly, and the peaks stay those of real days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.carriers import energy_to_canonical
from core.load_profiles import _shapes, pattern
from core.power.solar import clear_sky_shape
from core.schema import Tenant

DEFAULT_DAYS = 4
DAY_TYPES = ("weekday", "weekday", "weekday", "weekday", "weekday", "saturday", "sunday")  # Monday first


@dataclass(frozen=True)
class Slices:
    """`days` representative days (day of year, 0-based) with `weights` in days (sum 365); `load[k][h]` and
    `pv[k][h]` are shares of the annual total in hour h of day k: sum_k weights[k] x sum_h load[k][h] = 1.
    `raw_error`: relative miss of the medoids' weighted annual load and PV before rescaling."""

    days: tuple[int, ...]
    weights: tuple[float, ...]
    load: tuple[tuple[float, ...], ...]
    pv: tuple[tuple[float, ...], ...]
    raw_error: dict

    def annual(self, which: str) -> float:
        rows = self.load if which == "load" else self.pv
        return sum(w * sum(r) for w, r in zip(self.weights, rows, strict=True))


def tenant_mwh(t: Tenant) -> float:
    """A tenant's base-year electricity use: grid purchase + on-site renewable, MWh."""
    return energy_to_canonical(t.energy.quantities()).get("electricity", 0.0) + t.onsite_renewable_mwh


def year_load(tenants: Sequence[Tenant], year: int) -> np.ndarray:
    """The zone's 8,760-hour electricity load as a share of its annual total (flat without any electricity)."""
    types = day_types(year)
    total = np.zeros(8760)
    for t in tenants:
        mwh = tenant_mwh(t)
        if mwh <= 0:
            continue
        if t.hourly_load_kwh is not None and sum(t.hourly_load_kwh) > 0:  # its meter's shape (core.meter)
            prof = _metered(t.hourly_load_kwh)
        else:
            shapes = {k: np.array(_shapes()[(pattern(t), k)]) for k in set(types)}
            prof = np.concatenate([shapes[k] for k in types])
        total += mwh * prof / prof.sum()
    if total.sum() <= 0:
        return np.full(8760, 1 / 8760)
    return total / total.sum()


def _metered(kwh: Sequence[float]) -> np.ndarray:
    """A metered year on the 8,760 hours of the model (a leap year's 29 February dropped)."""
    a = np.asarray(kwh, dtype=float)
    return np.concatenate([a[: 59 * 24], a[60 * 24 :]]) if len(a) == 8784 else a


def year_pv(lat: float) -> np.ndarray:
    """The site's PV output as a share of its annual total, by hour."""
    s = clear_sky_shape(lat)
    return s / s.sum()


def _kmeans(x: np.ndarray, k: int, key: np.ndarray, iters: int = 60) -> np.ndarray:
    """Cluster label of each row; start: the rows at k even quantiles of `key` (deterministic)."""
    order = np.argsort(key, kind="stable")
    centres = x[order[((np.arange(k) + 0.5) * len(x) / k).astype(int)]].copy()
    labels = np.zeros(len(x), dtype=int)
    for _ in range(iters):
        d = ((x[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        new = d.argmin(axis=1)
        if _ and (new == labels).all():
            break
        labels = new
        for j in range(k):
            if (labels == j).any():
                centres[j] = x[labels == j].mean(axis=0)
    return labels


def _groups(types: Sequence[str], n: int) -> list[tuple[np.ndarray, int]]:
    """(day indices, days to pick) per day-type group."""
    t = np.array(types)
    if n == 1:
        return [(np.arange(len(t)), 1)]
    if n == 2:
        return [(np.flatnonzero(t == "weekday"), 1), (np.flatnonzero(t != "weekday"), 1)]
    we = max(1, round(n / 7))
    return [
        (np.flatnonzero(t == "weekday"), n - 2 * we),
        (np.flatnonzero(t == "saturday"), we),
        (np.flatnonzero(t == "sunday"), we),
    ]


def day_types(year: int) -> list[str]:
    """weekday / saturday / sunday of each of the first 365 days of `year`."""
    first = dt.date(year, 1, 1).weekday()
    return [DAY_TYPES[(first + d) % 7] for d in range(365)]


def representative_days(load: np.ndarray, pv: np.ndarray, n: int = DEFAULT_DAYS, year: int = 2025) -> Slices:
    """`n` weighted days (1 <= n <= 365) reproducing the annual sums of `load` and `pv` (8,760 shares each);
    `year` gives the calendar of day types."""
    types = day_types(year)
    n = max(1, min(365, int(n)))
    ld, pd_ = load.reshape(365, 24), pv.reshape(365, 24)
    if n == 365:
        days = np.arange(365)
        weights = np.ones(365)
    else:
        feats = np.hstack([ld / (ld.std() or 1.0), pd_ / (pd_.std() or 1.0)])
        days_l, weights_l = [], []
        for group, k in _groups(types, n):
            labels = _kmeans(feats[group], min(k, len(group)), pd_[group].sum(axis=1))
            for j in range(k):
                members = group[labels == j]
                if not len(members):
                    continue
                centre = feats[members].mean(axis=0)
                days_l.append(int(members[((feats[members] - centre) ** 2).sum(axis=1).argmin()]))
                weights_l.append(float(len(members)))
        order = np.argsort(days_l)
        days, weights = np.array(days_l)[order], np.array(weights_l)[order]
    raw_l = float((weights[:, None] * ld[days]).sum())
    raw_p = float((weights[:, None] * pd_[days]).sum())
    lk = ld[days] / raw_l if raw_l > 0 else ld[days]
    pk = pd_[days] / raw_p if raw_p > 0 else pd_[days]
    return Slices(
        days=tuple(int(d) for d in days),
        weights=tuple(float(w) for w in weights),
        load=tuple(tuple(float(v) for v in r) for r in lk),
        pv=tuple(tuple(float(v) for v in r) for r in pk),
        raw_error={"load": raw_l - 1.0, "pv": raw_p - 1.0},
    )


def zone_slices(tenants: Sequence[Tenant], year: int, lat: float, n: int = DEFAULT_DAYS) -> Slices:
    """Representative days of a zone: its tenants' load in `year`'s calendar and PV at latitude `lat`."""
    return representative_days(year_load(tenants, year), year_pv(lat), n, year)
