"""Items fixed to the map frame rather than the map: the scale bar and the attribution."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter

from explorer.render import style
from explorer.render.context import MapContext
from explorer.render.text import draw_halo_text

_NICE = (1, 2, 5)
SCALE_BAR_ROOM = 200.0  # px (at scale 1) of the frame's bottom left kept for the scale bar


def nice_length(max_metres: float) -> float:
    """The largest 1, 2 or 5 × 10^k metres that fits in max_metres."""
    if not math.isfinite(max_metres) or max_metres <= 0:
        return 0.0
    exponent = math.floor(math.log10(max_metres))
    best = 0.0
    for e in (exponent - 1, exponent):
        for m in _NICE:
            value = m * 10.0**e
            if value <= max_metres:
                best = max(best, value)
    return best


def format_distance(metres: float) -> str:
    return f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"


def metres_per_pixel(viewbox: pg.ViewBox, context: MapContext) -> float:
    """Ground metres per device pixel at the centre of the view."""
    rect = viewbox.viewRect()
    width = viewbox.width()
    if width <= 0 or rect.width() <= 0:
        return float("nan")
    centre = rect.center()
    return rect.width() / width * context.projection.metres_per_unit(centre.x(), centre.y())


class ViewFrameItem(pg.GraphicsObject):
    """Painted in a view box's own pixel frame (a child of the view box, not of its data
    group), so sizes are device pixels; repainted whenever the view moves or resizes."""

    def __init__(self, viewbox: pg.ViewBox, z: float) -> None:
        super().__init__()
        self.setParentItem(viewbox)
        self.setZValue(z)
        self._viewbox = viewbox
        viewbox.sigTransformChanged.connect(self._on_transform_changed)
        viewbox.sigResized.connect(self._on_resized)

    def _on_transform_changed(self, *args) -> None:
        self.update()

    def _on_resized(self, *args) -> None:
        self.prepareGeometryChange()
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(self._viewbox.rect())


class FrameItem(ViewFrameItem):
    """Base of the map's overlays (scale bar, attribution, date stamp), above everything."""

    def __init__(self, viewbox: pg.ViewBox, context: MapContext) -> None:
        super().__init__(viewbox, 1000)
        self._context = context


class ScaleBarItem(FrameItem):
    """A scale bar, bottom left, true at the centre of the view whatever the zoom."""

    def paint(self, painter: QPainter, *args) -> None:
        s = self._context.scale
        mpp = metres_per_pixel(self._viewbox, self._context)
        length = nice_length(mpp * 160 * s)
        if length <= 0:
            return
        px = length / mpp
        frame = self._viewbox.rect()
        x0, y0 = frame.left() + 14 * s, frame.bottom() - 16 * s
        height = 6 * s
        font = style.font(11 * s)
        text_height = QFontMetricsF(font).height()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        _panel(painter, QRectF(x0 - 8 * s, y0 - height - 9 * s - text_height,
                               px + 16 * s, height + 17 * s + text_height), s)
        painter.setPen(style.cosmetic_pen(style.TEXT, 1.0 * s))
        for k in range(4):
            painter.setBrush(style.TEXT if k % 2 == 0 else style.HALO)
            painter.drawRect(QRectF(x0 + k * px / 4, y0 - height, px / 4, height))
        text = format_distance(length)
        width = QFontMetricsF(font).horizontalAdvance(text)
        draw_halo_text(painter, QPointF(x0 + px - width, y0 - height - 5 * s), text, font,
                       style.TEXT, 3 * s)
        draw_halo_text(painter, QPointF(x0, y0 - height - 5 * s), "0", font, style.TEXT, 3 * s)


class DateStampItem(FrameItem):
    """The date the map shows, top left, large enough to read on a slide."""

    def __init__(self, viewbox: pg.ViewBox, context: MapContext, text: str = "") -> None:
        super().__init__(viewbox, context)
        self.text = text

    def set_text(self, text: str) -> None:
        self.text = text
        self.update()

    def paint(self, painter: QPainter, *args) -> None:
        if not self.text:
            return
        s = self._context.scale
        font = style.font(20 * s, bold=True)
        metrics = QFontMetricsF(font)
        frame = self._viewbox.rect()
        anchor = QPointF(frame.left() + 14 * s, frame.top() + 12 * s + metrics.ascent())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        _panel(painter, QRectF(anchor.x() - 8 * s, anchor.y() - metrics.ascent() - 6 * s,
                               metrics.horizontalAdvance(self.text) + 16 * s,
                               metrics.height() + 12 * s), s)
        draw_halo_text(painter, anchor, self.text, font, style.TEXT, 0)


class AttributionItem(FrameItem):
    """The data credit, small, bottom right."""

    def __init__(self, viewbox: pg.ViewBox, context: MapContext, text: str) -> None:
        super().__init__(viewbox, context)
        self.text = text

    def paint(self, painter: QPainter, *args) -> None:
        s = self._context.scale
        font = style.font(10 * s)
        metrics = QFontMetricsF(font)
        frame = self._viewbox.rect()
        # On a small map the credit is cut short rather than run over the scale bar.
        text = metrics.elidedText(self.text, Qt.TextElideMode.ElideRight,
                                  frame.width() - SCALE_BAR_ROOM * s)
        width = metrics.horizontalAdvance(text)
        anchor = QPointF(frame.right() - width - 8 * s, frame.bottom() - 7 * s)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        _panel(painter, QRectF(anchor.x() - 5 * s, anchor.y() - metrics.ascent() - 3 * s,
                               width + 10 * s, metrics.height() + 6 * s), s)
        draw_halo_text(painter, anchor, text, font, style.TEXT, 3 * s)


def _panel(painter: QPainter, rect: QRectF, s: float) -> None:
    """A soft white backing that keeps an overlay readable over any map."""
    painter.setPen(style.cosmetic_pen(style.PANEL_EDGE, 0.8 * s))
    painter.setBrush(style.PANEL)
    painter.drawRoundedRect(rect, 4 * s, 4 * s)
