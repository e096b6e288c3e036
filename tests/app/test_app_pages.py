"""AppTest of every page the app owner ships: no exception, key widgets, language, edits, a full solve path."""

from dataclasses import replace

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from core.demo import load_demo
from core.loader import dump_scenario, load_scenario
from core.optimise import solve
from core.targets import apply_preset
from tests.helpers import FIXTURES, ROOT, goto, open_app
from ui.state import APP_SETTINGS

APP = str(ROOT / "app.py")
FIXTURE = FIXTURES / "app_scenario.yaml"
PAGES = ["overview", "baseline", "targets", "measures", "optimise"]


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    yield


def app(lang: str | None = None, scenario=None) -> AppTest:
    at = open_app(None, lang, scenario)
    assert not at.exception
    return at


def metric(at: AppTest, label_start: str) -> str:
    found = [m.value for m in at.metric if m.label.startswith(label_start)]
    assert found, [m.label for m in at.metric]
    return found[0]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_renders_on_the_default_demo_zone(lang):
    at = app(lang)
    titles = {}
    for page in PAGES:
        goto(at, page)
        titles[page] = at.title[0].value
    if lang == "zh":
        assert titles == {
            "overview": "园区概览",
            "baseline": "基准排放清单",
            "targets": "目标",
            "measures": "措施",
            "optimise": "优化与结果",
        }
    else:
        assert titles["baseline"] == "Baseline inventory"


def test_key_widgets_present():
    at = app("en")
    assert at.selectbox(key="overview_demo_en").options  # demo zones
    assert at.button(key="overview_open_demo")
    assert at.file_uploader(key="overview_upload")
    goto(at, "baseline")
    assert metric(at, "Total emissions") == "411,816"  # thai_auto base-year inventory, see core.inventory tests
    assert len(at.get("vega_lite_chart")) == 4
    assert at.data_editor  # tenants / facilities editors
    goto(at, "targets")
    assert at.selectbox(key="targets_preset_en")
    assert len(at.get("vega_lite_chart")) == 1
    goto(at, "measures")
    assert at.pills(key="measures_areas").value == ["energy", "resources", "pollution", "infrastructure", "ghg"]
    assert len(at.get("vega_lite_chart")) == 1  # MACC
    goto(at, "optimise")
    assert at.selectbox[0].value == "highs"
    # the background-job button needs the database (absent when the store cannot be opened)
    assert [b.label for b in at.button] in (["Run optimisation"], ["Run optimisation", "Solve as a background job"])
    assert at.info[0].value.startswith("No plan yet")


def test_language_switch_changes_labels_and_url():
    at = app("en", load_scenario(FIXTURE))
    assert at.query_params["lang"] == ["en"] or at.query_params["lang"] == "en"
    at.sidebar.selectbox(key="_w_lang").set_value("zh").run()
    assert at.title[0].value == "园区概览"
    assert at.session_state["lang"] == "zh"
    assert str(at.query_params["lang"]).strip("[]'") == "zh"
    assert metric(at, "基准年排放总量") == "34,393"  # fixture total, hand-checked in test_app_helpers' sources


def test_upload_bad_scenario_keeps_the_last_valid_one():
    s = load_scenario(FIXTURE)
    at = app("en", s)
    bad = dump_scenario(s).replace("base_year: 2025", "base_year: 2040")
    at.file_uploader(key="overview_upload").upload("bad.yaml", bad.encode(), "application/x-yaml").run()
    assert not at.exception
    assert "horizon: must be after base_year (2040), got 2035" in at.error[0].value
    assert at.session_state["scenario"] == s
    good = dump_scenario(s).replace("name: Fixture Zone", "name: Uploaded Zone")
    at.file_uploader(key="overview_upload").upload("good.yaml", good.encode(), "application/x-yaml").run()
    assert at.session_state["scenario"].zone.name == "Uploaded Zone"


def test_tenant_edit_with_error_shows_problem_next_to_row_and_keeps_scenario():
    s = load_scenario(FIXTURE)
    at = goto(app("en", s), "baseline")
    at.session_state["baseline_tenants_editor_0"] = {
        "edited_rows": {1: {"electricity_mwh": -10}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="FormSubmitter:baseline_tenants_form-Apply changes").click().run()
    assert not at.exception
    assert at.session_state["scenario"] == s  # nothing lost, nothing applied
    problems = at.data_editor[0].value["problem"].tolist()
    assert problems == ["", "electricity_mwh: must be >= 0", ""]
    assert "tenants row 2, electricity_mwh: must be >= 0" in at.error[0].value
    # said where the user is: above the tabs, and the Tenants tab opens by itself (not the first tab)
    assert any(w.value.startswith("Tenants: 1 problem(s)") for w in at.warning)


def test_tenant_upload_replaces_tenants():
    s = load_scenario(FIXTURE)
    at = goto(app("en", s), "baseline")
    csv = b"id,name,sector,output_musd,lat,lon,electricity_mwh\nT01,A,auto_parts,10,13.05,101.12,1000\nT02,B,rubber,5,13.06,101.13,500\nT03,C,electronics,1,13.04,101.11,3000\n"
    at.file_uploader(key="baseline_table_upload").upload("tenants.csv", csv, "text/csv").run()
    assert not at.exception
    new = at.session_state["scenario"]
    assert [t.energy.electricity_mwh for t in new.tenants] == [1000, 500, 3000]
    assert new.facilities == s.facilities


def test_full_path_target_then_optimise(monkeypatch):
    calls = []
    import ui.cache

    real = ui.cache.solve
    monkeypatch.setattr(ui.cache, "solve", lambda s, st=None: calls.append(1) or real(s, st))
    at = app("en")
    at.selectbox(key="overview_demo_en").set_value("thai_auto")
    at.button(key="overview_open_demo").click().run()
    goto(at, "targets")
    at.selectbox(key="targets_preset_en").set_value("sbti_1_5c")
    at.button(key="targets_apply_preset").click().run()
    s = at.session_state["scenario"]
    assert s.targets.preset == "sbti_1_5c"
    goto(at, "optimise")
    at.button[0].click().run()
    assert not at.exception
    # the same scenario solved directly gives the numbers the page shows
    expected = solve(
        load_demo("thai_auto").model_copy(update={"targets": apply_preset(load_demo("thai_auto"), "sbti_1_5c")}),
        replace(APP_SETTINGS, time_limit_s=30.0),  # the app's own settings: hour by hour
    )
    p = expected.pathway
    assert metric(at, "Emissions 2050") == f"{p.loc[2050, 'plan_gross_t']:,.0f}"
    met = int(expected.targets["met"].sum())
    assert metric(at, "Annual targets met") == f"{met} / {len(expected.targets)}"
    assert metric(at, "Plan cost, NPV") == f"{expected.npv['total'] / 1e6:,.1f}"
    if expected.status == "optimal":
        assert at.success[-1].value.startswith("Optimal plan")
    else:  # the SBTi path is out of reach in some years: said in words, year by year
        assert expected.status == "infeasible_targets"
        first = expected.shortfall.iloc[0]
        assert at.warning[0].value.startswith("Not every target can be met")
        assert f"{int(first.year)}: Emissions target {first.target:,.0f} tCO2e" in at.warning[0].value
    # pathway, wedges, capex, costs, carbon price, power day + by sector, who pays, one tenant's emissions and cash
    assert len(at.get("vega_lite_chart")) == 6 + 4
    # inputs unchanged: a second run and a page revisit do not solve again
    at.button[0].click().run()
    goto(at, "overview")
    goto(at, "optimise")
    assert len(calls) == 1
    assert not [w for w in at.warning if w.value.startswith("The inputs changed")]  # plan is current
    # change the targets: the plan is kept but marked as out of date
    goto(at, "targets")
    at.selectbox(key="targets_preset_en").set_value("china_aligned")
    at.button(key="targets_apply_preset").click().run()
    goto(at, "optimise")
    assert at.warning[0].value.startswith("The inputs changed")  # shown above the old results
    assert metric(at, "Annual targets met") == f"{met} / {len(expected.targets)}"


def test_solver_failure_keeps_previous_results(monkeypatch):
    import ui.cache

    at = goto(app("en", load_scenario(FIXTURE)), "optimise")
    at.button[0].click().run()
    before = metric(at, "Emissions 2035")

    def boom(s, st=None):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(ui.cache, "solve", boom)
    at.number_input[0].set_value(10.0)  # new settings -> not cached -> solve is called
    at.button[0].click().run()
    assert not at.exception
    assert metric(at, "Emissions 2035") == before
    assert any("RuntimeError" in s.label for s in at.status)


def test_infeasible_targets_explained_in_words():
    at = goto(app("zh"), "overview")
    at.selectbox(key="overview_demo_zh").set_value("nigeria_selfgen")
    at.button(key="overview_open_demo").click().run()
    goto(at, "optimise")
    at.button[0].click().run()
    assert not at.exception
    text = at.warning[0].value
    assert text.startswith("现有措施无法满足全部目标")
    assert "差距" in text


def test_add_custom_measure_and_milestone_edit():
    s = load_scenario(FIXTURE)
    at = goto(app("en", s), "measures")
    at.text_input[0].set_value("heat_link_t01_t02")
    at.text_input[1].set_value("Waste heat T01 -> T02")
    at.text_input[4].set_value("natural_gas_gj=-12000; electricity_mwh=150")
    at.button(key="FormSubmitter:measures_custom_form-Add measure").click().run()
    assert not at.exception
    custom = at.session_state["scenario"].measures.custom
    assert [m.id for m in custom] == ["heat_link_t01_t02"]
    assert custom[0].effects.natural_gas_gj == -12000
    assert at.success[0].value == "Measure heat_link_t01_t02 added."
    # a bad effects key is reported, nothing added
    at.text_input[0].set_value("second")
    at.text_input[4].set_value("unobtainium_t=-1")
    at.button(key="FormSubmitter:measures_custom_form-Add measure").click().run()
    assert "measures.custom[1].effects.unobtainium_t: unknown" in at.error[0].value
    assert len(at.session_state["scenario"].measures.custom) == 1

    goto(at, "targets")
    key = f"targets_editor_{at.session_state['scenario_hash']}_0"
    at.session_state[key] = {"edited_rows": {0: {"year": 2020}}, "added_rows": [], "deleted_rows": []}
    at.button(key="FormSubmitter:targets_form-Apply changes").click().run()
    assert not at.exception
    assert at.session_state["scenario"].targets.milestones[0].year == 2030  # kept
    assert "targets.milestones row 1, year: must be after base_year 2025" in at.error[0].value


def test_sessions_do_not_share_state():
    one = goto(app("en", load_scenario(FIXTURE)), "optimise")
    two = goto(app("zh"), "optimise")
    one.button[0].click().run()
    assert metric(one, "Emissions 2035")  # fixture horizon
    two.run()
    assert two.info[0].value.startswith("尚无方案")  # the other session has no plan
    assert two.session_state["scenario"].zone.name.startswith("Rayong")
    assert one.session_state["lang"] == "en" and two.session_state["lang"] == "zh"


def test_warm_started_resolve_matches_a_cold_solve():
    at = goto(app("en", load_scenario(FIXTURE)), "optimise")
    at.button[0].click().run()
    at.number_input[2].set_value(50000.0)  # a tight yearly budget: a different plan, solved from the last one
    at.button[0].click().run()
    assert not at.exception
    s = at.session_state["scenario"]
    assert s.budget.capex_per_year == 50000.0
    cold = solve(s, replace(APP_SETTINGS, time_limit_s=30.0))
    assert metric(at, "Emissions 2035") == f"{cold.pathway.loc[2035, 'plan_gross_t']:,.0f}"
    assert metric(at, "Total investment") == f"{float(cold.capex.sum()) / 1e6:,.1f}"


def test_results_link_opens_the_same_zone_and_plan():
    """A results link (`/optimise?demo=...` for a demo zone, `?sid=` for a saved one) opened in a fresh session
    shows that zone with its plan, solved from the same inputs."""
    first = open_app("optimise", "en", query={"demo": "egypt_materials", "plan": "1"})
    assert not first.exception, first.exception
    s = first.session_state["scenario"]
    assert s.zone.country == "EGY"
    assert first.session_state["plan"].ok
    assert first.query_params["demo"] == ["egypt_materials"] or first.query_params["demo"] == "egypt_materials"
    expected = first.session_state["plan"].npv["total"]
    again = open_app("optimise", "en", query={"demo": "egypt_materials", "plan": "1"})
    assert again.session_state["plan"].npv["total"] == expected


def test_what_the_plan_assumes():
    at = goto(app("en", load_scenario(FIXTURE)), "optimise")
    at.button[0].click().run()
    at.button(key="optimise_assumptions_run").click().run()
    assert not at.exception, at.exception
    table = next(d.value for d in at.dataframe if "Assumption" in d.value.columns)
    assert "Source" in table.columns and len(table) >= 4
    assert set(table["Status of the numbers"]) <= {
        "verified (primary text)", "secondary source", "unverified", "our assumption", "the zone's own"
    }  # fmt: skip
