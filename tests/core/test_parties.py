"""Golden tests of sited measures and parties (issue 18): tenant measures stay on their tenant's streams, fees
move money between parties without changing the zone's cost, the participation constraint costs only when it
binds, the finance functions, the JSON contract and the named messages for bad `parties:` input."""

import json
import subprocess
import sys

import pytest

from core.errors import ScenarioError
from core.optimise import solve, solve_data
from core.optimise.data import MeasureData, TargetRow
from core.optimise.sites import SiteData, prepare_sited
from core.parties import irr, npv, simple_payback
from tests.core.test_golden_optimise import EXACT, data
from tests.helpers import ROOT, tenant, tiny_scenario

# ---------------------------------------------------------------- finance (pure functions, by hand)


def test_npv_payback_irr_by_hand():
    flows = [-100.0, 50.0, 50.0, 50.0]
    assert npv(flows, [1.0, 0.5, 0.25, 0.125]) == pytest.approx(-100 + 25 + 12.5 + 6.25)
    assert simple_payback(flows) == pytest.approx(2.0)  # 100 back after two years of 50
    assert simple_payback([-100.0, 40.0, 40.0, 40.0]) == pytest.approx(2.5)  # 80 after 2 years, 20/40 of the third
    assert simple_payback([-100.0, 10.0]) is None
    assert simple_payback([5.0, 10.0]) == 0.0 and simple_payback([0.0, 0.0]) is None  # never out of pocket
    r = irr([-100.0, 110.0])
    assert r == pytest.approx(0.10, abs=1e-6)  # 110 / 1.1 = 100
    assert irr([-100.0, 60.0, 60.0]) == pytest.approx(0.130662, abs=1e-5)  # 60/(1+r) + 60/(1+r)^2 = 100
    assert irr([10.0, 10.0]) is None


# ---------------------------------------------------------------- a tenant measure on its own tenant's gas

GAS_FIX = {
    "id": "gas_fix",
    "name_en": "Burner tuning",
    "name_zh": "燃烧器调整",
    "area": "energy",
    "unit": "set",
    "capex_per_unit": 0,
    "om_per_unit_year": 1,
    "lifetime_years": 10,
    "max_units": 50,
    "effects": {"natural_gas_gj": -100},
}


def gas_zone(site: str):
    """A has no gas, B burns 10,000 GJ; the only measure cuts 100 GJ of gas per unit at `site`."""
    return tiny_scenario(
        tenants=[
            tenant("A", energy={"electricity_mwh": 1000}),
            tenant("B", energy={"natural_gas_gj": 10000}),
        ],
        measures={"catalogue": "none", "custom": [{**GAS_FIX, "tenant": site}]},
        targets={"milestones": [{"metric": "emissions", "year": 2030, "change_vs_base": -0.3}]},
        assumptions={"prices": {"natural_gas_per_gj": {2025: 10.0}}},
    )


def test_a_tenant_measure_cannot_act_on_another_tenants_gas():
    at_b = solve(gas_zone("B"), EXACT)
    used_b = at_b.units[at_b.units["measure"] == "gas_fix"]["active"].max()
    assert used_b == pytest.approx(50.0)  # at B it saves 5,000 GJ at 1 per unit against 10 per GJ: all 50 units
    at_a = solve(gas_zone("A"), EXACT)  # at A there is no gas to save: the site row keeps it at 0
    assert at_a.units[at_a.units["measure"] == "gas_fix"].empty or at_a.units["active"].max() == pytest.approx(0)
    d = prepare_sited(gas_zone("A"))
    assert d.sites.weights["gas_fix"] == {"A": 1.0}


def test_tenant_mode_instances_only_where_the_stream_is():
    s = tiny_scenario(
        tenants=[
            tenant("A", energy={"electricity_mwh": 1000}),
            tenant("B", energy={"natural_gas_gj": 10000}, sector="food"),
            tenant("C", energy={"natural_gas_gj": 30000}, sector="food"),
        ],
        parties={"tenant_mode": True, "max_tenants": 2},
    )
    d = prepare_sited(s)
    ids = {m.id for m in d.measures}
    assert "boiler_economiser@C" in ids and "boiler_economiser@B" in ids  # the two largest emitters burn gas
    assert not any(i.endswith("@A") and i.startswith("boiler") for i in ids)  # A has no gas
    by = {m.id: m for m in d.measures}
    # the zone bound (7 % of the steam gas at the horizon) is split by each tenant's share of the stream
    total = by["boiler_economiser@B"].ub + by["boiler_economiser@C"].ub
    assert by["boiler_economiser@C"].ub == pytest.approx(3 * by["boiler_economiser@B"].ub, rel=1e-6)
    assert total > 0
    plan = solve(s, EXACT)
    assert plan.ok
    assert plan.tenancy.key_tenants == ("C", "B")


# ---------------------------------------------------------------- operator-owned PV with a sale price

PV = {
    "id": "pv",
    "name_en": "Rooftop PV",
    "name_zh": "屋顶光伏",
    "area": "energy",
    "unit": "kWp",
    "capex_per_unit": 800,
    "om_per_unit_year": 10,
    "lifetime_years": 25,
    "max_units": 1000,
    "effects": {"onsite_renewable_mwh": 1.4},
}


def pv_zone(terms):
    return tiny_scenario(
        tenants=[tenant("A", energy={"electricity_mwh": 50000})],
        measures={"catalogue": "none", "custom": [PV]},
        assumptions={"prices": {"electricity_per_mwh": {2025: 100.0}}, "discount_rate": 0.0},
        parties={"terms": terms},
    )


def test_operator_pv_moves_money_without_changing_zone_cost():
    own = solve(pv_zone([]), EXACT)
    sold = solve(
        pv_zone([{"measure": "pv", "owner": "operator", "model": "operator_sells", "discount_to_tariff": 0.1}]), EXACT
    )
    assert own.npv["total"] == pytest.approx(sold.npv["total"], rel=1e-9)  # the zone pays the same
    units = sold.active_units("pv")
    assert max(units.values()) == pytest.approx(1000.0)  # 140 USD/kWp/yr of grid saved vs ~42 of cost: all of it
    cf = sold.tenancy.cash_flows.set_index(["party", "year"])
    for y, a in units.items():
        fee = 0.9 * 100.0 * 1.4 * a  # 10 % below the 100 USD/MWh tariff, on the MWh generated
        assert cf.loc[("A", y), "fees_paid"] == pytest.approx(fee)
        assert cf.loc[("zone", y), "fees_received"] == pytest.approx(fee)
        assert cf.loc[("A", y), "energy_saving"] == pytest.approx(100.0 * 1.4 * a)
    # per year the parties' costs add up to the zone's total cost, whoever owns the PV
    for plan in (own, sold):
        bt = plan.tenancy.by_tenant.groupby("year")["cost"].sum()
        assert (bt - plan.costs["total"]).abs().max() < 1e-6
    owned = own.tenancy.cash_flows.set_index(["party", "year"])
    moved = sum(cf.loc[("zone", y), "net"] - owned.loc[("zone", y), "net"] for y in units)
    assert moved == pytest.approx(sum(owned.loc[("A", y), "net"] - cf.loc[("A", y), "net"] for y in units))
    assert moved > 0  # the money went from the tenant to the operator


def test_esco_shared_savings_split_the_bill_saving():
    plan = solve(pv_zone([{"measure": "pv", "owner": "esco", "model": "shared_savings", "savings_share": 0.4}]), EXACT)
    cf = plan.tenancy.cash_flows.set_index(["party", "year"])
    for y, a in plan.active_units("pv").items():
        saving = 100.0 * 1.4 * a  # MWh generated x tariff
        assert cf.loc[("A", y), "fees_paid"] == pytest.approx(0.4 * saving)
        assert cf.loc[("esco", y), "fees_received"] == pytest.approx(0.4 * saving)
        assert cf.loc[("esco", y), "om"] == pytest.approx(10.0 * a)  # the ESCO runs it
        assert cf.loc[("A", y), "capex"] == 0.0
    own = solve(pv_zone([]), EXACT)
    assert plan.npv["total"] == pytest.approx(own.npv["total"], rel=1e-9)
    assert "esco" in set(plan.tenancy.parties["party"])


# ---------------------------------------------------------------- participation: the price of fairness


def fairness_data(cut, participation):
    """One year, 1,000 MWh at 1 t/MWh and 10 per MWh; A uses 400, B 600. Per unit (1 MWh = 1 t saved, cost per
    year): MA at A costs 20 (A nets +10, worse off), MB1 at B costs 2 (B nets -8), MB2 at B costs 22 (+12)."""

    def m(mid, cost):
        return MeasureData(mid, 0.0, cost, 1, 0, 100.0, False, {"electricity": [-1.0]}, om=cost)

    d = data([m("MA", 20.0), m("MB1", 2.0), m("MB2", 22.0)], 1000.0 - cut, bau=1000.0)
    d.price = {"electricity": [10.0]}
    d.targets = [TargetRow("emissions", "gross", 2026, 1000.0 - cut, 1000.0)]
    d.sites = SiteData(
        tenants=["A", "B"],
        activity=[1.0],
        base={"A": {"electricity": 400.0}, "B": {"electricity": 600.0}},
        weights={"MA": {"A": 1.0}, "MB1": {"B": 1.0}, "MB2": {"B": 1.0}},
        site={"MA": "A", "MB1": "B", "MB2": "B"},
        owner=dict.fromkeys(("MA", "MB1", "MB2"), "tenant"),
        model=dict.fromkeys(("MA", "MB1", "MB2"), "owner_pays"),
        participation=participation,
    )
    return d


def test_participation_raises_zone_cost_only_when_it_binds():
    bau = 10.0 * 1000.0
    # cut 150 t. Free: MB1 100 (-800) + MA 50 (+500) = -300. Fair: A may not lose, so MA = 0; B may take MB2
    # while MB1's gain covers it: MB1 100 (-800) + MB2 50 (+600) = -200 <= 0. The price of fairness is 100.
    free = solve_data(fairness_data(150.0, False), EXACT)
    fair = solve_data(fairness_data(150.0, True), EXACT)
    assert free.npv["total"] == pytest.approx(bau - 300.0, abs=1e-2)
    assert fair.npv["total"] == pytest.approx(bau - 200.0, abs=1e-2)
    assert fair.active_units("MA")[2026] == pytest.approx(0.0, abs=1e-6)
    saving = fair.tenancy.by_tenant.set_index("tenant")["saving"]
    assert saving["A"] >= -1e-6 and saving["B"] == pytest.approx(200.0, abs=1e-2)
    # cut 100 t: MB1 alone (-800) is best and leaves nobody worse off: the constraint does not bind
    free2 = solve_data(fairness_data(100.0, False), EXACT)
    fair2 = solve_data(fairness_data(100.0, True), EXACT)
    assert free2.npv["total"] == pytest.approx(bau - 800.0, abs=1e-2)
    assert fair2.npv["total"] == pytest.approx(free2.npv["total"], abs=1e-2)


# ---------------------------------------------------------------- bad input gets named messages


@pytest.mark.parametrize(
    ("terms", "path", "key"),
    [
        ({"measure": "nope"}, "parties.terms[0].measure", "tenants.unknown_measure"),
        ({"measure": "led_lighting", "owner": "landlord"}, "parties.terms[0].owner", "tenants.unknown_owner"),
        ({"measure": "led_lighting", "model": "lease"}, "parties.terms[0].model", "tenants.unknown_model"),
        (
            {"measure": "rooftop_pv", "owner": "operator", "model": "operator_sells", "price_per_unit": -5},
            "parties.terms[0].price_per_unit",
            "tenants.negative_price",
        ),
        (
            {"measure": "led_lighting", "allocation": {"T1": 0.5}},
            "parties.terms[0].allocation",
            "tenants.allocation_sum",
        ),
    ],
)
def test_bad_parties_input_is_named(terms, path, key):
    with pytest.raises(ScenarioError) as e:
        tiny_scenario(parties={"terms": [terms]})
    got = {(i.path, i.key) for i in e.value.issues}
    assert (path, key) in got
    ours = [i for i in e.value.issues if i.key and i.key.startswith("tenants.")]
    assert ours and all(i.message_in("zh") != i.message and "tenants." not in i.text("zh") for i in ours)


def test_measure_sited_at_unknown_tenant_or_facility_is_named():
    bad = {**GAS_FIX, "tenant": "T9", "facility": "F9"}
    with pytest.raises(ScenarioError) as e:
        tiny_scenario(measures={"catalogue": "none", "custom": [bad]})
    got = {(i.path, i.key) for i in e.value.issues}
    assert ("measures.custom[0].tenant", "unknown_tenant") in got
    assert ("measures.custom[0].facility", "unknown_facility") in got


# ---------------------------------------------------------------- the CLI contract


def test_solve_json_by_tenant_adds_up_to_emissions():
    out = subprocess.run(
        [sys.executable, "-m", "core", "solve", "data/demo/thai_auto/scenario.yaml", "--json", "--time-limit", "60"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    d = json.loads(out.stdout)
    rows = d["by_tenant"]
    assert {"tenant", "year", "bau_t", "plan_t", "capex", "cost", "saving"} <= set(rows[0])
    assert "zone" in {r["tenant"] for r in rows}
    for y, e in d["emissions_t"].items():
        got = sum(r["plan_t"] for r in rows if r["year"] == int(y))
        assert got == pytest.approx(e, rel=0.005)
    parties = {p["party"]: p for p in d["parties"]}
    assert "T07" in parties and {"npv", "payback_years", "irr"} <= set(parties["T07"])


# ---------------------------------------------------------------- the tenant sheet


@pytest.mark.parametrize(("ext", "lang"), [("html", "fr"), ("xlsx", "zh"), ("pdf", "th")])
def test_tenant_sheet(tmp_path, ext, lang):
    from core.demo import load_demo
    from core.reports.tenant_sheet import write_tenant_sheet

    s = load_demo("thai_auto")
    plan = solve(s)
    out = write_tenant_sheet(s, tmp_path / f"t07.{ext}", "T07", lang, plan)
    data = out.read_bytes()
    assert len(data) > 2000
    if ext == "html":
        text = data.decode()
        assert "Thai-China Fasteners" in text and "Flux de trésorerie" in text and "tenants." not in text
        bt = plan.tenancy.by_tenant.set_index(["tenant", "year"])
        from core.l10n import number

        assert number(bt.loc[("T07", s.horizon), "plan_t"], "fr", 0) in text  # the plan figure of the last year
    if ext == "pdf":
        assert data[:4] == b"%PDF"


def test_tenant_sheet_unknown_tenant_is_named(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "core", "report", "data/demo/thai_auto/scenario.yaml", "--tenant", "T99",
         "--out", str(tmp_path / "x.pdf")],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 2 and "--tenant" in out.stderr + out.stdout and "T99" in out.stderr + out.stdout


def test_tenant_mode_on_a_demo_adds_up():
    from core.demo import load_demo

    s0 = load_demo("egypt_materials")
    s = s0.model_copy(update={"parties": s0.parties.model_copy(update={"tenant_mode": True, "max_tenants": 3})})
    plan = solve(s)
    tn = plan.tenancy
    assert len(tn.key_tenants) == 3 and tn.key_tenants[0] == "T01"  # the EU exporters first (cement, steel ...)
    bt = tn.by_tenant
    em = bt.groupby("year")["plan_t"].sum()
    assert (em - plan.pathway["plan_gross_t"]).abs().max() < 1e-6 * plan.pathway["plan_gross_t"].max()
    assert (bt.groupby("year")["cost"].sum() - plan.costs["total"]).abs().max() < 1e-3
    for mid, w in tn.weights.items():  # an instance at a key tenant serves that tenant alone
        where = mid.partition("@")[2]
        if where and where != "rest":
            assert w == {where: 1.0}
        if where == "rest":
            assert not set(w) & {k for k in tn.key_tenants if f"{mid.partition('@')[0]}@{k}" in tn.weights}
