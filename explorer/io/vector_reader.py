"""Read users' vector files into clean 2-D lon/lat GeoDataFrames, never writing to them."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from explorer.io import read_limits
from explorer.io.gdal_paths import gdal_source, layer_name, pyogrio_reader
from explorer.io.geometry_clean import clean
from explorer.io.layer_crs import GUESSED_WGS84, WGS84, to_wgs84
from explorer.io.raw_layer import RawLayer, from_arrow, from_frame
from explorer.io.read_errors import (
    ColumnChoiceNeeded,
    CrsNeeded,
    LayerChoiceNeeded,
    TooLarge,
    VectorReadError,
    one_line,
)
from explorer.io.read_limits import LayerSize
from explorer.model.layer_data import VectorData

if TYPE_CHECKING:  # a GeoParquet of points is read with pyarrow alone
    import pandas as pd
    import pyarrow as pa

__all__ = ["SUFFIXES", "WGS84", "ColumnChoiceNeeded", "CrsNeeded", "LayerChoiceNeeded",
           "TooLarge", "VectorData", "VectorReadError", "list_layers", "read_vector"]

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
TABLES = frozenset({".csv", ".tsv"})
PARQUET = frozenset({".parquet", ".geoparquet"})
CUT_SHORT_SUFFIXES = frozenset({".fgb", ".shp", ".zip"})  # a header counts the features



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


@contextlib.contextmanager
def _gdal(path: Path) -> Iterator[None]:
    """Turn the many error types pyogrio and pyarrow raise for a bad file into one."""
    try:
        yield
    except VectorReadError:
        raise
    except Exception as exc:  # pyogrio raises several error types for a bad file
        raise VectorReadError(f"{path.name} could not be read ({_reason(exc)})") from exc


@contextlib.contextmanager
def _folded_warnings(notices: list[str]) -> Iterator[None]:
    """GDAL's warnings (pyogrio's RuntimeWarnings) as notices, or folded into the error's one
    line; other warnings go on as usual (numpy's floating-point ones are silenced: NaN
    coordinates are counted by the cleaning)."""
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="ignore"):
        warnings.simplefilter("always")
        try:
            yield
        except VectorReadError as exc:
            said = _said(caught)
            if said:
                exc.args = (f"{exc.args[0]}; GDAL said: {said}",)
            raise
        finally:
            others = [w for w in caught if not issubclass(w.category, RuntimeWarning)]
    for w in others:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    said = _said(caught)
    if said:
        notices.append(f"GDAL said: {said}.")


def _said(caught: list[warnings.WarningMessage]) -> str:
    """The distinct GDAL warnings, on one line (the first three, and how many more)."""
    texts = list(dict.fromkeys(" ".join(str(w.message).split()).rstrip(".") for w in caught
                               if issubclass(w.category, RuntimeWarning)))
    more = f" (and {len(texts) - 3} more)" if len(texts) > 3 else ""
    return "; ".join(texts[:3]) + more


def list_layers(path: str | Path) -> list[str]:
    """The names of the layers with geometry in a file (one for most formats)."""
    path = Path(path)
    suffix = _check_path(path)
    if suffix in TABLES | PARQUET:
        return [one_line(path.stem)]
    with _one_line_errors(), _gdal(path), gdal_source(path) as source:
        layers = pyogrio_reader().list_layers(source)
    if len(layers) == 0:
        raise VectorReadError(f"{path.name} holds no layer GDAL can read: the file may be "
                              "damaged or cut short")
    spatial = [layer_name(path, str(name)) for name, kind in layers if kind is not None]
    return spatial or [layer_name(path, str(name)) for name, _ in layers]


def _refuse_if_large(path: Path, size: LayerSize, max_features: int | None) -> None:
    if size.exceeds(max_features):
        raise TooLarge(f"{path.name} holds {size.describe()}: reading it may take minutes and "
                       "gigabytes of memory", size)


def _read_gdal(path: Path, layer: str | None, max_features: int | None) -> RawLayer:
    layers = list_layers(path)
    if layer is None and len(layers) > 1:
        raise LayerChoiceNeeded(
            f"{path.name} holds {len(layers)} layers ({', '.join(layers)}): choose one", layers
        )
    if layer is not None and layer not in layers:
        raise VectorReadError(f"{path.name} has no layer {layer!r} (layers: {', '.join(layers)})")
    chosen = layer if len(layers) > 1 else None  # one layer: read it, whatever GDAL calls it
    with _gdal(path), gdal_source(path) as source:
        size = read_limits.gdal_layer_size(path, source, chosen)
        _refuse_if_large(path, size, max_features)
        read = _read_layer(source, chosen, path.name)
    if path.suffix.lower() in CUT_SHORT_SUFFIXES and len(read.geometry) < size.features:
        raise VectorReadError(f"{path.name} is damaged or cut short: it announces "
                              f"{size.features:,} features but only {len(read.geometry):,} "
                              "could be read")
    return read


def _read_layer(source: str, layer: str | None, name: str) -> RawLayer:
    """The layer through GDAL's Arrow stream (columns in bulk: a tenth of the time of pyogrio's
    feature-by-feature read, which geopandas uses). Whatever Arrow cannot take (texts not in
    UTF-8, WKB nested too deep for GEOS, a damaged file) is read as before, through geopandas,
    so such files give the same errors and warnings as ever."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            meta, table = pyogrio_reader().read_arrow(source, layer=layer,
                                                      datetime_as_string=True)
            read = from_arrow(meta, table, name)
        except MemoryError:
            raise
        except Exception:  # the per-feature read reports it, as it always has
            read = None
    if read is None:
        import geopandas as gpd

        frame = gpd.read_file(source, layer=layer, engine="pyogrio", force_2d=True)
        return from_frame(frame, name)
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return read


def _read_parquet(path: Path, max_features: int | None) -> RawLayer:
    from explorer.io.parquet_reader import read_parquet

    with _gdal(path), path.open("rb") as handle:  # pyarrow wants names in UTF-8: a handle
        _refuse_if_large(path, read_limits.parquet_size(handle), max_features)
        return read_parquet(handle, path.name, path)


@contextlib.contextmanager
def _one_line_errors() -> Iterator[None]:
    """Errors fit for one line whatever the file's name (newlines, undecodable bytes)."""
    try:
        yield
    except VectorReadError as exc:
        exc.args = (one_line(str(exc)),)
        raise


def read_vector(
    path: str | Path,
    layer: str | None = None,
    *,
    lon_column: str | None = None,
    lat_column: str | None = None,
    wkt_column: str | None = None,
    assume_crs: str | None = None,
    max_features: int | None = None,
) -> VectorData:
    """Read a user's vector file (or one of its layers) as clean 2-D geometries in EPSG:4326.

    A layer over the read limits (read_limits) raises TooLarge unless `max_features` (or
    read_limits.feature_limit) accepts its feature count. Errors are one line naming the file.
    """
    path = Path(path)
    notices: list[str] = []
    with _one_line_errors():
        suffix = _check_path(path)
        details: list[str] = []
        skipped = 0
        if suffix in TABLES:
            from explorer.io.csv_points import read_table

            read, details, skipped = read_table(path, lon_column, lat_column, wkt_column,
                                                max_features)
        elif suffix in PARQUET:
            read = _read_parquet(path, max_features)
        else:
            with _folded_warnings(notices):
                read = _read_gdal(path, layer, max_features)
        if len(read.geometry) == 0:
            raise VectorReadError(f"{path.name} has no features")
        if skipped:
            notices.append(f"{skipped} rows without valid coordinates skipped.")
        geometry, cleaned, cleaning, dropped = clean(read.geometry, read.valid)
        if len(geometry) == 0:
            raise VectorReadError(f"{path.name} has no usable geometry")
        geometry, inside, source_crs, crs_notices, outside = to_wgs84(
            geometry, read.crs, path.name, assume_crs, suffix in TABLES)
    if suffix in TABLES and GUESSED_WGS84 in crs_notices:  # a table has no CRS: routine
        crs_notices.remove(GUESSED_WGS84)
        details.append(GUESSED_WGS84)
    name = layer if layer is not None and suffix not in TABLES | PARQUET else one_line(path.stem)
    attributes = _kept(_kept(read.attributes, cleaned), inside)
    return VectorData(attributes, geometry, name, source_crs,
                      notices + cleaning + crs_notices, skipped + dropped + outside, details)


def _kept(attributes: pd.DataFrame | pa.Table, rows: np.ndarray | None):
    """The attribute rows of the features kept (an Arrow table stays Arrow)."""
    if rows is None:
        return attributes
    if hasattr(attributes, "loc"):
        return attributes.loc[rows].reset_index(drop=True)
    return attributes.filter(rows)
