"""Country names placed by zoom (Natural Earth's label points and ranks), never overlapping."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter

from explorer.geo.lod import web_zoom
from explorer.io.basemap import read_level
from explorer.render import style
from explorer.render.basemap import outline_rect
from explorer.render.context import MapContext, device_frame, units_per_pixel
from explorer.render.text import LabelPlacer, centred_text_rect, device_points, draw_halo_text

# Natural Earth's MIN_LABEL is the web zoom a name first fits at; our screens show a bit more.
_ZOOM_ALLOWANCE = 1.0


class CountryLabelItem(pg.GraphicsObject):
    """Country names; the five Central Asian states in bold and first in line."""

    def __init__(self, context: MapContext) -> None:
        super().__init__()
        self._context = context
        frame = read_level("countries_z0", geometry=False)
        emphasis = frame["iso_a3"].isin(style.CENTRAL_ASIA).to_numpy()
        order = np.lexsort(
            (frame["min_label"].to_numpy(), frame["labelrank"].to_numpy(), ~emphasis))
        self._names = frame["name"].to_numpy()[order]
        self._min_zoom = frame["min_label"].to_numpy(float)[order]
        self._emphasis = emphasis[order]
        self._lon = frame["label_x"].to_numpy(float)[order]
        self._lat = frame["label_y"].to_numpy(float)[order]
        self.on_projection_changed()

    def on_projection_changed(self) -> None:
        self.prepareGeometryChange()
        self._x, self._y = self._context.projection.forward(self._lon, self._lat)
        self.update()

    def boundingRect(self) -> QRectF:
        return outline_rect(self._context)

    def paint(self, painter: QPainter, *args) -> None:
        scale = self._context.scale
        zoom = web_zoom(units_per_pixel(painter) * scale)
        shown = np.flatnonzero((self._min_zoom <= zoom + _ZOOM_ALLOWANCE)
                               & np.isfinite(self._x) & np.isfinite(self._y))
        dx, dy = device_points(painter, self._x[shown], self._y[shown])
        painter.save()
        device = device_frame(self, painter)
        painter.resetTransform()
        placer = LabelPlacer(device, padding=4 * scale)
        regular, bold = style.font(11 * scale), style.font(13 * scale, bold=True)
        for k, i in enumerate(shown):
            font = bold if self._emphasis[i] else regular
            name = str(self._names[i])
            rect, anchor = centred_text_rect(QPointF(dx[k], dy[k]), name, font)
            if placer.try_place(rect):
                color = style.LABEL_EMPHASIS if self._emphasis[i] else style.LABEL
                draw_halo_text(painter, anchor, name, font, color, halo=2.5 * scale)
        painter.restore()
