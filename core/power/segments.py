"""Segments: each representative day's 24 hours as fewer contiguous slots of one or more hours (DESIGN 15, Hours).

Like tsam's segmentation, adjacent hours are merged bottom-up (Ward: the merge that adds the least squared
deviation of the hours' load and PV shares from their slot's mean, each scaled by its standard deviation over all
days) until a day has `n` slots. Hours that are alike merge first, so identical neighbours (the night's PV = 0
at a steady load) merge at no cost: a slot of identical hours gives exactly the answer of those hours, since the
dispatch of equal hours can be averaged without breaking any row (storage stays between its slot-end states).
A slot never spans a `break` hour (the first hour of a grid outage, or the first after one), sunrise or sunset
(so no slot's PV reaches a dark hour: the sun never covers night load), and the day's peak-load hour without sun
is a slot of its own. A slot keeps the
sums of its hours' shares (energy) and its duration; powers (battery, genset, grid connection) scale by it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

HOURS = 24
DEFAULT_SEGMENTS = 10  # slots per representative day in hourly mode (speed vs accuracy: bench/optimise.py --days-table)


def segment_day(
    load: Sequence[float], pv: Sequence[float], n: int, scale: tuple[float, float], breaks: Collection[int]
):
    """(load sums, pv sums, durations) of one day's hours merged into at most `n` slots (at least the slots the
    breaks force)."""
    x = np.column_stack([np.asarray(load) / (scale[0] or 1.0), np.asarray(pv) / (scale[1] or 1.0)])
    starts = list(range(len(load)))
    sizes = [1] * len(load)
    means = [x[h].copy() for h in range(len(load))]
    while len(starts) > n:
        best, cost = -1, np.inf
        for j in range(len(starts) - 1):
            if starts[j + 1] in breaks:
                continue
            a, b = sizes[j], sizes[j + 1]
            c = a * b / (a + b) * float(((means[j] - means[j + 1]) ** 2).sum())
            if c < cost - 1e-15:
                best, cost = j, c
        if best < 0:
            break
        a, b = sizes[best], sizes[best + 1]
        means[best] = (a * means[best] + b * means[best + 1]) / (a + b)
        sizes[best] = a + b
        del starts[best + 1], sizes[best + 1], means[best + 1]
    load_s = [float(sum(load[s : s + d])) for s, d in zip(starts, sizes, strict=True)]
    pv_s = [float(sum(pv[s : s + d])) for s, d in zip(starts, sizes, strict=True)]
    return load_s, pv_s, sizes


def _peak(load: Sequence[float], pv: Sequence[float]) -> set[int]:
    """Breaks that keep the day's peak-load hour without sun (where the peak import is once PV is built) from being
    averaged with hours of another load."""
    dark = [x if p <= 0 else -1.0 for x, p in zip(load, pv, strict=True)]
    h = int(np.argmax(dark)) if max(dark) >= 0 else int(np.argmax(load))
    n = len(load)
    return ({h} if load[h - 1] != load[h] else set()) | ({(h + 1) % n} if load[(h + 1) % n] != load[h] else set())


def _sun(pv: Sequence[float]) -> set[int]:
    """Sunrise and sunset: a slot is all dark or all lit, so no slot's sun reaches its dark hours."""
    return {h for h in range(len(pv)) if (pv[h] > 0) != (pv[h - 1] > 0)}


def segment_days(
    load: Sequence[Sequence[float]], pv: Sequence[Sequence[float]], n: int, outage: Collection[int] = ()
) -> tuple[list[list[float]], list[list[float]], list[list[int]]]:
    """Every day's hours as at most `n` slots (n >= 24: the hours themselves), none spanning an edge of the
    `outage` hours; (load, pv, durations) per day."""
    if n >= HOURS:
        return [list(r) for r in load], [list(r) for r in pv], [[1] * len(r) for r in load]
    breaks = {h for h in range(HOURS) if (h in outage) != ((h - 1) % HOURS in outage)}
    scale = (float(np.std(load)), float(np.std(pv)))
    out = [
        segment_day(lr, pr, max(1, n), scale, set(breaks) | _peak(lr, pr) | _sun(pr))
        for lr, pr in zip(load, pv, strict=True)
    ]
    return [o[0] for o in out], [o[1] for o in out], [o[2] for o in out]
