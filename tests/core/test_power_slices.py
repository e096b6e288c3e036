"""Representative days reproduce the zone's annual load and PV (within 1 % before the final rescaling, exactly
after it), keep the real peak, and the clear-sky shape follows the sun."""

from pathlib import Path

import numpy as np
import pytest

from core.loader import load_scenario
from core.power.slices import representative_days, year_load, year_pv, zone_slices
from core.power.solar import clear_sky_shape
from core.site import zone_location

DEMOS = sorted(p.parent.name for p in Path("data/demo").glob("*/scenario.yaml"))


@pytest.mark.parametrize("demo", DEMOS)
def test_four_days_reproduce_annual_load_and_pv(demo):
    s = load_scenario(f"data/demo/{demo}/scenario.yaml")
    lat = zone_location(s)[0]
    load, pv = year_load(s.tenants, s.base_year), year_pv(lat)
    sl = representative_days(load, pv, 4, s.base_year)
    assert sum(sl.weights) == 365
    # the medoid days with their cluster sizes, before any rescaling, against the 8,760-hour totals
    ld, pd_ = load.reshape(365, 24), pv.reshape(365, 24)
    raw_load = sum(w * ld[d].sum() for w, d in zip(sl.weights, sl.days, strict=True))
    raw_pv = sum(w * pd_[d].sum() for w, d in zip(sl.weights, sl.days, strict=True))
    assert raw_load == pytest.approx(1.0, abs=0.01)
    assert raw_pv == pytest.approx(1.0, abs=0.01)
    assert sl.annual("load") == pytest.approx(1.0, abs=1e-9)
    assert sl.annual("pv") == pytest.approx(1.0, abs=1e-9)
    # the peak hour of the year is a peak of a representative day (within 2 %)
    assert max(max(r) for r in sl.load) == pytest.approx(load.max(), rel=0.02)


def test_every_day_is_the_year_itself():
    s = load_scenario(f"data/demo/{DEMOS[0]}/scenario.yaml")
    sl = zone_slices(s.tenants, s.base_year, 10.0, 365)
    assert sl.weights == (1.0,) * 365
    assert sl.raw_error["load"] == pytest.approx(0.0, abs=1e-12)


def test_a_weekday_shift_pattern_is_kept():
    # thai_auto's tenants run shifts: weekends are lighter, so the days split by day type
    s = load_scenario("data/demo/thai_auto/scenario.yaml")
    sl = zone_slices(s.tenants, s.base_year, 13.0, 4)
    totals = sorted(sum(r) for r in sl.load)
    assert totals[0] < 0.9 * totals[-1]


def test_clear_sky_follows_the_sun():
    eq = clear_sky_shape(0.0).reshape(365, 24)
    assert (eq > 0).sum(axis=1).min() == 12  # 12 h of daylight every day at the equator
    assert eq[:, :5].sum() == 0 and eq[:, 19:].sum() == 0  # nothing at night
    north = clear_sky_shape(30.0).reshape(365, 24)
    june, december = north[171], north[354]
    assert (june > 0).sum() > (december > 0).sum()  # longer summer days
    assert np.allclose(june[:12], june[12:][::-1])  # symmetric about solar noon
