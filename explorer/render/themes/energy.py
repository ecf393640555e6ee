"""Energy sites: a symbol per kind (dams, plants, fields…), hollow and dashed while planned,
being built or halted, labelled with the site's name."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainter

from explorer.analysis.links import Highlight
from explorer.model.atlas_themes.energy import SYMBOLS
from explorer.model.features import FeatureRef
from explorer.model.session import Session
from explorer.model.theme_style import theme_style
from explorer.render import style
from explorer.render.context import MapContext, device_frame
from explorer.render.label_spots import LabelCandidate
from explorer.render.themes import symbols
from explorer.render.themes.base import (
    FAINT,
    NO_BOXES,
    PointThemeItem,
    marker_boxes,
    point_candidate,
)
from explorer.render.themes.marks import Mark
from explorer.render.themes.names import place_label
from explorer.render.themes.timing import Intervals

PRIORITY = 20.0  # after the bases' labels, before the routes'
SIZE = 10.0  # px at scale 1


class EnergyItem(PointThemeItem):
    """The energy sites in their status on the date; with history on, the others faint."""

    key = "energy"

    def __init__(self, context: MapContext, session: Session) -> None:
        hidden = theme_style().hidden_statuses
        records = [s for s in session.atlas.energy_sites.values() if s.status not in hidden]
        super().__init__(context, session, [s.id for s in records],
                         np.array([s.lon for s in records]), np.array([s.lat for s in records]))
        self._shapes = [SYMBOLS[s.kind][0] for s in records]
        self._colours = [QColor(SYMBOLS[s.kind][1]) for s in records]
        self._hollow = np.array([s.status != "operating" for s in records], bool)
        self._labels = [place_label(s.name) for s in records]
        self._intervals = Intervals.of(records)
        self.on_projection_changed()

    def _refresh(self) -> bool:
        active = self._intervals.active(self.session.date)
        faint = ~active if self.session.themes.show_history else np.zeros_like(active)
        return self._set_masks(active, faint)

    def _size(self) -> float:
        return SIZE * self._context.scale

    def paint(self, painter: QPainter, *args) -> None:
        device = device_frame(self, painter)
        size = self._size()
        layers = [(self.device_xy(painter, mask, device, size), alpha)
                  for mask, alpha in ((self.faint, FAINT), (self.drawn, 1.0))]
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        opacity = painter.opacity()
        for (idx, dx, dy), alpha in layers:
            painter.setOpacity(opacity * alpha)
            for i, x, y in zip(idx, dx, dy, strict=True):
                symbols.draw_marker(painter, self._shapes[i], QPointF(x, y), size,
                                    self._colours[i], self._context.scale,
                                    hollow=bool(self._hollow[i]))
        painter.restore()

    def lit(self, state: Highlight, picked: frozenset[FeatureRef]) -> np.ndarray:
        return self._drawn_rows(state.ids(self.feature_kind))

    def lit_marks(self, painter: QPainter, rows: np.ndarray, picked: frozenset[FeatureRef],
                  device: QRectF) -> list[Mark]:
        """A ring round each lit site's symbol."""
        chosen = {f.id for f in picked if f.kind == self.feature_kind}
        mask = np.zeros(len(self.ids), bool)
        mask[rows] = True
        size = self._size()
        idx, dx, dy = self.device_xy(painter, mask, device, 2 * size)
        return [Mark(QPointF(x, y), size * 0.85, self._shapes[i], size, self._colours[i],
                     bool(self.faint[i] or self._hollow[i]), str(self.ids[i]) in chosen)
                for i, x, y in zip(idx, dx, dy, strict=True)]

    def label_obstacles(self, painter: QPainter) -> np.ndarray:
        idx, dx, dy = self.device_xy(painter, self.drawn, device_frame(self, painter))
        return marker_boxes(dx, dy, self._size() / 2) if len(idx) else NO_BOXES

    def label_candidates(self, painter: QPainter, device: QRectF) -> list[LabelCandidate]:
        font = style.font(10.5 * self._context.scale)
        idx, dx, dy = self.device_xy(painter, self.drawn, device)
        return [point_candidate(self._labels[i], font, self._colours[i].darker(130),
                                PRIORITY + i * 1e-4, x, y, self._size() / 2, self._context.scale,
                                str(self.ids[i]))
                for i, x, y in zip(idx, dx, dy, strict=True)]
