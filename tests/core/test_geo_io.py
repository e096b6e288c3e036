"""Geodata import: every format, reprojection, UTM areas and each kind of bad input."""

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, Polygon, box

from core.geo import GeoError
from core.geo.io import (
    MAX_UPLOAD_BYTES,
    area_ha,
    check_sites,
    derived_boundary,
    km_outside,
    load_zone_boundary,
    read_boundary,
    read_facilities,
    read_geodata,
    zone_boundary,
)
from core.loader import load_scenario
from tests.helpers import FIXTURES

FIX = FIXTURES / "geo" / "zone"
# A 0.01 x 0.01 degree square on the equator: 1 deg = R*pi/180 = 111.195 km on a sphere; on the
# WGS84 ellipsoid 0.01 deg of latitude near 0 is 1105.7 m and of longitude 1113.2 m -> ~123.1 ha.
SQUARE = box(3.00, 0.00, 3.01, 0.01)


def _messages(err: pytest.ExceptionInfo) -> str:
    return "\n".join(str(i) for i in err.value.issues)


def _geojson(geoms, props=None, crs=None) -> bytes:
    fc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": (props[i] if props else {}),
                "geometry": None if g is None else json.loads(gpd.GeoSeries([g]).to_json())["features"][0]["geometry"],
            }
            for i, g in enumerate(geoms)
        ],
    }
    if crs:
        fc["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(fc).encode()


def _zip_shapefile(tmp_path: Path, frame: gpd.GeoDataFrame, drop: tuple[str, ...] = (), extra=()) -> bytes:
    folder = tmp_path / "shp"
    folder.mkdir(exist_ok=True)
    frame.to_file(folder / "zone.shp", engine="pyogrio")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for f in sorted(folder.iterdir()):
            if f.suffix not in drop:
                zf.write(f, f"data/{f.name}")
        for name, data in extra:
            zf.writestr(name, data)
    return buf.getvalue()


# ---------------------------------------------------------------- formats


def test_area_of_a_small_equatorial_square_in_utm():
    # 1105.7 m x 1113.2 m = 123.09 ha (UTM zone 31N scale factor near 3 deg E is ~0.9996-1.0 -> +-0.1 %)
    assert area_ha(SQUARE) == pytest.approx(123.1, rel=2e-3)


def test_geojson_boundary_with_area_and_declared_area_warning():
    b = read_boundary(_geojson([SQUARE]), "zone.geojson", declared_area_ha=250)
    assert b.utm_epsg == 32631  # 3 deg E -> zone 31, north of the equator (lat 0 counts as north)
    assert b.area_ha == pytest.approx(123.1, rel=2e-3)
    # 123.0 / 250 - 1 = -50.8 %: beyond the 20 % tolerance
    assert any("differs from the declared 250 ha by -51%" in w for w in b.warnings)
    assert read_boundary(_geojson([SQUARE]), "zone.geojson", declared_area_ha=125).warnings == []


def test_zipped_shapefile_in_utm_is_reprojected_to_wgs84(tmp_path):
    frame = gpd.GeoDataFrame({"name": ["zone"]}, geometry=[SQUARE], crs=4326).to_crs(32631)
    b = read_boundary(_zip_shapefile(tmp_path, frame), "zone.zip")
    minx, miny, maxx, maxy = b.geometry.bounds
    assert (minx, miny, maxx, maxy) == pytest.approx((3.00, 0.00, 3.01, 0.01), abs=1e-7)
    assert b.area_ha == pytest.approx(123.1, rel=2e-3)


def test_geopackage_with_two_layers_reads_the_first_and_says_so(tmp_path):
    path = tmp_path / "zone.gpkg"
    gpd.GeoDataFrame({"n": [1]}, geometry=[SQUARE], crs=4326).to_file(path, layer="boundary", engine="pyogrio")
    gpd.GeoDataFrame({"n": [2]}, geometry=[Point(3.005, 0.005)], crs=4326).to_file(
        path, layer="points", engine="pyogrio"
    )
    b = read_boundary(path.read_bytes(), "zone.gpkg")
    assert b.area_ha == pytest.approx(123.1, rel=2e-3)
    assert any("2 layers" in w and "'boundary'" in w for w in b.warnings)


def test_geopackage_in_a_projected_crs(tmp_path):
    path = tmp_path / "f.gpkg"
    gpd.GeoDataFrame({"id": ["F1"], "type": ["boiler"]}, geometry=[Point(3.005, 0.005)], crs=4326).to_crs(
        32631
    ).to_file(path, engine="pyogrio")
    fi = read_facilities(path.read_bytes(), "f.gpkg")
    assert fi.facilities[0].location == pytest.approx((0.005, 3.005), abs=1e-7)


def test_csv_and_excel_facilities_with_lat_lon(tmp_path):
    csv = "id,type,name,Latitude,Longitude,roof_area_m2,colour\nF1,rooftop,Roof,0.005,3.005,1200,red\nF2,boiler,,0.006,3.004,,\n"
    fi = read_facilities(csv.encode(), "fac.csv")
    assert [f.id for f in fi.facilities] == ["F1", "F2"]
    assert fi.facilities[0].location == (0.005, 3.005) and fi.facilities[0].roof_area_m2 == 1200
    assert fi.facilities[1].name is None
    assert any("ignored columns colour" in w for w in fi.warnings)
    import pandas as pd

    xlsx = tmp_path / "fac.xlsx"
    pd.read_csv(io.StringIO(csv)).to_excel(xlsx, index=False)
    fx = read_facilities(xlsx.read_bytes(), "fac.xlsx")
    assert [f.id for f in fx.facilities] == ["F1", "F2"] and fx.facilities[0].roof_area_m2 == 1200


def test_rooftop_polygon_gives_its_footprint_as_roof_area():
    roof = box(3.000, 0.000, 3.001, 0.001)  # ~110.57 m x 111.32 m = 12,309 m2
    fi = read_facilities(_geojson([roof], [{"id": "R1", "type": "rooftop"}]), "roofs.geojson")
    f = fi.facilities[0]
    assert f.roof_area_m2 == pytest.approx(12_309, rel=3e-3)
    assert SQUARE.contains(Point(f.location[1], f.location[0]))


def test_scenario_boundary_file_and_fallback():
    s = load_scenario(FIX / "scenario.yaml")
    b = load_zone_boundary(s, FIX)
    # 0.015 deg lat x 0.018 deg lon at 13.05 N: 1658.9 m x 1953.9 m = 324.1 ha; declared 300 -> +8 %, no warning
    assert b.area_ha == pytest.approx(324.1, rel=3e-3) and b.warnings == [] and b.utm_epsg == 32647
    assert load_zone_boundary(s, None) is None
    d = zone_boundary(s, None)
    assert d.derived and d.area_ha > 0
    # the derived outline contains every site
    assert max(km_outside(d, [t.location for t in s.tenants] + [f.location for f in s.facilities])) == 0
    assert derived_boundary(s).source == "derived"


def test_sites_outside_the_boundary():
    s = load_scenario(FIX / "scenario.yaml")
    b = load_zone_boundary(s, FIX)
    assert check_sites(s, b) == ([], [])
    # T01 moved 0.05 deg (~5.4 km) east of the east edge 101.129, F01 0.002 deg (~217 m) north of 13.0575
    t0 = s.tenants[0].model_copy(update={"location": (13.05, 101.179)})
    f0 = s.facilities[0].model_copy(update={"location": (13.0595, 101.121)})
    moved = s.model_copy(update={"tenants": [t0, *s.tenants[1:]], "facilities": [f0, *s.facilities[1:]]})
    issues, warnings = check_sites(moved, b)
    assert len(issues) == 1 and issues[0].path == "tenants[0].location" and "5.4 km outside" in issues[0].message
    assert len(warnings) == 1 and warnings[0].startswith("facilities[0].location: F01 lies 2")


# ---------------------------------------------------------------- bad input


def test_invalid_and_empty_geometries_are_named():
    bowtie = Polygon([(3.0, 0.0), (3.01, 0.01), (3.01, 0.0), (3.0, 0.01), (3.0, 0.0)])
    with pytest.raises(GeoError) as e:
        read_boundary(_geojson([SQUARE, bowtie, None]), "zone.geojson")
    text = _messages(e)
    assert "zone.geojson feature 2: invalid geometry (Self-intersection" in text
    assert "zone.geojson feature 3: empty or missing geometry" in text


def test_boundary_must_be_a_polygon():
    with pytest.raises(GeoError) as e:
        read_boundary(_geojson([LineString([(3.0, 0.0), (3.01, 0.01)])]), "line.geojson")
    assert "line.geojson feature 1: boundary must be a Polygon or MultiPolygon, got LineString" in _messages(e)


def test_unknown_crs_shapefile_without_prj(tmp_path):
    frame = gpd.GeoDataFrame({"n": [1]}, geometry=[SQUARE], crs=4326).to_crs(32631)
    with pytest.raises(GeoError) as e:
        read_boundary(_zip_shapefile(tmp_path, frame, drop=(".prj",)), "noprj.zip")
    assert "unknown coordinate reference system" in _messages(e)


def test_lonlat_shapefile_without_prj_is_read_with_a_warning(tmp_path):
    frame = gpd.GeoDataFrame({"n": [1]}, geometry=[SQUARE], crs=4326)
    b = read_boundary(_zip_shapefile(tmp_path, frame, drop=(".prj",)), "noprj.zip")
    assert b.area_ha == pytest.approx(123.1, rel=2e-3)
    assert any("no .prj" in w for w in b.warnings)


def test_geojson_with_projected_coordinates_and_no_crs():
    far = box(500000, 0, 501000, 1000)
    with pytest.raises(GeoError) as e:
        read_boundary(_geojson([far]), "utm.geojson")
    assert "not longitude/latitude" in _messages(e)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"PK\x03\x04 this is not really a zip", "broken or unreadable zip archive"),
        (b"hello world, plain text", "broken or unreadable zip archive"),
    ],
)
def test_broken_archives(raw, message):
    with pytest.raises(GeoError) as e:
        read_geodata(raw, "zone.zip")
    assert message in _messages(e)


def test_truncated_archive(tmp_path):
    raw = _zip_shapefile(tmp_path, gpd.GeoDataFrame({"n": [1]}, geometry=[SQUARE], crs=4326))
    with pytest.raises(GeoError) as e:
        read_geodata(raw[: len(raw) // 2], "cut.zip")
    assert "zip archive" in _messages(e) or "broken archive member" in _messages(e)


def test_archive_without_dbf_or_with_two_layers_or_none(tmp_path):
    frame = gpd.GeoDataFrame({"n": [1]}, geometry=[SQUARE], crs=4326)
    with pytest.raises(GeoError) as e:
        read_geodata(_zip_shapefile(tmp_path, frame, drop=(".dbf",)), "nodbf.zip")
    assert "lacks its .dbf file" in _messages(e)
    with pytest.raises(GeoError) as e:
        read_geodata(_zip_shapefile(tmp_path, frame, extra=[("other/b.shp", b"x")]), "two.zip")
    assert "2 shapefiles" in _messages(e)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "nothing here")
    with pytest.raises(GeoError) as e:
        read_geodata(buf.getvalue(), "empty.zip")
    assert "no .shp file" in _messages(e)


def test_archive_member_paths_never_reach_the_disk(tmp_path):
    # a member named ../../escape.shp is read into a fixed temp name, never extracted by its path
    frame = gpd.GeoDataFrame({"n": [1]}, geometry=[SQUARE], crs=4326)
    folder = tmp_path / "x"
    folder.mkdir()
    frame.to_file(folder / "z.shp", engine="pyogrio")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for f in folder.iterdir():
            zf.write(f, f"../../escape{f.suffix}")
    b = read_boundary(buf.getvalue(), "evil.zip")
    assert b.area_ha == pytest.approx(123.1, rel=2e-3)
    assert not list(Path("/tmp").glob("escape.*")) and not list(tmp_path.parent.glob("escape.*"))


def test_size_type_and_emptiness_limits():
    with pytest.raises(GeoError) as e:
        read_geodata(b"x" * (MAX_UPLOAD_BYTES + 1), "big.geojson")
    assert "larger than the 10 MB limit" in _messages(e)
    with pytest.raises(GeoError) as e:
        read_geodata(b"x", "zone.kml")
    assert "unsupported file type '.kml'" in _messages(e)
    with pytest.raises(GeoError) as e:
        read_geodata(b"  ", "zone.geojson")
    assert "file is empty" in _messages(e)
    with pytest.raises(GeoError) as e:
        read_geodata(b'{"type": "FeatureCollection", "features": []}', "zone.geojson")
    assert "no features" in _messages(e)
    with pytest.raises(GeoError) as e:
        read_geodata(b"{not json", "zone.geojson")
    assert "zone.geojson: cannot read this file as geojson" in _messages(e)


def test_csv_problems_name_the_row():
    with pytest.raises(GeoError) as e:
        read_geodata(b"id,lat,lon\nA,0.1,3.0\nB,north,3.0\nC,95,3.0\n", "pts.csv")
    text = _messages(e)
    assert "pts.csv row 2: lat/lon must be numbers (got 'north', '3.0')" in text
    assert "pts.csv row 3: lat=95, lon=3 is not a lat/lon point" in text
    with pytest.raises(GeoError) as e:
        read_geodata(b"id,x_km\nA,1\n", "pts.csv")
    assert "needs latitude and longitude columns" in _messages(e)
    with pytest.raises(GeoError) as e:
        read_geodata(b"id,lat,lon\n\xff\xfe,1,2\n", "pts.csv")
    assert "neither UTF-8" in _messages(e)
    with pytest.raises(GeoError) as e:
        read_geodata(b"PK\x03\x04garbage", "sheet.xlsx")
    assert "sheet.xlsx: cannot read the table" in _messages(e)


def test_facility_rows_are_validated_with_field_and_row():
    csv = (
        "id,type,lat,lon,roof_area_m2\n"
        "F1,rooftop,0.005,3.005,100\n"
        "F 2,boiler,0.005,3.005,\n"
        "F3,spaceport,0.005,3.005,\n"
        "F1,office,0.005,3.005,-5\n"
    )
    with pytest.raises(GeoError) as e:
        read_facilities(csv.encode(), "fac.csv")
    text = _messages(e)
    assert "fac.csv row 2 (F 2).id: invalid value 'F 2'" in text
    assert "fac.csv row 3 (F3).type: must be one of" in text
    assert "fac.csv row 4 (F1).roof_area_m2: must be >= 0" in text
    with pytest.raises(GeoError) as e:
        read_facilities(b"name,lat,lon\nA,0,3\n", "fac.csv")
    assert "needs columns 'id' and 'type'" in _messages(e)
    with pytest.raises(GeoError) as e:
        read_facilities(b"id,type,lat,lon\nF1,office,0,3\nF1,boiler,0,3\n", "dup.csv")
    assert "dup.csv row 2 (F1): duplicate id 'F1'" in _messages(e)
    with pytest.raises(GeoError) as e:
        read_facilities(_geojson([LineString([(3, 0), (3.1, 0)])], [{"id": "L", "type": "other"}]), "l.geojson")
    assert "l.geojson row 1 (L): a facility must be a point or polygon, got LineString" in _messages(e)


def test_facilities_far_outside_the_boundary():
    b = read_boundary(_geojson([SQUARE]), "zone.geojson")
    # 3.03 E is 0.02 deg = ~2.2 km east of the east edge 3.01; 3.0105 E is ~56 m out
    csv = b"id,type,lat,lon\nIN,office,0.005,3.005\nNEAR,office,0.005,3.0105\nFAR,office,0.005,3.03\n"
    with pytest.raises(GeoError) as e:
        read_facilities(csv, "fac.csv", boundary=b)
    assert "fac.csv (FAR): lies 2.2 km outside the zone boundary" in _messages(e)
    fi = read_facilities(csv.replace(b"FAR,office,0.005,3.03\n", b""), "fac.csv", boundary=b)
    assert [f.id for f in fi.facilities] == ["IN", "NEAR"]
    assert any("(NEAR): 56 m outside" in w for w in fi.warnings)
