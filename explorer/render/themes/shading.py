"""How the Alliances theme marks countries: fills, hatches, inner bands, the count ramp."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)

from explorer.model.theme_style import theme_style
from explorer.render import style
from explorer.render.context import is_raster
from explorer.render.paths import draw_round_joined, line_segments, shape_paths
from explorer.render.translucent import paint_translucent

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


@dataclass(frozen=True)
class Shape:
    """A country (or a legend swatch) to shade, in the painter's coordinates."""

    area: QPainterPath  # exact: fills, hatches and the bands' clip
    borders: QPainterPath  # a pixel off at most: the outlines
    segments: QPolygonF  # the borders as point pairs: the inner bands
    cut: Cut | None = None  # SVG and PDF

    @classmethod
    def of_box(cls, rect: QRectF) -> Shape:
        """A legend swatch shaped like a small country (a rectangle)."""
        box = shapely.box(rect.left(), rect.top(), rect.right(), rect.bottom())
        borders = shapely.boundary(box)
        path = QPainterPath()
        path.addRect(rect)
        return cls(path, path, line_segments(borders), Cut(box, borders))


def paint_shapes(painter: QPainter, shaded: Sequence[tuple[Shape, Sequence[Shading]]],
                 scale: float = 1.0) -> None:
    """Draw countries' shadings: fills and hatches, then the nested inner bands of all of them,
    then the outlines. On SVG and PDF (no clipping there), hatches and bands are cut from the
    shapes' geometry instead."""
    if not is_raster(painter):
        for shape, shadings in shaded:
            if shape.cut is None:
                raise ValueError("SVG and PDF need the shapes' geometry to cut bands from")
            _paint_vector_shadings(painter, shape, shadings, scale)
        return
    _paint_fill_layers(painter, shaded)
    for shape, shadings in shaded:
        for s in shadings:
            if s.hatch is not None:
                colour = QColor(s.colour)
                colour.setAlphaF(HATCH_ALPHA)
                # the outline drawn over its edge hides the stair steps: a third of the time
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
                draw_hatch(painter, shape.area, colour, s.hatch, scale)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    _paint_bands(painter, shaded, scale)
    for shape, shadings in shaded:
        _paint_outlines(painter, shape, shadings, scale)


def _paint_bands(painter: QPainter, shaded: Sequence[tuple[Shape, Sequence[Shading]]],
                 scale: float) -> None:
    """The inner bands: wide strokes along the borders, clipped to each shape.

    Drawn opaque as separate segments (their overlaps do not show) on one translucent layer (a
    4K map spent a fifth of its time on translucent bands): a narrower band covers the wider
    one it is nested in.
    """
    jobs = [(shape, sorted((s for s in shadings if s.band > 0), key=lambda s: -s.band))
            for shape, shadings in shaded if shape.segments.size()]
    jobs = [(shape, bands) for shape, bands in jobs if bands]
    if not jobs:
        return
    def draw(layer: QPainter) -> None:
        layer.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for shape, bands in jobs:
            layer.setClipPath(shape.area)
            for s in bands:
                draw_round_joined(layer, shape.segments,
                                  style.cosmetic_pen(QColor(s.colour), 2 * s.band * scale))

    paint_translucent(painter, _device_bounds(painter, jobs), BAND_ALPHA, draw)


def _paint_fill_layers(painter: QPainter,
                       shaded: Sequence[tuple[Shape, Sequence[Shading]]]) -> None:
    """The fills on pixels: opaque on a layer per fill opacity, laid over at it (the fills of
    members all share one), faster than each filled translucent."""
    for alpha in sorted({s.fill_alpha for _, shadings in shaded for s in shadings} - {0.0}):
        filled = [(shape, [s for s in shadings if s.fill_alpha == alpha])
                  for shape, shadings in shaded]
        filled = [(shape, fills) for shape, fills in filled if fills]

        def draw(layer: QPainter, filled=filled) -> None:
            layer.setPen(Qt.PenStyle.NoPen)
            for shape, fills in filled:
                for s in fills:
                    layer.setBrush(QColor(s.colour))
                    layer.drawPath(shape.area)

        paint_translucent(painter, _device_bounds(painter, filled), alpha, draw)


def _device_bounds(painter: QPainter, shaded: Sequence[tuple[Shape, object]]) -> QRectF:
    """Where the shapes lie on the painter's device."""
    covered = QRectF()
    for shape, _ in shaded:
        covered |= painter.transform().mapRect(shape.area.boundingRect())
    return covered


def _paint_fills(painter: QPainter, path: QPainterPath, shadings: Sequence[Shading]) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    for s in shadings:
        if s.fill_alpha > 0:
            colour = QColor(s.colour)
            colour.setAlphaF(s.fill_alpha)
            painter.setBrush(colour)
            painter.drawPath(path)


def _paint_outlines(painter: QPainter, shape: Shape, shadings: Sequence[Shading],
                    scale: float) -> None:
    """The outline of hatched (observer, partner) and dashed (suspended) shadings; solid ones
    as segments (paths.point_pairs), square caps closing the joins."""
    for s in shadings:
        if s.hatch is not None or s.outline_dashed:
            pen = style.cosmetic_pen(QColor(s.colour), 1.4 * scale,
                                     Qt.PenStyle.DashLine if s.outline_dashed
                                     else Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if s.outline_dashed or not is_raster(painter):
                painter.drawPath(shape.borders)
            else:
                pen.setCapStyle(Qt.PenCapStyle.SquareCap)
                painter.setPen(pen)
                painter.drawLines(shape.segments)


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


def _paint_vector_shadings(painter: QPainter, shape: Shape, shadings: Sequence[Shading],
                           scale: float) -> None:
    """A shape's shadings on SVG and PDF: fills as paths; hatch lines and inner bands cut from
    the shape's geometry in device pixels, so nothing relies on clipping."""
    cut = shape.cut
    area, borders = _on_device(painter, cut.area), _on_device(painter, cut.borders)
    painter.save()
    _paint_fills(painter, shape.area, shadings)
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
    _paint_outlines(painter, shape, shadings, scale)


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
