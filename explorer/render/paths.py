"""Turn flattened coordinate arrays (or shapes cut to a rectangle) into QPainterPaths."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import shapely
from PySide6.QtGui import QPainterPath
from shapely import GeometryType

from explorer.geo.geometry import PathArrays, path_arrays


def feature_paths(arrays: PathArrays) -> list[QPainterPath]:
    """One path per feature, built from numpy buffers (pyqtgraph's arrayToQPath)."""
    paths = []
    for i in range(len(arrays.starts) - 1):
        x, y, connect = arrays.feature(i)
        if len(x) == 0:
            paths.append(QPainterPath())
            continue
        paths.append(pg.arrayToQPath(x, y, connect=connect, finiteCheck=False))
    return paths



def clipped_paths(geoms: np.ndarray, rect: tuple[float, ...],
                  tolerance: float = 0.0) -> list[QPainterPath | None]:
    """The parts of projected polygons or lines inside rect, simplified by `tolerance` map
    units, one path each (None where nothing is left)."""
    parts = shapely.clip_by_rect(np.asarray(geoms, dtype=object), *rect)
    if tolerance > 0:
        parts = shapely.simplify(parts, tolerance)
    kinds = shapely.get_type_id(parts)
    keep = np.flatnonzero(~shapely.is_empty(parts) & (kinds >= 0)
                          & (kinds != GeometryType.GEOMETRYCOLLECTION))
    paths: list[QPainterPath | None] = [None] * len(parts)
    for i, path in zip(keep, feature_paths(path_arrays(parts[keep])), strict=True):
        paths[i] = path
    return paths
