"""The Baseline is the one home of base-year quantities and BAU paths: everything else agrees with it."""

import pytest

from core.baseline import baseline
from core.demo import demo_zones, load_demo
from core.inventory import compute_inventory
from core.optimise.data import prepare
from core.optimise.readback import bau_quantities
from core.schema import METRICS


@pytest.mark.parametrize("slug", list(demo_zones()))
def test_baseline_agrees_with_inventory_and_optimiser(slug):
    s = load_demo(slug)
    b = baseline(s)
    inv = compute_inventory(s)
    assert b.emissions_t == pytest.approx(inv.totals["scope12_t"], rel=1e-9)
    assert b.energy_gj == pytest.approx(inv.kpis["energy_gj"], rel=1e-12)
    d = prepare(s, b)
    q = bau_quantities(d)  # the optimiser's algebra with no measure active
    for metric in METRICS:
        path = b.bau_path(metric)
        for i, y in enumerate(d.years):
            got = path[y]
            want = {"emissions": q["gross"][i]}.get(metric, got)
            assert got == pytest.approx(want, rel=1e-9, nan_ok=True)
    assert q["gross"] == pytest.approx(b.bau_metrics["gross"], rel=1e-9)
    assert q["renewable_share"] == pytest.approx(b.bau_metrics["renewable_share"], rel=1e-9, nan_ok=True)


def test_bau_scales_with_activity_and_starts_at_the_base_value():
    s = load_demo("egypt_materials")  # an occupancy path
    b = baseline(s)
    y0, y1 = b.years[0], b.years[-1]
    e0 = b.metric_base["emissions"]
    assert b.activity[b.base_year] == 1.0
    # grid factors move with the year, so compare a quantity without factors: energy
    assert b.bau_metrics["energy_gj"][0] == pytest.approx(b.energy_gj * b.activity[y0])
    assert b.bau_metrics["energy_gj"][-1] == pytest.approx(b.energy_gj * b.activity[y1])
    assert e0 > 0
