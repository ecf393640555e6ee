"""A user layer's points: symbols by colour, or counts per cell where too dense to see apart."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF

from explorer.analysis.density import bin_points
from explorer.geo.column_index import ColumnIndex
from explorer.geo.projected_points import ProjectedPoints
from explorer.geo.projection import Projection
from explorer.model.layer_data import ViewCounts
from explorer.render.density import mix, shade
from explorer.render.themes.symbols import draw_marker

# Points in view outnumbering the view's pixels / DENSE_PIXELS cannot be seen one by one: they
# are counted into cells CELL_PX across (at scale 1) and shaded by count.
DENSE_PIXELS = 32.0
CELL_PX = 3.0
TOLERANCE = 0.01  # of a cell: the furthest an interpolated projection may put a point off


def in_view(x: np.ndarray, y: np.ndarray, index: ColumnIndex, shown: np.ndarray | None,
            rect: tuple[float, ...]) -> tuple[int, np.ndarray]:
    """Where the view's slice of the points (in `index` order) starts, and which of the slice
    lie in `rect` and are `shown` (None: all): a pan touches only the view's columns."""
    xmin, ymin, xmax, ymax = rect
    first, last = index.span(xmin, xmax)
    xs, ys = x[first:last], y[first:last]
    keep = (xs >= xmin) & (xs < xmax) & (ys > ymin) & (ys <= ymax)
    if shown is not None:
        keep &= shown[first:last]
    return first, keep


def dense_counts(points: ProjectedPoints, active: np.ndarray | None, rect: tuple[float, ...],
                 size: tuple[float, float], scale: float, indices: np.ndarray | None = None,
                 count: int = 0) -> np.ndarray | None:
    """The points of `active` features (None: all) in `rect` (map units, drawn `size` device
    px) counted per cell, when they outnumber the pixels / DENSE_PIXELS: (rows, columns)
    counts, or (count, rows, columns) with `indices`, a class per feature; None when few
    enough to draw. A big layer not yet in column order is counted by its estimate through
    an interpolated projection, if that lands within TOLERANCE of a cell of the projected
    points."""
    xmin, ymin, xmax, ymax = rect
    width, height = size
    if xmax <= xmin or ymax <= ymin:
        return None
    cell = CELL_PX * scale
    grid = (max(1, round(width / cell)), max(1, round(height / cell)))
    few = width * height / DENSE_PIXELS
    estimate = None if points.ready else points.estimate(
        TOLERANCE * min((xmax - xmin) / grid[0], (ymax - ymin) / grid[1]))
    if estimate is not None:
        counts = bin_points(*estimate, rect, grid,
                            None if indices is None else points.per_point(indices), count,
                            keep=None if active is None else points.per_point(active))
        return counts if counts.sum() > few else None
    ordered = points.ordered
    first, keep = in_view(ordered.x, ordered.y, ordered.index, points.shown(active), rect)
    if np.count_nonzero(keep) <= few:
        return None
    last = first + len(keep)
    return bin_points(ordered.x[first:last], ordered.y[first:last], rect, grid,
                      None if indices is None else indices[ordered.features[first:last]],
                      count, inside=True, keep=None if keep.all() else keep)


def looked_up(counts: ViewCounts, projection: Projection, rect: tuple[float, ...],
              size: tuple[float, float], scale: float) -> np.ndarray | None:
    """Counts made elsewhere (a database's, per cell of a lon/lat grid about as fine as this
    view's cells) shown in this view's cells: each takes the count of the cell its centre
    falls in (summing cells of two grids that cross would stripe the map); None when none."""
    cell = CELL_PX * scale
    w, h = max(1, round(size[0] / cell)), max(1, round(size[1] / cell))
    xmin, ymin, xmax, ymax = rect
    x = xmin + (np.arange(w) + 0.5) * (xmax - xmin) / w
    y = ymax - (np.arange(h) + 0.5) * (ymax - ymin) / h  # row 0 at the top, as an image
    lon, lat = projection.inverse(*np.meshgrid(x, y))
    west, south, east, north = counts.box
    rows, columns = counts.counts.shape
    with np.errstate(invalid="ignore"):
        i = np.floor((lon - west) * (columns / (east - west)))
        j = np.floor((north - lat) * (rows / (north - south)))
        inside = (i >= 0) & (i < columns) & (j >= 0) & (j < rows)
    found = np.zeros((h, w), np.int64)
    found[inside] = counts.counts[j[inside].astype(np.intp), i[inside].astype(np.intp)]
    return found if found.any() else None


def paint_counts(painter: QPainter, area: QRectF, counts: np.ndarray,
                 colours: list[QColor]) -> None:
    """Counts per cell over the device `area`: the ramp, or the categories' colours mixed."""
    image = mix(counts, colours) if counts.ndim == 3 else shade(counts)
    painter.save()
    painter.resetTransform()
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
    painter.drawImage(area, image)
    painter.restore()


def paint_symbols(painter: QPainter, dx: np.ndarray, dy: np.ndarray, cls: np.ndarray,
                  colours: list[QColor], size: float, shape: str, scale: float) -> None:
    """Points at device dx, dy grouped by colour class: round dots with a white halo in two
    drawPoints calls a colour, or markers of `shape`."""
    painter.save()
    painter.resetTransform()
    for c in np.unique(cls):
        group = cls == c
        if shape != "circle":
            for x, y in zip(dx[group], dy[group], strict=True):
                draw_marker(painter, shape, QPointF(float(x), float(y)), size * 1.4,
                            colours[c], scale)
            continue
        points = polygon_f(dx[group], dy[group])
        for pen_colour, width in ((QColor(255, 255, 255, 220), size + 2 * scale),
                                  (colours[c], size)):
            pen = QPen(pen_colour, width)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawPoints(points)
    painter.restore()


def polygon_f(x: np.ndarray, y: np.ndarray) -> QPolygonF:
    """Device points as one QPolygonF, filled through its buffer (no QPointF per point)."""
    polygon = pg.functions.create_qpolygonf(len(x))
    buffer = pg.functions.ndarray_from_qpolygonf(polygon)
    buffer[:, 0], buffer[:, 1] = x, y
    return polygon
