"""The themes' symbols and pens (markers, routes, events), shared by the map and the legend."""

from __future__ import annotations

import math
from functools import cache

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QTransform

from explorer.model.theme_style import theme_style
from explorer.render import style

# --- markers (device pixels, centred on the point) ---------------------------------------------
BASE_SIZE = 11.0  # px at scale 1: the triangle's height
PLACE_SIZES = {"capital": 11.0, "city": 6.5, "port": 10.0, "border_crossing": 8.0,
               "junction": 5.0}
EVENT_RADIUS = 8.0
OUTLINE = QColor(255, 255, 255, 235)


def _polygon(points: list[tuple[float, float]]) -> QPainterPath:
    path = QPainterPath(QPointF(*points[0]))
    for p in points[1:]:
        path.lineTo(QPointF(*p))
    path.closeSubpath()
    return path


@cache
def marker_path(shape: str) -> QPainterPath:
    """A symbol of unit size (its extent is about -0.5..0.5) centred on the origin."""
    if shape == "star":
        pts = [((0.5 if k % 2 == 0 else 0.21) * math.sin(k * math.pi / 5),
                -(0.5 if k % 2 == 0 else 0.21) * math.cos(k * math.pi / 5)) for k in range(10)]
        return _polygon([(x, y + 0.04) for x, y in pts])
    if shape == "diamond":
        return _polygon([(0, -0.5), (0.5, 0), (0, 0.5), (-0.5, 0)])
    if shape == "square":
        return _polygon([(-0.42, -0.42), (0.42, -0.42), (0.42, 0.42), (-0.42, 0.42)])
    if shape == "triangle":
        return _polygon([(0, -0.55), (0.52, 0.38), (-0.52, 0.38)])
    path = QPainterPath()
    path.addEllipse(QPointF(0, 0), 0.5, 0.5)
    return path


@cache
def _anchor_strokes() -> QPainterPath:
    path = QPainterPath()
    path.addEllipse(QPointF(0, -0.3), 0.09, 0.09)
    path.moveTo(0, -0.21)
    path.lineTo(0, 0.33)
    path.moveTo(-0.17, -0.1)
    path.lineTo(0.17, -0.1)
    path.moveTo(-0.3, 0.08)
    path.quadTo(-0.26, 0.33, 0, 0.33)
    path.quadTo(0.26, 0.33, 0.3, 0.08)
    return path


def draw_marker(painter: QPainter, shape: str, centre: QPointF, size: float, colour: QColor,
                scale: float = 1.0, dashed: bool = False, hollow: bool = False) -> None:
    """One symbol in device pixels: filled in colour with a white rim (an anchor on a disc);
    `hollow`: white inside a dashed rim in the colour (what is not yet, or no longer, working)."""
    transform = QTransform.fromTranslate(centre.x(), centre.y()).scale(size, size)
    outline = QPen(OUTLINE, 1.3 * scale, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
    outline.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if shape == "anchor":
        painter.setPen(QPen(colour, 1.1 * scale))
        painter.setBrush(QColor(255, 255, 255, min(235, colour.alpha())))
        painter.drawPath(transform.map(marker_path("circle")))
        pen = QPen(colour, max(1.0, 0.13 * size), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(transform.map(_anchor_strokes()))
        return
    if hollow:
        painter.setPen(QPen(colour, 1.8 * scale, Qt.PenStyle.DashLine))
        painter.setBrush(OUTLINE)
        painter.drawPath(transform.map(marker_path(shape)))
        return
    if dashed:
        outline.setColor(colour.darker(110))
    painter.setPen(outline)
    painter.setBrush(colour)
    painter.drawPath(transform.map(marker_path(shape)))


def place_symbol(kind: str) -> tuple[str, QColor]:
    symbol = theme_style().place_kinds[kind]
    return symbol.shape, QColor(symbol.colour)


def operator_colour(actor: str) -> QColor:
    return QColor(theme_style().operator(actor))


def draw_event_ring(painter: QPainter, centre: QPointF, radius: float, alpha: float,
                    scale: float = 1.0) -> None:
    """An event marker: a ring in the event colour on a white casing, fading with age."""
    colour = QColor(theme_style().event_colour)
    colour.setAlphaF(alpha)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(QColor(255, 255, 255, round(200 * alpha)), 4.2 * scale))
    painter.drawEllipse(centre, radius, radius)
    painter.setPen(QPen(colour, 2.2 * scale))
    painter.drawEllipse(centre, radius, radius)


# --- routes --------------------------------------------------------------------------------------
ROUTE_WIDTH = 2.2
SCHEMATIC_WIDTH = 1.7
CASING_ALPHA = 190 / 255
_DASHES = {"dash": [3.2, 2.0], "dot": [0.05, 2.0], "dashdot": [3.2, 1.6, 0.05, 1.6]}


def route_colour(group_index: int) -> QColor:
    return QColor(theme_style().corridor(group_index))


def route_pen(colour: QColor, status: str, width: float) -> QPen | None:
    """The cosmetic pen of a route in a status (solid, dashed, dotted); None when hidden."""
    kind = theme_style().route_status.get(status, "solid")
    if kind == "hidden":
        return None
    pen = style.cosmetic_pen(colour, width)
    if kind in _DASHES:
        pen.setDashPattern(_DASHES[kind])
    return pen


PIPE_WIDTH = 1.45  # a pipeline's width, as a share of a route's
PIPE_CORE = 0.36  # a pipeline's white core, as a share of its width


def pipe_core(pen: QPen) -> QPen:
    """The white core drawn along a pipeline's pen, its dashes in step with the pen's."""
    core = QPen(pen)
    core.setColor(QColor(255, 255, 255))
    core.setWidthF(pen.widthF() * PIPE_CORE)
    if pen.style() == Qt.PenStyle.CustomDashLine:  # dash lengths count in pen widths
        core.setDashPattern([d / PIPE_CORE for d in pen.dashPattern()])
    return core


def route_casing(width: float, alpha: float = CASING_ALPHA) -> QPen:
    """The white edge that lifts a route off the map."""
    return style.cosmetic_pen(QColor(255, 255, 255, round(255 * alpha)), width)
