"""Evaluation: monitoring status logic, actuals import, re-plan, indicators, self-assessment."""

import pandas as pd
import pytest

from core import evaluation as ev
from core.errors import ScenarioError
from core.schema import ImprovementAction, Scenario
from tests.helpers import FIXTURES, tiny_scenario

FIX = FIXTURES / "actuals"


def _scenario(**over) -> Scenario:
    data = {
        "assumptions": {"grid_factor_t_per_mwh": {2025: 0.5}},
        "tenants": [
            {
                "id": "T1",
                "name": "One",
                "sector": "auto_parts",
                "output_musd": 10,
                "location": [13, 101],
                "energy": {"electricity_mwh": 1600},
                "waste_t": 100,
                "waste_recycled_t": 40,
                "water_m3": 1000,
            },
            {
                "id": "T2",
                "name": "Two",
                "sector": "auto_parts",
                "output_musd": 5,
                "location": [13, 101],
                "energy": {"electricity_mwh": 400},
            },
        ],
        # base emissions = 2000 MWh x 0.5 = 1000 t; -50 % by 2030, linear -> 900 (2026), 800 (2027) ... 500
        "targets": {"milestones": [{"metric": "emissions", "year": 2030, "change_vs_base": -0.5}]},
    }
    data.update(over)
    return tiny_scenario(**data)


def _with_fixture() -> Scenario:
    s = _scenario()
    return ev.with_actuals(s, ev.read_actuals((FIX / "small_two_years.csv").read_bytes(), "a.csv", s))


@pytest.mark.parametrize(
    ("actual", "ref", "direction", "expected"),
    [
        (100.0, 100.0, "down", "on_track"),  # exactly on target
        (105.0, 100.0, "down", "at_risk"),  # 5 % above: still at risk
        (105.1, 100.0, "down", "off_track"),
        (0.30, 0.30, "up", "on_track"),
        (0.285, 0.30, "up", "at_risk"),  # 0.30 x 0.95 = 0.285
        (0.284, 0.30, "up", "off_track"),
        (None, 1.0, "up", "no_data"),
        (1.0, None, "down", "no_target"),
    ],
)
def test_status_thresholds(actual, ref, direction, expected):
    assert ev.status(actual, ref, direction) == expected


def test_monitoring_two_years_against_targets():
    s = _with_fixture()
    assert [a.year for a in s.evaluation.actuals] == [2026, 2027]
    m = ev.monitoring_table(s).set_index(["metric", "year"])
    # 2026: (1500 + 300) MWh x 0.5 = 900 t vs target 900 -> on track
    assert m.loc[("emissions", 2026), "actual"] == pytest.approx(900)
    assert m.loc[("emissions", 2026), "target"] == pytest.approx(900)
    assert m.loc[("emissions", 2026), "status"] == "on_track"
    # 2027: (1400 + 260) x 0.5 = 830 t vs 800 (830 <= 840 = 800 x 1.05) -> at risk, gap +30
    assert m.loc[("emissions", 2027), "actual"] == pytest.approx(830)
    assert m.loc[("emissions", 2027), "status"] == "at_risk"
    assert m.loc[("emissions", 2027), "gap"] == pytest.approx(30)
    # a metric without a target
    assert m.loc[("water_reuse_rate", 2027), "status"] == "no_target"
    assert ev.off_track_findings(ev.monitoring_table(s)) == [("emissions", 2027, "at_risk")]


def test_actuals_table_errors_name_row_and_column():
    s = _scenario()
    with pytest.raises(ScenarioError) as e:
        ev.read_actuals((FIX / "bad_rows.csv").read_bytes(), "bad.csv", s)
    msgs = [str(i) for i in e.value.issues]
    assert any(m.startswith("row 1.electricity_mwh: must be a finite number >= 0") for m in msgs)
    assert any(m.startswith("row 2.tenant: unknown tenant 'XX'") for m in msgs)
    assert any(m.startswith("row 2.output_musd: must be a number") for m in msgs)
    assert any(m.startswith("row 3.year: must be within 2026-2030") for m in msgs)
    assert any(m.startswith("row 4.tenant: tenant 'T1' given twice for 2026") for m in msgs)
    with pytest.raises(ScenarioError) as e:
        ev.actuals_from_frame(pd.DataFrame({"year": [2026], "tenant": ["T1"], "coal_kg": [1]}), s)
    assert "unknown column" in str(e.value)


def test_template_roundtrip_through_excel():
    s = _scenario()
    tpl = ev.actuals_template(s)
    assert list(tpl["tenant"]) == ["T1", "T2"] and set(tpl["year"]) == {2026}
    assert tpl.loc[0, "electricity_mwh"] == 1600  # prefilled with the baseline
    import io

    buf = io.BytesIO()
    tpl.to_excel(buf, index=False)
    years = ev.read_actuals(buf.getvalue(), "t.xlsx", s)
    assert years[0].year == 2026 and years[0].tenants[0].energy.quantities() == {"electricity_mwh": 1600}


def test_replan_from_latest_actual_keeps_absolute_targets():
    s = _with_fixture()
    r = ev.replan_from_actuals(s)
    assert r.base_year == 2027 and r.horizon == 2030
    assert r.tenants[0].energy.quantities() == {"electricity_mwh": 1400}
    assert r.tenants[0].waste_recycled_t == 60
    # -50 % vs the ORIGINAL base (1000 t) -> absolute 500 t in 2030
    (m,) = r.targets.milestones
    assert m.value == pytest.approx(500) and m.change_vs_base is None
    assert r.evaluation.actuals == []  # 2026 and 2027 are history now
    t = ev.annual_target_table(r).set_index("year")["target"]
    # new base 830 t (2027) -> 500 t (2030): 830 - 110 = 720 (2028), 610 (2029)
    assert t[2028] == pytest.approx(720) and t[2029] == pytest.approx(610)
    with pytest.raises(ScenarioError):
        ev.replan_from_actuals(_scenario())


def test_self_assessment_scores_and_actions():
    chapters = ev.load_checklist()
    assert [c.number for c in chapters] == [4, 5, 6, 7, 8, 9, 10]
    assert all(i.text_zh and i.text_en and i.action_zh for c in chapters for i in c.items)
    # chapter 4 has 4 items: 2 + 1 + 0 + 0 = 3 of 8 points
    sc = ev.score_self_assessment({"c4_host_law": 2, "c4_fit_stage": 1}).set_index("chapter")
    assert sc.loc["c4", "points"] == 3 and sc.loc["c4", "max_points"] == 8
    assert sc.loc["c4", "score"] == pytest.approx(0.375)
    assert sc.loc["c5", "score"] == 0
    s = ev.with_self_assessment(_scenario(), {"c4_host_law": 2, "c4_fit_stage": 1})
    acts = ev.suggested_actions(s)
    assert "c4_host_law" not in {a.item for a in acts} and "c4_fit_stage" in {a.item for a in acts}
    s2 = ev.add_actions(s, [ImprovementAction(item="c4_fit_stage", action="x", owner="EHS", due="2026-06-30")])
    assert [a.item for a in s2.evaluation.actions] == ["c4_fit_stage"]
    assert "c4_fit_stage" not in {a.item for a in ev.suggested_actions(s2)}
    with pytest.raises(ScenarioError) as e:
        ev.with_actions(s, [{"item": "c4", "action": "y", "due": "30/06/2026"}])
    assert "evaluation.actions[0].due" in str(e.value)
    with pytest.raises(ScenarioError):
        ev.with_self_assessment(s, {"nope": 2})


def test_indicators_base_values_hand_computed():
    s = _scenario()
    v = ev.indicator_values_base(s)
    # only grid electricity: 2000 MWh x 3.6 = 7200 GJ = 245.67 tce; 1000 t / 245.67 = 4.0705 t/tce
    assert v["t_co2_per_tce"] == pytest.approx(1000 / (7200 / 29.3076))
    assert v["clean_energy_share"] == 0 and v["electrification"] == pytest.approx(1.0)
    assert v["waste_recycling_rate"] == pytest.approx(0.4)
    tab = ev.indicator_table(s)
    row = tab.set_index("id").loc["cn_solid_waste"]
    assert row.threshold == 0.8 and not row.met_base and row.year_met is None
    assert tab["source"].str.len().gt(0).all()


def test_workbook_has_every_sheet():
    import io

    s = _with_fixture()
    raw = ev.evaluation_workbook(s)
    sheets = pd.read_excel(io.BytesIO(raw), sheet_name=None)
    assert {"monitoring", "indicators", "self_assessment", "actions", "actuals"} <= set(sheets)
    assert len(sheets["monitoring"]) == 16  # 2 years x 8 metrics


def test_status_against_the_plan_and_indicator_year_met():
    from core.results import Plan

    s = _with_fixture()
    years = s.plan_years
    pathway = pd.DataFrame(
        {"bau_t": 1000.0, "plan_gross_t": [950.0, 780.0, 700, 600, 500], "output_musd": 15.0}, index=years
    )
    # 2026: grid 1000 MWh + on-site renewable 1000 MWh, 500 t; 2027 on: all on-site renewable, 0 t
    energy = pd.DataFrame(
        [(y, c, "MWh", 2000.0, q) for y in years for c, q in (("electricity", 1000.0 if y == 2026 else 0.0),)]
        + [(y, "onsite_renewable", "MWh", 0.0, 1000.0 if y == 2026 else 2000.0) for y in years],
        columns=["year", "carrier", "unit", "bau", "plan"],
    )
    src = pd.DataFrame(
        [(y, "electricity", 1000.0, 500.0 if y == 2026 else 0.0) for y in years],
        columns=["year", "source", "bau_t", "plan_t"],
    )
    plan = Plan(status="optimal", message="", years=years, pathway=pathway, energy=energy, emissions_by_source=src)
    m = ev.monitoring_table(s, plan).set_index(["metric", "year"])
    # actual 900 t vs plan 950 -> on track; actual 830 vs plan 780 (x 1.05 = 819) -> off track
    assert m.loc[("emissions", 2026), "status_plan"] == "on_track"
    assert m.loc[("emissions", 2027), "status_plan"] == "off_track"
    # 2026: 500 t / (2000 MWh x 3.6 / 29.3076 = 245.67 tce) = 2.035 t/tce; 2027: 0 -> meets <= 0.2 in 2027
    path = ev.indicator_path(s, plan).set_index(["metric", "year"])["value"]
    assert path[("t_co2_per_tce", 2026)] == pytest.approx(500 / (7200 / 29.3076))
    assert path[("clean_energy_share", 2026)] == pytest.approx(0.5)
    tab = ev.indicator_table(s, plan).set_index("id")
    assert tab.loc["cn_co2_per_tce_small", "year_met"] == 2027
    assert tab.loc["cn_clean_energy", "year_met"] == 2027
    assert tab.loc["hn_clean_energy_2027", "in_time"]  # staged 60 % by 2027, met in 2027
    assert pd.isna(tab.loc["cn_solid_waste", "year_met"])  # held at 40-60 % < 80 %


def test_replan_rebases_an_activity_path():
    s = _with_fixture()
    s = Scenario.model_validate(
        {
            **s.model_dump(exclude_defaults=True),
            "assumptions": {"grid_factor_t_per_mwh": {2025: 0.5}, "activity": {"path": {2030: 2.0}}},
        }
    )
    r = ev.replan_from_actuals(s)
    # path 1.0 (2025) -> 2.0 (2030) is 1.4 in 2027; re-indexed: 2027 = 1.0, 2030 = 2.0 / 1.4
    assert r.assumptions.activity.path[2027] == 1.0
    assert r.assumptions.activity.path[2030] == pytest.approx(2.0 / 1.4)


def test_actuals_in_the_baseline_format():
    s = _scenario()
    # a scenario file of 2026 (same format as the baseline): names, sectors, locations are ignored
    later = s.model_dump(mode="json", exclude_defaults=True)
    later["base_year"], later["horizon"] = 2026, 2040
    later["tenants"][0]["energy"] = {"electricity_mwh": 1500}
    import yaml

    (a,) = ev.read_actuals(yaml.safe_dump(later).encode(), "zone_2026.yaml", s)
    assert a.year == 2026 and a.tenants[0].energy.quantities() == {"electricity_mwh": 1500}
    raw = b'{"year": 2027, "tenants": [{"id": "T1", "energy": {"electricity_mwh": -1}}, {"id": "ZZ"}]}'
    with pytest.raises(ScenarioError) as e:
        ev.read_actuals(raw, "a.json", s)
    msgs = [str(i) for i in e.value.issues]
    assert any(m.startswith("tenants[0].energy.electricity_mwh:") for m in msgs)
