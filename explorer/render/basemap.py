"""The sea (the projection's outline) and the countries, drawn with level of detail."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyqtgraph as pg
import shapely
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath

from explorer.geo.lod import level_for_scale
from explorer.geo.projected import ProjectedGeometries
from explorer.geo.projection import Projection
from explorer.io.basemap import read_level
from explorer.render import style
from explorer.render.context import MapContext, device_map_rect, is_raster, units_per_pixel
from explorer.render.paths import FeaturePaths, clipped_paths, point_pairs

HIT_TEST_LEVEL = "countries_z2"


def outline_rect(context: MapContext) -> QRectF:
    xmin, ymin, xmax, ymax = shapely.bounds(context.projection.outline)
    return QRectF(xmin, ymin, xmax - xmin, ymax - ymin)


class SeaItem(pg.GraphicsObject):
    """The whole projected globe filled with sea colour; land is drawn on top."""

    def __init__(self, context: MapContext) -> None:
        super().__init__()
        self._context = context
        self._path = QPainterPath()
        self.on_projection_changed()

    def on_projection_changed(self) -> None:
        self.prepareGeometryChange()
        coords = shapely.get_coordinates(self._context.projection.outline)
        self._path = pg.arrayToQPath(coords[:, 0], coords[:, 1])
        self._path.closeSubpath()
        self.update()

    def boundingRect(self) -> QRectF:
        return outline_rect(self._context)

    def paint(self, painter: QPainter, *args) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.SEA)
        if is_raster(painter):
            painter.drawPath(self._path)
            return
        # SVG, PDF: the page's part of the globe, not the whole outline
        cut = clipped_paths([self._context.projection.outline], _padded(painter))[0]
        if cut is not None:
            painter.drawPath(cut)


@dataclass
class BasemapLevel:
    """One level of detail of the basemap, projected: shapes, paths and country codes."""

    geoms: ProjectedGeometries
    paths: FeaturePaths
    emphasis: np.ndarray
    iso_a3: np.ndarray
    names: np.ndarray


@lru_cache(maxsize=8)
def projected_level(name: str, projection: Projection) -> BasemapLevel:
    """The projected paths of one basemap level, built once per process and projection: every
    map (the window, each export) shares them."""
    countries = read_level(name)
    geoms = ProjectedGeometries(countries.geometry, projection)
    return BasemapLevel(
        geoms=geoms,
        paths=FeaturePaths(geoms.arrays),
        emphasis=np.isin(countries["iso_a3"], list(style.CENTRAL_ASIA)),
        iso_a3=countries["iso_a3"],
        names=countries["name"],
    )


class CountryLayerItem(pg.GraphicsObject):
    """All countries of the world; the five Central Asian states emphasised."""

    def __init__(self, context: MapContext) -> None:
        super().__init__()
        self._context = context

    def on_projection_changed(self) -> None:
        self.prepareGeometryChange()
        self.update()

    def level(self, name: str) -> BasemapLevel:
        """The projected paths of one basemap level."""
        return projected_level(name, self._context.projection)

    def country_at(self, x: float, y: float) -> tuple[str, str] | None:
        """(iso_a3, name) of the country at a map point, or None over the sea."""
        level = self.level(HIT_TEST_LEVEL)
        index = level.geoms.feature_at(x, y)
        if index is None:
            return None
        return str(level.iso_a3[index]), str(level.names[index])

    def country_name(self, iso_a3: str) -> str | None:
        """The basemap's name of a country, by its code."""
        level = self.level(HIT_TEST_LEVEL)
        found = np.flatnonzero(level.iso_a3 == iso_a3)
        return str(level.names[found[0]]) if len(found) else None

    def boundingRect(self) -> QRectF:
        return outline_rect(self._context)

    def paint(self, painter: QPainter, *args) -> None:
        self._paint(painter)

    def feature_ids(self, painter: QPainter) -> list[str]:
        """The countries (ISO3) the frame draws, in drawing order."""
        level = self.level(level_for_scale(units_per_pixel(painter)))
        return [str(level.iso_a3[i]) for group in self._drawing_order(painter, level)
                for i in group]

    def paint_features(self, painter: QPainter, ids: Collection[str]) -> None:
        """Paint only the countries with these ISO3 codes (an SVG export's country groups)."""
        self._paint(painter, frozenset(ids))

    def _drawing_order(self, painter: QPainter, level: BasemapLevel,
                       only: frozenset[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The visible rows of a level, ordinary countries then the emphasised ones."""
        visible = level.geoms.visible(*device_map_rect(painter))
        if only is not None:
            visible = visible[np.isin(level.iso_a3[visible], list(only))]
        return visible[~level.emphasis[visible]], visible[level.emphasis[visible]]

    def _paint(self, painter: QPainter, only: frozenset[str] | None = None) -> None:
        level = self.level(level_for_scale(units_per_pixel(painter)))
        ordinary, emphasised = self._drawing_order(painter, level, only)
        scale = self._context.scale
        # Fills without antialiasing (the costly part at poster sizes), then the borders with
        # it: the antialiased border covers the fill's stair-stepped edge.
        groups = ((ordinary, style.LAND, style.cosmetic_pen(style.BORDER, 0.7 * scale)),
                  (emphasised, style.LAND_EMPHASIS,
                   style.cosmetic_pen(style.BORDER_EMPHASIS, 1.6 * scale)))
        if not is_raster(painter):
            self._paint_vectors(painter, level, groups)
            return
        for group, fill, pen in groups:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(fill))
            for i in group:
                painter.drawPath(level.paths[i])
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if pen.widthF() <= 1:  # Qt's cosmetic stroker: fast along paths
                painter.setPen(pen)
                for i in group:
                    painter.drawPath(level.paths[i])
            else:  # wide: as segments, square caps closing the joins (a 5th of the time)
                pen.setCapStyle(Qt.PenCapStyle.SquareCap)
                painter.setPen(pen)
                painter.drawLines(point_pairs(level.geoms.arrays.segments(group)))

    @staticmethod
    def _paint_vectors(painter: QPainter, level: BasemapLevel, groups) -> None:
        """SVG and PDF: each country once, filled and outlined, cut to the page (a few pixels
        beyond, so no cut edge is stroked in view) and simplified to a third of a device
        pixel: the file holds what the page shows and no more."""
        rect, pixel = _padded(painter), units_per_pixel(painter)
        for group, fill, pen in groups:
            painter.setBrush(QBrush(fill))
            painter.setPen(pen)
            for path in clipped_paths(level.geoms.geoms[group], rect, pixel / 3):
                if path is not None:
                    painter.drawPath(path)


def _padded(painter: QPainter) -> tuple[float, float, float, float]:
    """The map rectangle the painter's device covers, four device pixels wider all round."""
    pad = 4 * units_per_pixel(painter)
    xmin, ymin, xmax, ymax = device_map_rect(painter)
    return xmin - pad, ymin - pad, xmax + pad, ymax + pad
