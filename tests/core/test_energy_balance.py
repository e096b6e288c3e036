"""Issue 13: the energy balance (Sankey flows) adds up: by hand for a small zone, and per carrier for a plan."""

import pytest

from core.demo import load_demo
from core.energy_balance import base_year_flows, plan_year_flows
from core.optimise import solve
from tests.helpers import tenant, tiny_scenario


def _flow(df, a, b):
    r = df[(df.source == a) & (df.target == b)]
    return float(r.tj.sum())


def test_base_year_flows_by_hand():
    s = tiny_scenario(
        tenants=[
            tenant(
                energy={"electricity_mwh": 100, "natural_gas_gj": 1000},
                onsite_renewable_mwh=20,
                end_uses={"electricity": {"motors": 0.6, "lighting": 0.4}, "natural_gas": {"steam": 0.7}},
            )
        ]
    )
    f = base_year_flows(s)
    assert _flow(f, "supply:grid", "carrier:electricity") == pytest.approx(0.36)  # 100 MWh x 3.6 GJ
    assert _flow(f, "supply:onsite", "carrier:electricity") == pytest.approx(0.072)
    assert _flow(f, "carrier:electricity", "use:motors") == pytest.approx(0.216)  # 0.6 of grid purchase
    assert _flow(f, "carrier:electricity", "use:lighting") == pytest.approx(0.144)
    assert _flow(f, "carrier:electricity", "use:other") == pytest.approx(0.072)  # on-site power not split
    assert _flow(f, "carrier:natural_gas", "use:steam") == pytest.approx(0.7)
    assert _flow(f, "carrier:natural_gas", "use:other") == pytest.approx(0.3)


def test_plan_year_flows_add_up_to_the_plan_energy():
    s = load_demo("thai_auto")
    p = solve(s)
    y = p.years[-1]
    f = plan_year_flows(s, p, y)
    e = p.energy[p.energy.year == y].set_index("carrier")["plan"]
    for c, q in e.items():
        if c in ("electricity", "onsite_renewable") or q <= 0:
            continue
        out = f[f.source == f"carrier:{c}"].tj.sum()
        assert out == pytest.approx(q / 1000, rel=1e-6), c  # GJ -> TJ, every GJ goes somewhere
    elec = e["electricity"] + e["onsite_renewable"]
    assert f[f.source == "carrier:electricity"].tj.sum() == pytest.approx(elec * 3.6 / 1000, rel=1e-6)
    # the biomass a fuel switch brings in serves steam (1.085 t per kWth at 15.6 GJ/t in the catalogue)
    kw = float(p.units[(p.units.measure == "biomass_boiler") & (p.units.year == y)].active.iloc[0])
    assert kw > 0 and _flow(f, "carrier:biomass", "use:steam") == pytest.approx(e["biomass"] / 1000, rel=1e-6)
    assert (f.tj > 0).all()
    assert plan_year_flows(s, p, 1999).empty


def test_every_end_use_has_a_name_in_every_language():
    from core.i18n import LANGS, catalogue
    from core.tables import read_table

    uses = {r["end_use"] for r in read_table("end_use_shares.csv")} | {"other"}
    for lang in LANGS:
        assert {u for u in uses if f"measures.use_{u}" not in catalogue(lang)} == set(), lang
