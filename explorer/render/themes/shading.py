"""How the Alliances theme marks countries: fills, hatches, inner bands, the count ramp."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QTransform

from explorer.model.theme_style import theme_style
from explorer.render import style
from explorer.render.context import is_raster

FILL_ALPHA = 0.34  # a member's fill: the basemap stays readable under it
SUSPENDED_ALPHA = 0.12
HATCH_ALPHA = 0.75
BAND_ALPHA = 0.72
BAND_WIDTH = 3.5  # px: the inner band of the second, third… organization
PARTNER_ROLES = frozenset({"observer", "partner", "dialogue_partner", "associate"})
HATCHES = (Qt.BrushStyle.BDiagPattern, Qt.BrushStyle.FDiagPattern, Qt.BrushStyle.HorPattern,
           Qt.BrushStyle.VerPattern, Qt.BrushStyle.DiagCrossPattern)
HATCH_SPACING = 7.0  # px between hatch lines
HATCH_WIDTH = 1.1  # px
COUNT_RAMP = ("#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#4a1486")  # ColorBrewer Purples
COUNT_ALPHA = 0.55


@dataclass(frozen=True)
class Shading:
    """How one organization marks one country: a fill, a hatch, an inner band, an outline."""

    colour: str
    fill_alpha: float = 0.0
    hatch: Qt.BrushStyle | None = None
    band: float = 0.0  # inner band width in px (at scale 1), drawn inside the border
    outline_dashed: bool = False


def organization_colour(org: str) -> QColor:
    return QColor(theme_style().organization(org))


def alliance_shading(org: str, org_index: int, role: str) -> Shading | None:
    """The first organization fills its members; the others draw inner bands, nested by order.
    Observers, partners and associates are hatched (a direction per organization); suspended
    members are faint with a dashed outline."""
    colour = theme_style().organization(org)
    if role == "member":
        if org_index == 0:
            return Shading(colour, fill_alpha=FILL_ALPHA)
        return Shading(colour, band=BAND_WIDTH * org_index)
    if role in PARTNER_ROLES:
        return Shading(colour, hatch=HATCHES[org_index % len(HATCHES)])
    if role == "suspended":
        return Shading(colour, fill_alpha=SUSPENDED_ALPHA, outline_dashed=True)
    return None


def count_colour(count: int, total: int) -> QColor:
    """A sequential ramp: one bloc light, all the chosen blocs dark."""
    t = 0.0 if total <= 1 else (count - 1) / (total - 1)
    pos = t * (len(COUNT_RAMP) - 1)
    lo = min(int(pos), len(COUNT_RAMP) - 2)
    a, b = QColor(COUNT_RAMP[lo]), QColor(COUNT_RAMP[lo + 1])
    f = pos - lo
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * f,
                           a.greenF() + (b.greenF() - a.greenF()) * f,
                           a.blueF() + (b.blueF() - a.blueF()) * f)


def count_shading(count: int, total: int) -> Shading:
    return Shading(count_colour(count, total).name(), fill_alpha=COUNT_ALPHA)


def clip_operation(painter: QPainter) -> Qt.ClipOperation:
    """How to clip to a country: within the current clip on pixels. SVG and PDF engines write
    an intersected clip as a path of thousands of slivers, so there the caller cuts the shape to
    the frame itself and the shape replaces the clip."""
    return (Qt.ClipOperation.IntersectClip if is_raster(painter)
            else Qt.ClipOperation.ReplaceClip)


def paint_shadings(painter: QPainter, path: QPainterPath, shadings: list[Shading],
                   scale: float = 1.0, coarse: QPainterPath | None = None) -> None:
    """Draw a country's shadings: fills, hatches, nested inner bands, outlines.

    Wide strokes cost much on detailed borders, so bands and outlines may use a `coarse`
    version of the path (a pixel off at most); fills and the band's clip use the exact one.
    On SVG and PDF, `path` must lie within the map's frame (see clip_operation).
    """
    coarse = path if coarse is None else coarse
    painter.setPen(Qt.PenStyle.NoPen)
    for s in shadings:
        if s.fill_alpha > 0:
            colour = QColor(s.colour)
            colour.setAlphaF(s.fill_alpha)
            painter.setBrush(colour)
            painter.drawPath(path)
    for s in shadings:
        if s.hatch is not None:
            colour = QColor(s.colour)
            colour.setAlphaF(HATCH_ALPHA)
            draw_hatch(painter, path, colour, s.hatch, scale)
    bands = sorted((s for s in shadings if s.band > 0), key=lambda s: -s.band)
    if bands:
        painter.save()
        painter.setClipPath(path, clip_operation(painter))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for s in bands:
            colour = QColor(s.colour)
            colour.setAlphaF(BAND_ALPHA)
            pen = style.cosmetic_pen(colour, 2 * s.band * scale)
            pen.setJoinStyle(Qt.PenJoinStyle.BevelJoin)
            painter.setPen(pen)
            painter.drawPath(coarse)
        painter.restore()
    for s in shadings:
        if s.hatch is not None or s.outline_dashed:
            pen = style.cosmetic_pen(QColor(s.colour), 1.4 * scale,
                                     Qt.PenStyle.DashLine if s.outline_dashed
                                     else Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(coarse)


_HATCH_ANGLES = {Qt.BrushStyle.BDiagPattern: (-45.0,), Qt.BrushStyle.FDiagPattern: (45.0,),
                 Qt.BrushStyle.HorPattern: (0.0,), Qt.BrushStyle.VerPattern: (90.0,),
                 Qt.BrushStyle.DiagCrossPattern: (-45.0, 45.0)}


def draw_hatch(painter: QPainter, path: QPainterPath, colour: QColor, pattern: Qt.BrushStyle,
               scale: float = 1.0) -> None:
    """Parallel lines in the directions of a Qt hatch pattern, spaced in device pixels (wider in
    high-dpi exports): a tiled texture on pixels, real clipped lines in SVG and PDF."""
    if is_raster(painter):
        t = painter.transform()
        brush = QBrush(_hatch_tile(colour.rgba(), pattern, round(scale * 100)))
        # Textures follow the world transform; undo its zoom and flip to stay in pixels.
        brush.setTransform(QTransform.fromScale(1 / (t.m11() or 1), 1 / (t.m22() or 1)))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(brush)
        painter.drawPath(path)
        return
    _draw_hatch_lines(painter, path, colour, pattern, scale)


@cache
def _hatch_tile(rgba: int, pattern: Qt.BrushStyle, scale_percent: int) -> QImage:
    """One seamless tile of the hatch: lines through its corners and across it."""
    scale = scale_percent / 100
    diagonal = pattern not in (Qt.BrushStyle.HorPattern, Qt.BrushStyle.VerPattern)
    size = max(3, round(HATCH_SPACING * scale * (math.sqrt(2) if diagonal else 1)))
    tile = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    tile.fill(Qt.GlobalColor.transparent)
    p = QPainter(tile)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(QPen(QColor.fromRgba(rgba), HATCH_WIDTH * scale, Qt.PenStyle.SolidLine,
                  Qt.PenCapStyle.FlatCap))
    for angle in _HATCH_ANGLES.get(pattern, (-45.0,)):
        for k in (-1, 0, 1):
            if angle == 0.0:
                p.drawLine(QPointF(-1, size / 2), QPointF(size + 1, size / 2))
            elif angle == 90.0:
                p.drawLine(QPointF(size / 2, -1), QPointF(size / 2, size + 1))
            elif angle < 0:  # "/" lines: x + y = (k + 1) * size
                p.drawLine(QPointF(k * size - 1, size + 1), QPointF((k + 1) * size + 1, -1))
            else:  # "\\" lines: x - y = k * size
                p.drawLine(QPointF(k * size - 1, -1), QPointF((k + 1) * size + 1, size + 1))
    p.end()
    return tile


def _draw_hatch_lines(painter: QPainter, path: QPainterPath, colour: QColor,
                      pattern: Qt.BrushStyle, scale: float) -> None:
    painter.save()
    painter.setClipPath(path, clip_operation(painter))
    area = painter.transform().mapRect(path.boundingRect())
    frame = painter.clipBoundingRect()  # clip area in world coordinates
    if not frame.isEmpty():
        area = area.intersected(painter.transform().mapRect(frame))
    painter.resetTransform()
    spacing = HATCH_SPACING * scale
    lines = QPainterPath()
    corners = ((area.left(), area.top()), (area.right(), area.top()),
               (area.left(), area.bottom()), (area.right(), area.bottom()))
    reach = math.hypot(area.width(), area.height())
    for angle in _HATCH_ANGLES.get(pattern, (-45.0,)):
        ux, uy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        nx, ny = -uy, ux
        offsets = [cx * nx + cy * ny for cx, cy in corners]
        k = math.floor(min(offsets) / spacing)
        while k * spacing <= max(offsets):
            ox, oy = nx * k * spacing, ny * k * spacing
            t = (area.center().x() - ox) * ux + (area.center().y() - oy) * uy
            px, py = ox + t * ux, oy + t * uy
            lines.moveTo(px - ux * reach, py - uy * reach)
            lines.lineTo(px + ux * reach, py + uy * reach)
            k += 1
    painter.setPen(QPen(colour, HATCH_WIDTH * scale))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(lines)
    painter.restore()


def swatch_path(rect: QRectF) -> QPainterPath:
    """A legend swatch shaped like a small country (a rectangle) for paint_shadings."""
    path = QPainterPath()
    path.addRect(rect)
    return path
