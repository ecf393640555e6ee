"""The diff map: states shaded by the blocs they joined (green) or left (red) since the date
compared with, bases, sites and lines that opened (green) or closed (red) ringed or traced."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from explorer.geo.lod import level_for_scale
from explorer.model.atlas_themes.changes import GAINED, LOST, MapChanges, map_changes
from explorer.model.drawn import line_coords
from explorer.model.session import Session
from explorer.render.basemap import CountryLayerItem
from explorer.render.context import MapContext, device_frame, units_per_pixel
from explorer.render.highlight_territory import Territory
from explorer.render.model_signals import follow
from explorer.render.themes.overlay import OverlayItem, polyline

FILL_ALPHA, LINE_ALPHA = 95, 170
RING = 9.0  # px at scale 1: the ring round a base or site that changed
LINE_WIDTH = 6.0  # px at scale 1: the band along a line that changed


class ChangesItem(OverlayItem):
    """Draws `map_changes(session)`; nothing while no comparison is set."""

    key = "changes"

    def __init__(self, context: MapContext, session: Session,
                 countries: CountryLayerItem) -> None:
        super().__init__(context, session, countries)
        self.gained, self.lost = Territory(countries), Territory(countries)
        self.changes: MapChanges | None = None
        follow(self, session.themes.events.changes_since, self.refresh)
        self.on_projection_changed()

    def _project(self) -> None:
        self.gained.clear(projection=True)
        self.lost.clear(projection=True)

    def _refresh(self) -> bool:
        new = map_changes(self.session)
        if new == self.changes:
            return False
        self.changes = new
        net = {} if new is None else new.net
        self.gained.set_countries(frozenset(a for a, n in net.items() if n > 0))
        self.lost.set_countries(frozenset(a for a, n in net.items() if n < 0))
        return True

    def parts(self) -> list[str]:
        """The marks drawn: "joined" and "left" (the shaded states), then each base, line or
        site that opened or closed, by its record id."""
        if self.changes is None:
            return []
        marks = [name for name, territory in (("joined", self.gained), ("left", self.lost))
                 if territory.isos]
        return marks + sorted({rid for found in (self.changes.opened, self.changes.closed)
                               for ids in found.values() for rid in ids})

    def paint(self, painter: QPainter, *args) -> None:
        if self.changes is None:
            return
        s = self._context.scale
        level = level_for_scale(units_per_pixel(painter))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for territory, colour, mark in ((self.gained, GAINED, "joined"),
                                        (self.lost, LOST, "left")):
            if territory.isos and self.shows(mark):
                fill, outline = territory.whole(level)
                shade = QColor(colour)
                shade.setAlpha(FILL_ALPHA)
                painter.fillPath(fill, shade)
                painter.setPen(QPen(QColor(colour), 1.6 * s))
                painter.drawPath(outline)
        atlas = self.session.atlas
        points = {**atlas.places, **atlas.energy_sites}
        projection = self._context.projection
        for found, colour, dash in ((self.changes.opened, GAINED, Qt.PenStyle.SolidLine),
                                    (self.changes.closed, LOST, Qt.PenStyle.DashLine)):
            pen = QPen(QColor(colour), LINE_WIDTH * s, dash, Qt.PenCapStyle.RoundCap)
            pen.setCosmetic(True)
            line = QColor(colour)
            line.setAlpha(LINE_ALPHA)
            pen.setColor(line)
            painter.setPen(pen)
            for table in ("routes", "pipelines"):
                for rid in found[table]:
                    record = atlas.table(table)[rid]
                    if self.shows(rid) and all(w in points for w in record.waypoints):
                        xy = line_coords(record, points)
                        x, y = projection.forward(xy[:, 0], xy[:, 1])
                        painter.drawPath(polyline(np.asarray(x), np.asarray(y)))
        device = device_frame(self, painter)
        transform = painter.transform()
        painter.save()
        painter.resetTransform()
        for found, colour in ((self.changes.opened, GAINED), (self.changes.closed, LOST)):
            painter.setPen(QPen(QColor(colour), 2.6 * s))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for table in ("bases", "energy_sites"):
                for rid in found[table]:
                    if not self.shows(rid):
                        continue
                    record = atlas.table(table)[rid]
                    x, y = projection.forward(record.lon, record.lat)
                    centre = transform.map(QPointF(float(x), float(y)))
                    if device.contains(centre):
                        painter.drawEllipse(centre, RING * s, RING * s)
        painter.restore()
