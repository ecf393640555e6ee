"""The shared selection on the map: linked territory outlined, bases ringed, routes re-stroked."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from explorer.analysis.links import Highlight, highlight
from explorer.geo.lod import LEVELS, level_for_scale
from explorer.model.session import Session
from explorer.render.basemap import CountryLayerItem, outline_rect
from explorer.render.context import MapContext, device_frame, units_per_pixel
from explorer.render.highlight_territory import CASING, COLOUR, Territory
from explorer.render.themes import symbols
from explorer.render.themes.base import ThemeItem
from explorer.render.themes.cache import PAN_MARGIN, RasterCache
from explorer.render.themes.layers import ThemeLayers
from explorer.render.themes.marks import Mark
from explorer.render.user_layers import Z_USER_LAYERS

# Above every theme (10 + position), under the user's layers (40 +): the highlight never hides
# a feature of theirs drawn inside the selection (nor fades one outside it).
Z_HIGHLIGHT = Z_USER_LAYERS - 5.0
RING_WIDTH = 2.6
RING_GLOW = QColor(255, 176, 0, 80)


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

    def _lit(self) -> dict[str, tuple[ThemeItem, np.ndarray]]:
        """Each theme's lit rows, by theme key (each theme says what the selection lights)."""
        picked = self.session.selection.features
        return {key: (item, item.lit(self.state, picked))
                for key, item in self._themes.items.items()}

    def lit_ids(self, key: str) -> set[str]:
        """The ids of a theme's features lit now (those it draws)."""
        item, rows = self._lit()[key]
        return {str(i) for i in item.ids[rows]}

    @property
    def country_ids(self) -> set[str]:
        """The countries whose territory is outlined (those the basemap has)."""
        return set(self.territory.isos) & set(self.territory.index(LEVELS[0]))

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
        lit = self._lit()
        for item, rows in lit.values():
            item.paint_lit(painter, rows)
        device = device_frame(self, painter)
        picked = self.session.selection.features
        marks = [mark for item, rows in lit.values()
                 for mark in item.lit_marks(painter, rows, picked, device)]
        margin = 30 * s
        frame = device.adjusted(-margin, -margin, margin, margin)
        painter.save()
        painter.resetTransform()
        for mark in marks:
            if frame.contains(mark.centre):
                self._paint_mark(painter, mark)
        painter.restore()

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
