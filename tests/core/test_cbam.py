"""CBAM by the definitive-period rules: rules as data and hand-computed cases (arithmetic in the comments)."""

import pandas as pd
import pytest

from core import cbam
from core.errors import ScenarioError
from core.results import Plan
from core.schema import Scenario
from tests.helpers import scenario_data, tenant, tiny_scenario

PRICE = 80.0  # EUR per certificate, flat


def _scenario(tenants: list[dict], country: str = "THA", **over) -> Scenario:
    return tiny_scenario(
        zone={"country": country},
        assumptions={"eu_ets_price_per_t": {2025: PRICE}, "eur_per_currency": 0.5},
        tenants=tenants,
        **over,
    )


def _lines(s: Scenario, plan: Plan | None = None) -> pd.DataFrame:
    return cbam.compute_cbam(s, plan).lines.set_index(["tenant", "year"])


# ---------------------------------------------------------------- rules as data


def test_rules_factor_schedule_scope_and_sources():
    # CBAM factor (share of the benchmark still free): 97.5 % in 2026 ... 14 % in 2033, none from 2034
    assert [cbam.cbam_factor(y) for y in (2025, 2026, 2027, 2028, 2029, 2030, 2033, 2034, 2050)] == [
        1.0, 0.975, 0.95, 0.90, 0.775, 0.515, 0.14, 0.0, 0.0,
    ]  # fmt: skip
    r = cbam.load_rules()
    assert r.de_minimis_t == 50 and r.definitive_from == 2026
    assert cbam.good_of("7318 15 95") == "iron_steel" and cbam.good_of("7204 10 00") is None  # scrap excluded
    assert cbam.good_of("2523 29") == "cement" and cbam.good_of("8471") is None
    assert cbam.cn_scope("2523 29").indirect_counted and not cbam.cn_scope("7318").indirect_counted
    assert not cbam.cn_scope("2804 10 00").de_minimis and not cbam.cn_scope("2716 00 00").de_minimis
    # every table row carries a source, a url, a year and a status from the legend
    from core.tables import read_table

    for name in ("scope", "defaults", "benchmarks", "precursors", "rules", "grid_defaults"):
        rows = read_table(f"cbam/{name}.csv")
        assert rows and all(x["source"] and x["url"] and x["year"] for x in rows), name
        assert {x["status"] for x in rows} <= {"verified", "secondary", "unverified", "assumption"}, name


def test_default_values_with_markup_and_fallback():
    d = cbam.default_see("7318 15", "THA")
    # IR 2025/2621: Thai 7318 15 2.408 t/t; with mark-up 2.649 (2026), 2.890 (2027), 3.130 (2028 on)
    assert (d.direct_t_per_t, d.route, d.fallback) == (2.408, "E", False)
    assert d.see(2026, False)[0] == pytest.approx(2.649) and d.see(2031, False)[0] == pytest.approx(3.130)
    # Egypt has no iron and steel table: the 'other countries' value (5.281 in 2026), flagged as fallback
    assert cbam.default_see("7318 15", "EGY").fallback and cbam.default_see("7318 15", "EGY").see(2026, False)[
        0
    ] == pytest.approx(5.281)
    # a country missing from the tables altogether falls back too
    assert cbam.default_see("7318 15", "KEN").country == "OTHER"
    # benchmarks: Column B (with precursors) by route, Column A (process only)
    assert cbam.benchmark("7318 15 95", "E", "B").value == 0.066
    assert cbam.benchmark("7318 15 95", "C", "B").value == 1.364
    assert cbam.benchmark("7318 15", "E", "A").value == 0.038


# ---------------------------------------------------------------- hand-computed cases


def _screws(**line) -> dict:
    # no fuel lines: Scope 1 = 2000 t process; production 10 000 t -> own direct 0.2 t/t
    x = {"good": "iron_steel", "cn_code": "7318 15", "eu_t": 1000, "production_t": 10000, **line}
    return tenant("S1", sector="metal_products", process_emissions_t=2000, exports=[x])


def test_complex_steel_good_with_precursors_from_defaults():
    """Thai 7318 15 screws from wire rod: own direct from the inventory + wire rod at its Thai default."""
    L = _lines(_scenario([_screws()]))
    r = L.loc[("S1", 2026)]
    assert (r.basis, r.basis_precursors, r.basis_indirect) == ("inventory", "default", "not_counted")
    # own direct 2000 / 10000 = 0.2 t/t
    assert r.see_direct == pytest.approx(0.2)
    # precursor: 1.1765 t wire rod per t (Commission example) x Thai default 2.111 (7214 91 in place of 7213,
    # 1.92 + 10 % mark-up) = 2.4835915 t/t
    assert r.see_precursor == pytest.approx(1.1765 * 2.111)
    assert r.see_bau == pytest.approx(0.2 + 2.4835915)  # 2.6835915
    # benchmark: Column A of 7318 15 (0.038) + 1.1765 x Column B of 7214 91 route E (0.066) = 0.115649
    assert r.benchmark == pytest.approx(0.038 + 1.1765 * 0.066)
    # 2026: free = 0.975 x 0.115649 = 0.112757775; obligation = 2.6835915 - 0.112757775 = 2.570833725 t/t
    assert r.obligation_bau_t_per_t == pytest.approx(2.6835915 - 0.975 * 0.115649)
    # cost = 2.570833725 x 1000 t x 80 EUR = 205 666.698 EUR
    assert r.bau_cost_eur == pytest.approx(205666.698, rel=1e-9)
    # 2028: wire rod default 2.495 (30 % mark-up): SEE 0.2 + 1.1765 x 2.495 = 3.1353675; free 0.9 x 0.115649
    r28 = L.loc[("S1", 2028)]
    assert r28.obligation_bau_t_per_t == pytest.approx(3.1353675 - 0.9 * 0.115649)
    # 2030: CBAM factor 51.5 %
    assert L.loc[("S1", 2030)].cbam_factor == 0.515


def test_default_basis_uses_column_b_and_the_year_markup():
    # no production_t, no measured value: the Thai default for 7318 15 (includes the precursors)
    s = _scenario([_screws(production_t=None)])
    r = _lines(s).loc[("S1", 2026)]
    assert (r.basis, r.basis_precursors, r.see_precursor) == ("default", "in_default", 0)
    # 2.649 - 0.975 x 0.066 (Column B, route E) = 2.58465 t/t; x 1000 t x 80 = 206 772 EUR
    assert r.obligation_bau_t_per_t == pytest.approx(2.58465)
    assert r.bau_cost_eur == pytest.approx(206772)


def test_supplier_values_and_origin_country_of_precursors():
    pre = [{"cn_code": "7213 91", "t_per_t": 1.1, "see_direct_t_per_t": 0.5}]
    r = _lines(_scenario([_screws(precursors=pre)])).loc[("S1", 2026)]
    assert r.basis_precursors == "supplier" and r.see_precursor == pytest.approx(1.1 * 0.5)
    # a precursor from a country without defaults: the 'other countries' value with a warning that says so
    pre = [{"cn_code": "7213 91", "t_per_t": 1.0, "country": "KEN"}]
    res = cbam.compute_cbam(_scenario([_screws(precursors=pre)]))
    # 'other countries' 7214 91: 3.996 + 10 % = 4.395 t/t
    assert res.lines.iloc[0].see_precursor == pytest.approx(4.395)
    w = [x for x in res.warnings if x.key == "cbam_default_fallback"]
    assert w and "other countries" in str(w[0]) and "KEN" in str(w[0])
    assert "其他国家" in w[0].text("zh")


def test_cement_counts_indirect_emissions():
    # kiln tenant: 5000 t process, 1000 MWh grid, 10 000 t cement; own kiln -> no clinker precursor assumed
    c = tenant(
        "C1",
        sector="cement",
        process_emissions_t=5000,
        energy={"electricity_mwh": 1000},
        exports=[{"good": "cement", "cn_code": "2523 29 00", "eu_t": 2000, "production_t": 10000}],
    )
    L = _lines(_scenario([c]))
    r = L.loc[("C1", 2030)]
    assert (r.basis, r.basis_indirect, r.basis_precursors) == ("inventory", "inventory", "none")
    # direct 5000 / 10000 = 0.5; indirect 1000 MWh x 0.470 t/MWh (Commission default for Thailand) / 10000 = 0.047
    assert r.see_direct == pytest.approx(0.5) and r.see_indirect == pytest.approx(0.047)
    # no purchased clinker: Column B of 2523 29 00 = 0.666
    assert r.benchmark == pytest.approx(0.666)
    # 2026: 0.547 - 0.975 x 0.666 (0.64935) < 0 -> nothing to pay
    assert L.loc[("C1", 2026)].bau_cost_eur == 0
    # 2030: 0.547 - 0.515 x 0.666 (0.34299) = 0.20401 t/t; x 2000 t x 80 = 32 641.6 EUR
    assert r.obligation_bau_t_per_t == pytest.approx(0.20401)
    assert r.bau_cost_eur == pytest.approx(32641.6)
    # the same as steel would not count the indirect part
    steel = _lines(_scenario([_screws(precursors=[])])).loc[("S1", 2030)]
    assert steel.see_indirect == 0


def test_cement_grinding_plant_buys_clinker():
    # no process emissions: clinker is bought: 0.95 t x Thai grey clinker (not listed: other countries 1.41,
    # 2026 with mark-up 1.551: direct 1.37 and indirect 0.05 scaled by 1.551 / 1.42) = 1.47345 t/t
    g = tenant(
        "G1",
        sector="cement",
        energy={"electricity_mwh": 1000},
        exports=[{"good": "cement", "cn_code": "2523 29 00", "eu_t": 100, "production_t": 10000}],
    )
    r = _lines(_scenario([g])).loc[("G1", 2026)]
    assert r.see_precursor == pytest.approx(0.95 * 1.551)
    # benchmark: Column A of cement (0) + 0.95 x Column B of grey clinker (0.666) = 0.6327
    assert r.benchmark == pytest.approx(0.95 * 0.666)


def test_de_minimis_per_importer_excludes_hydrogen_and_electricity():
    small = tenant("D1", exports=[{"good": "iron_steel", "cn_code": "7318 15", "eu_t": 40}])
    two = tenant(
        "D2",
        exports=[
            {"good": "iron_steel", "cn_code": "7318 15", "eu_t": 30},
            {"good": "aluminium", "cn_code": "7606", "eu_t": 30},
        ],
    )
    h2 = tenant(
        "D3",
        exports=[
            {"good": "iron_steel", "cn_code": "7318 15", "eu_t": 45},
            {"good": "hydrogen", "cn_code": "2804 10 00", "eu_t": 20, "direct_t_per_t": 10},
        ],
    )
    res = cbam.compute_cbam(_scenario([small, two, h2]))
    L = res.lines.set_index(["tenant", "line", "year"])
    # D1: 40 t <= 50 t -> exempt, nothing to pay
    assert bool(L.loc[("D1", 0, 2026)].exempt) and L.loc[("D1", 0, 2026)].bau_cost_eur == 0
    # D2: 30 + 30 = 60 t cumulative > 50 t -> both lines pay (a cliff, not an allowance)
    assert not L.loc[("D2", 0, 2026)].exempt and L.loc[("D2", 1, 2026)].bau_cost_eur > 0
    # D3: steel 45 t counts, hydrogen does not -> steel exempt; hydrogen always pays: 10 t/t x 20 t x 80 EUR = 16 000
    assert bool(L.loc[("D3", 0, 2026)].exempt)
    hyd = L.loc[("D3", 1, 2026)]
    assert not hyd.exempt and hyd.bau_cost_eur == pytest.approx(10 * 20 * PRICE)  # no hydrogen benchmark loaded


def test_carbon_price_paid_at_origin_is_deducted_with_actual_values_only():
    hr = {"good": "iron_steel", "cn_code": "7208 10 00", "eu_t": 100, "direct_t_per_t": 1.0, "precursors": []}
    t1 = tenant("P1", exports=[{**hr, "route": "E", "carbon_price_paid_per_t": 20}])
    r = _lines(_scenario([t1])).loc[("P1", 2026)]
    # measured 1.0 t/t, no purchased precursors -> Column B 7208 10 00 route E = 0.072; free 0.975 x 0.072 = 0.0702
    # price paid 20 EUR/t on 1.0 t = 20 EUR per t of good = 20 / 80 = 0.25 certificates
    assert r.deduction_t_per_t == pytest.approx(0.25)
    # obligation 1.0 - 0.0702 - 0.25 = 0.6798 t/t; x 100 t x 80 = 5438.4 EUR
    assert r.obligation_bau_t_per_t == pytest.approx(0.6798)
    assert r.bau_cost_eur == pytest.approx(5438.4)
    # a price paid above the EU price deducts at most the emissions it covered: 1.0 - 0.0702 - 1.0 -> 0
    t2 = tenant("P2", exports=[{**hr, "route": "E", "carbon_price_paid_per_t": 200}])
    assert _lines(_scenario([t2])).loc[("P2", 2026)].bau_cost_eur == 0
    # with default values no deduction (Art 9(4)), and a warning that says why
    t3 = tenant(
        "P3", exports=[{"good": "iron_steel", "cn_code": "7318 15", "eu_t": 100, "carbon_price_paid_per_t": 20}]
    )
    res = cbam.compute_cbam(_scenario([t3]))
    assert res.lines.iloc[0].deduction_t_per_t == 0
    assert any(w.key == "cbam_origin_price_needs_actual" for w in res.warnings)


def test_plan_abatement_goes_to_the_tenant():
    c = tenant(
        "C1",
        sector="cement",
        process_emissions_t=5000,
        energy={"electricity_mwh": 1000},
        exports=[{"good": "cement", "cn_code": "2523 29 00", "eu_t": 2000, "production_t": 10000}],
    )
    kiln = {
        "id": "m_t", "name_en": "kiln", "name_zh": "窑", "area": "ghg", "unit": "unit", "capex_per_unit": 1,
        "lifetime_years": 10, "tenant": "C1", "effects": {"process_emissions_t": -1000},
    }  # fmt: skip
    s = _scenario([c], measures={"catalogue": "none", "custom": [kiln]})
    units = pd.DataFrame({"measure": ["m_t"], "year": [2030], "built": [1.0], "active": [1.0]})
    res = cbam.compute_cbam(s, Plan(status="optimal", message="", years=s.plan_years, units=units))
    r = res.lines.set_index("year").loc[2030]
    # direct 5000 - 1000 = 4000 t -> 0.4 t/t; SEE 0.447; obligation 0.447 - 0.34299 = 0.10401 t/t
    # plan cost 0.10401 x 2000 x 80 = 16 641.6 EUR; BAU 32 641.6; saving 16 000
    assert r.see_plan == pytest.approx(0.447)
    assert r.plan_cost_eur == pytest.approx(16641.6)
    assert res.by_year.loc[2030, "saving_eur"] == pytest.approx(16000)
    assert res.by_year.loc[2029, "saving_eur"] == 0


def test_json_contract():
    out = cbam.compute_cbam(_scenario([_screws()])).to_json()
    assert set(out["by_year"]["2026" if "2026" in out["by_year"] else 2026]) >= {
        "embedded_t", "bau_cost_eur", "plan_cost_eur", "saving_eur",
    }  # fmt: skip
    row = out["by_tenant"][0]
    assert set(row) >= {
        "tenant", "good", "cn_code", "eu_t", "see_direct_t_per_t", "see_indirect_t_per_t",
        "see_precursor_t_per_t", "benchmark_t_per_t", "basis",
    }  # fmt: skip
    assert row["basis"] == "inventory" and row["year"] == 2026 and row["eu_t"] == 1000  # declared tonnes
    assert out["assumptions"]["sources"] and out["assumptions"]["cbam_factor"][2030] == 0.515
    empty = cbam.compute_cbam(tiny_scenario()).to_json()
    assert empty["by_tenant"] == [] and all(v["bau_cost_eur"] == 0 for v in empty["by_year"].values())


@pytest.mark.parametrize(
    ("line", "path", "key"),
    [
        ({"good": "iron_steel", "cn_code": "8471", "eu_t": 1}, "tenants[0].exports[0].cn_code", "cn_not_cbam"),
        ({"good": "iron_steel", "cn_code": "7204 10", "eu_t": 1}, "tenants[0].exports[0].cn_code", "cn_not_cbam"),
        ({"good": "cement", "cn_code": "7318", "eu_t": 1}, "tenants[0].exports[0].cn_code", "cn_code_of_good"),
        ({"good": "iron_steel", "cn_code": "7318 1", "eu_t": 1}, "tenants[0].exports[0].cn_code", None),
        ({"good": "iron_steel", "cn_code": "7318", "eu_t": 10, "production_t": 5}, "tenants[0].exports[0].eu_t",
         "exports_above_production"),
        ({"good": "iron_steel", "cn_code": "7318", "eu_t": 1, "precursors": [{"cn_code": "7213", "t_per_t": -1}]},
         "tenants[0].exports[0].precursors[0].t_per_t", None),
        ({"good": "iron_steel", "cn_code": "7318", "eu_t": 1, "precursors": [{"cn_code": "7213"}]},
         "tenants[0].exports[0].precursors[0].t_per_t", None),
        ({"good": "iron_steel", "cn_code": "7318", "eu_t": 1, "precursors": [{"cn_code": "4001", "t_per_t": 1}]},
         "tenants[0].exports[0].precursors[0].cn_code", "precursor_not_cbam"),
    ],
)  # fmt: skip
def test_bad_export_lines_get_named_translatable_messages(line, path, key):
    from core.loader import validate_data

    with pytest.raises(ScenarioError) as e:
        validate_data(scenario_data(tenants=[tenant("T1", exports=[line])]))
    hit = [i for i in e.value.issues if i.path == path]
    assert hit, [str(i) for i in e.value.issues]
    assert hit[0].key is not None and (key is None or hit[0].key == key)
    assert hit[0].text("zh") != str(hit[0])


def test_old_scenario_lines_still_load():
    s = _scenario([tenant("O1", exports=[{"good": "aluminium", "cn_code": "7606", "eu_t": 100, "production_t": 900}])])
    line = s.tenants[0].exports[0]
    assert line.precursors is None and line.route is None and line.carbon_price_paid_per_t == 0


def test_cli_json_on_a_demo_zone(capsys):
    import json

    from core.cli import main
    from core.demo import demo_zones

    assert main(["cbam", str(demo_zones()["thai_auto"]), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["currency"] == "EUR" and out["plan_status"] in ("optimal", "time_limit", "infeasible_targets")
    y = out["by_year"]["2030"]
    assert y["plan_cost_eur"] <= y["bau_cost_eur"] + 1e-6 and y["embedded_t"] > 0
    t07 = next(r for r in out["by_tenant"] if r["tenant"] == "T07")
    # screws: own direct ~0.2 t/t plus wire rod precursors at the Thai default ~2.48 t/t
    assert t07["see_precursor_t_per_t"] > 2 and t07["basis"] == "inventory"


def test_edit_export_lines_and_precursors_as_tables():
    from core.cbam.exports import exports_frame, precursors_frame, with_exports, with_precursors

    pre = [{"cn_code": "7213 91", "t_per_t": 1.1, "country": "CHN"}]
    s = _scenario([_screws(precursors=pre), tenant("S2", exports=[{"good": "cement", "cn_code": "2523", "eu_t": 5}])])
    df = exports_frame(s)
    assert list(df["tenant"]) == ["S1", "S2"] and "precursors" not in df
    rows = df.to_dict(orient="records")
    rows[1]["eu_t"] = 500.0
    s2 = with_exports(s, rows)
    assert s2.tenants[1].exports[0].eu_t == 500 and s2.tenants[0].exports[0].precursors[0].country == "CHN"
    bad = [*rows, {"tenant": "NOPE", "good": "gold", "cn_code": "7108", "eu_t": -1}]
    with pytest.raises(ScenarioError) as e:
        with_exports(s, bad)
    msgs = [str(i) for i in e.value.issues]
    assert any(m.startswith("row 3.tenant: unknown tenant") for m in msgs)
    assert any(m.startswith("row 3.good:") for m in msgs) and any(m.startswith("row 3.eu_t:") for m in msgs)
    p = precursors_frame(s)
    assert p.to_dict(orient="records")[0]["cn_code"] == "7213 91"
    prow = p.to_dict(orient="records")
    prow[0]["t_per_t"] = 1.2
    assert with_precursors(s, prow).tenants[0].exports[0].precursors[0].t_per_t == 1.2
    assert with_precursors(s, []).tenants[0].exports[0].precursors is None  # back to typical precursors
    with pytest.raises(ScenarioError) as e:
        with_precursors(s, [{**prow[0], "t_per_t": -1}, {**prow[0], "line": 7}, {"tenant": "S1", "line": 1}])
    msgs = [str(i) for i in e.value.issues]
    assert any(m.startswith("row 1.t_per_t:") for m in msgs) and any(m.startswith("row 2.line:") for m in msgs)
    assert any(m.startswith("row 3.t_per_t:") for m in msgs)  # quantity missing
    # the scenario checks run too: a CN code outside CBAM, named by its row, translatable
    rows[0]["cn_code"] = "8471"
    with pytest.raises(ScenarioError) as e:
        with_exports(s, rows)
    [i] = e.value.issues
    assert i.path == "row 1.cn_code" and i.key == "cn_not_cbam" and "CBAM" in i.text("zh")
    with pytest.raises(ScenarioError) as e:
        with_precursors(s, [{**prow[0], "cn_code": "4001"}])
    assert e.value.issues[0].key == "precursor_not_cbam"


def test_zone_country_without_grid_default_warns():
    c = tenant(
        "C1",
        process_emissions_t=5000,
        energy={"electricity_mwh": 1000},
        exports=[{"good": "cement", "cn_code": "2523 29 00", "eu_t": 2000, "production_t": 10000}],
    )
    from core.factors import known_countries

    other = next(c for c in sorted(known_countries()) if c not in {"THA", "VNM", "IDN", "MYS", "KHM", "EGY", "NGA",
                                                                  "ETH", "CHN"})  # fmt: skip
    res = cbam.compute_cbam(_scenario([c], country=other))
    # 'other countries' grid factor 0.465 t/MWh: 1000 x 0.465 / 10000 = 0.0465 t/t
    assert res.lines.iloc[0].see_indirect == pytest.approx(0.0465)
    assert {"cbam_grid_fallback", "cbam_default_fallback"} & {w.key for w in res.warnings}
