"""Military and space bases: a triangle in the operator's colour, labelled with a short name."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainter

from explorer.analysis.links import Highlight
from explorer.geo.lod import web_zoom
from explorer.model.features import FeatureRef
from explorer.model.session import Session
from explorer.render import style
from explorer.render.context import MapContext, device_frame, units_per_pixel
from explorer.render.label_spots import LabelCandidate
from explorer.render.text import device_points
from explorer.render.themes import symbols
from explorer.render.themes.base import (
    FAINT,
    NO_BOXES,
    PointThemeItem,
    marker_boxes,
    point_candidate,
)
from explorer.render.themes.marks import Mark
from explorer.render.themes.names import base_label
from explorer.render.themes.places import KINDS
from explorer.render.themes.timing import Intervals

PRIORITY = 10.0
PRIORITY_HISTORY = 90.0
HISTORY_LABEL = QColor("#6b6b6b")


class BasesItem(PointThemeItem):
    """The bases in force on the date; with history on, the others faint."""

    key = "bases"

    def __init__(self, context: MapContext, session: Session) -> None:
        records = list(session.atlas.bases.values())
        super().__init__(context, session, [b.id for b in records],
                         np.array([b.lon for b in records]), np.array([b.lat for b in records]))
        self._intervals = Intervals.of(records)
        self._colours = [symbols.operator_colour(b.operator) for b in records]
        self._labels = [b.short_name or base_label(b.name) for b in records]
        # A base next to a town would hide under the town's symbol: each base's nearest place.
        places = list(session.atlas.places.values())
        lonlat = np.array([(p.lon, p.lat) for p in places]).reshape(-1, 2)
        nearest = np.argmin(np.hypot(self._lon[:, None] - lonlat[None, :, 0],
                                     self._lat[:, None] - lonlat[None, :, 1]), axis=1)
        self._place_lon, self._place_lat = lonlat[nearest, 0], lonlat[nearest, 1]
        self._place_zoom = np.array([KINDS[places[k].kind][1] for k in nearest])
        self.on_projection_changed()

    def _project(self) -> None:
        super()._project()
        self._place_x, self._place_y = self._context.projection.forward(self._place_lon,
                                                                        self._place_lat)

    def _refresh(self) -> bool:
        active = self._intervals.active(self.session.date)
        faint = ~active if self.session.themes.show_history else np.zeros_like(active)
        return self._set_masks(active, faint)

    def _size(self) -> float:
        return symbols.BASE_SIZE * self._context.scale

    def _symbols_xy(self, painter: QPainter, mask: np.ndarray, device: QRectF,
                    margin: float = 0.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Where the symbols go in device pixels: on the point or, when a town's symbol drawn at
        this zoom would cover it, pushed just clear of that symbol."""
        idx, dx, dy = self.device_xy(painter, mask, device, margin)
        px, py = device_points(painter, self._place_x[idx], self._place_y[idx])
        zoom = web_zoom(units_per_pixel(painter) * self._context.scale)
        away_x, away_y = dx - px, dy - py
        distance = np.hypot(away_x, away_y)
        clear = self._size() * 0.95
        crowded = (distance < clear) & (self._place_zoom[idx] <= zoom)
        ux = np.where(distance > 1.0, away_x / np.maximum(distance, 1e-9), 1.0)
        uy = np.where(distance > 1.0, away_y / np.maximum(distance, 1e-9), 0.0)
        return (idx, np.where(crowded, px + ux * clear, dx),
                np.where(crowded, py + uy * clear, dy))

    def paint(self, painter: QPainter, *args) -> None:
        device = device_frame(self, painter)
        size = self._size()
        layers = [(self._symbols_xy(painter, mask, device, size), alpha, dashed)
                  for mask, alpha, dashed in ((self.faint, FAINT, True), (self.drawn, 1.0, False))]
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        opacity = painter.opacity()
        for (idx, dx, dy), alpha, dashed in layers:
            painter.setOpacity(opacity * alpha)
            for i, x, y in zip(idx, dx, dy, strict=True):
                symbols.draw_marker(painter, "triangle", QPointF(x, y), size, self._colours[i],
                                    self._context.scale, dashed)
        painter.restore()

    def lit(self, state: Highlight, picked: frozenset[FeatureRef]) -> np.ndarray:
        return self._drawn_rows(state.ids(self.feature_kind))

    def lit_marks(self, painter: QPainter, rows: np.ndarray, picked: frozenset[FeatureRef],
                  device: QRectF) -> list[Mark]:
        """A ring round each lit base's triangle, where this item put it."""
        if not len(rows):
            return []
        chosen = {f.id for f in picked if f.kind == self.feature_kind}
        mask = np.zeros(len(self.ids), bool)
        mask[rows] = True
        size = self._size()
        idx, dx, dy = self._symbols_xy(painter, mask, device, 2 * size)
        return [Mark(QPointF(x, y), size * 0.85, "triangle", size, self._colours[i],
                     bool(self.faint[i]), str(self.ids[i]) in chosen)
                for i, x, y in zip(idx, dx, dy, strict=True)]

    def label_obstacles(self, painter: QPainter) -> np.ndarray:
        idx, dx, dy = self._symbols_xy(painter, self.drawn, device_frame(self, painter))
        return marker_boxes(dx, dy, self._size() / 2) if len(idx) else NO_BOXES

    def label_candidates(self, painter: QPainter, device: QRectF) -> list[LabelCandidate]:
        found = []
        for mask, priority, italic in ((self.drawn, PRIORITY, False),
                                       (self.faint, PRIORITY_HISTORY, True)):
            font = style.font(11 * self._context.scale, bold=not italic, italic=italic)
            idx, dx, dy = self._symbols_xy(painter, mask, device)
            for i, x, y in zip(idx, dx, dy, strict=True):
                colour = HISTORY_LABEL if italic else self._colours[i].darker(125)
                found.append(point_candidate(self._labels[i], font, colour, priority + i * 1e-4,
                                             x, y, self._size() / 2, self._context.scale,
                                             str(self.ids[i])))
        return found

