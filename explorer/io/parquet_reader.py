"""Read GeoParquet files, refusing WKB nested deeper than GEOS can parse before it sees it."""

from __future__ import annotations

import json
from typing import BinaryIO

import geopandas as gpd
import numpy as np

from explorer.io.geometry_guard import (
    MAX_NESTING,
    WKB_HEADER,
    first_too_deep_wkb,
    too_deep_message,
)
from explorer.io.read_errors import VectorReadError


def _wkb_columns(schema_metadata: dict[bytes, bytes] | None) -> list[str]:
    """The WKB-encoded geometry columns the file's "geo" metadata names."""
    geo = json.loads((schema_metadata or {}).get(b"geo", b"{}"))
    columns = geo.get("columns", {}) if isinstance(geo, dict) else {}
    return [name for name, spec in columns.items()
            if str((spec or {}).get("encoding", "WKB")).upper() == "WKB"]


def check_nesting(source: BinaryIO, name: str) -> None:
    """VectorReadError naming the file and row if a WKB geometry nests deeper than
    MAX_NESTING; only the geometries long enough to be that deep become Python bytes."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(source)
    for column_name in _wkb_columns(parquet.schema_arrow.metadata):
        column = parquet.read(columns=[column_name]).column(column_name)
        if isinstance(column.type, pa.ExtensionType):
            column = pa.chunked_array([chunk.storage for chunk in column.chunks])
        lengths = pc.fill_null(pc.binary_length(column), 0).to_numpy()
        rows = np.flatnonzero(lengths > WKB_HEADER * MAX_NESTING)
        found = first_too_deep_wkb(column.take(rows).to_pylist())
        if found is not None:
            raise VectorReadError(too_deep_message(name, int(rows[found]) + 1))


def read_parquet(source: BinaryIO, name: str) -> gpd.GeoDataFrame:
    """A GeoParquet file (open for reading) as a GeoDataFrame, once its WKB passed the nesting
    check."""
    check_nesting(source, name)
    source.seek(0)
    with np.errstate(invalid="ignore"):  # NaN coordinates: counted when cleaning
        return gpd.read_parquet(source)
