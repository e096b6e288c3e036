"""Issue 13: what differs between two scenarios (a variant and its base), item by item."""

import copy
from typing import get_args

from pydantic import BaseModel

import core.schema as S
from core.carriers import input_keys
from core.demo import load_demo
from core.i18n import LANGS, catalogue
from core.overrides import scenario_data
from core.scenario_diff import Change, changes
from ui.diff_view import field_key


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


def _field_names(model, seen=None) -> set[str]:
    """Every field name of the scenario file, through nested models (lists, mappings, unions)."""
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    out = set()
    for name, f in model.model_fields.items():
        out.add(name)
        stack = [f.annotation]
        while stack:
            a = stack.pop()
            if isinstance(a, type) and issubclass(a, BaseModel):
                out |= _field_names(a, seen)
            stack += list(get_args(a))
    return out


def test_every_field_of_the_scenario_has_words_in_every_language():
    names = _field_names(S.Scenario) - set(input_keys())  # energy inputs are named by carrier and unit
    names -= _field_names(S.Evaluation) - {"evaluation"}  # monitoring records are compared on their own page
    for lang in LANGS:
        cat = catalogue(lang)
        assert sorted(n for n in names if field_key(n) not in cat) == [], lang
