"""One label engine per map frame, fed by the country names, the atlas themes and the user's
layers."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pyqtgraph as pg
import shapely
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsItem
from shapely.ops import polylabel

from explorer.geo.lod import web_zoom
from explorer.io.basemap import read_level
from explorer.render import style
from explorer.render.basemap import CountryLayerItem, outline_rect
from explorer.render.context import MapContext, device_frame, units_per_pixel, visible_map_rect
from explorer.render.text import (
    LabelCandidate,
    LabelPlacer,
    LabelSpot,
    OccupancyGrid,
    PointSpots,
    centred_spot,
    device_points,
    draw_halo_text,
)
from explorer.render.themes.cache import RasterCache

IN_VIEW_SHARE = 0.04  # of the view's area: a country this visible is named even off its point
HIT_TEST_LEVEL_FOR_LABELS = "countries_z1"
# Natural Earth's MIN_LABEL is the web zoom a name first fits at; our screens show a bit more.
_ZOOM_ALLOWANCE = 1.0
# Lower goes first: bases and capitals, the Central Asian states, other places, routes, the rest.
PRIORITY_CENTRAL_ASIA = 25.0
PRIORITY_COUNTRY = 60.0


class LabelsItem(pg.GraphicsObject):
    """The top-most item: places the labels of every visible source, never overlapping.

    Country names (Natural Earth's label points and ranks) are one source; each atlas theme is
    another. The engine collects the candidates of the visible sources, blocks the areas their
    symbols cover, notes where lines run, sorts the candidates by priority and places each at
    its first free spot (one clear of lines if it has one).
    """

    def __init__(self, context: MapContext) -> None:
        super().__init__()
        self._context = context
        self.sources: list[QGraphicsItem] = []
        self.placed: list[tuple[LabelCandidate, LabelSpot]] = []  # the last frame's (for tests)
        # Labels are placed and drawn again only when a source or the view changes.
        self.cache = RasterCache()
        self._revision = 0
        # device frame -> (k, 4) boxes no label may cover (set by the scene for its overlays)
        self.reserved: Callable[[QRectF], np.ndarray] | None = None

    def add_source(self, source: pg.GraphicsObject) -> None:
        """A source offers `label_candidates(painter, device)` and maybe `label_obstacles`."""
        self.sources.append(source)
        for signal in _changes(source):
            signal.connect(self.invalidate)

    def remove_source(self, source: pg.GraphicsObject) -> None:
        self.sources.remove(source)
        for signal in _changes(source):
            signal.disconnect(self.invalidate)
        self.invalidate()

    def invalidate(self) -> None:
        self._revision += 1
        self.update()

    def on_projection_changed(self) -> None:
        self.prepareGeometryChange()
        self.invalidate()

    def boundingRect(self) -> QRectF:
        return outline_rect(self._context)

    def paint(self, painter: QPainter, *args) -> None:
        self.cache.draw(self, painter, (self._revision, self._context.scale), self._paint_labels)

    def _paint_labels(self, painter: QPainter, area: QRectF | None = None) -> None:
        device = device_frame(self, painter)
        shown = [s for s in self.sources if s.isVisible() and s.opacity() > 0]
        obstacles = [s.label_obstacles(painter) for s in shown if hasattr(s, "label_obstacles")]
        if self.reserved is not None:  # the frame's own furniture: scale bar, attribution
            obstacles.append(self.reserved(device))
        lines = OccupancyGrid(device, 3 * self._context.scale)
        for source in shown:
            if hasattr(source, "label_lines"):
                lines.mark(*source.label_lines(painter, device))
        candidates: list[LabelCandidate] = []
        for source in shown:
            for candidate in source.label_candidates(painter, device):
                candidate.opacity *= source.opacity()
                candidates.append(candidate)
        self.placed = place_labels(device, candidates, obstacles, 3 * self._context.scale, lines)
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for candidate, spot in self.placed:
            painter.setOpacity(candidate.opacity)
            painter.save()
            painter.translate(spot.origin)
            if spot.angle:
                painter.rotate(spot.angle)
            draw_halo_text(painter, spot.anchor, candidate.text, candidate.font,
                           candidate.colour, candidate.halo)
            painter.restore()
        painter.restore()


def _changes(source: pg.GraphicsObject) -> list:
    """The signals of a label source that call for placing the labels again."""
    changed = getattr(source, "sigChanged", None)
    return [source.visibleChanged, source.opacityChanged] + ([] if changed is None else [changed])


def place_labels(device: QRectF, candidates: list[LabelCandidate],
                 obstacles: Iterable[np.ndarray], padding: float,
                 lines: OccupancyGrid | None = None) -> list[tuple[LabelCandidate, LabelSpot]]:
    """Greedy placement by priority (stable): each label at its first free spot that crosses no
    line, else its first free spot, or not at all."""
    placer = LabelPlacer(device, padding=padding)
    for boxes in obstacles:
        if len(boxes):  # symbols: a label may touch one, but the padding is between labels
            placer.block(np.asarray(boxes) + np.array([1.0, 1.0, -1.0, -1.0]) * padding)
    placed = []
    for candidate in sorted(candidates, key=lambda c: c.priority):
        chosen = None
        spots = candidate.spots
        if isinstance(spots, PointSpots):  # a box a spot, the spots built as needed
            free = placer.free_each(spots.boxes)
        else:
            free = placer.free([spot.boxes for spot in spots]) if spots else []
        for spot in (spots[k] for k in np.flatnonzero(free)):
            if lines is None or not lines.hits(spot.boxes):
                chosen = spot
                break
            chosen = chosen or spot
        if chosen is not None:
            placer.add(chosen.boxes)
            placed.append((candidate, chosen))
    return placed


class CountryLabelItem(pg.GraphicsObject):
    """Country names, as a label source; the five Central Asian states bold and first in line.

    It draws nothing itself (the LabelsItem does); hide it to hide the country names.
    """

    def __init__(self, context: MapContext, countries: CountryLayerItem | None = None) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self._context = context
        self._countries = countries  # their shapes let zoomed-in views name what they show
        frame = read_level("countries_z0", geometry=False)
        emphasis = frame["iso_a3"].isin(style.CENTRAL_ASIA).to_numpy()
        order = np.lexsort(
            (frame["min_label"].to_numpy(), frame["labelrank"].to_numpy(), ~emphasis))
        self._names = frame["name"].to_numpy()[order]
        self._min_zoom = frame["min_label"].to_numpy(float)[order]
        self._emphasis = emphasis[order]
        self._lon = frame["label_x"].to_numpy(float)[order]
        self._lat = frame["label_y"].to_numpy(float)[order]
        self._iso = frame["iso_a3"].to_numpy()[order]
        self.on_projection_changed()

    def on_projection_changed(self) -> None:
        self.prepareGeometryChange()
        self._x, self._y = self._context.projection.forward(self._lon, self._lat)
        self.update()

    def boundingRect(self) -> QRectF:
        return outline_rect(self._context)

    def paint(self, painter: QPainter, *args) -> None:
        """Nothing: the label engine draws the names."""

    def label_candidates(self, painter: QPainter, device: QRectF) -> list[LabelCandidate]:
        scale = self._context.scale
        zoom = web_zoom(units_per_pixel(painter) * scale)
        shown = np.flatnonzero((self._min_zoom <= zoom + _ZOOM_ALLOWANCE)
                               & np.isfinite(self._x) & np.isfinite(self._y))
        dx, dy = device_points(painter, self._x[shown], self._y[shown])
        inside = ((dx > device.left()) & (dx < device.right()) & (dy > device.top())
                  & (dy < device.bottom()))
        dx, dy, inside = self._in_view(painter, shown, dx, dy, inside)
        regular, bold = style.font(11 * scale), style.font(13 * scale, bold=True)
        found = []
        for k in np.flatnonzero(inside):
            i = shown[k]
            name = str(self._names[i])
            if self._emphasis[i]:
                shifts = (0.0, -14 * scale, 14 * scale, -28 * scale, 28 * scale)
                found.append(LabelCandidate(
                    name, bold, style.LABEL_EMPHASIS, PRIORITY_CENTRAL_ASIA + k * 1e-3,
                    [centred_spot(dx[k], dy[k], name, bold, s) for s in shifts], 2.5 * scale))
            else:
                found.append(LabelCandidate(
                    name, regular, style.LABEL, PRIORITY_COUNTRY + k * 1e-3,
                    [centred_spot(dx[k], dy[k], name, regular)], 2.5 * scale))
        return found

    def _in_view(self, painter: QPainter, shown: np.ndarray, dx: np.ndarray, dy: np.ndarray,
                 inside: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Zoomed in, a country whose label point is out of view but which fills a good part of
        it is named at a point inside its visible part."""
        if self._countries is None or inside.all():
            return dx, dy, inside
        level = self._countries.level(HIT_TEST_LEVEL_FOR_LABELS)
        xmin, ymin, xmax, ymax = visible_map_rect(self)
        frame_area = (xmax - xmin) * (ymax - ymin)
        in_frame = set(level.geoms.visible(xmin, ymin, xmax, ymax).tolist())
        index = {str(iso): i for i, iso in enumerate(level.iso_a3)}
        dx, dy, inside = dx.copy(), dy.copy(), inside.copy()
        for k in np.flatnonzero(~inside):
            i = index.get(str(self._iso[shown[k]]))
            if i is None or i not in in_frame:
                continue
            part = shapely.clip_by_rect(level.geoms.geoms[i], xmin, ymin, xmax, ymax)
            if shapely.area(part) < IN_VIEW_SHARE * frame_area:
                continue
            parts = shapely.get_parts(part)
            point = polylabel(parts[np.argmax(shapely.area(parts))], (xmax - xmin) / 200)
            px, py = device_points(painter, np.array([point.x]), np.array([point.y]))
            dx[k], dy[k], inside[k] = px[0], py[0], True
        return dx, dy, inside
