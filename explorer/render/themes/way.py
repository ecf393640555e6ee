"""The Way: the shortest way of the session's query on the map's date, traced along its legs
over a white casing, the countries it crosses lightly shaded, its ends ringed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from explorer.geo.lod import level_for_scale
from explorer.model.atlas_themes.way import COLOUR, current_way
from explorer.model.session import Session
from explorer.render.basemap import CountryLayerItem
from explorer.render.context import MapContext, device_frame, units_per_pixel
from explorer.render.highlight_territory import Territory
from explorer.render.model_signals import follow
from explorer.render.style import cosmetic_pen
from explorer.render.themes.overlay import OverlayItem, polyline, shade

if TYPE_CHECKING:
    from explorer.analysis.transport import Path

WIDTH, CASING = 5.0, 9.0  # px at scale 1
FILL_ALPHA = 45
END_RING = 8.0


class WayItem(OverlayItem):
    """Draws `current_way(session)`; it follows the date and the query."""

    key = "way"

    def __init__(self, context: MapContext, session: Session,
                 countries: CountryLayerItem) -> None:
        super().__init__(context, session, countries)
        self.territory = Territory(countries)
        self.way: Path | None = None
        self._paths: dict[str, QPainterPath] = {}  # each leg's, by its id
        self._xy: list[np.ndarray] = []  # each leg's projected points, for hit-testing
        self._ends: list[QPointF] = []  # the two ends' projected points
        follow(self, session.themes.events.way, self.refresh)
        for signal in (session.user_layers.added, session.user_layers.removed):
            follow(self, signal, self.refresh)  # the way may take the user's lines
        self.on_projection_changed()

    def _project(self) -> None:
        self.territory.clear(projection=True)
        self._paths = self._trace()

    def _refresh(self) -> bool:
        way = current_way(self.session)
        if way == self.way:
            return False
        self.way = way
        self.territory.set_countries(frozenset(way.countries) if way else frozenset())
        self._paths = self._trace()
        return True

    def _trace(self) -> dict[str, QPainterPath]:
        paths: dict[str, QPainterPath] = {}
        self._xy, self._ends = [], []
        if self.way is None:
            return paths
        projection = self._context.projection
        for leg in self.way.legs:
            lonlat = np.array(leg.coords, float).reshape(-1, 2)
            x, y = projection.forward(lonlat[:, 0], lonlat[:, 1])
            x, y = np.asarray(x, float), np.asarray(y, float)
            paths[f"{leg.route}:{leg.start}:{leg.end}"] = polyline(x, y)
            self._xy.append(np.column_stack([x, y]))
        places = self.session.atlas.places
        for end in (self.way.places[0], self.way.places[-1]):
            x, y = projection.forward(places[end].lon, places[end].lat)
            self._ends.append(QPointF(float(x), float(y)))
        return paths

    def feature_at(self, x: float, y: float, tolerance: float) -> str | None:
        """"way" when the point is within tolerance of one of its legs (the inspector shows the
        whole way; the routes under it stay a click on the Railways layer)."""
        point = np.array([x, y])
        for xy in self._xy:
            if len(xy) >= 2 and _distance(point, xy) <= tolerance:
                return "way"
        return None

    def parts(self) -> list[str]:
        """The parts drawn: the countries crossed, each leg (route:from:to), the two ends."""
        return [] if self.way is None else ["countries", *self._paths, "ends"]

    def paint(self, painter: QPainter, *args) -> None:
        if self.way is None:
            return
        s = self._context.scale
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.territory.isos and self.shows("countries"):
            shade(painter, self.territory, level_for_scale(units_per_pixel(painter)), COLOUR,
                  FILL_ALPHA)
        for colour, width in ((QColor(255, 255, 255, 230), CASING), (QColor(COLOUR), WIDTH)):
            painter.setPen(cosmetic_pen(colour, width * s))
            for part, path in self._paths.items():
                if self.shows(part):
                    painter.drawPath(path)
        if not self.shows("ends"):
            return
        device = device_frame(self, painter)
        transform = painter.transform()
        painter.save()
        painter.resetTransform()
        painter.setPen(QPen(QColor(COLOUR), 3 * s))
        painter.setBrush(QColor("white"))
        for end in self._ends:
            centre = transform.map(end)
            if device.contains(centre):
                painter.drawEllipse(centre, END_RING * s, END_RING * s)
        painter.restore()


def _distance(point: np.ndarray, xy: np.ndarray) -> float:
    """The distance from a point to a polyline (its finite segments)."""
    a, b = xy[:-1], xy[1:]
    ok = np.isfinite(a).all(axis=1) & np.isfinite(b).all(axis=1)
    a, b = a[ok], b[ok]
    if not len(a):
        return np.inf
    ab = b - a
    t = np.clip(((point - a) * ab).sum(axis=1) / np.maximum((ab * ab).sum(axis=1), 1e-30), 0, 1)
    return float(np.hypot(*(a + ab * t[:, None] - point).T).min())
