"""Meridians and parallels at a spacing that suits the zoom, labelled at the map's edges."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyqtgraph as pg
import shapely
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF, QPainter, QPen

from explorer.geo.projected import ProjectedGeometries
from explorer.geo.projection import Projection
from explorer.render import style
from explorer.render.basemap import outline_rect
from explorer.render.collision import LabelPlacer
from explorer.render.context import (
    MapContext,
    device_frame,
    device_map_rect,
    is_raster,
    units_per_pixel,
    visible_map_rect,
)
from explorer.render.paths import FeaturePaths, clipped_paths, draw_round_joined, line_segments
from explorer.render.text import centred_text_rect, device_points, draw_halo_text
from explorer.render.translucent import paint_translucent, split_opacity

STEPS = (1, 2, 5, 10, 15, 30)
_MIN_SPACING_PX = 90.0
# Degrees between the points of a curved line: its step, at most 2°. Lines stay ~90 px apart,
# so a point every step keeps a chord within a fifth of a pixel of the curve.
_MAX_DENSIFY = 2.0


def graticule_step(units_per_pixel: float) -> int:
    """The finest spacing in degrees whose lines stay at least ~90 px apart."""
    degrees_per_pixel = units_per_pixel / 111_320.0
    for step in STEPS:
        if step / degrees_per_pixel >= _MIN_SPACING_PX:
            return step
    return STEPS[-1]


def degree_label(value: float, positive: str, negative: str) -> str:
    value = (value + 180.0) % 360.0 - 180.0 if positive == "E" else value
    if abs(value) < 1e-9 or abs(abs(value) - 180.0) < 1e-9:
        return f"{abs(value):g}°"
    return f"{abs(value):g}°{positive if value > 0 else negative}"


@dataclass
class _Lines:
    geoms: ProjectedGeometries
    paths: FeaturePaths
    labels: list[str]
    is_meridian: np.ndarray


def graticule_lines(step: int, projection: Projection) -> tuple[np.ndarray, list[str],
                                                                np.ndarray]:
    """Lon/lat linestrings of meridians and parallels every `step` degrees, densified where
    the projection curves them, built within its domain (parallels in a piece per domain
    box): nothing to cut."""
    south, north = projection.lat_range
    boxes = projection.domain_boxes
    lats = np.arange(-90 + step, 90, step, dtype=float)
    lats = lats[(lats > south) & (lats < north)]
    lons = np.arange(-180, 180, step, dtype=float)
    lons = lons[((lons[:, None] >= boxes[:, 0]) & (lons[:, None] <= boxes[:, 2])).any(axis=1)]
    densify = min(float(step), _MAX_DENSIFY)
    first, last = max(south, -89.9), min(north, 89.9)
    lat_samples = np.r_[np.arange(first, last, densify), last]
    if projection.straight_meridians:
        lat_samples = lat_samples[[0, -1]]
    meridians = shapely.linestrings(np.stack(np.broadcast_arrays(
        lons[:, None], lat_samples[None, :]), axis=-1))
    parallels = [shapely.linestrings(np.stack(np.broadcast_arrays(
        samples[None, :], lats[:, None]), axis=-1))
        for samples in (np.array([west, east]) if projection.straight_parallels
                        else np.r_[np.arange(west, east, densify), east]
                        for west, _, east, _ in boxes)
        if len(lats)]
    labels = ([degree_label(v, "E", "W") for v in lons]
              + [degree_label(v, "N", "S") for v in lats] * len(parallels))
    is_meridian = np.r_[np.ones(len(lons), bool), np.zeros(len(lats) * len(parallels), bool)]
    return np.concatenate([meridians, *parallels]), labels, is_meridian


@lru_cache(maxsize=16)
def projected_lines(step: int, projection: Projection) -> _Lines:
    """The graticule every `step` degrees, projected once per process and projection."""
    geoms, labels, is_meridian = graticule_lines(step, projection)
    projected = ProjectedGeometries(geoms, projection)
    return _Lines(projected, FeaturePaths(projected.arrays), labels, is_meridian)


class GraticuleItem(pg.GraphicsObject):
    """Graticule lines under the labels (GraticuleLabelsItem writes their degrees)."""

    def __init__(self, context: MapContext) -> None:
        super().__init__()
        self._context = context

    def on_projection_changed(self) -> None:
        self.prepareGeometryChange()
        self.update()

    def boundingRect(self) -> QRectF:
        return outline_rect(self._context)

    def lines_for(self, painter: QPainter) -> _Lines:
        """The lines at the spacing that suits the painter's zoom."""
        step = graticule_step(units_per_pixel(painter) * self._context.scale)
        return projected_lines(step, self._context.projection)

    def paint(self, painter: QPainter, *args) -> None:
        lines = self.lines_for(painter)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = style.cosmetic_pen(style.GRATICULE, 0.8 * self._context.scale)
        painter.setPen(pen)
        painter.setBrush(pg.mkBrush(None))
        rect = device_map_rect(painter)
        visible = lines.geoms.visible(*rect)
        if is_raster(painter) and pen.widthF() > 1:  # a high-dpi export: see _paint_wide
            self._paint_wide(painter, lines, visible, rect, pen)
            return
        if is_raster(painter):
            paths = [lines.paths[i] for i in visible]
        else:  # SVG, PDF: cut to the page, not whole circles of the globe
            paths = clipped_paths(lines.geoms.geoms[visible], rect, units_per_pixel(painter) / 3)
        for path in paths:
            if path is not None:
                painter.drawPath(path)


    @staticmethod
    def _paint_wide(painter: QPainter, lines: _Lines, visible: np.ndarray,
                    rect: tuple[float, ...], pen: QPen) -> None:
        """Wide translucent lines as opaque segments on a layer laid over at the pen's opacity
        (Qt strokes wide round-joined paths slowly, translucent ones slower still)."""
        # cut to the area: a meridian drawn from its two ends runs far past it
        found = line_segments(shapely.clip_by_rect(lines.geoms.geoms[visible], *rect))
        colour, opacity = split_opacity(pen.color())
        opaque = QPen(pen)
        opaque.setColor(colour)

        def draw(layer: QPainter) -> None:
            draw_round_joined(layer, found, opaque)

        paint_translucent(painter, painter.transform().mapRect(QRectF(
            rect[0], rect[1], rect[2] - rect[0], rect[3] - rect[1])), opacity, draw)


class GraticuleLabelsItem(pg.GraphicsObject):
    """The graticule's degree labels along the view's edges, placed afresh every frame: they
    stay out of the basemap's raster cache, whose image moves with a pan. `reserved(device)`
    gives the (k, 4) boxes of the frame's furniture (the date stamp…) they keep clear of."""

    def __init__(self, context: MapContext, graticule: GraticuleItem,
                 reserved: Callable[[QRectF], np.ndarray] | None = None) -> None:
        super().__init__()
        self._context, self._graticule = context, graticule
        self.reserved = reserved

    def boundingRect(self) -> QRectF:
        return outline_rect(self._context)

    def paint(self, painter: QPainter, *args) -> None:
        if self._graticule.isVisible():
            lines = self._graticule.lines_for(painter)
            self._paint_edge_labels(painter, lines, lines.geoms.visible(*visible_map_rect(self)))

    def _paint_edge_labels(self, painter: QPainter, lines: _Lines, visible: np.ndarray) -> None:
        """Meridians labelled along the top edge, parallels along the left edge."""
        scale = self._context.scale
        device = device_frame(self, painter)
        margin = 12 * scale
        top, left = device.top() + margin, device.left() + margin
        font = style.font(10 * scale)
        metrics = QFontMetricsF(font)
        placements = []
        for i, at in zip(*_edge_crossings(painter, lines, visible, top, left), strict=True):
            text = lines.labels[i]
            point = (QPointF(at, top) if lines.is_meridian[i]
                     else QPointF(left + metrics.horizontalAdvance(text) / 2, at))
            if device.contains(point):
                placements.append((point, text))
        painter.save()
        painter.resetTransform()
        placer = LabelPlacer(device)
        furniture = np.empty((0, 4)) if self.reserved is None else self.reserved(device)
        if len(furniture):
            placer.block(furniture)
        for point, text in placements:
            rect, anchor = centred_text_rect(point, text, font)
            if placer.try_place(rect):
                draw_halo_text(painter, anchor, text, font, style.GRATICULE_LABEL, 2.5 * scale)
        painter.restore()


def _edge_crossings(painter: QPainter, lines: _Lines, rows: np.ndarray, top: float,
                    left: float) -> tuple[np.ndarray, np.ndarray]:
    """Where each line first crosses its edge (meridians the top, parallels the left), all the
    lines at once: the rows that cross, and the other device coordinate there."""
    arrays = lines.geoms.arrays
    x, y, connect = arrays.features(rows)
    owner = np.repeat(np.arange(len(rows)), arrays.starts[rows + 1] - arrays.starts[rows])
    dx, dy = device_points(painter, x, y)
    meridian = lines.is_meridian[rows][owner]
    along, other = np.where(meridian, dy, dx), np.where(meridian, dx, dy)
    level = np.where(meridian, top, left)
    side = np.sign(along - level)
    # segments that `connect` marks as breaks between parts are no lines and never cross
    k = np.flatnonzero((side[:-1] * side[1:] < 0) & (connect[:-1] != 0)
                       & (owner[:-1] == owner[1:]))
    crossed, first = np.unique(owner[k], return_index=True)
    k = k[first]
    t = (level[k] - along[k]) / (along[k + 1] - along[k])
    return rows[crossed], other[k] + t * (other[k + 1] - other[k])
