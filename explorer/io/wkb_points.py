"""Points straight from WKB bytes as coordinate arrays, no shapely object on the way."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

WKB_POINT_BYTES = 21  # byte order, type (1: Point), x, y


def _binary(column: pa.ChunkedArray | pa.Array) -> pa.Array:
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if isinstance(array.type, pa.ExtensionType):
        array = array.storage
    return array


def point_coords(column: pa.ChunkedArray | pa.Array,
                 out: tuple[np.ndarray, np.ndarray] | None = None
                 ) -> tuple[np.ndarray, np.ndarray] | None:
    """x and y of a column of 2-D little-endian WKB points, read from the bytes as they lie
    (into `out`'s two arrays, of the column's length, if given); None when any row is
    something else (null, another type, Z, big-endian)."""
    array = _binary(column)
    if len(array) == 0 or array.null_count or not pa.types.is_binary(array.type):
        return None
    offsets = np.frombuffer(array.buffers()[1], np.int32)[array.offset:
                                                           array.offset + len(array) + 1]
    if not (np.diff(offsets) == WKB_POINT_BYTES).all():
        return None
    data = array.buffers()[2]
    n, start = len(array), int(offsets[0])

    def field(dtype: str, at: int) -> np.ndarray:  # a strided view into the bytes, no copy
        return np.ndarray((n,), dtype, data, start + at, (WKB_POINT_BYTES,))

    if not ((field("u1", 0) == 1).all() and (field("<u4", 1) == 1).all()):
        return None
    if out is None:
        return field("<f8", 5).copy(), field("<f8", 13).copy()
    np.copyto(out[0], field("<f8", 5))
    np.copyto(out[1], field("<f8", 13))
    return out
