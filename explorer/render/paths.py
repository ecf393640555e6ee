"""Turn flattened coordinate arrays (or shapes cut to a rectangle) into QPainterPaths."""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

import numpy as np
import pyqtgraph as pg
import shapely
from PySide6.QtGui import QPainterPath
from shapely import GeometryType

from explorer.geo.geometry import PathArrays, path_arrays


class FeaturePaths(Sequence[QPainterPath]):
    """One path per feature, each built from the numpy buffers (pyqtgraph's arrayToQPath) the
    first time it is asked for: a map shows a part of a layer at a time."""

    def __init__(self, arrays: PathArrays) -> None:
        self._arrays = arrays
        self._paths: list[QPainterPath | None] = [None] * (len(arrays.starts) - 1)

    def __len__(self) -> int:
        return len(self._paths)

    @overload
    def __getitem__(self, i: int) -> QPainterPath: ...
    @overload
    def __getitem__(self, i: slice) -> list[QPainterPath]: ...

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        path = self._paths[i]
        if path is None:
            x, y, connect = self._arrays.feature(i)
            path = (QPainterPath() if len(x) == 0 else
                    pg.arrayToQPath(x, y, connect=connect, finiteCheck=False))
            self._paths[i] = path
        return path

    def built(self) -> int:
        """How many paths exist so far (tests)."""
        return sum(p is not None for p in self._paths)


def feature_paths(arrays: PathArrays) -> FeaturePaths:
    """One path per feature, built on first use."""
    return FeaturePaths(arrays)


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
