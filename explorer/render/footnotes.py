"""The footer of an exported page: the data credit and the numbered sources of what it shows."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter

from explorer.geo.lod import level_for_scale, web_zoom
from explorer.model.citations import MapExtent, footnotes, more_sources_text
from explorer.model.records import Source
from explorer.render import style
from explorer.render.map_scene import MapScene, Rect
from explorer.render.text import draw_halo_text, metrics
from explorer.render.themes.places import KINDS

MIN_COLUMN_WIDTH = 470.0  # px at scale 1: a source line keeps ~75 characters
MAX_SHARE = 0.22  # of the page's height, at most, for the footer
MIN_LINES = 3  # a footer citing fewer sources than this (and N more) is left out
_PAD, _GAP = 10.0, 24.0


def fitted_rect(rect: Rect, width: float, height: float) -> Rect:
    """The map rectangle a frame of width x height px shows when asked for `rect` with the
    aspect kept (the view box widens the short side, centred)."""
    xmin, ymin, xmax, ymax = rect
    w, h = xmax - xmin, ymax - ymin
    if width <= 0 or height <= 0 or w <= 0 or h <= 0:
        return rect
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    units = max(w / width, h / height)
    return (cx - units * width / 2, cy - units * height / 2, cx + units * width / 2,
            cy + units * height / 2)


def map_extent(scene: MapScene, rect: Rect, width: float) -> MapExtent:
    """What the scene shows of the world in `rect` drawn `width` device pixels wide: points
    inside the rectangle, the countries whose land meets it, the place kinds of that zoom."""
    xmin, ymin, xmax, ymax = rect
    projection = scene.projection

    def inside(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        x, y = projection.forward(lon, lat)
        with np.errstate(invalid="ignore"):
            return (x >= xmin) & (x <= xmax) & (y >= ymin) & (y <= ymax)

    # the level the map is drawn at (projected for the drawing anyway): what is seen to meet
    level = scene.countries.level(level_for_scale((xmax - xmin) / max(width, 1.0)))
    candidates = level.geoms.visible(*rect)
    meets = shapely.intersects(level.geoms.take(candidates), shapely.box(*rect))
    countries = frozenset(str(c) for c in level.iso_a3[candidates[meets]])
    zoom = web_zoom((xmax - xmin) / max(width, 1.0) * scene.context.scale)
    kinds = frozenset(kind for kind, row in KINDS.items() if row[1] <= zoom)
    return MapExtent(inside, countries, kinds)


@dataclass
class Footer:
    """The footer laid out for a page width: a "Sources" heading and the numbered sources in
    columns (down, then across), then the credit line."""

    scale: float
    credit: str = ""
    lines: list[str] = field(default_factory=list)
    columns: int = 1

    @property
    def rows(self) -> int:
        return math.ceil(len(self.lines) / self.columns) if self.lines else 0

    @property
    def line_height(self) -> float:
        return metrics(_font(self.scale)).lineSpacing()

    @property
    def height(self) -> float:
        lines = self.rows + (1 if self.lines else 0) + (1 if self.credit else 0)
        return 0.0 if not lines else lines * self.line_height + 2 * _PAD * self.scale

    def paint(self, painter: QPainter, rect: QRectF, transparent: bool = False) -> None:
        """Draw the footer filling `rect` (as wide as laid out for, `height` high)."""
        s = self.scale
        painter.save()
        if not transparent:
            painter.fillRect(rect, QColor("white"))
        painter.setPen(style.cosmetic_pen(style.PANEL_EDGE, 1.0 * s))
        painter.drawLine(rect.topLeft(), rect.topRight())
        font, bold = _font(s), _font(s, bold=True)
        step = self.line_height
        left, width = rect.left() + _PAD * s, rect.width() - 2 * _PAD * s
        baseline = rect.top() + _PAD * s + metrics(font).ascent()
        if self.lines:
            draw_halo_text(painter, QPointF(left, baseline), "Sources", bold, style.TEXT, 0)
            baseline += step
            column_width = (width - _GAP * s * (self.columns - 1)) / self.columns
            for i, text in enumerate(self.lines):
                column, row = divmod(i, self.rows)
                shown = metrics(font).elidedText(text, Qt.TextElideMode.ElideRight, column_width)
                anchor = QPointF(left + column * (column_width + _GAP * s), baseline + row * step)
                draw_halo_text(painter, anchor, shown, font, style.TEXT, 0)
            baseline += self.rows * step
        if self.credit:
            shown = metrics(font).elidedText(self.credit, Qt.TextElideMode.ElideRight, width)
            draw_halo_text(painter, QPointF(left, baseline), shown, _font(s, italic=True),
                           style.LABEL, 0)
        painter.restore()


def layout_footer(sources: list[Source], credit: str, width: float, max_height: float,
                  scale: float) -> Footer:
    """The footer for a page `width` px wide, no taller than `max_height` px: as many numbered
    sources as fit (the rest counted in an "and N more sources" line); none at all when fewer
    than MIN_LINES fit (the credit then stays on the map)."""
    footer = Footer(scale, credit)
    if not sources:
        return footer
    inner = width - 2 * _PAD * scale
    footer.columns = max(1, int((inner + _GAP * scale) // ((MIN_COLUMN_WIDTH + _GAP) * scale)))
    spare = max_height - Footer(scale, credit, ["x"]).height  # the heading, one row, credit
    rows = 1 + int(spare // footer.line_height)
    if spare < 0 or rows * footer.columns < MIN_LINES:
        return Footer(scale)
    notes, more = footnotes(sources, rows * footer.columns)
    footer.lines = [note.text for note in notes] + ([more_sources_text(more)] if more else [])
    footer.columns = min(footer.columns, len(footer.lines))
    return footer


def _font(scale: float, bold: bool = False, italic: bool = False):
    return style.font(10.5 * scale, bold=bold, italic=italic)
