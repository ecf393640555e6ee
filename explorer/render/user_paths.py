"""A user layer's lines and polygons drawn many at a time: large ones as segments, small ones
batched into one path a colour (what keeps 100,000 shapes quick to pan)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen

from explorer.geo.geometry import segments, segments_near, thin_by_length, thin_rings
from explorer.geo.projected import ProjectedGeometries
from explorer.render.paths import draw_round_joined, point_pairs
from explorer.render.translucent import paint_translucent, split_opacity

THIN_PX = 8.0  # shapes under this many device pixels are batched (and thinned to a pixel)


def paint_large(painter: QPainter, geoms: ProjectedGeometries, path: Callable[[int], QPainterPath],
                filled: bool, rows: np.ndarray, cls: np.ndarray, rect: tuple[float, ...],
                set_pen, width: float) -> None:
    """Large features on pixels, as the basemap draws countries: polygons (`filled`) filled
    without antialiasing, then their outlines (or the lines) antialiased, as segments near the
    area (a round-joined wide stroke costs Qt several times more; on a shape a few pixels
    across, the segments' antialiased ends would pile up)."""
    for c in np.unique(cls):
        group = rows[cls == c]
        set_pen(c, width)
        pen = QPen(painter.pen())
        if filled:
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(Qt.PenStyle.NoPen)
            for i in group:
                painter.drawPath(path(i))
            painter.restore()
            painter.setBrush(Qt.BrushStyle.NoBrush)
        if pen.color().alpha() < 255 or pen.style() != Qt.PenStyle.SolidLine:
            for i in group:  # translucent or dashed: segments would show their joints
                painter.drawPath(path(i))
            continue
        # a point every two pixels (the line strays less than one): 1:10m borders at a
        # regional zoom hold dozens a pixel
        pixel = 2 / abs(painter.transform().m11())
        found = segments(*thin_by_length(*geoms.arrays.features(group), pixel))
        draw_round_joined(painter, point_pairs(segments_near(found, rect)), pen)


def paint_batched(painter: QPainter, geoms: ProjectedGeometries, rows: np.ndarray,
                  cls: np.ndarray, set_pen) -> None:
    """Features a few pixels across, one path a colour: Qt fills thousands of rings in one
    path without antialiasing fast, and the antialiased one-pixel outline on top smooths
    the edges; antialiased fills of such paths take ten times longer."""
    for c in np.unique(cls):
        # a point every pixel or so is all such a shape shows
        x, y, connect = thin_rings(*geoms.arrays.features(rows[cls == c]), round(THIN_PX))
        path = pg.arrayToQPath(x, y, connect=connect, finiteCheck=False)
        path.setFillRule(Qt.FillRule.WindingFill)
        set_pen(c, 1.0)
        if painter.brush().style() != Qt.BrushStyle.NoBrush:
            fill, opacity = split_opacity(painter.brush().color())

            def draw(layer: QPainter, path=path, fill=fill) -> None:
                layer.setRenderHint(QPainter.RenderHint.Antialiasing, False)
                layer.setPen(Qt.PenStyle.NoPen)
                layer.setBrush(fill)
                layer.drawPath(path)

            # opaque on a layer laid over at the fill's opacity: half the time
            paint_translucent(painter, painter.transform().mapRect(path.boundingRect()),
                              opacity, draw)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
