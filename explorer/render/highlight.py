"""The shared selection on the map: linked territory outlined, bases ringed, routes re-stroked."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from explorer.analysis.links import Highlight, highlight
from explorer.geo.lod import level_for_scale
from explorer.io.basemap import LEVELS
from explorer.model.session import Session
from explorer.render import style
from explorer.render.basemap import CountryLayerItem, outline_rect
from explorer.render.context import MapContext, device_frame, units_per_pixel
from explorer.render.highlight_territory import CASING, COLOUR, Territory
from explorer.render.text import device_points
from explorer.render.themes import symbols
from explorer.render.themes.base import ThemeItem
from explorer.render.themes.cache import PAN_MARGIN, RasterCache
from explorer.render.themes.layers import ThemeLayers
from explorer.render.user_layers import Z_USER_LAYERS

# Above every theme (10 + position), under the user's layers (40 +): the highlight never hides
# a feature of theirs drawn inside the selection (nor fades one outside it).
Z_HIGHLIGHT = Z_USER_LAYERS - 5.0
ROUTE_EXTRA = 7.0  # px added to a route's own width for its highlight stroke
ROUTE_GAP = 2.6  # px of white between the highlight and the route's own colour
RING_WIDTH = 2.6
RING_GLOW = QColor(255, 176, 0, 80)


class Mark(NamedTuple):
    """One ringed point in device pixels; `shape` is the symbol drawn again inside, if any."""

    centre: QPointF
    radius: float
    shape: str | None = None
    size: float = 0.0
    colour: QColor = COLOUR
    dashed: bool = False
    picked: bool = True  # selected itself (a second ring), not only linked to the selection


class HighlightItem(pg.GraphicsObject):
    """Draws `highlight(session.active, selection.actors, selection.features)`, over the
    atlas's themes and under the user's layers (`Z_HIGHLIGHT`).

    Reuses the geometry the map already holds: country paths from the basemap by ISO3, route
    paths and point positions from the theme items; a selection or date change recomputes id
    sets only. The territory (glow, casing, outline, and a veil over the rest of the map) goes
    through a raster cache; linked routes, bases and selected places and events are drawn over
    it, each only where its own theme draws it (places, having no dates, always).
    """

    def __init__(self, context: MapContext, session: Session, countries: CountryLayerItem,
                 themes: ThemeLayers) -> None:
        super().__init__()
        self._context = context
        self.session = session
        self._themes = themes
        self.territory = Territory(countries)
        self.veil = True  # fade what lies outside the highlighted territory
        self.state = Highlight()
        self.cache = RasterCache(pan_margin=PAN_MARGIN)
        self._revision = 0
        session.selection.changed.connect(self.refresh)
        session.time.events.date.connect(self.refresh)
        for item in themes.items.values():
            item.sigChanged.connect(self.update)
            item.visibleChanged.connect(self.update)
        self.refresh()

    # --- state -------------------------------------------------------------------------------
    def refresh(self, *args: object) -> None:
        """Evaluate the selection on the session's date and repaint (the territory's raster
        is drawn again only if the countries changed; picked rings may change alone)."""
        selection = self.session.selection
        new = (highlight(self.session.active, selection.actors, selection.features)
               if selection else Highlight())
        if new.countries != self.state.countries:
            self.territory.set_countries(new.countries)
            self._revision += 1
        self.state = new
        self.update()

    def on_projection_changed(self) -> None:
        self.prepareGeometryChange()
        self.territory.clear(projection=True)
        self.cache.clear()
        self._revision += 1
        self.update()

    def _theme(self, key: str) -> ThemeItem:
        return self._themes.items[key]

    def _in(self, key: str, ids: frozenset[str] | set[str]) -> np.ndarray:
        item = self._theme(key)
        return np.isin(item.ids, list(ids)) if ids else np.zeros(len(item.ids), bool)

    def _drawn(self, key: str, ids: frozenset[str] | set[str]) -> np.ndarray:
        """Indices of the theme's features in `ids` that the theme draws now."""
        item = self._theme(key)
        if not ids or not item.isVisible() or item.opacity() <= 0:
            return np.empty(0, int)
        return np.flatnonzero(self._in(key, ids) & (item.drawn | item.faint))

    def _places(self) -> np.ndarray:
        places = self._theme("places")
        finite = np.isfinite(places.x) & np.isfinite(places.y)
        return np.flatnonzero(self._in("places", self.state.places) & finite)

    def _events(self) -> np.ndarray:
        return self._drawn("events", {f.id for f in self.session.selection.features
                                      if f.kind == "event"})

    @property
    def country_ids(self) -> set[str]:
        """The countries whose territory is outlined (those the basemap has)."""
        return set(self.territory.isos) & set(self.territory.index(LEVELS[0]))

    @property
    def base_ids(self) -> set[str]:
        return set(self._theme("bases").ids[self._drawn("bases", self.state.bases)])

    @property
    def route_ids(self) -> set[str]:
        return set(self._theme("routes").ids[self._drawn("routes", self.state.routes)])

    @property
    def place_ids(self) -> set[str]:
        return set(self._theme("places").ids[self._places()])

    @property
    def event_ids(self) -> set[str]:
        return set(self._theme("events").ids[self._events()])

    # --- painting ----------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        return outline_rect(self._context)

    def paint(self, painter: QPainter, *args) -> None:
        if not self.state:
            return
        s = self._context.scale
        if self.territory.isos:
            level = level_for_scale(units_per_pixel(painter))
            key = (self._revision, level, s, self.veil)
            self.cache.draw(self, painter, key, lambda p, area: self.territory.paint(
                p, level, area, s, self.veil))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self._paint_routes(painter)
        marks = self._marks(painter)
        painter.save()
        painter.resetTransform()
        for mark in marks:
            self._paint_mark(painter, mark)
        painter.restore()

    def _paint_routes(self, painter: QPainter) -> None:
        """Amber edges, a white gap, and the route's own pen in the middle."""
        routes = self._theme("routes")
        drawn = self._drawn("routes", self.state.routes)
        if not len(drawn):
            return
        s = self._context.scale
        painter.setBrush(Qt.BrushStyle.NoBrush)
        opacity = painter.opacity()
        painter.setOpacity(opacity * routes.opacity())
        for i in drawn:
            painter.setPen(style.cosmetic_pen(COLOUR, routes.width(i) + ROUTE_EXTRA * s))
            painter.drawPath(routes.paths[i])
        for i in drawn:
            painter.setPen(symbols.route_casing(routes.width(i) + ROUTE_GAP * s))
            painter.drawPath(routes.paths[i])
        for i in drawn:
            pen = routes.pen(i)
            if pen is not None:
                painter.setPen(pen)
                painter.drawPath(routes.paths[i])
        painter.setOpacity(opacity)

    def _marks(self, painter: QPainter) -> list[Mark]:
        """The linked bases, selected places and selected events, in device pixels (computed
        under the map's transform)."""
        s = self._context.scale
        atlas = self.session.atlas
        device = device_frame(self, painter)
        marks: list[Mark] = []
        bases = self._theme("bases")
        drawn = self._drawn("bases", self.state.bases)
        if len(drawn):
            picked = {f.id for f in self.session.selection.features if f.kind == "base"}
            mask = np.zeros(len(bases.ids), bool)
            mask[drawn] = True
            size = symbols.BASE_SIZE * s
            # where BasesItem put each triangle (pushed clear of a town's symbol if crowded)
            idx, dx, dy = bases._symbols_xy(painter, mask, device, 2 * size)
            for i, x, y in zip(idx, dx, dy, strict=True):
                colour = symbols.operator_colour(atlas.bases[str(bases.ids[i])].operator)
                marks.append(Mark(QPointF(x, y), size * 0.85, "triangle", size, colour,
                                  bool(bases.faint[i]), str(bases.ids[i]) in picked))
        places = self._theme("places")
        idx = self._places()
        for i, x, y in zip(idx, *device_points(painter, places.x[idx], places.y[idx]),
                           strict=True):
            kind = atlas.places[str(places.ids[i])].kind
            shape, colour = symbols.place_symbol(kind)
            size = symbols.PLACE_SIZES[kind] * s
            marks.append(Mark(QPointF(x, y), max(size * 0.9, 8 * s), shape, size, colour))
        events = self._theme("events")
        idx = self._events()
        for x, y in zip(*device_points(painter, events.x[idx], events.y[idx]), strict=True):
            marks.append(Mark(QPointF(x, y), (symbols.EVENT_RADIUS + 5) * s))
        margin = 30 * s
        frame = device.adjusted(-margin, -margin, margin, margin)
        return [m for m in marks if frame.contains(m.centre)]

    def _paint_mark(self, painter: QPainter, mark: Mark) -> None:
        """A glowing ring in the highlight colour on a white casing (two for what was picked
        itself), and the symbol again on top (the veil may have faded the theme's own)."""
        s = self._context.scale
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for colour, width in ((RING_GLOW, RING_WIDTH + 7), (CASING, RING_WIDTH + 2.4),
                              (COLOUR, RING_WIDTH)):
            painter.setPen(QPen(colour, width * s))
            painter.drawEllipse(mark.centre, mark.radius, mark.radius)
        if mark.picked:
            outer = mark.radius + (RING_WIDTH + 2.0) * s
            painter.setPen(QPen(CASING, 3.4 * s))
            painter.drawEllipse(mark.centre, outer, outer)
            painter.setPen(QPen(COLOUR, 1.6 * s))
            painter.drawEllipse(mark.centre, outer, outer)
        if mark.shape is not None:
            symbols.draw_marker(painter, mark.shape, mark.centre, mark.size, mark.colour, s,
                                mark.dashed)
