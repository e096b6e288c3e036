"""The bundled, illustrative demo zones (data/demo/<slug>/scenario.yaml + boundary.geojson)."""

from __future__ import annotations

from pathlib import Path

from core.loader import load_scenario
from core.schema import Scenario
from core.tables import DATA

DEMO_DIR = DATA / "demo"
# Display order: the first one is the app's default zone.
SLUGS = ("thai_auto", "egypt_materials", "nigeria_selfgen")
DEFAULT = SLUGS[0]


def demo_zones() -> dict[str, Path]:
    """slug -> path of its scenario.yaml, in display order."""
    return {slug: DEMO_DIR / slug / "scenario.yaml" for slug in SLUGS}


def load_demo(slug: str = DEFAULT) -> Scenario:
    """A validated demo scenario. KeyError names the known slugs."""
    zones = demo_zones()
    if slug not in zones:
        raise KeyError(f"unknown demo zone {slug!r}; known: {', '.join(zones)}")
    return load_scenario(zones[slug])
