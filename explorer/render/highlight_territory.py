"""The highlighted territory: the selected countries' basemap paths, whole or cut to the view."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPainterPath

from explorer.render import style
from explorer.render.basemap import CountryLayerItem
from explorer.render.context import is_raster, units_per_pixel
from explorer.render.paths import shape_paths

COLOUR = QColor("#ffb000")
CASING = QColor(255, 255, 255, 235)
GLOW = QColor(255, 176, 0, 38)  # the territory's fill
INNER_GLOW = QColor(255, 176, 0, 70)  # a soft band just inside the border
VEIL = QColor(236, 239, 242, 105)  # over everything outside the territory
OUTLINE_WIDTH = 3.0  # px at scale 1
CASING_WIDTH = 7.0
INNER_GLOW_WIDTH = 16.0
Parts = tuple[QPainterPath, QPainterPath]  # (shape to fill, outline to stroke)


class Territory:
    """The selected countries (ISO3) drawn from the basemap's own projected paths.

    Whole paths are joined once per level; when the view shows only part of the territory
    (zoomed in on Russia), the shapes and their outlines are cut to the drawn area first, so
    that a frame never strokes a whole continent's coastline. Nothing is re-projected.
    """

    def __init__(self, countries: CountryLayerItem) -> None:
        self._countries = countries
        self.isos: frozenset[str] = frozenset()
        self._index: dict[str, dict[str, int]] = {}
        self._whole: dict[str, Parts] = {}
        self._boundaries: dict[str, np.ndarray] = {}
        self._cut: tuple[tuple, Parts | None] = ((), None)

    def set_countries(self, isos: frozenset[str]) -> None:
        if isos != self.isos:
            self.isos = isos
            self.clear()

    def clear(self, projection: bool = False) -> None:
        """Forget the joined and cut paths (and, after a projection change, the indices)."""
        if projection:
            self._index.clear()
        self._whole.clear()
        self._boundaries.clear()
        self._cut = ((), None)

    def index(self, level_name: str) -> dict[str, int]:
        if level_name not in self._index:
            level = self._countries.level(level_name)
            self._index[level_name] = {str(iso): i for i, iso in enumerate(level.iso_a3)}
        return self._index[level_name]

    def rows(self, level_name: str) -> np.ndarray:
        index = self.index(level_name)
        return np.array(sorted(index[iso] for iso in self.isos if iso in index), dtype=int)

    def whole(self, level_name: str) -> Parts:
        if level_name not in self._whole:
            paths = self._countries.level(level_name).paths
            path = _joined([paths[i] for i in self.rows(level_name)])
            self._whole[level_name] = (path, path)
        return self._whole[level_name]

    def parts(self, level_name: str, rect: tuple[float, float, float, float]) -> Parts:
        """The territory to draw inside rect (map units): whole if it fits, else cut to it."""
        rows = self.rows(level_name)
        if not len(rows):
            return QPainterPath(), QPainterPath()
        level = self._countries.level(level_name)
        b = level.geoms.bounds[rows]
        xmin, ymin, xmax, ymax = rect
        if (np.nanmin(b[:, 0]) >= xmin and np.nanmin(b[:, 1]) >= ymin
                and np.nanmax(b[:, 2]) <= xmax and np.nanmax(b[:, 3]) <= ymax):
            return self.whole(level_name)
        key = (level_name, rect)
        if self._cut[0] != key or self._cut[1] is None:
            if level_name not in self._boundaries:
                self._boundaries[level_name] = shapely.boundary(level.geoms.geoms[rows])
            shapes = shapely.clip_by_rect(level.geoms.geoms[rows], *rect)
            lines = shapely.clip_by_rect(self._boundaries[level_name], *rect)
            self._cut = (key, (_geometry_path(shapes), _geometry_path(lines)))
        return self._cut[1]

    def paint(self, painter: QPainter, level_name: str, area: QRectF, scale: float,
              veil: bool) -> None:
        """Veil outside, glow inside, a white casing and the highlight outline on the border."""
        inverse, _ = painter.transform().inverted()
        covered = inverse.mapRect(QRectF(area))
        pad = (CASING_WIDTH + INNER_GLOW_WIDTH) * scale * units_per_pixel(painter)
        rect = (covered.left() - pad, covered.top() - pad, covered.right() + pad,
                covered.bottom() + pad)
        shape, outline = self.parts(level_name, rect)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if veil:
            around = QPainterPath()
            around.addRect(covered.adjusted(-pad, -pad, pad, pad))
            around.addPath(shape)  # odd-even: the territory is a hole, its enclaves are veiled
            painter.fillPath(around, VEIL)
        if shape.isEmpty():
            return
        painter.fillPath(shape, GLOW)
        if is_raster(painter):  # SVG has no clipping: the glow would spill outside the border
            painter.save()
            painter.setClipPath(shape)
            painter.strokePath(outline, style.cosmetic_pen(INNER_GLOW, INNER_GLOW_WIDTH * scale))
            painter.restore()
        painter.strokePath(outline, style.cosmetic_pen(CASING, CASING_WIDTH * scale))
        painter.strokePath(outline, style.cosmetic_pen(COLOUR, OUTLINE_WIDTH * scale))


def _joined(paths: Sequence[QPainterPath]) -> QPainterPath:
    joined = QPainterPath()
    for path in paths:
        joined.addPath(path)
    return joined


def _geometry_path(geoms: np.ndarray) -> QPainterPath:
    """Projected polygons or lines (clipped: some empty) as one painter path."""
    return _joined([path for path in shape_paths(geoms) if path is not None])
