"""One status legend in every data table: `status` is verified / secondary / unverified / assumption and every
row names its `source`; where a table has `url` / `year` columns their values are well-formed."""

import csv
import re

import pytest

from core import factors
from core.evaluation import indicators as ind
from tests.helpers import ROOT, tenant, tiny_scenario

DATA = ROOT / "data"
STATUSES = {"verified", "secondary", "unverified", "assumption"}
# Tables owned by other work streams, not yet on the legend: remove a name once its table is converted.
NOT_YET_ON_THE_LEGEND: tuple[str, ...] = ()


def _tables():
    return sorted(p for p in DATA.rglob("*.csv") if p.name not in NOT_YET_ON_THE_LEGEND)


def _rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_there_are_tables_to_check():
    names = {p.relative_to(DATA).as_posix() for p in _tables()}
    assert {"grid_factors.csv", "sectors.csv", "gwp.csv", "indicators.csv", "pv_yield.csv"}
    assert {"host/instruments.csv", "host/carbon_pricing.csv", "host/tariffs.csv"} <= names


@pytest.mark.parametrize("path", _tables(), ids=lambda p: p.relative_to(DATA).as_posix())
def test_every_row_has_a_status_from_the_legend_and_a_source(path):
    rows = _rows(path)
    assert rows, f"{path.name} is empty"
    assert "status" in rows[0] and "source" in rows[0], f"{path.name} lacks a status or source column"
    for i, r in enumerate(rows, start=2):
        assert r["status"] in STATUSES, f"{path.name} line {i}: status {r['status']!r} not in {sorted(STATUSES)}"
        assert r["source"].strip(), f"{path.name} line {i}: empty source"
        if r.get("url"):
            assert re.match(r"https?://", r["url"]), f"{path.name} line {i}: url {r['url']!r}"


@pytest.mark.parametrize("path", _tables(), ids=lambda p: p.relative_to(DATA).as_posix())
def test_source_years_are_years(path):
    rows = _rows(path)
    if "year" not in rows[0] or path.name == "targets_presets.csv":  # there `year` is the target year
        return
    for i, r in enumerate(rows, start=2):
        assert r["year"] == "" or re.fullmatch(r"(19|20)\d\d", r["year"]), f"{path.name} line {i}: {r['year']!r}"


def test_margin_factors_are_never_scope2():
    rows = _rows(DATA / "grid_factors.csv")
    assert not [r for r in rows if r["kind"] == "average" and factors.is_margin(r)]
    # Viet Nam's DCC series is a CDM combined margin: kept, but as a marginal factor only
    dcc = factors.grid_marginal("VNM", "combined_margin_official")
    assert dcc.value == 0.6592 and dcc.year == 2023
    vn = factors.grid_factor("VNM", 2026)
    assert vn.value == 0.486 and "lifecycle" in vn.source  # Ember, flagged
    for iso in factors.known_countries():
        f = factors.grid_factor(iso)
        src = [r for r in rows if r["iso3"] == iso and r["kind"] == "average"]
        assert any(float(r["value_t_per_mwh"]) == f.value for r in src), iso


def test_a_margin_row_marked_average_is_refused():
    row = {"iso3": "XXX", "kind": "average", "metric": "grid_EF_official_CM", "year": "2023", "boundary": "combustion"}
    with pytest.raises(ValueError, match="margin factor"):
        factors.check_grid_rows((row,))
    ok = dict(row, metric="national_average_official")
    assert factors.check_grid_rows((ok,)) == (ok,)


def test_direct_combustion_averages_rank_before_lifecycle():
    rows = [r for r in _rows(DATA / "grid_factors.csv") if r["kind"] == "average"]
    for r in rows:
        lifecycle = "Ember" in r["source"] or "Electricity Maps" in r["source"]
        assert (r["boundary"] == "lifecycle") == lifecycle, (r["iso3"], r["metric"])
        assert int(r["rank"]) >= 3 if lifecycle else int(r["rank"]) <= 2
    th = factors.grid_factor("THA")
    assert th.value == 0.475 and "lifecycle" not in th.source  # TGO combustion + T&D beats Ember 0.555


# ---------------------------------------------------------------- zero-carbon-park indicator, by the method


def test_zero_carbon_park_indicator_hand_computed():
    t1 = tenant(
        "T1",
        energy={"electricity_mwh": 10000, "natural_gas_gj": 20000, "biomass_t": 100},
        renewable_purchase_mwh=4000,
        onsite_renewable_mwh=1000,
        process_emissions_t=100,
        refrigerants=[{"gas": "HFC-134a", "leak_kg": 10}],
    )
    s = tiny_scenario(assumptions={"grid_factor_t_per_mwh": {2025: 0.5}}, tenants=[t1])
    z = ind.zero_carbon_park(s)
    # CO2 only: gas 20,000 GJ x 56.1 kg/GJ = 1,122 t (no CH4/N2O); biomass CO2 biogenic: 0; HFC leak: not CO2
    # process 100 t; electricity (10,000 - 4,000 green) MWh x 0.5 = 3,000 t; total 4,222 t
    assert z["fuel_co2_t"] == pytest.approx(1122.0)
    assert z["co2_t"] == pytest.approx(4222.0)
    # 综合能耗 (当量值): 20,000 + 100 x 15.6 = 21,560 GJ fuels + (10,000 + 1,000) MWh x 3.6 = 39,600 GJ
    # = 61,160 GJ / 29.3076 = 2,086.83 tce
    assert z["energy_tce"] == pytest.approx(61160 / 29.3076)
    assert z["t_co2_per_tce"] == pytest.approx(4222 / (61160 / 29.3076))  # 2.023
    # below 200,000 tce: the 0.2 tier, applied as a benchmark and said so
    assert z["indicator"] == "cn_co2_per_tce_small" and z["threshold"] == 0.2 and z["benchmark_only"]
    assert "below the lowest tier (200,000 tce/yr)" in z["note"] and "process emissions" in z["note"]
    assert z["met"] is False
    assert ind.indicator_values_base(s)["t_co2_per_tce"] == pytest.approx(z["t_co2_per_tce"])
    # only the tier that applies is shown
    tab = ind.indicator_table(s).set_index("id")
    assert "cn_co2_per_tce_small" in tab.index and "cn_co2_per_tce_large" not in tab.index
    assert tab.loc["cn_co2_per_tce_small", "tier_note"].startswith("below the lowest tier")


def test_zero_carbon_park_size_tiers():
    mid = ind.applicable_tier(500_000)
    assert mid["id"] == "cn_co2_per_tce_small" and mid["threshold"] == 0.2 and not mid["benchmark_only"]
    big = ind.applicable_tier(2_000_000)
    assert big["id"] == "cn_co2_per_tce_large" and big["threshold"] == 0.3 and not big["benchmark_only"]
    assert ind.applicable_tier(1_000_000)["id"] == "cn_co2_per_tce_large"  # >= 1,000,000 tce
