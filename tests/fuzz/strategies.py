"""Hypothesis strategies for the schema's numeric fields (issue 19).

`numeric_fields(Model)` lists (field, lo, hi) of a model's bounded float fields; `numbers()` draws anything a
file can hold where a number is expected: in-range and out-of-range floats, NaN, infinities, 1e308, denormals,
huge integers and booleans.
"""

from __future__ import annotations

import math

import annotated_types as at
from hypothesis import strategies as st
from pydantic import BaseModel


def _bounds(meta: list) -> tuple[float | None, float | None]:
    lo = hi = None
    for m in meta:
        if isinstance(m, at.Ge):
            lo = float(m.ge)
        elif isinstance(m, at.Le):
            hi = float(m.le)
        inner = getattr(m, "metadata", None)
        if isinstance(inner, list):
            lo2, hi2 = _bounds(inner)
            lo, hi = lo if lo2 is None else lo2, hi if hi2 is None else hi2
    return lo, hi


def numeric_fields(model: type[BaseModel]) -> list[tuple[str, float, float]]:
    """(name, lo, hi) of every float field of `model` with both bounds (optional ones included)."""
    out = []
    for name, f in model.model_fields.items():
        ann = f.annotation
        args = getattr(ann, "__args__", ())
        if ann is not float and not any(a is float or getattr(a, "__origin__", None) is float for a in args):
            continue
        lo, hi = _bounds(list(f.metadata))
        if lo is None or hi is None:
            for a in args:  # `B.Energy | None`: the bounds sit on the Annotated member
                lo2, hi2 = _bounds(list(getattr(a, "__metadata__", ())))
                lo, hi = lo if lo2 is None else lo2, hi if hi2 is None else hi2
        if lo is not None and hi is not None:
            out.append((name, lo, hi))
    return out


def numbers(lo: float = -1e12, hi: float = 1e12) -> st.SearchStrategy:
    """Anything where a number is expected, biased towards the edges of [lo, hi]."""
    return st.one_of(
        st.floats(min_value=lo, max_value=hi),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from([lo, hi, math.nextafter(hi, math.inf), 1e308, -1e308, 5e-324, 0.0, -0.0]),
        st.integers(min_value=-(10**99), max_value=10**99),
        st.booleans(),
    )


def in_bounds(x: object, lo: float, hi: float) -> bool:
    return not isinstance(x, bool) and isinstance(x, int | float) and math.isfinite(x) and lo <= x <= hi
