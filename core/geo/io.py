"""Import zone geodata: boundary and facilities from GeoJSON, zipped shapefile, GeoPackage, CSV or Excel.

Everything comes back in EPSG:4326 (lon/lat); areas and distances are measured in the zone's UTM CRS.
Every problem raises `GeoError` with one `Issue` per problem, naming file, row or feature.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from pydantic import ValidationError
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from core.checks import resolve_reference
from core.errors import Issue, ScenarioError
from core.geo.distance import utm_epsg
from core.geo.errors import GeoError, fail
from core.loader import pydantic_issues
from core.schema import Facility, Scenario
from core.spreadsheets import read_spreadsheet

MAX_UPLOAD_BYTES = 10 * 2**20  # = the app's server.maxUploadSize; a zone's geodata is far below this
MAX_UNZIPPED_BYTES = 200 * 2**20  # zip bombs stop here
MAX_ZIP_MEMBERS = 500
MAX_FEATURES = 20_000
FAR_OUTSIDE_KM = 1.0  # a site this far beyond the boundary is an error, closer only a warning
AREA_TOLERANCE = 0.2  # boundary area vs declared area: warn beyond +-20 %
DERIVED_BUFFER_M = 250.0  # margin around the sites when no boundary file exists

FORMATS = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".zip": "shapefile",
    ".gpkg": "gpkg",
    ".csv": "table",
    ".xlsx": "table",
}
LAT_NAMES = ("lat", "latitude", "y")
LON_NAMES = ("lon", "lng", "long", "longitude", "x")
FACILITY_COLUMNS = ("id", "type", "name", "name_zh", "tenant", "roof_area_m2", "capacity_mw", "fuel")


@dataclass(frozen=True)
class GeoImport:
    """Features read from a file, reprojected to EPSG:4326."""

    frame: gpd.GeoDataFrame
    source_crs: str  # as declared in the file, or how it was assumed
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Boundary:
    """The zone's outline in EPSG:4326 with its area measured in the zone's UTM CRS."""

    geometry: BaseGeometry
    area_ha: float
    utm_epsg: int
    source: str  # file name, or "derived" when drawn around the sites
    warnings: list[str] = field(default_factory=list)

    @property
    def derived(self) -> bool:
        return self.source == "derived"

    def to_geojson(self) -> dict[str, Any]:
        return {"type": "Feature", "properties": {}, "geometry": mapping(self.geometry)}


@dataclass(frozen=True)
class FacilityImport:
    facilities: list[Facility]
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- bytes -> GeoDataFrame (EPSG:4326)


def read_geodata(raw: bytes, name: str) -> GeoImport:
    """Read an uploaded file into a GeoDataFrame in EPSG:4326, or raise GeoError naming the problem."""
    if len(raw) > MAX_UPLOAD_BYTES:
        raise fail(name, f"{len(raw) / 2**20:.1f} MB is larger than the {MAX_UPLOAD_BYTES // 2**20} MB limit")
    if not raw.strip():
        raise fail(name, "file is empty")
    suffix = Path(name).suffix.lower()
    kind = FORMATS.get(suffix)
    if kind is None:
        raise fail(name, f"unsupported file type {suffix or '(none)'!r}; use {', '.join(FORMATS)}")
    if kind == "table":
        return _read_table(raw, name, suffix)
    warnings: list[str] = []
    with tempfile.TemporaryDirectory(prefix="lczp_geo_") as tmp:
        if kind == "shapefile":
            path = _unzip_shapefile(raw, name, Path(tmp), warnings)
        else:
            path = Path(tmp) / f"upload{suffix}"
            path.write_bytes(raw)
        frame = _read_vector(path, name, kind, warnings)
    return _to_wgs84(frame, name, kind, warnings)


def _unzip_shapefile(raw: bytes, name: str, tmp: Path, warnings: list[str]) -> Path:
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        members = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as e:
        raise fail(name, f"broken or unreadable zip archive ({e})") from None
    with zf:
        if len(members) > MAX_ZIP_MEMBERS:
            raise fail(name, f"archive holds {len(members)} files; at most {MAX_ZIP_MEMBERS}")
        if sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
            raise fail(name, f"archive unpacks to more than {MAX_UNZIPPED_BYTES // 2**20} MB")
        shps = [m for m in members if m.filename.lower().endswith(".shp") and not m.is_dir()]
        if not shps:
            raise fail(name, "no .shp file in the archive (a zipped shapefile needs .shp, .shx, .dbf and .prj)")
        if len(shps) > 1:
            names = ", ".join(m.filename for m in shps)
            raise fail(name, f"archive holds {len(shps)} shapefiles ({names}); upload one layer per zip")
        stem = shps[0].filename[:-4]
        wanted = {f"{stem}{ext}".lower(): m for m in members for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg")}
        present = {m.filename.lower(): m for m in members}
        missing = [ext for ext in (".shx", ".dbf") if f"{stem}{ext}".lower() not in present]
        if missing:
            raise fail(name, f"shapefile {shps[0].filename} lacks its {' and '.join(missing)} file")
        if f"{stem}.prj".lower() not in present:
            warnings.append(f"{name}: no .prj file, so the coordinate reference system is unknown")
        for low, m in present.items():
            if low not in wanted:
                continue
            ext = PurePosixPath(low).suffix
            try:
                data = zf.read(m)
            except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as e:  # CRC error, encrypted, truncated
                raise fail(name, f"broken archive member {m.filename}: {e}") from None
            (tmp / f"layer{ext}").write_bytes(data)  # fixed names: member paths never touch the disk
    return tmp / "layer.shp"


def _read_vector(path: Path, name: str, kind: str, warnings: list[str]) -> gpd.GeoDataFrame:
    import pyogrio

    layer = None
    try:
        if kind == "gpkg":
            layers = [str(x[0]) for x in pyogrio.list_layers(path)]
            if not layers:
                raise fail(name, "GeoPackage holds no layers")
            layer = layers[0]
            if len(layers) > 1:
                warnings.append(f"{name}: {len(layers)} layers ({', '.join(layers)}); read the first, {layer!r}")
        frame = gpd.read_file(path, layer=layer, engine="pyogrio")
    except GeoError:
        raise
    except Exception as e:  # noqa: BLE001 - GDAL's messages are the useful part
        msg = str(e).replace(str(path.parent), "").strip() or type(e).__name__
        raise fail(name, f"cannot read this file as {kind}: {msg}") from None
    if len(frame) > MAX_FEATURES:
        raise fail(name, f"{len(frame)} features; at most {MAX_FEATURES}")
    if frame.empty:
        raise fail(name, "the file holds no features")
    return frame


def _looks_lonlat(frame: gpd.GeoDataFrame) -> bool:
    minx, miny, maxx, maxy = frame.total_bounds
    return -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90


def _to_wgs84(frame: gpd.GeoDataFrame, name: str, kind: str, warnings: list[str]) -> GeoImport:
    _check_geometries(frame, name)
    if frame.crs is None:
        if not _looks_lonlat(frame):
            x, y = frame.total_bounds[:2]
            raise fail(
                name,
                f"unknown coordinate reference system: the file declares none and its coordinates "
                f"(e.g. {x:.0f}, {y:.0f}) are not longitude/latitude; add a .prj or save as EPSG:4326",
            )
        how = "GeoJSON default (RFC 7946)" if kind == "geojson" else "assumed EPSG:4326 (none declared)"
        if kind != "geojson":
            warnings.append(f"{name}: no CRS declared; coordinates look like longitude/latitude, read as EPSG:4326")
        return GeoImport(frame.set_crs(4326), how, warnings)
    source = frame.crs.to_string()
    try:
        out = frame.to_crs(4326)
    except Exception as e:  # noqa: BLE001 - pyproj errors name the CRS
        raise fail(name, f"cannot reproject from {source} to EPSG:4326: {e}") from None
    if not _looks_lonlat(out):
        x, y = frame.total_bounds[:2]
        hint = "; GeoJSON must be longitude/latitude (RFC 7946)" if kind == "geojson" else ""
        raise fail(
            name,
            f"unknown coordinate reference system: coordinates (e.g. {x:.0f}, {y:.0f}) are not longitude/latitude "
            f"in the declared CRS {source}{hint}",
        )
    return GeoImport(out, source, warnings)


def _check_geometries(frame: gpd.GeoDataFrame, name: str) -> None:
    issues: list[Issue] = []
    for i, g in enumerate(frame.geometry):
        where = f"{name} feature {i + 1}"
        if g is None or g.is_empty:
            issues.append(Issue(where, "empty or missing geometry"))
        elif not g.is_valid:
            issues.append(
                Issue(where, f"invalid geometry ({explain_validity(g)}); repair it, e.g. QGIS 'Fix geometries'")
            )
    if issues:
        raise GeoError(issues)


def _read_table(raw: bytes, name: str, suffix: str) -> GeoImport:
    try:
        df = read_spreadsheet(raw, name, MAX_FEATURES).frame
    except ScenarioError as e:
        raise GeoError(e.issues) from None
    cols = {c.lower(): c for c in df.columns}
    lat_col = next((cols[c] for c in LAT_NAMES if c in cols), None)
    lon_col = next((cols[c] for c in LON_NAMES if c in cols), None)
    if lat_col is None or lon_col is None:
        raise fail(name, f"needs latitude and longitude columns (one of {LAT_NAMES} and one of {LON_NAMES})")
    issues: list[Issue] = []
    lats, lons = [], []
    for i, (la, lo) in enumerate(zip(df[lat_col], df[lon_col], strict=True)):
        try:
            lat, lon = float(str(la).replace(",", ".")), float(str(lo).replace(",", "."))
        except ValueError:
            issues.append(Issue(f"{name} row {i + 1}", f"{lat_col}/{lon_col} must be numbers (got {la!r}, {lo!r})"))
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            issues.append(Issue(f"{name} row {i + 1}", f"{lat_col}={lat:g}, {lon_col}={lon:g} is not a lat/lon point"))
        lats.append(lat)
        lons.append(lon)
    if issues:
        raise GeoError(issues)
    frame = gpd.GeoDataFrame(df.drop(columns=[lat_col, lon_col]), geometry=gpd.points_from_xy(lons, lats), crs=4326)
    return GeoImport(frame, "EPSG:4326 (lat/lon columns)", [])


# ---------------------------------------------------------------- boundary


def area_ha(geom: BaseGeometry, epsg: int | None = None) -> float:
    """Area of a lon/lat geometry in hectares, measured in its UTM zone (or the given metric CRS)."""
    if epsg is None:
        c = geom.centroid
        epsg = utm_epsg(c.y, c.x)
    return float(gpd.GeoSeries([geom], crs=4326).to_crs(epsg).area.iloc[0]) / 1e4


def boundary_from_geometry(
    geom: BaseGeometry, source: str, declared_area_ha: float | None = None, warnings: list[str] | None = None
) -> Boundary:
    c = geom.centroid
    epsg = utm_epsg(c.y, c.x)
    area = area_ha(geom, epsg)
    notes = list(warnings or [])
    if declared_area_ha:
        diff = area / declared_area_ha - 1
        if abs(diff) > AREA_TOLERANCE:
            notes.append(
                f"boundary area {area:,.0f} ha (EPSG:{epsg}) differs from the declared {declared_area_ha:,.0f} ha "
                f"by {diff:+.0%}"
            )
    return Boundary(geom, area, epsg, source, notes)


def read_boundary(raw: bytes, name: str, declared_area_ha: float | None = None) -> Boundary:
    """A zone boundary file -> one (multi)polygon in EPSG:4326 with its UTM area."""
    gi = read_geodata(raw, name)
    issues = [
        Issue(f"{name} feature {i + 1}", f"boundary must be a Polygon or MultiPolygon, got {g.geom_type}")
        for i, g in enumerate(gi.frame.geometry)
        if g.geom_type not in ("Polygon", "MultiPolygon")
    ]
    if issues:
        raise GeoError(issues)
    geom = shapely.union_all(list(gi.frame.geometry))
    if len(gi.frame) > 1:
        gi.warnings.append(f"{name}: {len(gi.frame)} polygons merged into one boundary")
    return boundary_from_geometry(geom, name, declared_area_ha, gi.warnings)


def load_zone_boundary(s: Scenario, base_dir: Path | None) -> Boundary | None:
    """The boundary file named in the scenario (relative to its folder), else the inline one saved with the
    scenario (``zone.boundary_geojson``), or None if there is neither."""
    if not s.zone.boundary or base_dir is None:
        if s.zone.boundary_geojson:
            try:
                geom = shape(s.zone.boundary_geojson)
            except Exception as e:  # noqa: BLE001 - shapely raises several kinds for malformed coordinates
                raise fail("zone.boundary_geojson", f"not a readable polygon ({type(e).__name__})") from None
            return boundary_from_geometry(geom, "scenario", s.zone.area_ha)
        return None
    try:
        path = resolve_reference(base_dir, s.zone.boundary)
    except ScenarioError as e:
        raise GeoError(e.issues) from None
    if path.stat().st_size > MAX_UPLOAD_BYTES:
        raise fail("zone.boundary", f"{path.name} is larger than {MAX_UPLOAD_BYTES // 2**20} MB")
    return read_boundary(path.read_bytes(), path.name, s.zone.area_ha)


def derived_boundary(s: Scenario) -> Boundary:
    """No boundary file: the convex hull of tenants and facilities with a margin (marked as derived)."""
    pts = [shapely.Point(lon, lat) for lat, lon in [t.location for t in s.tenants] + [f.location for f in s.facilities]]
    c = shapely.MultiPoint(pts).centroid
    epsg = utm_epsg(c.y, c.x)
    hull = gpd.GeoSeries([shapely.MultiPoint(pts).convex_hull], crs=4326).to_crs(epsg).buffer(DERIVED_BUFFER_M)
    geom = hull.to_crs(4326).iloc[0]
    return Boundary(geom, area_ha(geom, epsg), epsg, "derived", [])


def zone_boundary(s: Scenario, base_dir: Path | None = None) -> Boundary:
    """The scenario's boundary file if it has one, else one derived from its sites."""
    return load_zone_boundary(s, base_dir) or derived_boundary(s)


def boundary_from_geojson(data: dict[str, Any], source: str = "session") -> Boundary:
    """Rebuild a Boundary kept as GeoJSON (e.g. in session state)."""
    return boundary_from_geometry(shape(data["geometry"] if "geometry" in data else data), source)


# ---------------------------------------------------------------- sites vs boundary


def km_outside(boundary: Boundary, points: list[tuple[float, float]]) -> list[float]:
    """Distance of each [lat, lon] point beyond the boundary, km (0 inside)."""
    if not points:
        return []
    poly = gpd.GeoSeries([boundary.geometry], crs=4326).to_crs(boundary.utm_epsg).iloc[0]
    pts = gpd.GeoSeries(gpd.points_from_xy([p[1] for p in points], [p[0] for p in points]), crs=4326)
    return [float(d) / 1000 for d in pts.to_crs(boundary.utm_epsg).distance(poly)]


def check_sites(s: Scenario, boundary: Boundary, far_km: float = FAR_OUTSIDE_KM) -> tuple[list[Issue], list[str]]:
    """Tenants and facilities beyond the boundary: (issues for those > far_km out, warnings for the rest)."""
    sites = [(f"tenants[{i}]", t.id, t.location) for i, t in enumerate(s.tenants)]
    sites += [(f"facilities[{i}]", f.id, f.location) for i, f in enumerate(s.facilities)]
    issues: list[Issue] = []
    warnings: list[str] = []
    for (path, sid, _), km in zip(sites, km_outside(boundary, [x[2] for x in sites]), strict=True):
        if km > far_km:
            issues.append(Issue(f"{path}.location", f"{sid} lies {km:.1f} km outside the zone boundary"))
        elif km > 0:
            warnings.append(f"{path}.location: {sid} lies {km * 1000:.0f} m outside the zone boundary")
    return issues, warnings


# ---------------------------------------------------------------- facilities


def read_facilities(raw: bytes, name: str, boundary: Boundary | None = None) -> FacilityImport:
    """Facilities from a file with columns id, type (+ name, name_zh, tenant, roof_area_m2, capacity_mw, fuel).

    Points give the location; a polygon gives its representative point and, for a rooftop without
    roof_area_m2, its footprint area (UTM) as the roof area.
    """
    gi = read_geodata(raw, name)
    frame = gi.frame
    cols = {str(c).strip().lower(): c for c in frame.columns if c != frame.geometry.name}
    if "id" not in cols or "type" not in cols:
        raise fail(name, f"needs columns 'id' and 'type' (found: {', '.join(cols) or 'none'})")
    unknown = sorted(set(cols) - set(FACILITY_COLUMNS))
    warnings = list(gi.warnings)
    if unknown:
        warnings.append(f"{name}: ignored columns {', '.join(unknown)}")
    issues: list[Issue] = []
    out: list[Facility] = []
    rows: list[int] = []  # source row of each facility in `out`
    for i, (row, geom) in enumerate(zip(frame.to_dict("records"), frame.geometry, strict=True)):
        record: dict[str, Any] = {}
        for c in FACILITY_COLUMNS:
            v = row.get(cols[c]) if c in cols else None
            if v is None or (isinstance(v, float) and pd.isna(v)) or (isinstance(v, str) and not v.strip()):
                continue
            record[c] = v.strip() if isinstance(v, str) else v
        where = f"{name} row {i + 1}" + (f" ({record['id']})" if "id" in record else "")
        if geom.geom_type in ("Polygon", "MultiPolygon"):
            pt = geom.representative_point()
            if record.get("type") == "rooftop" and "roof_area_m2" not in record:
                record["roof_area_m2"] = round(area_ha(geom) * 1e4, 1)
        elif geom.geom_type == "Point":
            pt = geom
        else:
            issues.append(Issue(where, f"a facility must be a point or polygon, got {geom.geom_type}"))
            continue
        record["location"] = (round(pt.y, 7), round(pt.x, 7))
        try:
            out.append(Facility.model_validate(record))
            rows.append(i)
        except ValidationError as e:
            issues += pydantic_issues(e, where)
    seen: set[str] = set()
    for i, f in zip(rows, out, strict=True):
        if f.id in seen:
            issues.append(Issue(f"{name} row {i + 1} ({f.id})", f"duplicate id {f.id!r}"))
        seen.add(f.id)
    if boundary is not None and out:
        for f, km in zip(out, km_outside(boundary, [f.location for f in out]), strict=True):
            if km > FAR_OUTSIDE_KM:
                issues.append(Issue(f"{name} ({f.id})", f"lies {km:.1f} km outside the zone boundary"))
            elif km > 0:
                warnings.append(f"{name} ({f.id}): {km * 1000:.0f} m outside the zone boundary")
    if issues:
        raise GeoError(issues)
    return FacilityImport(out, warnings)
