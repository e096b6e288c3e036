"""Issue 13: the zone description in the reader's language (one text, or one per language)."""

import pytest

from core.demo import demo_zones, load_demo
from core.errors import ScenarioError
from core.i18n import LANGS
from tests.helpers import tiny_scenario


@pytest.mark.parametrize("slug", list(demo_zones()))
def test_every_demo_zone_is_described_in_every_language(slug):
    z = load_demo(slug).zone
    texts = {lang: z.description_in(lang) for lang in LANGS}
    assert len(set(texts.values())) == len(LANGS)  # eight different texts, none falls back
    assert "泰国" in load_demo("thai_auto").zone.description_in("zh")


def test_one_text_or_a_fallback_to_english():
    assert tiny_scenario(zone={"description": "plain"}).zone.description_in("ar") == "plain"
    z = tiny_scenario(zone={"description": {"en": "english", "fr": "français"}}).zone
    assert (z.description_in("fr"), z.description_in("ru")) == ("français", "english")
    assert tiny_scenario().zone.description_in("en") == ""


def test_a_too_long_description_names_the_field():
    with pytest.raises(ScenarioError) as e:
        tiny_scenario(zone={"description": {"en": "x" * 2001}})
    assert any("description" in str(i) for i in e.value.issues)
