"""Railways and corridors: one colour per corridor, a pen style per status, names along lines."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import shapely
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from explorer.analysis.links import Highlight
from explorer.geo.projected import ProjectedGeometries
from explorer.model.corridors import corridor_of, corridor_order, line_label
from explorer.model.drawn import line_coords
from explorer.model.features import FeatureRef
from explorer.model.session import Session
from explorer.render import style
from explorer.render.collision import sample_segments
from explorer.render.context import MapContext, device_map_rect
from explorer.render.highlight_territory import COLOUR as LIT
from explorer.render.label_spots import LabelCandidate, LabelSpot, line_spot
from explorer.render.paths import FeaturePaths
from explorer.render.text import device_points
from explorer.render.themes import symbols
from explorer.render.themes.base import FAINT, ThemeItem
from explorer.render.themes.cache import PAN_MARGIN, RasterCache
from explorer.render.themes.timing import Intervals
from explorer.render.translucent import paint_translucent

PRIORITY = 50.0
LIT_EXTRA = 7.0  # px added to a lit route's own width for its highlight stroke
LIT_GAP = 2.6  # px of white between the highlight and the route's own colour
SPOTS_PER_LABEL = 4


class RoutesItem(ThemeItem):
    """Routes drawn as polylines through their waypoints, projected once per projection."""

    key = "routes"
    label_priority = PRIORITY

    def __init__(self, context: MapContext, session: Session) -> None:
        super().__init__(context, session)
        points = self._points()
        records = [r for r in self._records() if all(w in points for w in r.waypoints)]
        self.ids = np.array([r.id for r in records], dtype=object)
        self.status = [r.status for r in records]
        self._colours = self._line_colours(records)
        self._schematic = np.array([r.schematic for r in records], dtype=bool)
        self._shown_status = np.array(
            [symbols.route_pen(self._colours[0], r.status, 1.0) is not None for r in records],
            dtype=bool)
        self._labels = [line_label(r.name) for r in records]
        self._intervals = Intervals.of(records)
        lonlat = [line_coords(r, points) for r in records]
        self._lonlat = np.array([shapely.linestrings(c) for c in lonlat], dtype=object)
        self._vertices = np.concatenate(lonlat) if lonlat else np.empty((0, 2))
        self._starts = np.cumsum([0] + [len(c) for c in lonlat])
        # Schematic corridors first, the surveyed railways over them.
        self._order = np.lexsort((np.arange(len(records)), ~self._schematic))
        self.drawn = np.zeros(len(records), bool)
        self.faint = np.zeros(len(records), bool)
        self._pens: dict[tuple[int, float], QPen | None] = {}
        self.cache = RasterCache(pan_margin=PAN_MARGIN)
        self.on_projection_changed()

    def _records(self) -> list:
        """The theme's lines (records with waypoints, status and interval)."""
        return list(self.session.atlas.routes.values())

    def _points(self) -> Mapping:
        """Where the lines' waypoints are (records with lon and lat, by id)."""
        return self.session.atlas.places

    def _line_colours(self, records: list) -> list[QColor]:
        """Each line's colour: its corridor's (the legend colours corridors by this index)."""
        groups = corridor_order(self.session.atlas)
        return [symbols.route_colour(groups[corridor_of(r)]) for r in records]

    def _project(self) -> None:
        self.cache.clear()
        self.geoms = ProjectedGeometries(self._lonlat, self._context.projection)
        self.paths = FeaturePaths(self.geoms.arrays)
        self._tree = shapely.STRtree(self.geoms.geoms)
        x, y = self._context.projection.forward(self._vertices[:, 0], self._vertices[:, 1])
        self._vx, self._vy = np.asarray(x, float), np.asarray(y, float)

    def _refresh(self) -> bool:
        active = self._intervals.active(self.session.date) & self._shown_status
        faint = (~active & self._shown_status if self.session.themes.show_history
                 else np.zeros_like(active))
        changed = not (np.array_equal(active, self.drawn) and np.array_equal(faint, self.faint))
        self.drawn, self.faint = active, faint
        return changed

    @property
    def drawn_ids(self) -> set[str]:
        return set(self.ids[self.drawn])

    def width(self, i: int) -> float:
        base = symbols.SCHEMATIC_WIDTH if self._schematic[i] else symbols.ROUTE_WIDTH
        return base * self._context.scale

    def pen(self, i: int) -> QPen | None:
        key = (int(i), self._context.scale)
        if key not in self._pens:
            self._pens[key] = symbols.route_pen(self._colours[i], self.status[i], self.width(i))
        return self._pens[key]

    def lit(self, state: Highlight, picked: frozenset[FeatureRef]) -> np.ndarray:
        return self._drawn_rows(state.ids(self.feature_kind))

    def paint_lit(self, painter: QPainter, rows: np.ndarray) -> None:
        """Lit routes stroked again: amber edges, a white gap, and the route's own pen."""
        if not len(rows):
            return
        s = self._context.scale
        painter.setBrush(Qt.BrushStyle.NoBrush)
        opacity = painter.opacity()
        painter.setOpacity(opacity * self.opacity())
        for i in rows:
            painter.setPen(style.cosmetic_pen(LIT, self.width(i) + LIT_EXTRA * s))
            painter.drawPath(self.paths[i])
        for i in rows:
            painter.setPen(symbols.route_casing(self.width(i) + LIT_GAP * s))
            painter.drawPath(self.paths[i])
        for i in rows:
            self._stroke(painter, i)
        painter.setOpacity(opacity)

    def paint(self, painter: QPainter, *args) -> None:
        # through a raster cache, as the alliances: a pan blits it
        key = (self.drawn.tobytes(), self.faint.tobytes(), self._context.scale)
        self.cache.draw(self, painter, key, lambda p, area: self._paint_routes(p))

    def _paint_routes(self, painter: QPainter) -> None:
        visible = np.zeros(len(self.ids), bool)
        visible[self.geoms.visible(*device_map_rect(painter))] = True
        faint = self._order[(self.faint & visible)[self._order]]
        drawn = self._order[(self.drawn & visible)[self._order]]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        opacity = painter.opacity()
        painter.setOpacity(opacity * FAINT)
        for i in faint:
            self._stroke(painter, i)
        painter.setOpacity(opacity)
        if len(drawn):
            covered = QRectF()
            for i in drawn:
                covered |= self.paths[i].boundingRect()
            margin = max(self.width(i) for i in drawn) / 2 + 2.2 * self._context.scale

            def casings(layer: QPainter) -> None:
                for i in drawn:
                    layer.setPen(symbols.route_casing(self.width(i) + 2.2 * self._context.scale,
                                                      alpha=1.0))
                    layer.drawPath(self.paths[i])

            paint_translucent(painter, painter.transform().mapRect(covered).adjusted(
                -margin, -margin, margin, margin), symbols.CASING_ALPHA, casings)
        for i in drawn:
            self._stroke(painter, i)

    def _stroke(self, painter: QPainter, i: int) -> None:
        """Draw line i in its own pen (nothing if its status is hidden)."""
        pen = self.pen(i)
        if pen is not None:
            painter.setPen(pen)
            painter.drawPath(self.paths[i])

    def feature_ids(self, painter: QPainter) -> list[str]:
        return [str(self.ids[i]) for mask in (self.faint, self.drawn)
                for i in self._order[mask[self._order]]]

    def feature_at(self, x: float, y: float, tolerance: float) -> str | None:
        point = shapely.Point(x, y)
        hits = self._tree.query(point, predicate="dwithin", distance=tolerance)
        hits = hits[(self.drawn | self.faint)[hits]]
        if not len(hits):
            return None
        # Nearest first; among equals, the one drawn on top (surveyed over schematic, in force).
        rank = np.argsort(self._order)
        distance = shapely.distance(self.geoms.geoms[hits], point)
        best = np.lexsort((-rank[hits], ~self.drawn[hits], np.round(distance, 3)))[0]
        return str(self.ids[hits[best]])

    def label_lines(self, painter: QPainter, device: QRectF) -> tuple[np.ndarray, np.ndarray]:
        """Points along the drawn routes in device pixels: other labels keep off the lines."""
        starts, ends = self._starts[:-1][self.drawn], self._starts[1:][self.drawn]
        if not len(starts):
            return np.empty(0), np.empty(0)
        vertex = np.concatenate([np.arange(a, b - 1) for a, b in zip(starts, ends, strict=True)])
        dx, dy = device_points(painter, self._vx, self._vy)
        ok = np.isfinite(dx[vertex]) & np.isfinite(dx[vertex + 1])
        a, b = vertex[ok], vertex[ok] + 1
        return sample_segments(dx[a], dy[a], dx[b], dy[b], 2.0 * self._context.scale)

    def label_candidates(self, painter: QPainter, device: QRectF) -> list[LabelCandidate]:
        """One label per name (legs of a corridor share one), on its longest visible legs."""
        scale = self._context.scale
        font = style.font(10.5 * scale, italic=True)
        dx, dy = device_points(painter, self._vx, self._vy)
        segments: dict[str, list[tuple[float, ...]]] = {}
        first: dict[str, int] = {}
        for i in np.flatnonzero(self.drawn):
            lo, hi = self._starts[i], self._starts[i + 1]
            x, y = dx[lo:hi], dy[lo:hi]
            text = self._labels[i]
            first.setdefault(text, int(i))
            for k in range(len(x) - 1):
                clipped = _clip(x[k], y[k], x[k + 1], y[k + 1], device)
                if clipped is not None:
                    segments.setdefault(text, []).append(clipped)
        found = []
        for text, segs in segments.items():
            segs.sort(key=lambda s: -np.hypot(s[2] - s[0], s[3] - s[1]))
            spots: list[LabelSpot] = []
            for x0, y0, x1, y1 in segs[:SPOTS_PER_LABEL]:
                i = first[text]
                offset = self.width(i) / 2 + 1.5 * scale
                for side in (offset, -offset - font.pixelSize() * 1.2):
                    spot = line_spot(x0, y0, x1, y1, text, font, side)
                    if spot is not None:
                        spots.append(spot)
            if spots:
                colour = self._colours[first[text]].darker(150)
                found.append(LabelCandidate(text, font, colour, self.label_priority, spots,
                                            2.5 * scale, feature=str(self.ids[first[text]]),
                                            kind="line"))
        return found


def _clip(x0: float, y0: float, x1: float, y1: float,
          rect: QRectF) -> tuple[float, float, float, float] | None:
    """The part of a segment inside a rectangle (Liang–Barsky), or None."""
    if not all(np.isfinite((x0, y0, x1, y1))):
        return None
    t0, t1 = 0.0, 1.0
    ddx, ddy = x1 - x0, y1 - y0
    for p, q in ((-ddx, x0 - rect.left()), (ddx, rect.right() - x0),
                 (-ddy, y0 - rect.top()), (ddy, rect.bottom() - y0)):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    return x0 + t0 * ddx, y0 + t0 * ddy, x0 + t1 * ddx, y0 + t1 * ddy
