"""The app's pure helpers: tables <-> scenario, row-named issues, measure/target edits, plan display tables."""

import pandas as pd
import pytest

from core.errors import Issue
from core.loader import load_scenario
from core.results import Plan
from tests.helpers import FIXTURES
from ui.measures_view import measure_changes, measures_frame, parse_effects
from ui.plan_view import chosen_measures, shortfall_sentences, top_n, wedges_by_measure
from ui.scenario_io import revalidated
from ui.tables import (
    apply_tables,
    facilities_frame,
    read_table,
    row_issues,
    template_csv,
    tenants_frame,
    upload_issue_text,
    with_problems,
)
from ui.targets_view import milestones_data, milestones_frame, override_changes

FIXTURE = FIXTURES / "app_scenario.yaml"


@pytest.fixture(scope="module")
def s():
    return load_scenario(FIXTURE)


# ---------------------------------------------------------------- tenants / facilities tables


def test_tables_round_trip_unchanged(s):
    new, issues = apply_tables(s, tenants_frame(s), facilities_frame(s))
    assert issues == []
    assert new == s


def test_tenant_edit_keeps_hidden_fields_and_applies_values(s):
    df = tenants_frame(s)
    df.loc[1, "diesel_t"] = 5.0  # T02 had no diesel
    df.loc[0, "name_zh"] = None  # cleared -> removed, not kept from the old tenant
    new, issues = apply_tables(s, df)
    assert issues == []
    assert new.tenants[1].energy.diesel_t == 5.0
    assert new.tenants[1].energy.natural_gas_gj == 30000.0
    assert new.tenants[0].name_zh is None
    assert new.tenants[0].waste_recycled_t == 400.0


def test_bad_cells_name_row_and_column(s):
    df = tenants_frame(s)
    df.loc[1, "diesel_t"] = -5.0
    df.loc[2, "lat"] = None
    new, issues = apply_tables(s, df)
    assert new is None
    assert [str(i) for i in issues] == [
        "tenants row 2, diesel_t: must be >= 0",
        "tenants row 3, lat: must be a number (got None)",
    ]
    shown = with_problems(df, issues, "tenants")
    assert list(shown["problem"]) == ["", "diesel_t: must be >= 0", "lat: must be a number (got None)"]


def test_facility_pointing_to_unknown_tenant(s):
    df = facilities_frame(s)
    df.loc[2, "tenant"] = "T99"
    new, issues = apply_tables(s, facilities=df)
    assert new is None
    assert [str(i) for i in issues] == ["facilities row 3, tenant: unknown tenant 'T99'"]


def test_row_issues_maps_paths():
    got = row_issues(
        [Issue("tenants[3].energy.diesel_t", "x"), Issue("horizon", "y"), Issue("targets.milestones[1].year", "z")]
    )
    assert [(i.table, i.row, i.column) for i in got] == [
        ("tenants", 3, "diesel_t"),
        ("", None, "horizon"),
        ("targets.milestones", 1, "year"),
    ]


def test_template_uploads_and_bad_upload_names_spreadsheet_rows(s):
    df = read_table(template_csv(), "tenants.csv")
    new, issues = apply_tables(s, tenants=df.assign(id=["T01"]))
    # one tenant T01 left: facilities of T02 and T03 now point nowhere
    assert [str(i) for i in issues] == [
        "facilities row 2, tenant: unknown tenant 'T03'",
        "facilities row 3, tenant: unknown tenant 'T02'",
    ]
    raw = b"id,name,sector,output_musd,lat,lon,electricity_mwh\nT01,A,auto,abc,13,101,5\nT02,,auto,1,13,101,-1\n"
    _, issues = apply_tables(s, tenants=read_table(raw, "t.csv"))
    # header is spreadsheet row 1, so table row 0 is row 2
    assert [upload_issue_text(i) for i in issues] == [
        "row 2, column output_musd: must be a number (got 'abc')",
        "row 3, column name: required field missing",
        "row 3, column electricity_mwh: must be >= 0",
    ]


def test_upload_rejects_unknown_and_missing_columns():
    from core.errors import ScenarioError

    with pytest.raises(ScenarioError) as e:
        read_table(b"id,name,colour\nT1,A,red\n", "t.csv")
    msgs = [str(i) for i in e.value.issues]
    assert "column 'colour': unknown column; see the template" in msgs
    assert "column 'sector': required column missing" in msgs
    with pytest.raises(ScenarioError):
        read_table(b"x", "t.txt")


def test_revalidated_never_touches_the_original(s):
    new, issues = revalidated(s, {"budget.capex_per_year": 1e6})
    assert issues == [] and new.budget.capex_per_year == 1e6 and s.budget.capex_per_year is None
    bad, issues = revalidated(s, {"horizon": 2020})
    assert bad is None and [str(i) for i in issues] == ["horizon: must be after base_year (2025), got 2020"]


# ---------------------------------------------------------------- measures and targets edits


def test_measure_edits_become_overrides_disabled_and_custom(s):
    from core.catalogue import resolve_measures

    every = resolve_measures(s)
    shown = measures_frame(every, s, "en").head(3)
    edited = shown.copy()
    edited.loc[0, "enabled"] = False
    edited.loc[1, "capex_per_unit"] = 123.0
    ch = measure_changes(s, shown, edited)
    assert ch["measures.disabled"] == [shown.loc[0, "id"]]
    assert ch["measures.overrides"] == [{"id": shown.loc[1, "id"], "capex_per_unit": 123.0}]
    new, issues = revalidated(s, ch)
    assert issues == []
    got = {m.id: m for m in resolve_measures(new)}
    assert shown.loc[0, "id"] not in got
    assert got[shown.loc[1, "id"]].capex_per_unit == 123.0


def test_parse_effects():
    assert parse_effects("natural_gas_gj=-12000; electricity_mwh=150") == {
        "natural_gas_gj": -12000.0,
        "electricity_mwh": 150.0,
    }
    with pytest.raises(ValueError, match="not a number"):
        parse_effects("a=b")


def test_milestones_percent_round_trip(s):
    df = milestones_frame(s)
    assert df.loc[0, "change_pct"] == pytest.approx(-20.0)  # -0.2 shown as -20 %
    assert milestones_data(df) == [{"metric": "emissions", "year": 2030, "basis": "gross", "change_vs_base": -0.2}]


def test_annual_edit_becomes_override(s):
    shown = pd.DataFrame({"year": [2026, 2027], "target": [100.0, 90.0]})
    edited = shown.assign(target=[100.0, 80.0])
    assert override_changes(s, shown, edited, "emissions") == {"targets.overrides": {"emissions": {2027: 80.0}}}


# ---------------------------------------------------------------- plan display tables


def _plan(short=(0.0, 0.0)):
    years = [2026, 2027]
    units = pd.DataFrame(
        [
            {"measure": "pv", "year": 2026, "built": 10.0, "active": 10.0},
            {"measure": "pv", "year": 2027, "built": 5.0, "active": 15.0},
        ]
    )
    measures = pd.DataFrame(
        [{"id": "pv", "name_en": "PV", "name_zh": "光伏", "area": "energy", "unit": "kWp", "capex_per_unit": 700.0}]
    )
    targets = pd.DataFrame(
        {
            "metric": "emissions",
            "basis": "gross",
            "year": years,
            "target": [1000.0, 800.0],
            "achieved": [1000.0 + short[0], 800.0 + short[1]],
            "short_by": list(short),
            "met": [x == 0 for x in short],
        }
    )
    macc_plan = pd.DataFrame(
        [
            {
                "measure": "pv",
                "name_en": "PV",
                "name_zh": "光伏",
                "area": "energy",
                "cost_per_t": 5.0,
                "abatement_t": 50.0,
            }
        ]
    )
    return Plan(
        status="optimal", message="", years=years, units=units, measures=measures, targets=targets, macc_plan=macc_plan
    )


def test_chosen_measures_hand_computed():
    cm = chosen_measures(_plan(), "zh")
    # 10 + 5 units built, first in 2026; capex 15 x 700 = 10,500; 15 active in the last year
    assert cm.to_dict("records") == [
        {
            "measure": "光伏",
            "area": "能源结构与节能",
            "unit": "千瓦峰值",  # the unit in Chinese too
            "built": 15.0,
            "first_year": 2026,
            "capex": 10500.0,
            "active_last": 15.0,
        }
    ]


def test_wedges_are_the_plans_attributed_abatement():
    from dataclasses import replace

    ab = pd.DataFrame({"measure": ["pv", "pv"], "year": [2026, 2027], "abated_t": [20.0, 15.0]})
    got = wedges_by_measure(replace(_plan(), abatement=ab), "en")
    assert list(got["abated_t"]) == [20.0, 15.0] and list(got["measure"]) == ["PV", "PV"]
    assert wedges_by_measure(_plan(), "en").empty  # no attribution, no wedge


def test_shortfall_in_words():
    got = shortfall_sentences(_plan(short=(0.0, 40.0)), "en")
    assert got == ["2027: Emissions target 800 tCO2e; the best plan reaches 840 tCO2e, short by 40 tCO2e (5.0 %)."]
    assert shortfall_sentences(_plan(short=(0.0, 40.0)), "zh")[0].startswith("2027 年：排放量目标 800 tCO2e")


def test_top_n_groups_the_rest():
    df = pd.DataFrame({"year": [1] * 5, "m": list("abcde"), "v": [5.0, 4.0, 3.0, 2.0, 1.0]})
    got = top_n(df, "m", "v", "other", n=2)
    assert dict(zip(got["m"], got["v"], strict=True)) == {"a": 5.0, "b": 4.0, "other": 6.0}


def test_chart_specs_are_valid_vega_lite():
    """Specs are built with validate=False for speed; check them against the schema here."""
    import altair as alt

    from ui.results_view import build

    specs = {k: v for k, v in build(_plan(short=(0.0, 40.0)), "zh", "USD").items() if isinstance(v, dict)}
    assert set(specs) == {"pathway", "wedges", "capex", "costs", "carbon_price"}
    for spec in specs.values():
        (alt.LayerChart if "layer" in spec else alt.Chart).from_dict(spec)  # raises on an invalid spec


def test_excel_download_has_every_plan_table():
    import io

    from ui.plan_view import export_tables
    from ui.widgets import excel_bytes

    book = pd.read_excel(io.BytesIO(excel_bytes(export_tables(_plan()))), sheet_name=None)
    assert {"pathway", "targets", "units", "costs", "capex", "carbon_price", "measures", "solver"} <= set(book)
    assert book["units"]["built"].tolist() == [10.0, 5.0]
    assert book["solver"]["status"].tolist() == ["optimal"]


def test_excel_tenants_table_upload(s):
    import io

    buf = io.BytesIO()
    tenants_frame(s).assign(output_musd=[1.0, 2.0, 3.0]).to_excel(buf, index=False)
    new, issues = apply_tables(s, tenants=read_table(buf.getvalue(), "tenants.xlsx"))
    assert issues == []
    assert [t.output_musd for t in new.tenants] == [1.0, 2.0, 3.0]
