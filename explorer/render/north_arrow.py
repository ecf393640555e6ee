"""A vector north arrow pointing to true north at a map point, whatever the projection."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainter, QPainterPath

from explorer.geo.projection import Projection
from explorer.render import style
from explorer.render.text import centred_text_rect, draw_halo_text

_STEP_DEGREES = 0.01  # how far north the direction is sampled


def true_north_angle(projection: Projection, x: float, y: float) -> float:
    """The direction of true north at map point (x, y), in degrees clockwise from the map's
    up (grid north): 0 on a conic's central meridian, turning towards it on either side."""
    lon, lat = (float(v) for v in projection.inverse(x, y))
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return 0.0
    lat = min(lat, 90.0 - 2 * _STEP_DEGREES)  # step north without crossing the pole
    x1, y1 = (float(v) for v in projection.forward(lon, lat + _STEP_DEGREES))
    if not (math.isfinite(x1) and math.isfinite(y1)):
        return 0.0
    return math.degrees(math.atan2(x1 - x, y1 - y))


def north_arrow_size(scale: float = 1.0) -> QRectF:
    """The box the arrow and its panel take, at the origin (device pixels)."""
    return QRectF(0, 0, 38 * scale, 62 * scale)


def paint_north_arrow(painter: QPainter, box: QRectF, angle: float, scale: float = 1.0) -> None:
    """A two-tone arrow under an "N", turned by `angle` degrees clockwise, on a soft panel
    filling `box`; paths and text only, so SVG and PDF keep it as vectors."""
    s = scale
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(style.cosmetic_pen(style.PANEL_EDGE, 0.8 * s))
    painter.setBrush(style.PANEL)
    painter.drawRoundedRect(box, 4 * s, 4 * s)
    font = style.font(13 * s, bold=True)
    letter_centre = QPointF(box.center().x(), box.top() + 12 * s)
    _, anchor = centred_text_rect(letter_centre, "N", font)
    draw_halo_text(painter, anchor, "N", font, style.TEXT, 0)
    painter.translate(box.center().x(), box.bottom() - 22 * s)
    painter.rotate(angle)
    half, length, tail = 8 * s, 18 * s, 14 * s
    for side, fill in ((-1, style.TEXT), (1, QColor("white"))):
        path = QPainterPath(QPointF(0, -length))
        path.lineTo(side * half, tail)
        path.lineTo(0, tail * 0.55)
        path.closeSubpath()
        painter.setPen(style.cosmetic_pen(style.TEXT, 1.0 * s))
        painter.setBrush(fill)
        painter.drawPath(path)
    painter.restore()
