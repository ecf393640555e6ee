"""Read GeoParquet files with pyarrow: points as coordinate arrays straight from their WKB or
GeoArrow encoding; other WKB parsed by shapely only after a nesting check (deep nesting crashes
GEOS)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import BinaryIO

import numpy as np

from explorer.geo.chunks import mapped
from explorer.geo.layer_geometry import PointCoords, from_shapes
from explorer.io.geometry_guard import (
    MAX_NESTING,
    WKB_HEADER,
    first_too_deep_wkb,
    too_deep_message,
)
from explorer.io.parquet_columns import ParquetColumns
from explorer.io.raw_layer import RawLayer, from_frame
from explorer.io.read_errors import VectorReadError
from explorer.io.wkb_points import point_coords

LONLAT = "OGC:CRS84"  # GeoParquet's CRS when its metadata names none
BATCH = 1 << 15  # rows decoded at once: a few MB of Arrow's memory a core, and in cache


def geo_metadata(schema_metadata: dict[bytes, bytes] | None, name: str) -> dict:
    """A GeoParquet file's "geo" metadata, checked to name its primary geometry column."""
    try:
        geo = json.loads((schema_metadata or {}).get(b"geo", b"{}"))
    except ValueError as exc:
        raise VectorReadError(f"{name} has unreadable GeoParquet metadata ({exc})") from exc
    if not isinstance(geo, dict) or not isinstance(geo.get("columns"), dict) \
            or geo.get("primary_column") not in geo["columns"]:
        raise VectorReadError(f"{name} has no geometry (no GeoParquet metadata)")
    return geo


def attribute_names(names: list[str], geo: dict) -> list[str]:
    """The file's columns other than its geometry columns and their bbox coverings."""
    coverings = [c for spec in geo["columns"].values() if isinstance(spec, dict)
                 for c in (spec.get("covering", {}).get("bbox", {}) or {}).values()]
    skip = {*geo["columns"], *(c[0] for c in coverings if isinstance(c, list))}
    return [c for c in names if c not in skip]


def _check_nesting(column, name: str) -> None:
    """VectorReadError naming the file and row if a WKB geometry nests deeper than
    MAX_NESTING; only the geometries long enough to be that deep become Python bytes."""
    import pyarrow.compute as pc

    lengths = pc.fill_null(pc.binary_length(column), 0).to_numpy()
    rows = np.flatnonzero(lengths > WKB_HEADER * MAX_NESTING)
    found = first_too_deep_wkb(column.take(rows).to_pylist())
    if found is not None:
        raise VectorReadError(too_deep_message(name, int(rows[found]) + 1))


def _crs(spec: dict):
    from pyproj import CRS

    if "crs" not in spec:
        return CRS.from_user_input(LONLAT)
    return None if spec["crs"] is None else CRS.from_user_input(spec["crs"])


def _geometry(column, encoding: str, name: str):
    import pyarrow as pa

    array = column.combine_chunks()
    if isinstance(array.type, pa.ExtensionType):
        array = array.storage
    if encoding == "POINT":  # GeoArrow's native points: a struct of x, y (and z, m) arrays
        x, y = (np.asarray(array.field(k).to_numpy(zero_copy_only=False), float)
                for k in ("x", "y"))
        if array.null_count:
            missing = array.is_null().to_numpy(zero_copy_only=False)
            x, y = np.where(missing, np.nan, x), np.where(missing, np.nan, y)
        return PointCoords(x, y)
    found = point_coords(array)
    if found is not None:
        return PointCoords(*found)
    import shapely

    _check_nesting(array, name)
    with np.errstate(invalid="ignore"):  # NaN coordinates: counted when cleaning
        return from_shapes(shapely.from_wkb(array.to_numpy(zero_copy_only=False)))


def read_parquet(source: BinaryIO, name: str, path: Path | None = None) -> RawLayer:
    """A GeoParquet file (open for reading): its primary geometry and the other columns (other
    geometry columns and bbox coverings left out). A file of points at `path` has only its
    coordinates read now, its other columns when first asked for (ParquetColumns)."""
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(source)
    geo = geo_metadata(parquet.schema_arrow.metadata, name)
    primary = geo["primary_column"]
    spec = geo["columns"][primary] or {}
    encoding = str(spec.get("encoding", "WKB")).upper()
    if encoding not in ("WKB", "POINT"):  # GeoArrow lines and polygons: geopandas reads them
        import geopandas as gpd

        source.seek(0)
        return from_frame(gpd.read_parquet(source), name)
    columns = attribute_names(parquet.schema_arrow.names, geo)
    wanted = [] if path is not None else columns
    found = _points_by_group(parquet, primary, wanted, path) if encoding == "WKB" else None
    if found is not None and path is not None:
        return RawLayer(ParquetColumns(path, columns, len(found[0])), found[0], _crs(spec))
    if found is None:
        table = parquet.read(columns=[primary, *columns])
        geometry, attributes = _geometry(table.column(primary), encoding, name), table
    else:
        geometry, attributes = found
    return RawLayer(attributes.select(columns), geometry, _crs(spec))


def _points_by_group(parquet, primary: str, columns: list[str], path: Path | None):
    """A file of 2-D points read a batch at a time, each batch's WKB straight into the
    coordinate arrays (the bytes of the whole column are never held at once), the row groups
    of a file at `path` read on all cores; None as soon as a batch holds anything else."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    meta = parquet.metadata
    starts = np.cumsum([0] + [meta.row_group(g).num_rows for g in range(meta.num_row_groups)])
    x, y = np.empty(meta.num_rows), np.empty(meta.num_rows)

    def read(file, g: int) -> list | None:
        at, parts = starts[g], []
        for batch in file.iter_batches(BATCH, row_groups=[g], columns=[primary, *columns],
                                       use_threads=False):
            rows = slice(at, at + len(batch))
            if point_coords(batch.column(primary), (x[rows], y[rows])) is None:
                return None
            at += len(batch)
            parts.append(batch.drop_columns([primary]))
        return parts if at == starts[g + 1] else None

    def own_handle(g: int) -> list | None:  # a handle of its own a thread
        with path.open("rb") as handle:
            return read(pq.ParquetFile(handle, metadata=meta), g)

    groups = range(meta.num_row_groups)
    parts = (mapped(own_handle, groups) if path is not None
             else [read(parquet, g) for g in groups])
    if not meta.num_rows or any(part is None for part in parts):
        return None
    return PointCoords(x, y), pa.Table.from_batches([b for part in parts for b in part])
