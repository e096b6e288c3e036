"""Year paths: values given for some years, read for any year."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def interpolate(path: Mapping[int, float], years: Iterable[int], default: float = 0.0) -> dict[int, float]:
    """Linear between the given years, flat before the first and after the last; `default` if empty.

    >>> interpolate({2025: 0.0, 2030: 50.0}, [2024, 2027, 2035])
    {2024: 0.0, 2027: 20.0, 2035: 50.0}
    """
    pts = sorted((int(y), float(v)) for y, v in path.items())
    out: dict[int, float] = {}
    for y in years:
        if not pts:
            out[y] = default
        elif y <= pts[0][0]:
            out[y] = pts[0][1]
        elif y >= pts[-1][0]:
            out[y] = pts[-1][1]
        else:
            for (y0, v0), (y1, v1) in zip(pts, pts[1:], strict=False):
                if y0 <= y <= y1:
                    out[y] = v0 + (v1 - v0) * (y - y0) / (y1 - y0)
                    break
    return out


def discount_factors(years: Iterable[int], base_year: int, rate: float) -> dict[int, float]:
    """(1 + r)^-(t - t0) for each year t."""
    return {y: (1.0 + rate) ** -(y - base_year) for y in years}


def crf(rate: float, lifetime_years: int) -> float:
    """Capital recovery factor r(1+r)^L / ((1+r)^L - 1); 1/L when r = 0."""
    if rate == 0:
        return 1.0 / lifetime_years
    g = (1.0 + rate) ** lifetime_years
    return rate * g / (g - 1.0)
