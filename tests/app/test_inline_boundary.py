"""Imported boundaries are saved with the scenario (issue 15): an import on the map page becomes the inline
`zone.boundary_geojson`, which survives the store and draws without the file; bad geometry names its field."""

from __future__ import annotations

import copy
import math

import pytest
import shapely

from core.errors import ScenarioError
from core.geo.io import zone_boundary
from core.loader import validate_data
from core.store import Store
from tests.core.test_store import BASE
from ui.map_widget import with_inline_boundary

# 0.01 deg x 0.01 deg at 13 deg N: 1.106 km (a degree of latitude there is ~110.6 km) x 111.32 cos(13 deg) km
SQUARE = shapely.box(101.0, 13.0, 101.01, 13.01)
EXPECTED_HA = 0.01 * 110.6 * 0.01 * 111.32 * math.cos(math.radians(13.005)) * 100


def test_imported_boundary_is_saved_and_reloaded(tmp_path):
    s = with_inline_boundary(validate_data(copy.deepcopy(BASE)), SQUARE)
    assert s.zone.boundary_geojson["type"] == "Polygon" and s.zone.boundary is None
    store = Store(f"sqlite:///{tmp_path / 'b.sqlite'}")
    rec = store.create("With boundary", s)
    again = store.load(rec.sid)
    b = zone_boundary(again)  # no scenario folder: the inline geometry, not the outline derived from the sites
    assert b.source == "scenario" and not b.derived
    assert b.area_ha == pytest.approx(EXPECTED_HA, rel=0.01)
    store.close()


def test_bad_inline_geometry_names_the_field():
    data = copy.deepcopy(BASE)
    data["zone"]["boundary_geojson"] = {"type": "Point", "coordinates": [101, 13]}
    with pytest.raises(ScenarioError) as e:
        validate_data(data)
    assert any("zone.boundary_geojson" in i.path for i in e.value.issues)
