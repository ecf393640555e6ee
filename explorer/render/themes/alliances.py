"""Alliances: the chosen organizations' members shaded on the basemap's own country paths."""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterator

import numpy as np
import shapely
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPainterPath, QPolygonF

from explorer.geo.geometry import segments_near
from explorer.geo.lod import LEVELS, level_for_scale
from explorer.model.session import Session
from explorer.render.basemap import BasemapLevel, CountryLayerItem
from explorer.render.context import MapContext, is_raster, units_per_pixel
from explorer.render.model_signals import follow
from explorer.render.paths import line_segments, point_pairs, shape_paths
from explorer.render.themes import shading
from explorer.render.themes.base import ThemeItem
from explorer.render.themes.cache import PAN_MARGIN, RasterCache
from explorer.render.themes.timing import Intervals


class AlliancesItem(ThemeItem):
    """Countries shaded by their roles in the chosen organizations (or by how many they are
    full members of). Paths come from the basemap, indexed by ISO3, at the basemap's level of
    detail; the drawing is cached and redrawn only when the shading or the view changes."""

    key = "alliances"
    takes_countries = True

    def __init__(self, context: MapContext, session: Session,
                 countries: CountryLayerItem) -> None:
        super().__init__(context, session)
        self._countries = countries
        records = list(session.atlas.memberships.values())
        self._actor = np.array([m.actor for m in records], dtype=object)
        self._org = np.array([m.organization for m in records], dtype=object)
        self._role = np.array([m.role for m in records], dtype=object)
        self._intervals = Intervals.of(records)
        self.roles: dict[str, list[tuple[str, str]]] = {}  # iso3 -> [(organization, role)]
        self.shading: dict[str, tuple[shading.Shading, ...]] = {}
        self._signature: tuple = ()
        self._index: dict[str, dict[str, int]] = {}
        self._lines: dict[str, np.ndarray] = {}
        # countries cut to the area last drawn: (level, rect) -> iso3 -> shape (None: empty)
        self._cut: tuple[tuple, dict[str, shading.Shape | None]] = ((), {})
        self.cache = RasterCache(pan_margin=PAN_MARGIN)
        self._options = session.themes.alliances
        follow(self, session.themes.events.alliances, self._on_options_replaced)
        self._options.events.connect(self.refresh)
        self.destroyed.connect(lambda *_: self._options.events.disconnect(self.refresh,
                                                                          missing_ok=True))
        self.on_projection_changed()

    def _on_options_replaced(self, *args: object) -> None:
        """Follow the alliance options that replaced the old ones (a project applied)."""
        self._options.events.disconnect(self.refresh)
        self._options = self.session.themes.alliances
        self._options.events.connect(self.refresh)
        self.refresh()

    def _project(self) -> None:
        self._index.clear()
        self._lines.clear()
        self._cut = ((), {})
        self.cache.clear()

    def _refresh(self) -> bool:
        options = self.session.themes.alliances
        orgs = list(dict.fromkeys(options.organizations))
        active = np.flatnonzero(self._intervals.active(self.session.date)
                                & np.isin(self._org, orgs))
        roles: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for i in active:
            roles[self._actor[i]].add((self._org[i], self._role[i]))
        rank = {org: k for k, org in enumerate(orgs)}
        self.roles = {a: sorted(r, key=lambda o: (rank[o[0]], o[1])) for a, r in roles.items()}
        found_by_actor: dict[str, tuple[shading.Shading, ...]] = {}
        for actor, held in self.roles.items():
            if options.mode == "count":
                count = len({org for org, role in held if role == "member"})
                found = [shading.count_shading(count, len(orgs))] if count else []
            else:
                found = [s for org, role in held
                         if (s := shading.alliance_shading(org, rank[org], role)) is not None]
            if found:
                found_by_actor[actor] = tuple(found)
        signature = tuple(sorted(found_by_actor.items()))
        changed = signature != self._signature
        self.shading, self._signature = found_by_actor, signature
        return changed

    def count(self, iso3: str) -> int:
        """How many of the chosen organizations the country is a full member of on the date."""
        return len({org for org, role in self.roles.get(iso3, []) if role == "member"})

    def feature_ids(self, painter: QPainter) -> list[str]:
        """The shaded countries (actor ids), in drawing order."""
        return list(self.shading)

    @contextlib.contextmanager
    def _narrowed(self, ids: frozenset[str]) -> Iterator[None]:
        shading = self.shading
        self.shading = {iso: s for iso, s in shading.items() if iso in ids}
        try:
            yield
        finally:
            self.shading = shading

    def _iso_index(self, level_name: str) -> dict[str, int]:
        if level_name not in self._index:
            level = self._countries.level(level_name)
            self._index[level_name] = {str(iso): i for i, iso in enumerate(level.iso_a3)}
        return self._index[level_name]

    def paint(self, painter: QPainter, *args) -> None:
        if not self.shading:
            return
        level_name = level_for_scale(units_per_pixel(painter))
        key = (self._signature, level_name, self._context.scale)
        self.cache.draw(self, painter, key,
                        lambda p, area: self._paint_level(p, level_name, area))

    def _paint_level(self, painter: QPainter, level_name: str, area: QRectF) -> None:
        """The shaded countries in view (plus a margin). Bands and outlines are wide strokes,
        drawn along the next coarser level's borders within reach of the view (a pixel off at
        most): a pan never strokes the whole of Russia. Fills and the bands' clip use the
        exact shape."""
        level = self._countries.level(level_name)
        index = self._iso_index(level_name)
        coarse_name = LEVELS[max(0, LEVELS.index(level_name) - 1)]
        coarse_index = self._iso_index(coarse_name)
        inverse, _ = painter.transform().inverted()
        covered = inverse.mapRect(area)  # the device area to draw, in map units
        xmin, ymin, xmax, ymax = covered.left(), covered.top(), covered.right(), covered.bottom()
        pad = (2 * shading.BAND_WIDTH * len(self.session.themes.alliances.organizations) + 8) * (
            self._context.scale * units_per_pixel(painter))
        rect = (xmin - pad, ymin - pad, xmax + pad, ymax + pad)
        visible = set(level.geoms.visible(*rect).tolist())
        vector = not is_raster(painter)
        if self._cut[0] != (level_name, rect, vector):  # another date, same view: same cuts
            self._cut = ((level_name, rect, vector), {})
        cuts = self._cut[1]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        frame = (xmin, ymin, xmax, ymax)
        shaded = []
        for iso, shadings in self.shading.items():
            i = index.get(iso)
            if i is None or i not in visible:
                continue
            if iso not in cuts:
                j = coarse_index.get(iso)
                cuts[iso] = (self._cut_shape(level, i, coarse_name, j, frame, rect) if vector
                             else self._shape(level, i, coarse_name, j, rect))
            if cuts[iso] is not None:
                shaded.append((cuts[iso], shadings))
        shading.paint_shapes(painter, shaded, self._context.scale)

    def _shape(self, level: BasemapLevel, i: int, coarse_name: str, j: int | None,
               rect: tuple[float, ...]) -> shading.Shape:
        """A country on pixels: its whole path (Qt culls what is off the device; the basemap
        draws the same) and the coarser level's border segments within reach of the view."""
        coarse = self._countries.level(coarse_name)
        if j is None:  # no border in reach: the cut edges lie out of view
            return shading.Shape(level.paths[i], QPainterPath(), QPolygonF())
        near = segments_near(coarse.geoms.arrays.segments(np.array([j])), rect)
        return shading.Shape(level.paths[i], coarse.paths[j], point_pairs(near))

    def _cut_shape(self, level: BasemapLevel, i: int, coarse_name: str, j: int | None,
                   frame: tuple[float, ...], rect: tuple[float, ...]) -> shading.Shape | None:
        """A country for SVG and PDF, which cannot clip: the shape cut to the frame exactly,
        its borders within reach of it, and their geometry to cut hatches and bands from."""
        area = shapely.clip_by_rect(level.geoms.geoms[i], *frame)
        # no border in reach: the cut edges lie out of view, stroking them shows nothing
        line = (shapely.MultiLineString() if j is None
                else shapely.clip_by_rect(self._borders(coarse_name)[j], *rect))
        shape, outline = shape_paths([area, line])
        return None if shape is None else shading.Shape(
            shape, outline or QPainterPath(), line_segments(line), shading.Cut(area, line))

    def _borders(self, level_name: str) -> np.ndarray:
        """The countries' outlines at a level, as lines (computed once per projection)."""
        key = f"borders:{level_name}"
        if key not in self._lines:
            self._lines[key] = shapely.boundary(self._countries.level(level_name).geoms.geoms)
        return self._lines[key]
