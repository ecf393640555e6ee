"""Picking the user's features on the map, and marking the selected ones."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter

from explorer.model.features import FeatureRef
from explorer.model.selection import Selection
from explorer.render import style
from explorer.render.basemap import outline_rect
from explorer.render.context import MapContext
from explorer.render.highlight_territory import COLOUR
from explorer.render.text import device_points
from explorer.render.user_layer_items import UserLayerItems
from explorer.render.user_layers import Z_USER_LAYERS, UserLayerItem

Z_USER_SELECTION = Z_USER_LAYERS + 5.0  # above every user layer, below the labels (100)


def _drawn(item: UserLayerItem, rows: np.ndarray) -> np.ndarray:
    return rows if item.active is None else rows[item.active[rows]]


def pick(items: UserLayerItems, x: float, y: float, tolerance: float) -> FeatureRef | None:
    """The user feature under a map point: top layer first; points, then lines, then areas."""
    for layer_id, item in reversed(list(items.items.items())):
        if not item.isVisible():
            continue
        if len(item.point_x):
            near = np.flatnonzero((item.point_x - x) ** 2 + (item.point_y - y) ** 2
                                  <= tolerance**2)
            rows = _drawn(item, item.point_features[near])
            if len(rows):
                return FeatureRef.user(layer_id, int(rows[-1]))
        for geoms, features, reach in ((item.lines, item.line_features, tolerance),
                                       (item.polygons, item.polygon_features, 0.0)):
            rows = _drawn(item, features[geoms.features_at(x, y, reach)])
            if len(rows):
                return FeatureRef.user(layer_id, int(rows[-1]))
    return None


class UserSelectionItem(pg.GraphicsObject):
    """Outlines the selected areas and lines of user layers and rings their points."""

    def __init__(self, context: MapContext, items: UserLayerItems, selection: Selection) -> None:
        super().__init__()
        self._context, self._items, self._selection = context, items, selection
        self.setZValue(Z_USER_SELECTION)
        selection.changed.connect(self._on_selection_changed)

    def _on_selection_changed(self) -> None:
        self.update()

    def boundingRect(self) -> QRectF:
        return outline_rect(self._context)

    def selected_rows(self) -> dict[str, np.ndarray]:
        """Selected rows of each user layer, by layer id."""
        rows: dict[str, list[int]] = {}
        for ref in self._selection.features:
            parsed = ref.user_row()
            if parsed is not None and parsed[0] in self._items.items:
                rows.setdefault(parsed[0], []).append(parsed[1])
        return {layer_id: np.array(sorted(r)) for layer_id, r in rows.items()}

    def paint(self, painter: QPainter, *args) -> None:
        s = self._context.scale
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for layer_id, rows in self.selected_rows().items():
            item = self._items.items[layer_id]
            if not item.isVisible():
                continue
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for pen_colour, width in ((QColor("white"), 6.0 * s), (COLOUR, 3.0 * s)):
                painter.setPen(style.cosmetic_pen(pen_colour, width))
                for kind, features in (("polygons", item.polygon_features),
                                       ("lines", item.line_features)):
                    for i in np.flatnonzero(np.isin(features, rows)):
                        painter.drawPath(item._path(kind, int(i)))
            points = np.isin(item.point_features, rows)
            if points.any():
                self._ring_points(painter, item.point_x[points], item.point_y[points], s)

    def _ring_points(self, painter: QPainter, x: np.ndarray, y: np.ndarray, s: float) -> None:
        dx, dy = device_points(painter, x, y)
        painter.save()
        painter.resetTransform()
        for pen_colour, width in ((QColor("white"), 5.0 * s), (COLOUR, 2.6 * s)):
            painter.setPen(style.cosmetic_pen(pen_colour, width))
            for px, py in zip(dx, dy, strict=True):
                painter.drawEllipse(QPointF(float(px), float(py)), 8 * s, 8 * s)
        painter.restore()
