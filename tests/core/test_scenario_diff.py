"""Issue 13: what differs between two scenarios (a variant and its base), item by item."""

import copy

import core.schema as S
from core.carriers import input_keys
from core.demo import load_demo
from core.i18n import LANGS, catalogue
from core.overrides import scenario_data
from core.scenario_diff import Change, changes


def test_changes_name_items_by_id_and_compare_year_paths_whole():
    a = scenario_data(load_demo("thai_auto"))
    b = copy.deepcopy(a)
    b["tenants"][1]["energy"]["electricity_mwh"] = 20000
    gone = b["tenants"].pop()
    b["measures"]["disabled"] = ["ccus"]
    b["assumptions"]["carbon_price_per_t"] = {"2025": 0, "2050": 200}
    got = changes(a, b)
    assert Change(("measures", "enabled", "ccus"), True, False) in got
    assert Change(("tenants", "T02", "energy", "electricity_mwh"), 13600.0, 20000) in got
    assert Change(("tenants", gone["id"]), gone, None) in got  # removed as one item
    price = [c for c in got if c.path == ("assumptions", "carbon_price_per_t")]
    assert len(price) == 1 and price[0].after == {"2025": 0, "2050": 200}  # a year path is one value
    assert len(got) == 4
    assert changes(a, a) == []


def test_targets_are_matched_by_metric_basis_and_year():
    a = scenario_data(load_demo("thai_auto"))
    b = copy.deepcopy(a)
    b["targets"]["milestones"].reverse()  # order alone is no difference
    assert changes(a, b) == []
    b["targets"]["milestones"][0]["value"] = 0.1
    (c,) = changes(a, b)
    assert c.path == ("targets", "milestones", "emissions|net|2050", "value") and (c.before, c.after) == (0.0, 0.1)


def test_every_field_of_the_scenario_has_words_in_every_language():
    names = set()
    for m in (S.Scenario, S.Zone, S.Assumptions, S.Budget, S.Tenant, S.Facility, S.MeasureOverride, S.Targets,
              S.Milestone, S.MeasuresSpec, S.Activity):  # fmt: skip
        names |= set(m.model_fields)
    names -= set(input_keys())  # energy inputs are named by carrier and unit
    for lang in LANGS:
        cat = catalogue(lang)
        assert sorted(n for n in names if f"diff.field_{n}" not in cat) == [], lang
