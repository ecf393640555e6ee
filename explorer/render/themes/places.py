"""Capitals, cities, ports, border crossings and junctions: a symbol by kind and a label,
more of them as the map zooms in."""

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
from explorer.render.themes.base import NO_BOXES, PointThemeItem, marker_boxes, point_candidate
from explorer.render.themes.marks import Mark
from explorer.render.themes.names import place_label

# kind: (drawing rank, web zoom from which it is drawn, label priority, label size, bold, italic)
KINDS = {
    "junction": (0, 6.8, 70.0, 10.0, False, False),
    "border_crossing": (1, 5.8, 45.0, 10.0, False, False),
    "city": (2, 5.0, 40.0, 11.0, False, False),
    "port": (3, 4.2, 35.0, 11.0, False, True),
    "capital": (4, 0.0, 30.0, 12.0, True, False),
}
PRIORITY_CENTRAL_ASIAN_CAPITAL = 8.0  # before the states and the themes' bases
LABEL_COLOURS = {"port": QColor("#1a5276"), "border_crossing": QColor("#7b241c"),
                 "junction": QColor("#4d5656")}


class PlacesItem(PointThemeItem):
    """Every place (places have no interval); which kinds are drawn depends on the zoom."""

    key = "places"

    def __init__(self, context: MapContext, session: Session) -> None:
        records = sorted(session.atlas.places.values(), key=lambda p: KINDS[p.kind][0])
        super().__init__(context, session, [p.id for p in records],
                         np.array([p.lon for p in records]), np.array([p.lat for p in records]))
        self._kinds = np.array([p.kind for p in records], dtype=object)
        self._min_zoom = np.array([KINDS[p.kind][1] for p in records])
        self._symbols = [symbols.place_symbol(p.kind) for p in records]
        self._sizes = np.array([symbols.PLACE_SIZES[p.kind] for p in records])
        self._labels = [place_label(p.name) for p in records]
        self._central_capital = np.array([p.kind == "capital" and p.country in style.CENTRAL_ASIA
                                          for p in records])
        self._zoom: float | None = None  # of the last frame: hit-testing matches what was drawn
        self.on_projection_changed()

    def _refresh(self) -> bool:
        return self._set_masks(np.ones(len(self.ids), bool), np.zeros(len(self.ids), bool))

    def _shown(self, painter: QPainter) -> np.ndarray:
        self._zoom = web_zoom(units_per_pixel(painter) * self._context.scale)
        return self.drawn & (self._min_zoom <= self._zoom)

    def lit(self, state: Highlight, picked: frozenset[FeatureRef]) -> np.ndarray:
        """Lit places, at any zoom (a selected town shows even where towns are not drawn)."""
        lit = state.ids(self.feature_kind)
        if not lit:
            return np.empty(0, int)
        return np.flatnonzero(np.isin(self.ids, list(lit)) & self._finite)

    def lit_marks(self, painter: QPainter, rows: np.ndarray, picked: frozenset[FeatureRef],
                  device: QRectF) -> list[Mark]:
        s = self._context.scale
        marks = []
        for i, x, y in zip(rows, *device_points(painter, self.x[rows], self.y[rows]),
                           strict=True):
            shape, colour = self._symbols[i]
            size = self._sizes[i] * s
            marks.append(Mark(QPointF(x, y), max(size * 0.9, 8 * s), shape, size, colour))
        return marks

    def hit_mask(self) -> np.ndarray:
        return self.drawn if self._zoom is None else self.drawn & (self._min_zoom <= self._zoom)

    def paint(self, painter: QPainter, *args) -> None:
        scale = self._context.scale
        idx, dx, dy = self.device_xy(painter, self._shown(painter), device_frame(self, painter),
                                     20 * scale)
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for i, x, y in zip(idx, dx, dy, strict=True):
            shape, colour = self._symbols[i]
            symbols.draw_marker(painter, shape, QPointF(x, y), self._sizes[i] * scale, colour,
                                scale)
        painter.restore()

    def label_obstacles(self, painter: QPainter) -> np.ndarray:
        idx, dx, dy = self.device_xy(painter, self._shown(painter), device_frame(self, painter))
        if not len(idx):
            return NO_BOXES
        return marker_boxes(dx, dy, self._sizes[idx] * self._context.scale / 2)

    def label_candidates(self, painter: QPainter, device: QRectF) -> list[LabelCandidate]:
        scale = self._context.scale
        idx, dx, dy = self.device_xy(painter, self._shown(painter), device)
        found = []
        for i, x, y in zip(idx, dx, dy, strict=True):
            kind = self._kinds[i]
            _, _, priority, size, bold, italic = KINDS[kind]
            if self._central_capital[i]:
                priority = PRIORITY_CENTRAL_ASIAN_CAPITAL
            found.append(point_candidate(
                self._labels[i], style.font(size * scale, bold=bold, italic=italic),
                LABEL_COLOURS.get(kind, style.LABEL), priority + i * 1e-4, x, y,
                self._sizes[i] * scale / 2, scale, str(self.ids[i])))
        return found
