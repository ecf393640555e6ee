"""The diff map: states shaded by the blocs they joined (green) or left (red) since the date
compared with, bases, sites and lines that opened (green) or closed (red) ringed or traced."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from explorer.geo.lod import level_for_scale
from explorer.model.atlas_themes.changes import GAINED, LOST, MapChanges, map_changes
from explorer.model.drawn import line_coords
from explorer.model.session import Session
from explorer.render.basemap import CountryLayerItem
from explorer.render.context import MapContext, device_frame, units_per_pixel
from explorer.render.highlight_territory import Territory
from explorer.render.model_signals import follow
from explorer.render.themes.overlay import OverlayItem, polyline, shade

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
        # (opened, closed): each changed line's path, each changed base's or site's point
        self._lines: tuple[list[tuple[str, QPainterPath]], ...] = ([], [])
        self._rings: tuple[list[tuple[str, QPointF]], ...] = ([], [])
        follow(self, session.themes.events.changes_since, self.refresh)
        self.on_projection_changed()

    def _project(self) -> None:
        self.gained.clear(projection=True)
        self.lost.clear(projection=True)
        self._trace()

    def _refresh(self) -> bool:
        new = map_changes(self.session)
        if new == self.changes:
            return False
        self.changes = new
        net = {} if new is None else new.net
        self.gained.set_countries(frozenset(a for a, n in net.items() if n > 0))
        self.lost.set_countries(frozenset(a for a, n in net.items() if n < 0))
        self._trace()
        return True

    def _trace(self) -> None:
        """Project the changed lines (those whose every waypoint is known) and points."""
        self._lines, self._rings = ([], []), ([], [])
        if self.changes is None:
            return
        atlas = self.session.atlas
        points = atlas.points
        projection = self._context.projection
        for found, lines, rings in zip((self.changes.opened, self.changes.closed),
                                       self._lines, self._rings, strict=True):
            for table in ("routes", "pipelines"):
                for rid in found[table]:
                    record = atlas.table(table)[rid]
                    if all(w in points for w in record.waypoints):
                        xy = line_coords(record, points)
                        x, y = projection.forward(xy[:, 0], xy[:, 1])
                        lines.append((rid, polyline(np.asarray(x), np.asarray(y))))
            for table in ("bases", "energy_sites"):
                for rid in found[table]:
                    record = atlas.table(table)[rid]
                    x, y = projection.forward(record.lon, record.lat)
                    rings.append((rid, QPointF(float(x), float(y))))

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
                shade(painter, territory, level, colour, FILL_ALPHA, 1.6 * s)
        for lines, colour, dash in ((self._lines[0], GAINED, Qt.PenStyle.SolidLine),
                                    (self._lines[1], LOST, Qt.PenStyle.DashLine)):
            line = QColor(colour)
            line.setAlpha(LINE_ALPHA)
            pen = QPen(line, LINE_WIDTH * s, dash, Qt.PenCapStyle.RoundCap)
            pen.setCosmetic(True)
            painter.setPen(pen)
            for rid, path in lines:
                if self.shows(rid):
                    painter.drawPath(path)
        device = device_frame(self, painter)
        transform = painter.transform()
        painter.save()
        painter.resetTransform()
        for rings, colour in ((self._rings[0], GAINED), (self._rings[1], LOST)):
            painter.setPen(QPen(QColor(colour), 2.6 * s))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rid, point in rings:
                if not self.shows(rid):
                    continue
                centre = transform.map(point)
                if device.contains(centre):
                    painter.drawEllipse(centre, RING * s, RING * s)
        painter.restore()
