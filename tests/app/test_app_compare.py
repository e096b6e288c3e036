"""AppTest of the store pages: save three variants of a demo zone, compare them through a shared link,
run a sweep, make the reports; both languages; the conflict message in the page."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core.demo import load_demo
from core.overrides import scenario_data
from core.store import Store
from tests.helpers import open_app


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("LCZP_DB", str(tmp_path / "app.sqlite"))
    return Store(f"sqlite:///{tmp_path / 'app.sqlite'}")


def _app(page: str, lang: str = "en", query: dict | None = None, scenario=None) -> AppTest:
    s = scenario if scenario is not None else load_demo("thai_auto")
    at = open_app(page.removeprefix("pages/").removesuffix(".py"), lang, s, query=query)
    assert not at.exception, at.exception
    return at


def _three_variants(store: Store) -> list[int]:
    base = load_demo("thai_auto")
    b = store.create("Thai base", base)
    data = scenario_data(base)
    data["assumptions"]["discount_rate"] = 0.04
    low = store.create("Low discount", data, base_id=b.id)
    data = scenario_data(base)
    data["assumptions"]["carbon_price_per_t"] = {"2025": 0, "2050": 200}
    high = store.create("High carbon price", data, base_id=b.id)
    return [b.id, low.id, high.id]


def test_scenarios_page_saves_and_opens(db):
    at = _app("pages/scenarios.py")
    assert at.title[0].value == "Saved scenarios"
    at.text_input[0].set_value("My zone")
    at.button(key="scenarios_save_new_button").click().run()
    assert not at.exception, at.exception
    recs = db.records()
    assert [r.name for r in recs] == ["My zone"]
    assert any("Saved as My zone" in s.value for s in at.success)
    assert "sid=" in at.code[0].value  # share link appears once the scenario is in the store
    assert at.query_params["sid"] in (recs[0].sid, [recs[0].sid])  # the address bar is a link (the random id)
    # somebody else saves the same scenario meanwhile: our save is refused with the conflict message
    db.save(recs[0].id, db.data(recs[0].id), expected_version=1)
    at.button(key="scenarios_save").click().run()
    assert not at.exception, at.exception
    assert any("somebody else saved" in e.value for e in at.error)
    assert db.get(recs[0].id).version == 2
    # opening another zone (a demo) ends the link to the saved scenario
    at.session_state["scenario_label"] = "egypt_materials"
    at.run()
    assert not any("Opened from the store" in c.value for c in at.caption)
    assert "sid" not in at.query_params


def test_scenarios_page_chinese(db):
    ids = _three_variants(db)
    at = _app("pages/scenarios.py", "zh")
    assert at.title[0].value == "已保存情景"
    assert len(at.dataframe[0].value) == 3
    at.selectbox(key="scenarios_pick").set_value(ids[1]).run()
    assert not at.exception, at.exception
    assert any("的变体；1 处修改" in c.value and "assumptions.discount_rate" in c.value for c in at.caption)


def test_shared_link_opens_comparison(db):
    ids = _three_variants(db)
    at = _app("pages/compare.py", query={"ids": ",".join(map(str, ids)), "year": "2030"})
    assert at.multiselect(key="compare_ids").value == ids
    assert at.selectbox(key="compare_year").value == 2030
    diff = at.dataframe[0].value.set_index("Setting")  # what differs from the first scenario, in words
    assert list(diff.loc["discount rate"]) == ["default", "0.04", "="]
    assert list(diff.loc["carbon price per tonne"])[2] == "2025: 0 · 2050: 200"
    assert len(diff) == 2
    costs = at.dataframe[1].value
    assert list(costs.iloc[:, 0]) == [
        f"Thai base (#{ids[0]})",
        f"Low discount (#{ids[1]})",
        f"High carbon price (#{ids[2]})",
    ]
    assert len(at.dataframe) >= 3
    link = at.code[-1].value
    assert f"ids={ids[0]}%2C{ids[1]}%2C{ids[2]}" in link and "year=2030" in link and "lang=en" in link
    zh = _app("pages/compare.py", "zh", query={"ids": ",".join(map(str, ids[:2]))})
    assert zh.title[0].value == "情景对比"


def test_sid_in_url_opens_saved_scenario(db):
    ids = _three_variants(db)
    at = _app("pages/scenarios.py", query={"sid": str(ids[1])}, scenario=load_demo("egypt_materials"))
    s = at.session_state["scenario"]
    assert s.zone.country == "THA" and s.assumptions.discount_rate == 0.04
    assert "#" + str(ids[1]) in at.caption[1].value or any(str(ids[1]) in c.value for c in at.caption)


def test_sensitivity_page_sweep(db):
    at = _app("pages/sensitivity.py", query={"param": "discount_rate", "lo": "0.04", "hi": "0.1", "n": "3"})
    assert at.selectbox(key="sensitivity_param").value == "discount_rate"
    at.number_input(key="sensitivity_workers").set_value(1)  # one worker: no process start-up in the test
    at.button(key="sensitivity_run").click().run()
    assert not at.exception, at.exception
    assert len(at.dataframe) >= 1
    assert "param=discount_rate" in at.code[-1].value


def test_reports_page_makes_three_files(db):
    at = _app("pages/reports.py", "zh")
    at.button(key="reports_make").click().run()
    assert not at.exception, at.exception
    files = at.session_state["reports_files"][1]
    assert files["pdf"].startswith(b"%PDF") and files["xlsx"][:2] == b"PK" and b"<!DOCTYPE html>" in files["html"]


def test_sensitivity_page_monte_carlo(db):
    at = _app("pages/sensitivity.py")
    at.number_input(key="sensitivity_workers").set_value(1)
    at.slider(key="sensitivity_mc_n").set_value(10)
    at.button(key="sensitivity_mc_run").click().run()
    assert not at.exception, at.exception
    mc = at.session_state["sensitivity_mc"][1]
    assert len(mc.draws) == 10 and mc.met["p_met"].between(0, 1).all()
    assert any("percentile" in c.value for c in at.caption)


def test_unreachable_store_gives_a_message_not_a_traceback(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody:secret@127.0.0.1:9/none?connect_timeout=1")
    at = _app("pages/scenarios.py")
    assert any("cannot be opened" in e.value for e in at.error)
    assert all("secret" not in e.value for e in at.error)


def test_shared_link_opens_the_saved_scenario_on_any_page(db):
    """?sid= is honoured by the app shell, so a link to the results page opens that saved zone there."""
    data = scenario_data(load_demo("egypt_materials"))
    rec = db.create("Shared Egypt", data)
    at = _app("pages/optimise.py", query={"sid": str(rec.id)})  # session starts on the Thai demo
    assert at.session_state["scenario"].zone.country == "EGY"
