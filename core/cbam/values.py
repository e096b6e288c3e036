"""Default values, EU benchmarks and typical precursors (`data/cbam/defaults.csv`, `benchmarks.csv`,
`precursors.csv`).

- Default SEE (IR (EU) 2025/2621 Annex I): the row of the country of production whose CN code is the longest
  prefix of the given code; when the code is shorter than the table's codes (e.g. '7318' for rows '7318 15' and
  '7318 16') the highest of its subheadings (conservative, flagged `exact=False`). A country without a table, or
  with the row left blank in its table, takes the 'Other countries and territories' value (`fallback=True`).
  The regulation prints the value including the mark-up of 2026, 2027 and 2028-onwards; we use those.
- Benchmarks (IR (EU) 2025/2620, 2026 imports): Column A (the process alone, used with actual values) and
  Column B (including precursors, used with default values), by 8-digit CN and route; for a shorter code or an
  unknown route the lowest matching value (conservative: less free allocation).
- Typical precursors: per CN prefix, the precursor's CN code and tonnes per tonne of good (Commission template
  examples or assumptions), used when an export line gives no `precursors`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from core.cbam.rules import OTHER, digits
from core.tables import read_table

MARKUP_YEARS = (2026, 2027, 2028)


@dataclass(frozen=True)
class DefaultSee:
    cn_code: str  # the table row's code
    country: str  # the table row's country (OTHER when it fell back)
    direct_t_per_t: float  # as printed, without mark-up
    indirect_t_per_t: float
    total_by_year: dict[int, float]  # including the mark-up, 2026 / 2027 / 2028 onwards
    route: str  # production route letter printed next to the value ('' = route-independent)
    fallback: bool  # the country had no value: 'other countries'
    exact: bool  # the row's code covers the given code
    source: str
    url: str
    status: str

    def see(self, year: int, indirect_counted: bool) -> tuple[float, float]:
        """(direct, indirect) t/t in `year`, mark-up included (none before 2026); indirect 0 where not counted."""
        base = self.direct_t_per_t + self.indirect_t_per_t
        if year < MARKUP_YEARS[0] or base <= 0:
            k = 1.0
        else:
            k = self.total_by_year[min(year, MARKUP_YEARS[-1])] / base
        return self.direct_t_per_t * k, (self.indirect_t_per_t * k if indirect_counted else 0.0)


@cache
def _defaults_by_country() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in read_table("cbam/defaults.csv"):
        out.setdefault(r["country"], []).append({**r, "digits": digits(r["cn_code"])})
    return out


@cache
def _aliases() -> dict[str, str]:
    """Precursor CN -> the CN whose default stands in for it (a code missing from our extract)."""
    return {
        digits(r["precursor_cn"]): digits(r["default_cn"]) for r in read_table("cbam/precursors.csv") if r["default_cn"]
    }


def _pick(rows: list[dict], code: str) -> tuple[dict, bool] | None:
    covering = [r for r in rows if code.startswith(r["digits"])]
    if covering:
        return max(covering, key=lambda r: (len(r["digits"]), float(r["total_t_per_t"]))), True
    under = [r for r in rows if r["digits"].startswith(code)]
    if under:
        return max(under, key=lambda r: float(r["total_t_per_t"])), False
    return None


def default_see(cn: str, country: str) -> DefaultSee | None:
    """The default value of a CN code for a country of production (see the module docstring); None when the
    tables have no value for the code at all.

    >>> d = default_see("7318 15", "THA"); d.total_by_year[2026], d.route, d.fallback
    (2.649, 'E', False)
    >>> default_see("7318 15", "KEN").fallback
    True
    """
    code = digits(cn)
    code = code if any(_pick(v, code) for v in _defaults_by_country().values()) else _aliases().get(code, code)
    table = _defaults_by_country()
    got = _pick(table.get(country, []), code)
    fallback = got is None
    if got is None:
        got = _pick(table[OTHER], code)
        if got is None:
            return None
    r, exact = got
    return DefaultSee(
        r["cn_code"],
        r["country"],
        float(r["direct_t_per_t"]),
        float(r["indirect_t_per_t"] or 0.0),
        {y: float(r[f"markup_{y}"]) for y in MARKUP_YEARS},
        r["route"],
        fallback or r["fallback"] == "1",
        exact,
        r["source"],
        r["url"],
        r["status"],
    )


@dataclass(frozen=True)
class Benchmark:
    value: float  # t CO2e per t of good
    column: str  # 'A' or 'B'
    route: str
    exact: bool  # one 8-digit code and route matched
    source: str
    status: str


@cache
def _benchmarks() -> tuple[dict, ...]:
    return tuple({**r, "digits": digits(r["cn_code"])} for r in read_table("cbam/benchmarks.csv"))


def benchmark(cn: str, route: str | None, column: str) -> Benchmark | None:
    """EU benchmark of a CN code and route, Column A or B (see the module docstring); None when none matches.

    >>> benchmark("7318 15 95", "E", "B").value, benchmark("7318 15 95", None, "A").value
    (0.066, 0.038)
    """
    code = digits(cn)
    rows = [
        r
        for r in _benchmarks()
        if r["column"] == column and (r["digits"].startswith(code) or code.startswith(r["digits"]))
    ]
    if not rows:
        return None
    same = [r for r in rows if r["route"] == (route or "")]
    generic = [r for r in rows if r["route"] == ""]
    pool = same or generic or rows
    best = min(pool, key=lambda r: float(r["benchmark_t_per_t"]))
    exact = len({r["digits"] for r in pool}) == 1 and bool(same or generic)
    return Benchmark(float(best["benchmark_t_per_t"]), column, best["route"], exact, best["source"], best["status"])


@dataclass(frozen=True)
class TypicalPrecursor:
    name: str
    cn_code: str
    t_per_t: float
    assume: str  # 'always' or 'no_process_emissions'
    source: str
    status: str


def typical_precursors(cn: str) -> list[TypicalPrecursor]:
    """The typical purchased precursors of a CN code (the rows with the longest matching prefix)."""
    code = digits(cn)
    rows = [r for r in read_table("cbam/precursors.csv") if code.startswith(digits(r["good_cn"]))]
    if not rows:
        return []
    n = max(len(digits(r["good_cn"])) for r in rows)
    return [
        TypicalPrecursor(r["precursor"], r["precursor_cn"], float(r["t_per_t"]), r["assume"], r["source"], r["status"])
        for r in rows
        if len(digits(r["good_cn"])) == n
    ]
