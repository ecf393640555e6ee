"""How the Alliances theme marks countries: fills, hatches, inner bands, the count ramp."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QTransform

from explorer.model.theme_style import theme_style
from explorer.render import style
from explorer.render.context import is_raster
from explorer.render.paths import shape_paths

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


@dataclass(frozen=True)
class Cut:
    """A country as shapely geometry in the painter's coordinates, for SVG and PDF, whose
    engines cannot clip: its area (cut to the frame) and the borders its bands run along (the
    area's cut edges are no border)."""

    area: shapely.Geometry
    borders: shapely.Geometry


def paint_shadings(painter: QPainter, path: QPainterPath, shadings: list[Shading],
                   scale: float = 1.0, coarse: QPainterPath | None = None,
                   cut: Cut | None = None) -> None:
    """Draw a country's shadings: fills, hatches, nested inner bands, outlines.

    Wide strokes cost much on detailed borders, so bands and outlines may use a `coarse`
    version of the path (a pixel off at most); fills and the band's clip use the exact one.
    On SVG and PDF (no clipping there), hatches and bands are cut from `cut` geometrically.
    """
    if cut is not None and not is_raster(painter):
        _paint_vector_shadings(painter, path, shadings, scale, coarse, cut)
        return
    coarse = path if coarse is None else coarse
    _paint_fills(painter, path, shadings)
    for s in shadings:
        if s.hatch is not None:
            colour = QColor(s.colour)
            colour.setAlphaF(HATCH_ALPHA)
            draw_hatch(painter, path, colour, s.hatch, scale)
    bands = sorted((s for s in shadings if s.band > 0), key=lambda s: -s.band)
    if bands:
        painter.save()
        painter.setClipPath(path, Qt.ClipOperation.IntersectClip)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for s in bands:
            colour = QColor(s.colour)
            colour.setAlphaF(BAND_ALPHA)
            pen = style.cosmetic_pen(colour, 2 * s.band * scale)
            pen.setJoinStyle(Qt.PenJoinStyle.BevelJoin)
            painter.setPen(pen)
            painter.drawPath(coarse)
        painter.restore()
    _paint_outlines(painter, coarse, shadings, scale)


def _paint_fills(painter: QPainter, path: QPainterPath, shadings: list[Shading]) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    for s in shadings:
        if s.fill_alpha > 0:
            colour = QColor(s.colour)
            colour.setAlphaF(s.fill_alpha)
            painter.setBrush(colour)
            painter.drawPath(path)


def _paint_outlines(painter: QPainter, path: QPainterPath, shadings: list[Shading],
                    scale: float) -> None:
    """The outline of hatched (observer, partner) and dashed (suspended) shadings."""
    for s in shadings:
        if s.hatch is not None or s.outline_dashed:
            pen = style.cosmetic_pen(QColor(s.colour), 1.4 * scale,
                                     Qt.PenStyle.DashLine if s.outline_dashed
                                     else Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)


_HATCH_ANGLES = {Qt.BrushStyle.BDiagPattern: (-45.0,), Qt.BrushStyle.FDiagPattern: (45.0,),
                 Qt.BrushStyle.HorPattern: (0.0,), Qt.BrushStyle.VerPattern: (90.0,),
                 Qt.BrushStyle.DiagCrossPattern: (-45.0, 45.0)}


def draw_hatch(painter: QPainter, path: QPainterPath, colour: QColor, pattern: Qt.BrushStyle,
               scale: float = 1.0) -> None:
    """Parallel lines in the directions of a Qt hatch pattern, spaced in device pixels (wider in
    high-dpi exports), as a tiled texture (pixels; SVG and PDF go through `Cut`)."""
    t = painter.transform()
    brush = QBrush(_hatch_tile(colour.rgba(), pattern, round(scale * 100)))
    # Textures follow the world transform; undo its zoom and flip to stay in pixels.
    brush.setTransform(QTransform.fromScale(1 / (t.m11() or 1), 1 / (t.m22() or 1)))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(brush)
    painter.drawPath(path)


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


def _paint_vector_shadings(painter: QPainter, path: QPainterPath, shadings: list[Shading],
                           scale: float, coarse: QPainterPath | None, cut: Cut) -> None:
    """paint_shadings for SVG and PDF: fills as paths; hatch lines and inner bands cut from
    the country's geometry in device pixels, so nothing relies on clipping."""
    area, borders = _on_device(painter, cut.area), _on_device(painter, cut.borders)
    painter.save()
    _paint_fills(painter, path, shadings)
    transform = painter.transform()
    painter.resetTransform()
    for s in shadings:
        if s.hatch is not None:
            colour = QColor(s.colour)
            colour.setAlphaF(HATCH_ALPHA)
            lines = shapely.intersection(_hatch_lines(shapely.bounds(area), s.hatch,
                                                      HATCH_SPACING * scale), area)
            painter.setPen(QPen(colour, HATCH_WIDTH * scale))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            _draw_geometry(painter, lines)
    painter.setPen(Qt.PenStyle.NoPen)
    for s in sorted((s for s in shadings if s.band > 0), key=lambda s: -s.band):
        colour = QColor(s.colour)
        colour.setAlphaF(BAND_ALPHA)
        painter.setBrush(colour)
        band = shapely.buffer(borders, s.band * scale, cap_style="flat", join_style="bevel")
        _draw_geometry(painter, shapely.intersection(area, band))
    painter.setTransform(transform)
    painter.restore()
    _paint_outlines(painter, path if coarse is None else coarse, shadings, scale)


def _on_device(painter: QPainter, geometry: shapely.Geometry) -> shapely.Geometry:
    t = painter.transform()
    return shapely.transform(geometry, lambda c: np.column_stack(
        [t.m11() * c[:, 0] + t.m21() * c[:, 1] + t.dx(),
         t.m12() * c[:, 0] + t.m22() * c[:, 1] + t.dy()]))


def _hatch_lines(bounds: np.ndarray, pattern: Qt.BrushStyle,
                 spacing: float) -> shapely.Geometry:
    """The hatch's lines across a device box, `spacing` px apart, as one multi-line."""
    xmin, ymin, xmax, ymax = (float(v) for v in bounds)
    if not math.isfinite(xmin):
        return shapely.MultiLineString()
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    reach = math.hypot(xmax - xmin, ymax - ymin) / 2 + spacing
    segments = []
    for angle in _HATCH_ANGLES.get(pattern, (-45.0,)):
        ux, uy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        nx, ny = -uy, ux
        # offsets along the normal, aligned to multiples of the spacing (as the tiles are)
        centre = cx * nx + cy * ny
        for k in range(math.floor((centre - reach) / spacing),
                       math.ceil((centre + reach) / spacing) + 1):
            d = k * spacing - centre
            px, py = cx + nx * d, cy + ny * d
            segments.append([(px - ux * reach, py - uy * reach),
                             (px + ux * reach, py + uy * reach)])
    return shapely.MultiLineString(segments)


def _draw_geometry(painter: QPainter, geometry: shapely.Geometry) -> None:
    """Polygons or lines (of any collection a cut leaves) as one path."""
    for path in shape_paths(shapely.get_parts(geometry)):
        if path is not None:
            painter.drawPath(path)


def swatch_path(rect: QRectF) -> QPainterPath:
    """A legend swatch shaped like a small country (a rectangle) for paint_shadings."""
    path = QPainterPath()
    path.addRect(rect)
    return path
