"""Turn flattened coordinate arrays (or shapes cut to a rectangle) into QPainterPaths, or into
segments drawn fast."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import shapely
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen, QPolygonF

from explorer.geo.geometry import LINEAR, POLYGONAL, PathArrays, path_arrays
from explorer.render.lazy_sequence import LazySequence


class FeaturePaths(LazySequence[QPainterPath]):
    """One path per feature, each built from the numpy buffers (pyqtgraph's arrayToQPath) the
    first time it is asked for: a map shows a part of a layer at a time."""

    def __init__(self, arrays: PathArrays) -> None:
        self._arrays = arrays
        self._paths: list[QPainterPath | None] = [None] * (len(arrays.starts) - 1)

    def __len__(self) -> int:
        return len(self._paths)

    def _item(self, k: int) -> QPainterPath:
        path = self._paths[k]
        if path is None:
            x, y, connect = self._arrays.feature(k)
            path = (QPainterPath() if len(x) == 0 else
                    pg.arrayToQPath(x, y, connect=connect, finiteCheck=False))
            self._paths[k] = path
        return path

    def built(self) -> int:
        """How many paths exist so far (tests)."""
        return sum(p is not None for p in self._paths)


def clipped_paths(geoms: np.ndarray, rect: tuple[float, ...],
                  tolerance: float = 0.0) -> list[QPainterPath | None]:
    """The parts of projected polygons or lines inside rect, simplified by `tolerance` map
    units, one path each (None where nothing is left)."""
    parts = shapely.clip_by_rect(np.asarray(geoms, dtype=object), *rect)
    if tolerance > 0:
        parts = shapely.simplify(parts, tolerance)
    return shape_paths(parts)


def shape_paths(geoms: np.ndarray) -> list[QPainterPath | None]:
    """One path for each projected polygon or line (None for an empty shape, a point, or the
    mixed collection a cut can leave)."""
    geoms = np.asarray(geoms, dtype=object)
    keep = np.flatnonzero(~shapely.is_empty(geoms)
                          & np.isin(shapely.get_type_id(geoms), POLYGONAL + LINEAR))
    paths: list[QPainterPath | None] = [None] * len(geoms)
    for i, path in zip(keep, FeaturePaths(path_arrays(geoms[keep])), strict=True):
        paths[i] = path
    return paths


def line_segments(geometry: shapely.Geometry) -> QPolygonF:
    """Every segment of lines (and of polygons' rings) as point pairs for QPainter.drawLines;
    points and empty parts (a cut may leave them) draw nothing."""
    parts = shapely.get_parts(geometry)
    parts = parts[np.isin(shapely.get_type_id(parts), POLYGONAL + LINEAR)
                  & ~shapely.is_empty(parts)]
    return point_pairs(path_arrays(parts).segments(np.arange(len(parts))))


def point_pairs(segments: np.ndarray) -> QPolygonF:
    """Segments ((n, 2, 2): start and end x, y) as the point pairs QPainter.drawLines takes,
    built from numpy in one go. Drawn with an opaque pen, separate segments cost a fraction of
    a wide stroke along a path with round joins (Qt's stroker), and their overlaps do not show.
    """
    if not len(segments):
        return QPolygonF()
    return pg.functions.arrayToQPolygonF(segments[..., 0].ravel(), segments[..., 1].ravel())


def draw_round_joined(painter: QPainter, pairs: QPolygonF, pen: QPen) -> None:
    """Segments (point pairs) in an opaque pen, joined round as a path would be: flat-capped
    lines (Qt's fast line rasterizer) and a round dot on every end. Round caps on the lines
    themselves cost up to ten times more on long segments."""
    pen = QPen(pen)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(pen)
    painter.drawLines(pairs)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawPoints(pairs)
