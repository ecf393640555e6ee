"""Country names as a label source: each inside its own country, at a point well inside it."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pyqtgraph as pg
import shapely
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import QGraphicsItem

from explorer.geo.lod import level_for_scale, web_zoom
from explorer.geo.projection import Projection
from explorer.io.basemap import read_level
from explorer.render import style
from explorer.render.basemap import CountryLayerItem, outline_rect, projected_level
from explorer.render.context import MapContext, units_per_pixel, visible_map_rect, zoom_key
from explorer.render.label_spots import BoxSpots, LabelCandidate, rewording_cost
from explorer.render.text import device_points, font_key, metrics, text_size

IN_VIEW_SHARE = 0.04  # of the view's area: a country this visible is named even off its pole
POLE_LEVEL = "countries_z0"  # poles of inaccessibility: the coarsest shapes are enough
# Natural Earth's MIN_LABEL is the web zoom a name first fits at; our screens show a bit more.
_ZOOM_ALLOWANCE = 1.0
MUST_NAME = style.CENTRAL_ASIA | {"AFG"}  # named at the default view, whatever it takes
PRIORITY_CENTRAL_ASIA = 7.0  # before their capitals and the bases, keeping off their symbols
PRIORITY_COUNTRY = 60.0
SMALLER = 0.85  # a name that does not fit tries this much smaller before two lines
# Label centres tried around a country's pole, in label widths and heights, nearest first.
_GRID = sorted(((i / 4, j / 2) for i in range(-8, 9) for j in range(-6, 7)),
               key=lambda o: o[0] ** 2 + o[1] ** 2)
# A name that must be shown searches further and keeps every spot it finds: the free one may
# be far from the pole, past other labels.
_WIDE_GRID = sorted(((i / 4, j / 2) for i in range(-12, 13) for j in range(-8, 9)),
                    key=lambda o: o[0] ** 2 + o[1] ** 2)
# Centres tested at once; a name stops at this many inside spots (one that must be named: all).
_BATCH, _ENOUGH, _ENOUGH_MUST = 64, 4, len(_WIDE_GRID) + 1


@lru_cache(maxsize=4)
def country_poles(projection: Projection) -> dict[str, tuple[float, float]]:
    """Each country's pole of inaccessibility (the centre of the largest circle inside its
    largest part) in map units."""
    level = projected_level(POLE_LEVEL, projection)
    geoms = level.geoms.geoms
    keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    parts, owner = shapely.get_parts(geoms[keep], return_index=True)
    area = shapely.area(parts)
    order = np.lexsort((-area, owner))  # each country's largest part first
    first = order[np.r_[True, owner[order][1:] != owner[order][:-1]]]
    circles = shapely.maximum_inscribed_circle(parts[first], np.sqrt(area[first]) / 100)
    centres = shapely.get_coordinates(shapely.get_point(circles, 0))
    isos = level.iso_a3[keep][owner[first]]
    return {str(iso): (float(x), float(y)) for iso, (x, y) in zip(isos, centres, strict=True)}


class CountryLabelItem(pg.GraphicsObject):
    """Country names, as a label source: the five Central Asian states bold and first in line.

    A name goes where it lies wholly inside its country (the drawn level's shape): first at
    Natural Earth's label point, then at and around the pole of inaccessibility; if it does
    not fit, smaller, then on two lines, and for the states that must be named, as its ISO
    code. Which spots fit depends on the zoom only, so a pan reuses them.

    It draws nothing itself (the LabelsItem does); hide it to hide the country names.
    """

    def __init__(self, context: MapContext, countries: CountryLayerItem) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self._context = context
        self._countries = countries
        countries = read_level(POLE_LEVEL, geometry=False)
        self._iso = countries["iso_a3"].astype(str)
        self._names = countries["name"].astype(str)
        self._min_zoom = countries["min_label"].astype(float)
        self._rank = countries["labelrank"].astype(float)
        self._lon = countries["label_x"].astype(float)
        self._lat = countries["label_y"].astype(float)
        self._must = np.isin(self._iso, list(MUST_NAME))
        self._fits: dict[tuple, np.ndarray] = {}  # (iso, text, font, zoom) -> inside offsets
        self._shapes: dict[tuple[str, int], object] = {}  # (level, row) -> prepared shape
        self._anchors: dict[tuple, tuple[float, float] | None] = {}  # off-pole name centres
        self.on_projection_changed()

    def on_projection_changed(self) -> None:
        self.prepareGeometryChange()
        self._fits.clear()
        self._shapes.clear()
        self._anchors.clear()
        self._x, self._y = self._context.projection.forward(self._lon, self._lat)
        poles = country_poles(self._context.projection)
        self._pole_x = np.array([poles.get(iso, (np.nan, np.nan))[0] for iso in self._iso])
        self._pole_y = np.array([poles.get(iso, (np.nan, np.nan))[1] for iso in self._iso])
        self.update()

    def boundingRect(self) -> QRectF:
        return outline_rect(self._context)

    def paint(self, painter: QPainter, *args) -> None:
        """Nothing: the label engine draws the names."""

    def label_candidates(self, painter: QPainter, device: QRectF) -> list[LabelCandidate]:
        s = self._context.scale
        upp = units_per_pixel(painter)
        zoom = web_zoom(upp * s)
        level_name = level_for_scale(upp)
        level = self._countries.level(level_name)
        in_view = level.iso_a3[level.geoms.visible(*visible_map_rect(self))]
        px, py = device_points(painter, self._pole_x, self._pole_y)  # nan: no pole
        shown = np.flatnonzero(np.isin(self._iso, in_view) & np.isfinite(px) & (
            self._must | (self._min_zoom <= zoom + _ZOOM_ALLOWANCE)))
        regular, bold = style.font(11 * s), style.font(13 * s, bold=True)
        row_of = {str(iso): i for i, iso in enumerate(level.iso_a3)}
        found = []
        for i in shown:
            iso, name = self._iso[i], self._names[i]
            if iso not in row_of:
                continue
            pole = (float(self._pole_x[i]), float(self._pole_y[i]))
            anchor = (pole if device.contains(float(px[i]), float(py[i]))
                      else self._anchor(level_name, level, row_of[iso]))
            if anchor is None:
                continue
            font = bold if iso in style.CENTRAL_ASIA else regular
            spots = self._spots(painter, level_name, level, row_of[iso], iso, name, font,
                                anchor, (float(self._x[i]), float(self._y[i])), self._must[i])
            if len(spots):
                priority = (PRIORITY_CENTRAL_ASIA if self._must[i]
                            else PRIORITY_COUNTRY + self._rank[i])
                found.append(LabelCandidate(
                    name, font, style.LABEL_EMPHASIS if iso in style.CENTRAL_ASIA else style.LABEL,
                    priority + i * 1e-4, spots, 2.5 * s, feature=iso, kind="area"))
        return found

    def _anchor(self, level_name: str, level, row: int) -> tuple[float, float] | None:
        """Where the name of a country whose pole is out of view is centred, in map units: if
        it fills a good part of the view, a point well inside its visible part."""
        xmin, ymin, xmax, ymax = visible_map_rect(self)
        # the view snapped inward to a grid an eighth of its width: a pan keeps the anchor
        # (and the spots found for it) until it has moved that far
        step = float(f"{(xmax - xmin) / 8:.3g}")
        snapped = (np.ceil(xmin / step) * step, np.ceil(ymin / step) * step,
                   np.floor(xmax / step) * step, np.floor(ymax / step) * step)
        if not (snapped[0] < snapped[2] and snapped[1] < snapped[3]):  # a view flatter than
            snapped = (xmin, ymin, xmax, ymax)  # a grid step: the view itself
        key = (level_name, row, *(round(v) for v in snapped))
        if key not in self._anchors:
            if len(self._anchors) > 1000:
                self._anchors.clear()
            self._anchors[key] = self._inner_point(level.geoms.take([row])[0], snapped)
        return self._anchors[key]

    @staticmethod
    def _inner_point(shape, rect: tuple[float, ...]) -> tuple[float, float] | None:
        """A point well inside a country's part in the rectangle, if that part is big."""
        xmin, ymin, xmax, ymax = rect
        if not (xmin < xmax and ymin < ymax):  # no view at all
            return None
        part = shapely.clip_by_rect(shape, xmin, ymin, xmax, ymax)
        if shapely.area(part) < IN_VIEW_SHARE * (xmax - xmin) * (ymax - ymin):
            return None
        parts = shapely.get_parts(part)
        circle = shapely.maximum_inscribed_circle(parts[np.argmax(shapely.area(parts))],
                                                 (xmax - xmin) / 200)
        x, y = shapely.get_coordinates(shapely.get_point(circle, 0))[0]
        return float(x), float(y)

    def _spots(self, painter: QPainter, level_name: str, level, row: int, iso: str, name: str,
               font: QFont, anchor: tuple[float, float], label_point: tuple[float, float],
               must: bool) -> BoxSpots:
        """The spots inside the country of each way of writing its name, best first; found
        once per zoom (relative to the anchor), moved to where the anchor is now."""
        zoom = zoom_key(painter.transform())
        ax, ay = device_points(painter, np.array([anchor[0], label_point[0]]),
                               np.array([anchor[1], label_point[1]]))
        key = (level_name, iso, font_key(font), zoom, anchor, must)
        found = self._fits.get(key)
        if found is None:
            if len(self._fits) > 2000:
                self._fits.clear()
            found = self._fits[key] = self._fit(
                painter, self._shape(level_name, level, row), iso, name, font,
                (float(ax[0]), float(ay[0])), (float(ax[1]), float(ay[1])), must)
        boxes, words, rewording = found
        return BoxSpots(boxes + np.array([ax[0], ay[0], ax[0], ay[0]]), 0.0, words, rewording)

    def _fit(self, painter: QPainter, shape, iso: str, name: str, font: QFont,
             anchor: tuple[float, float], label_point: tuple[float, float],
             must: bool) -> tuple[np.ndarray, list[tuple[str, QFont, float]], np.ndarray]:
        """Boxes (relative to the anchor) where each way of writing the name lies inside the
        country, the way for each, and what each way costs (see label_spots.rewording_cost)."""
        boxes: list[np.ndarray] = []
        words: list[tuple[str, QFont, float]] = []
        costs: list[float] = []
        for text, way in _ways(name, font.pixelSize(), font.bold(), iso if must else None):
            offsets = self._inside_offsets(painter, shape, text, way, anchor, label_point,
                                           _ENOUGH_MUST if must else _ENOUGH)
            if len(offsets):
                width, height = text_size(text, way)
                left, top = offsets[:, 0] - width / 2, offsets[:, 1] - height / 2
                boxes.append(np.column_stack([left, top, left + width, top + height]))
                words += [(text, way, metrics(way).ascent())] * len(offsets)
                costs += [rewording_cost(text, way, name, font)] * len(offsets)
            if len(words) >= _ENOUGH and not must:  # a must-name keeps every way to the end
                break
        return (np.vstack(boxes) if boxes else np.empty((0, 4))), words, np.array(costs)

    def _shape(self, level_name: str, level, row: int):
        """A country's projected shape at a level, prepared for point tests, kept."""
        key = (level_name, row)
        shape = self._shapes.get(key)
        if shape is None:
            shape = self._shapes[key] = level.geoms.take([row])[0]
            shapely.prepare(shape)
        return shape

    @staticmethod
    def _inside_offsets(painter: QPainter, shape, text: str, font: QFont,
                        pole: tuple[float, float], label_point: tuple[float, float],
                        enough: int) -> np.ndarray:
        """Offsets (device px, from the pole) of label centres whose box lies inside the
        country: the label point first, then the grid round the pole, nearest first."""
        width, height = text_size(text, font)
        grid = _WIDE_GRID if enough > _ENOUGH else _GRID
        centres = np.array([(label_point[0] - pole[0], label_point[1] - pole[1])]
                           + [(u * width, v * height) for u, v in grid])
        inverse, _ = painter.transform().inverted()
        found: list[np.ndarray] = []
        step = len(centres) if enough > _ENOUGH else _BATCH  # a must-name: all at once
        for start in range(0, len(centres), step):
            batch = centres[start:start + step]
            # each box, 1 px in from its edge, in map units (the transform has no rotation)
            x0, x1 = pole[0] + batch[:, 0] - width / 2 + 1, pole[0] + batch[:, 0] + width / 2 - 1
            y0, y1 = (pole[1] + batch[:, 1] - height / 2 + 1,
                      pole[1] + batch[:, 1] + height / 2 - 1)
            mx0, my0 = inverse.map(0.0, 0.0)
            sx, sy = inverse.m11(), inverse.m22()
            xa, xb, ya, yb = mx0 + sx * x0, mx0 + sx * x1, my0 + sy * y0, my0 + sy * y1
            boxes = shapely.box(np.minimum(xa, xb), np.minimum(ya, yb), np.maximum(xa, xb),
                                np.maximum(ya, yb))
            found += list(batch[shapely.contains(shape, boxes)])
            if len(found) >= enough:
                break
        return np.array(found).reshape(-1, 2)


@lru_cache(maxsize=4096)
def _ways(name: str, pixels: int, bold: bool, code: str | None) -> tuple[tuple[str, QFont], ...]:
    """The ways to write a country's name in a font of that size, preferred first: as is,
    smaller, on two lines, and (for a state that must be named) its ISO code."""
    font, smaller = style.font(pixels, bold), style.font(pixels * SMALLER, bold)
    ways = [(name, font), (name, smaller)]
    words = name.split(" ")
    if len(words) > 1:  # break at the space nearest the middle
        cut = min(range(1, len(words)),
                  key=lambda k: abs(len(" ".join(words[:k])) - len(" ".join(words[k:]))))
        ways.append((" ".join(words[:cut]) + "\n" + " ".join(words[cut:]), smaller))
    if code is not None:
        ways.append((code, font))
    return tuple(ways)
