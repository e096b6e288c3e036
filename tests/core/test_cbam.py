"""CBAM: rules as data and a hand-computed exposure case."""

import pandas as pd
import pytest

from core import cbam
from core.schema import Scenario
from tests.helpers import tiny_scenario


def _scenario(**over) -> Scenario:
    data = {
        "assumptions": {
            "grid_factor_t_per_mwh": {2025: 0.5},
            "eu_ets_price_per_t": {2025: 80, 2030: 80},
            "eur_per_currency": 0.5,
        },
        "tenants": [
            # cement: direct from inventory (process only, no fuel lines), indirect counted
            {
                "id": "C1",
                "name": "Cement",
                "sector": "cement",
                "output_musd": 10,
                "location": [13, 101],
                "energy": {"electricity_mwh": 1000},
                "process_emissions_t": 5000,
                "exports": [{"good": "cement", "cn_code": "2523 29", "eu_t": 2000, "production_t": 10000}],
            },
            # steel, 60 t: above de-minimis, no data -> default 3.00 t/t for CN 7207 + mark-up
            {
                "id": "S1",
                "name": "Steel",
                "sector": "steel",
                "output_musd": 1,
                "location": [13, 101],
                "exports": [{"good": "iron_steel", "cn_code": "7207", "eu_t": 60}],
            },
            # steel, 40 t: de-minimis, exempt from 2026
            {
                "id": "S2",
                "name": "Small steel",
                "sector": "steel",
                "output_musd": 1,
                "location": [13, 101],
                "exports": [{"good": "iron_steel", "cn_code": "7207", "eu_t": 40}],
            },
        ],
    }
    data.update(over)
    return tiny_scenario(**data)


def test_rules_schedule_and_markups():
    # phase-in share = 1 - CBAM factor; before 2026 nothing is charged; after 2034 everything
    assert [cbam.cbam_share(y) for y in (2025, 2026, 2027, 2028, 2029, 2030, 2034, 2050)] == [
        0.0,
        0.025,
        0.05,
        0.10,
        0.225,
        0.485,
        1.0,
        1.0,
    ]
    assert cbam.default_markup("cement", 2025) == 0.0
    assert cbam.default_markup("cement", 2027) == 0.2
    assert cbam.default_markup("cement", 2040) == 0.3
    rules = cbam.load_rules()
    assert rules.de_minimis_t == 50
    assert rules.indirect_goods == {"cement", "fertilisers"}
    assert "electricity" not in rules.de_minimis_goods and "hydrogen" not in rules.de_minimis_goods
    # every rule row carries a source and a status
    assert rules.table["source"].str.len().gt(0).all() and rules.table["status"].str.len().gt(0).all()


def test_default_lookup_prefers_longest_prefix_and_own_country():
    assert cbam.default_value("iron_steel", "72085100", "THA").direct_t_per_t == 1.9  # chapter 72 row
    assert cbam.default_value("iron_steel", "7207 11", "THA").direct_t_per_t == 3.0  # 7207 row
    assert cbam.default_value("cement", "2523 29 00", "DZA").direct_t_per_t == 1.30  # Algeria's own row
    assert cbam.default_value("cement", "2523 29 00", "THA").direct_t_per_t == 0.7  # '*' row


def test_hand_computed_bau_exposure():
    res = cbam.compute_cbam(_scenario())
    L = res.lines.set_index(["tenant", "year"])
    # C1: direct SEE = 5000 t process / 10000 t produced = 0.5; indirect = 1000 MWh x 0.5 t/MWh / 10000 t = 0.05
    c = L.loc[("C1", 2026)]
    assert c.basis_direct == "inventory" and c.basis_indirect == "inventory"
    assert c.see_bau == pytest.approx(0.55)
    assert c.embedded_bau_t == pytest.approx(2000 * 0.55)  # 1100 t
    # cost 2026 = 1100 t x 80 EUR x 2.5 % = 2200 EUR; 2030 = 1100 x 80 x 48.5 % = 42680 EUR
    assert c.bau_cost_eur == pytest.approx(2200)
    assert L.loc[("C1", 2030)].bau_cost_eur == pytest.approx(42680)
    # S1: default 3.00 x (1 + 20 %) in 2027 = 3.6 t/t; 60 t -> 216 t; cost = 216 x 80 x 5 % = 864 EUR
    s1 = L.loc[("S1", 2027)]
    assert s1.basis_direct == "default" and s1.see_bau == pytest.approx(3.6)
    assert s1.bau_cost_eur == pytest.approx(864)
    # S2: 40 t <= 50 t de-minimis -> exempt, cost 0
    assert bool(L.loc[("S2", 2027)].exempt) and L.loc[("S2", 2027)].bau_cost_eur == 0
    # by year: 2026 = C1 2200 + S1 (3.0 x 1.1 = 3.3 t/t x 60 = 198 t x 80 x 2.5 % = 396) = 2596 EUR
    assert res.by_year.loc[2026, "bau_cost_eur"] == pytest.approx(2596)
    # scenario currency: EUR / (0.5 EUR per currency unit) = 5192
    assert res.by_year.loc[2026, "bau_cost"] == pytest.approx(5192)
    # no plan: plan cost equals BAU
    assert (res.by_year["plan_cost_eur"] == res.by_year["bau_cost_eur"]).all()


def test_carbon_price_paid_at_origin_is_deducted_and_floored():
    s = _scenario()
    t0 = s.tenants[0]
    line = t0.exports[0].model_copy(update={"carbon_price_paid_per_t": 2.0})
    s = s.model_copy(update={"tenants": [t0.model_copy(update={"exports": [line]})]})
    L = cbam.compute_cbam(s).lines.set_index("year")
    # 2026: 80 x 2.5 % = 2 EUR/t charged, minus 2 paid -> 0
    assert L.loc[2026, "bau_cost_eur"] == pytest.approx(0)
    # 2030: (80 x 48.5 % - 2) x 1100 = (38.8 - 2) x 1100 = 40480
    assert L.loc[2030, "bau_cost_eur"] == pytest.approx(40480)


def test_measured_values_win_and_indirect_only_where_counted():
    s = _scenario()
    t0 = s.tenants[0]
    steel = {"good": "iron_steel", "cn_code": "7208", "eu_t": 100, "direct_t_per_t": 2.0, "indirect_t_per_t": 0.4}
    s = s.model_copy(update={"tenants": [t0.model_copy(update={"exports": [t0.exports[0].__class__(**steel)]})]})
    r = cbam.compute_cbam(s).lines.set_index("year").loc[2028]
    # steel: indirect not counted -> 2.0 t/t; 100 t x 2.0 x 80 x 10 % = 1600 EUR
    assert r.basis_direct == "measured" and r.basis_indirect == "not_counted"
    assert r.see_bau == pytest.approx(2.0) and r.bau_cost_eur == pytest.approx(1600)


def test_json_keys_and_no_exporters():
    out = cbam.compute_cbam(_scenario()).to_json()
    assert set(out["by_year"][2026]) >= {"embedded_t", "bau_cost", "plan_cost"}
    assert {"tenant", "good", "eu_t", "embedded_t_per_t"} <= set(out["by_tenant"][0])
    assert out["assumptions"]["de_minimis_t"] == 50
    assert out["assumptions"]["ets_price_eur_per_t"][2027] == 80
    s = _scenario()
    s = s.model_copy(update={"tenants": [s.tenants[0].model_copy(update={"exports": []})]})
    res = cbam.compute_cbam(s)
    assert not res.has_exports and res.by_year["bau_cost_eur"].sum() == 0
    assert isinstance(res.by_year, pd.DataFrame)


def test_plan_saving_tenant_measure_and_pro_rata_zone_measure():
    from core.results import Plan

    s = _scenario()
    c1 = s.tenants[0]
    other = {"id": "O1", "name": "Other", "sector": "textiles", "output_musd": 5, "location": [13, 101]}
    other["energy"] = {"electricity_mwh": 3000}
    custom = [
        {
            "id": "m_t",
            "name_en": "kiln",
            "name_zh": "窑",
            "area": "ghg",
            "unit": "unit",
            "capex_per_unit": 1,
            "lifetime_years": 10,
            "tenant": "C1",
            "effects": {"process_emissions_t": -1000},
        },
        {
            "id": "m_z",
            "name_en": "zone",
            "name_zh": "区",
            "area": "energy",
            "unit": "unit",
            "capex_per_unit": 1,
            "lifetime_years": 10,
            "effects": {"electricity_mwh": -400},
        },
    ]
    s = Scenario.model_validate(
        {
            **s.model_dump(exclude_defaults=True),
            "tenants": [c1.model_dump(exclude_defaults=True), other],
            "measures": {"catalogue": "none", "custom": custom},
        }
    )
    units = pd.DataFrame({"measure": ["m_t", "m_z"], "year": [2030, 2030], "built": [1.0, 1.0], "active": [1.0, 1.0]})
    plan = Plan(status="optimal", message="", years=s.plan_years, units=units)
    res = cbam.compute_cbam(s, plan)
    by = res.by_year
    # 2029: nothing active -> plan = BAU = 1100 t x 80 x 22.5 % = 19800 EUR
    assert by.loc[2029, "plan_cost_eur"] == pytest.approx(by.loc[2029, "bau_cost_eur"]) == pytest.approx(19800)
    # 2030: C1 direct 5000 - 1000 = 4000 t -> 0.4 t/t; zone measure saves 400 MWh, C1's share of grid
    # electricity is 1000 / (1000 + 3000) = 25 % -> -100 MWh -> indirect (900 x 0.5) / 10000 = 0.045 t/t
    # embedded 2000 x 0.445 = 890 t; plan cost 890 x 80 x 48.5 % = 34532 EUR; BAU 42680; saving 8148
    assert by.loc[2030, "embedded_plan_t"] == pytest.approx(890)
    assert by.loc[2030, "plan_cost_eur"] == pytest.approx(34532)
    assert by.loc[2030, "saving_eur"] == pytest.approx(8148)
    assert res.to_json()["totals"]["saving"] == pytest.approx(8148)


def test_cost_scales_with_ets_price_and_is_never_negative():
    # no carbon price paid at origin: cost is linear in the EU ETS price
    lo = cbam.compute_cbam(_scenario()).by_year["bau_cost_eur"]
    hi_s = _scenario()
    hi_s = hi_s.model_copy(
        update={"assumptions": hi_s.assumptions.model_copy(update={"eu_ets_price_per_t": {2025: 160}})}
    )
    hi = cbam.compute_cbam(hi_s).by_year["bau_cost_eur"]
    assert (hi - 2 * lo).abs().max() < 1e-6
    assert (lo >= 0).all()


def test_cli_json_on_a_demo_zone(capsys):
    import json

    from core.cli import main
    from core.demo import demo_zones

    assert main(["cbam", str(demo_zones()["egypt_materials"]), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["currency"] == "EUR" and out["plan_status"] in ("optimal", "time_limit", "infeasible_targets")
    y = out["by_year"]["2030"]
    assert y["plan_cost"] <= y["bau_cost"] and y["embedded_t"] > 0
    assert {r["good"] for r in out["by_tenant"]} >= {"cement", "iron_steel"}
    assert out["assumptions"]["cbam_share"]["2030"] == 0.485


def test_hydrogen_without_data_warns_with_path_and_electricity_defaults_to_grid():
    s = _scenario()
    t0 = s.tenants[0]
    lines = [
        {"good": "hydrogen", "cn_code": "2804 10 00", "eu_t": 10},
        {"good": "electricity", "cn_code": "2716 00 00", "eu_t": 1000},
    ]
    s = Scenario.model_validate(
        {**s.model_dump(exclude_defaults=True), "tenants": [{**t0.model_dump(exclude_defaults=True), "exports": lines}]}
    )
    res = cbam.compute_cbam(s)
    assert any(w.startswith("tenants[0].exports[0]: no measured value") for w in res.warnings)
    L = res.lines.set_index(["good", "year"])
    assert L.loc[("hydrogen", 2030), "embedded_bau_t"] == 0
    # 10 t of hydrogen is below 50 t but hydrogen is outside the de-minimis rule: not exempt
    assert not bool(L.loc[("hydrogen", 2030), "exempt"])
    # electricity: grid factor 0.5 t/MWh, no mark-up; 1000 MWh x 0.5 x 80 x 48.5 % = 19400 EUR in 2030
    assert L.loc[("electricity", 2030), "see_bau"] == pytest.approx(0.5)
    assert L.loc[("electricity", 2030), "bau_cost_eur"] == pytest.approx(19400)


def test_by_tenant_sums_costs_over_years():
    res = cbam.compute_cbam(_scenario())
    bt = res.by_tenant.set_index("tenant")
    assert bt.loc["C1", "bau_cost_eur"] == pytest.approx(res.lines.query("tenant == 'C1'")["bau_cost_eur"].sum())
    assert bt["bau_cost_eur"].sum() == pytest.approx(res.by_year["bau_cost_eur"].sum())
    assert bt.loc["S2", "bau_cost_eur"] == 0  # de-minimis


def test_edit_export_lines_with_row_named_errors():
    from core.errors import ScenarioError

    s = _scenario()
    df = cbam.exports_frame(s)
    assert list(df["tenant"]) == ["C1", "S1", "S2"]
    rows = df.to_dict(orient="records")
    rows[1]["eu_t"] = 500.0
    s2 = cbam.with_exports(s, rows)
    assert s2.tenants[1].exports[0].eu_t == 500
    bad = [*rows, {"tenant": "NOPE", "good": "gold", "cn_code": "7108", "eu_t": -1}]
    with pytest.raises(ScenarioError) as e:
        cbam.with_exports(s, bad)
    msgs = [str(i) for i in e.value.issues]
    assert any(m.startswith("row 4.tenant: unknown tenant") for m in msgs)
    assert any(m.startswith("row 4.good:") for m in msgs) and any(m.startswith("row 4.eu_t:") for m in msgs)
    assert cbam.with_exports(s, []).tenants[0].exports == []
