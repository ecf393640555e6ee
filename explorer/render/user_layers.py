"""The user's own layers on the map: polygons, lines and points in one colour per layer."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from shapely import GeometryType

from explorer.geo.projected import ProjectedGeometries
from explorer.model.user_layers import UserLayer, UserLayers
from explorer.render import style
from explorer.render.basemap import outline_rect
from explorer.render.context import MapContext, device_frame, visible_map_rect
from explorer.render.paths import feature_paths
from explorer.render.text import device_points

Z_USER_LAYERS = 40.0  # above the atlas themes (10 + position), below the highlight (50)
_POLYGONS = (GeometryType.POLYGON, GeometryType.MULTIPOLYGON)
_LINES = (GeometryType.LINESTRING, GeometryType.MULTILINESTRING)
_POINTS = (GeometryType.POINT, GeometryType.MULTIPOINT)
FILL_ALPHA = 0.35


class UserLayerItem(pg.GraphicsObject):
    """One user layer, projected once per projection; style changes only repaint."""

    def __init__(self, context: MapContext, layer: UserLayer) -> None:
        super().__init__()
        self._context = context
        self.layer = layer
        self.on_projection_changed()
        self.setVisible(layer.style.visible)
        self.setOpacity(layer.style.opacity)
        layer.style.events.connect(self._on_style_changed)

    def on_projection_changed(self) -> None:
        self.prepareGeometryChange()
        geoms = np.asarray(self.layer.frame.geometry.values, dtype=object)
        kinds = shapely.get_type_id(geoms)
        projection = self._context.projection
        self.polygons = ProjectedGeometries(geoms[np.isin(kinds, _POLYGONS)], projection)
        self.lines = ProjectedGeometries(geoms[np.isin(kinds, _LINES)], projection)
        self._polygon_paths = feature_paths(self.polygons.arrays) if len(self.polygons) else []
        self._line_paths = feature_paths(self.lines.arrays) if len(self.lines) else []
        lonlat = shapely.get_coordinates(geoms[np.isin(kinds, _POINTS)])
        x, y = projection.forward(lonlat[:, 0], lonlat[:, 1])
        finite = np.isfinite(x) & np.isfinite(y)
        self.point_x, self.point_y = x[finite], y[finite]
        self.update()

    def _on_style_changed(self, *args) -> None:
        self.setVisible(self.layer.style.visible)
        self.setOpacity(self.layer.style.opacity)
        self.update()

    def boundingRect(self) -> QRectF:
        return outline_rect(self._context)

    def paint(self, painter: QPainter, *args) -> None:
        s, st = self._context.scale, self.layer.style
        colour = QColor(st.colour)
        rect = visible_map_rect(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self._polygon_paths:
            fill = QColor(colour)
            fill.setAlphaF(FILL_ALPHA)
            painter.setBrush(fill)
            painter.setPen(style.cosmetic_pen(colour, 1.2 * s))
            for i in self.polygons.visible(*rect):
                painter.drawPath(self._polygon_paths[i])
        if self._line_paths:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(style.cosmetic_pen(colour, st.line_width * s))
            for i in self.lines.visible(*rect):
                painter.drawPath(self._line_paths[i])
        if len(self.point_x):
            self._paint_points(painter, colour, st.point_size * s)

    def _paint_points(self, painter: QPainter, colour: QColor, size: float) -> None:
        """Every visible point as one round dot on a white rim, in two vectorized calls."""
        dx, dy = device_points(painter, self.point_x, self.point_y)
        frame = device_frame(self, painter).adjusted(-size, -size, size, size)
        inside = ((dx >= frame.left()) & (dx <= frame.right()) & (dy >= frame.top())
                  & (dy <= frame.bottom()))
        points = [QPointF(float(x), float(y)) for x, y in zip(dx[inside], dy[inside],
                                                              strict=True)]
        if not points:
            return
        painter.save()
        painter.resetTransform()
        for pen_colour, width in ((QColor(255, 255, 255, 220), size + 2 * self._context.scale),
                                  (colour, size)):
            pen = QPen(pen_colour, width)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawPoints(points)
        painter.restore()


class UserLayerItems:
    """Keeps one UserLayerItem per layer of the session in the view box, in order."""

    def __init__(self, context: MapContext, layers: UserLayers, viewbox: pg.ViewBox) -> None:
        self._context, self._viewbox = context, viewbox
        self.items: dict[str, UserLayerItem] = {}
        for layer in layers:
            self._on_added(layer)
        layers.added.connect(self._on_added)
        layers.removed.connect(self._on_removed)

    def _on_added(self, layer: UserLayer) -> None:
        item = UserLayerItem(self._context, layer)
        item.setZValue(Z_USER_LAYERS + len(self.items) * 0.01)
        self.items[layer.id] = item
        self._viewbox.addItem(item, ignoreBounds=True)

    def _on_removed(self, layer: UserLayer) -> None:
        item = self.items.pop(layer.id, None)
        if item is not None:
            self._viewbox.removeItem(item)

    def on_projection_changed(self) -> None:
        for item in self.items.values():
            item.on_projection_changed()
