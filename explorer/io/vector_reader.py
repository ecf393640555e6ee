"""Read users' vector files into clean 2-D lon/lat GeoDataFrames, never writing to them."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from explorer.geo.chunks import chunked

MAX_BYTES = 2 * 1024**3
SUFFIXES: dict[str, str] = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".shp": "Shapefile",
    ".zip": "zipped Shapefile",
    ".gpkg": "GeoPackage",
    ".kml": "KML",
    ".fgb": "FlatGeobuf",
    ".parquet": "GeoParquet",
    ".geoparquet": "GeoParquet",
    ".csv": "CSV",
    ".tsv": "TSV",
}
WGS84 = "EPSG:4326"

# Reading must leave no trace next to the user's file (no .aux.xml, no rebuilt .shx).
pyogrio.set_gdal_config_options({"GDAL_PAM_ENABLED": "NO", "SHAPE_RESTORE_SHX": "NO"})


class VectorReadError(ValueError):
    """A user's file cannot be read; the message names the file and the reason."""


class LayerChoiceNeeded(VectorReadError):
    """The source holds several layers: the user must pick one of `layers`."""

    def __init__(self, message: str, layers: list[str]) -> None:
        super().__init__(message)
        self.layers = layers


class ColumnChoiceNeeded(VectorReadError):
    """A table's coordinate columns are missing or ambiguous: the user must pick them."""

    def __init__(self, message: str, candidates: list[str], columns: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates
        self.columns = columns


class CrsNeeded(VectorReadError):
    """The data has no CRS and is not lon/lat: the user must name its CRS (`assume_crs`)."""


@dataclass
class VectorData:
    """A user's layer, cleaned: 2-D linear geometries in EPSG:4326."""

    frame: gpd.GeoDataFrame
    name: str
    source_crs: str | None
    notices: list[str] = field(default_factory=list)
    skipped: int = 0


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0].rstrip(".") if text else type(exc).__name__


def _check_path(path: Path) -> str:
    """The file's suffix, after checking that it exists, is a supported, non-empty file."""
    if not path.exists():
        raise VectorReadError(f"{path} does not exist")
    if path.is_dir():
        raise VectorReadError(f"{path} is a folder, not a file")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        supported = ", ".join(SUFFIXES)
        raise VectorReadError(f"{path.name} has an unsupported type (supported: {supported})")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise VectorReadError(
            f"{path.name} is too large ({size / 1024**3:.1f} GB; the limit is "
            f"{MAX_BYTES / 1024**3:.1f} GB)"
        )
    if size == 0:
        raise VectorReadError(f"{path.name} is empty")
    return suffix


def _source(path: Path, suffix: str) -> str:
    """What to hand to GDAL: the path itself, or /vsizip/ into the zip's only shapefile."""
    if suffix != ".zip":
        return str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            shps = [n for n in archive.namelist() if n.lower().endswith(".shp")]
    except (zipfile.BadZipFile, OSError) as exc:
        raise VectorReadError(f"{path.name} is not a readable zip file ({_reason(exc)})") from exc
    if not shps:
        raise VectorReadError(f"{path.name} holds no shapefile (.shp)")
    if len(shps) > 1:
        raise VectorReadError(f"{path.name} holds several shapefiles ({', '.join(shps)})")
    return f"/vsizip/{path.resolve()}/{shps[0]}"


def list_layers(path: str | Path) -> list[str]:
    """The names of the layers with geometry in a file (one for most formats)."""
    path = Path(path)
    suffix = _check_path(path)
    if suffix in {".csv", ".tsv", ".parquet", ".geoparquet"}:
        return [path.stem]
    try:
        layers = pyogrio.list_layers(_source(path, suffix))
    except VectorReadError:
        raise
    except Exception as exc:  # pyogrio raises several error types for a bad file
        raise VectorReadError(f"{path.name} could not be read ({_reason(exc)})") from exc
    spatial = [str(name) for name, kind in layers if kind is not None]
    return spatial or [str(name) for name, _ in layers]


def _read_gdal(path: Path, suffix: str, layer: str | None) -> tuple[gpd.GeoDataFrame, str]:
    layers = list_layers(path)
    if layer is None and len(layers) > 1:
        raise LayerChoiceNeeded(
            f"{path.name} holds {len(layers)} layers ({', '.join(layers)}): choose one", layers
        )
    if layer is not None and layer not in layers:
        raise VectorReadError(f"{path.name} has no layer {layer!r} (layers: {', '.join(layers)})")
    chosen = layer or (layers[0] if layers else None)
    try:
        frame = gpd.read_file(_source(path, suffix), layer=chosen, engine="pyogrio", force_2d=True)
    except Exception as exc:  # pyogrio raises several error types for a bad file
        raise VectorReadError(f"{path.name} could not be read ({_reason(exc)})") from exc
    name = layer if layer is not None else path.stem
    return frame, name


def _read_parquet(path: Path) -> gpd.GeoDataFrame:
    try:
        return gpd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several error types for a bad file
        raise VectorReadError(f"{path.name} could not be read ({_reason(exc)})") from exc


def _reduce(geometry: shapely.Geometry, dimension: int) -> shapely.Geometry | None:
    """The parts of a repaired geometry of the given dimension, as one (multi) geometry."""
    parts = shapely.get_parts(shapely.get_parts(geometry))
    parts = parts[shapely.get_dimensions(parts) == dimension]
    parts = parts[~shapely.is_empty(parts)]
    if len(parts) == 0:
        return None
    if len(parts) == 1:
        return parts[0]
    kind = {0: shapely.MultiPoint, 1: shapely.MultiLineString, 2: shapely.MultiPolygon}[dimension]
    return kind(list(parts))


def clean_geometries(frame: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, list[str], int]:
    """Drop Z/M and empty geometries, repair invalid ones; the notices and the skipped count."""
    geoms = np.asarray(frame.geometry.array, dtype=object)
    flattened = bool(shapely.has_z(geoms).any() or shapely.has_m(geoms).any())
    if flattened:
        geoms = shapely.force_2d(geoms)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    empty = int(missing.sum())
    invalid = np.flatnonzero(~missing & ~chunked(shapely.is_valid, geoms, min_chunk=10_000))
    if not (flattened or empty or len(invalid)):
        return frame, [], 0
    geoms = geoms.copy()
    dropped = 0
    for i in invalid:
        repaired = _reduce(shapely.make_valid(geoms[i]), int(shapely.get_dimensions(geoms[i])))
        geoms[i] = repaired
        if repaired is None:
            missing[i] = True
            dropped += 1
    frame = frame.copy()
    frame[frame.geometry.name] = gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs)
    frame = frame.loc[~missing].reset_index(drop=True)
    notices = []
    if empty:
        notices.append(f"{empty} features without geometry skipped.")
    if len(invalid):
        fixed = len(invalid) - dropped
        tail = f", {dropped} skipped" if dropped else ""
        notices.append(f"{len(invalid)} invalid geometries found: {fixed} repaired{tail}.")
    return frame, notices, empty + dropped


def _fits_wgs84(frame: gpd.GeoDataFrame) -> bool:
    xmin, ymin, xmax, ymax = frame.total_bounds
    return bool(xmin >= -180 and xmax <= 180 and ymin >= -90 and ymax <= 90)


def _to_wgs84(
    frame: gpd.GeoDataFrame, label: str, assume_crs: str | None, table: bool
) -> tuple[gpd.GeoDataFrame, str | None, list[str]]:
    """The frame in EPSG:4326, the CRS it was read in (None if guessed) and notices."""
    notices: list[str] = []
    source: str | None
    if frame.crs is None:
        if assume_crs is not None:
            try:
                frame = frame.set_crs(CRS.from_user_input(assume_crs))
            except CRSError as exc:
                raise VectorReadError(f"{label}: unknown CRS {assume_crs!r}") from exc
            notices.append(f"No CRS in the file; read as {assume_crs}.")
        elif _fits_wgs84(frame):
            notices.append("No CRS in the file; the coordinates fit WGS84, read as WGS84.")
            return frame.set_crs(WGS84), None, notices
        else:
            xmin, ymin, xmax, ymax = frame.total_bounds
            hint = "choose the CRS they are in"
            if table:
                swapped = xmin >= -90 and xmax <= 90 and ymin >= -180 and ymax <= 180
                hint = (
                    "the longitude and latitude columns look swapped"
                    if swapped
                    else "the columns may be swapped or the coordinates projected: choose the CRS"
                )
            raise CrsNeeded(
                f"{label} has no CRS and its coordinates (x {xmin:g} to {xmax:g}, "
                f"y {ymin:g} to {ymax:g}) are not longitude/latitude; {hint}"
            )
    crs = frame.crs
    authority = crs.to_authority()
    source = ":".join(authority) if authority else crs.to_string()
    if not crs.equals(CRS.from_user_input(WGS84)):
        frame = frame.to_crs(WGS84)
        notices.append(f"Reprojected from {source} to WGS84.")
    return frame, source, notices


def read_vector(
    path: str | Path,
    layer: str | None = None,
    *,
    lon_column: str | None = None,
    lat_column: str | None = None,
    wkt_column: str | None = None,
    assume_crs: str | None = None,
) -> VectorData:
    """Read a user's vector file (or one of its layers) as clean 2-D geometries in EPSG:4326."""
    path = Path(path)
    suffix = _check_path(path)
    notices: list[str] = []
    skipped = 0
    name = path.stem
    if suffix in {".csv", ".tsv"}:
        from explorer.io.csv_points import read_table

        frame, notices, skipped = read_table(path, lon_column, lat_column, wkt_column)
    elif suffix in {".parquet", ".geoparquet"}:
        frame = _read_parquet(path)
    else:
        frame, name = _read_gdal(path, suffix, layer)
    if len(frame) == 0:
        raise VectorReadError(f"{path.name} has no features")
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame:
        raise VectorReadError(f"{path.name} has no geometry")
    frame, cleaning, dropped = clean_geometries(frame)
    notices += cleaning
    skipped += dropped
    if len(frame) == 0:
        raise VectorReadError(f"{path.name} has no usable geometry")
    frame, source_crs, crs_notices = _to_wgs84(
        frame, path.name, assume_crs, suffix in {".csv", ".tsv"}
    )
    notices += crs_notices
    return VectorData(frame, name, source_crs, notices, skipped)
