"""A layer as a reader hands it over, before cleaning: attributes, geometry and declared CRS."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from explorer.geo.chunks import in_background
from explorer.geo.layer_geometry import LayerGeometry, PointCoords, from_shapes
from explorer.io.geometry_guard import MAX_NESTING, WKB_HEADER, first_too_deep_wkb
from explorer.io.read_errors import VectorReadError

if TYPE_CHECKING:  # pandas is loaded by the readers that make frames
    import pandas as pd
    import pyarrow as pa
    from pyproj import CRS

PARSE_CHUNK = 10_000  # geometries parsed while the chunk before is checked


class TooDeep(ValueError):
    """WKB nested too deep for GEOS: GDAL's Arrow stream hands a GeoPackage's blobs over
    unparsed, where its per-feature read stops at 32 levels."""


@dataclass
class RawLayer:
    """One attribute row a feature, the features' geometry, the CRS the file declares."""

    attributes: pd.DataFrame | pa.Table  # Arrow stays Arrow (made pandas when needed)
    geometry: LayerGeometry
    crs: CRS | None
    valid: np.ndarray | None = None  # GEOS's validity of each shape, if the reader has it


def from_frame(frame: pd.DataFrame, name: str) -> RawLayer:
    """A GeoDataFrame split into its attributes and its geometry (coordinates for points)."""
    import geopandas as gpd
    import pandas as pd

    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame:
        raise VectorReadError(f"{name} has no geometry")
    column = frame.geometry.name
    geoms = np.asarray(frame[column].array, dtype=object)
    attributes = pd.DataFrame(frame.drop(columns=column)).reset_index(drop=True)
    return RawLayer(attributes, from_shapes(geoms), frame.crs)


def from_arrow(meta: dict, table, name: str) -> RawLayer:
    """What pyogrio.read_arrow(..., datetime_as_string=True) returns, as pyogrio.read_dataframe
    would give it (the same attribute types) but with no GeoDataFrame on the way, and points
    read as coordinates straight from their WKB. (shapely.from_wkb holds the GIL: parsing in
    threads gains nothing.)"""
    import pandas as pd

    column = meta["geometry_name"] or "wkb_geometry"
    if column not in table.column_names:
        raise VectorReadError(f"{name} has no geometry")
    table.validate(full=True)  # texts not in UTF-8 (a shapefile without .cpg) fail here
    geometry, valid = _geometry(table.column(column))
    attributes = table.drop_columns([column]).to_pandas()
    for field in table.column_names:  # as pandas makes a column of Nones: not text
        values = table.column(field)
        if field != column and values.null_count == len(values) and _is_text(values.type):
            attributes[field] = pd.Series([None] * len(values), dtype=object)
    for dtype, field in zip(meta["dtypes"], meta["fields"], strict=True):
        if dtype is not None and dtype.startswith("datetime"):
            attributes[field] = _datetimes(attributes[field])
    for subtype, field in zip(meta["ogr_subtypes"], meta["fields"], strict=True):
        if subtype == "OFSTJSON" and pd.api.types.infer_dtype(attributes[field]) == "string":
            try:
                # through text: missing values stay NaN, as pyogrio's per-feature read has them
                attributes[field] = attributes[field].astype("str").map(json.loads,
                                                                        na_action="ignore")
            except (ValueError, TypeError):
                warnings.warn(f"Could not parse column '{field}' as JSON; leaving as string",
                              stacklevel=2)
    from pyproj import CRS

    crs = CRS.from_user_input(meta["crs"]) if meta["crs"] else None
    return RawLayer(attributes, geometry, crs, valid)


def _is_text(kind) -> bool:
    import pyarrow as pa

    return pa.types.is_string(kind) or pa.types.is_large_string(kind)


def _datetimes(values: pd.Series) -> pd.Series:
    """GDAL's date and time texts parsed as pyogrio.read_dataframe parses them (its own helper:
    mixed offsets to UTC, unparsable texts kept with a warning); dates come as date objects."""
    import pandas as pd
    from pyogrio.geopandas import _try_parse_datetime

    if not pd.api.types.is_string_dtype(values.dtype):  # dates: as the texts GDAL gives
        values = values.map(lambda d: d.isoformat(), na_action="ignore").astype("str")
    return _try_parse_datetime(values, datetime_as_string=False, mixed_offsets_as_utc=True)


def _geometry(column) -> tuple[LayerGeometry, np.ndarray | None]:
    """WKB as coordinates when every row is a point, else as shapely geometries (Z and M kept:
    the Arrow reader cannot drop them as GDAL's force_2d does; cleaning drops them) with their
    validity."""
    import pyarrow as pa

    from explorer.io.wkb_points import WKB_POINT_BYTES, point_coords

    if isinstance(column.type, pa.ExtensionType):
        column = pa.chunked_array([chunk.storage for chunk in column.chunks],
                                  column.type.storage_type)
    if len(column) and column[0].is_valid and len(column[0].as_py()) == WKB_POINT_BYTES:
        found = point_coords(column)  # joins the batches: only when points are likely
        if found is not None:
            return PointCoords(*found), None
    _check_nesting(column)
    geoms, valid = _parsed(column.to_numpy())
    return from_shapes(geoms), valid


def _parsed(wkb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Shapes from WKB and whether GEOS finds each valid, a chunk's validity checked on another
    core while the next chunk is parsed: shapely.from_wkb holds the GIL (threads cannot share
    the parsing), shapely.is_valid lets it go."""
    import shapely

    geoms, checks = [], []
    for part in np.array_split(wkb, max(1, len(wkb) // PARSE_CHUNK)):
        geoms.append(shapely.from_wkb(part))
        checks.append(in_background(shapely.is_valid, geoms[-1]))
    return np.concatenate(geoms), np.concatenate([check.result() for check in checks])


def _check_nesting(array) -> None:
    """TooDeep if a WKB geometry nests deeper than MAX_NESTING (deep nesting crashes GEOS);
    only the geometries long enough to be that deep become Python bytes."""
    import pyarrow.compute as pc

    lengths = pc.fill_null(pc.binary_length(array), 0).to_numpy()
    rows = np.flatnonzero(lengths > WKB_HEADER * MAX_NESTING)
    if len(rows) and first_too_deep_wkb(array.take(rows).to_pylist()) is not None:
        raise TooDeep("a geometry nests too deep")
