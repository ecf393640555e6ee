"""The map scene: a view box holding every map item, shared by the window and the exporter."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pyqtgraph as pg
import shapely
from PySide6.QtCore import QPointF, QRectF

from explorer.geo.projection import (
    CENTRAL_ASIA_BBOX,
    DEFAULT_PROJECTION,
    Projection,
    get_projection,
)
from explorer.io.atlas_reader import ATLAS_ATTRIBUTION
from explorer.io.basemap import ATTRIBUTION
from explorer.model.details import format_day
from explorer.model.features import FeatureRef
from explorer.model.map_view import MapViewState
from explorer.model.session import Session
from explorer.render import style
from explorer.render.basemap import CountryLayerItem, SeaItem
from explorer.render.context import MapContext
from explorer.render.country_labels import CountryLabelItem
from explorer.render.graticule import GraticuleItem, GraticuleLabelsItem
from explorer.render.highlight import Z_HIGHLIGHT, HighlightItem
from explorer.render.labels import LabelsItem
from explorer.render.overlays import (
    AttributionItem,
    DateStampItem,
    ScaleBarItem,
    metres_per_pixel,
)
from explorer.render.text import text_width
from explorer.render.themes.cache import CachedGroupItem
from explorer.render.themes.layers import ThemeLayers
from explorer.render.user_layer_items import UserLayerItems
from explorer.render.user_selection import UserSelectionItem, pick

Rect = tuple[float, float, float, float]
_MIN_VIEW_WIDTH = 5_000.0  # metres: closer than this the 1:10m borders say nothing more
Z_LABELS = 100.0


class MapScene:
    """Everything drawn on the map, in projected coordinates inside one pyqtgraph ViewBox.

    Bottom to top: the basemap (sea, countries, graticule lines: drawn through one raster cache,
    as they change only with the view), the graticule's edge labels, the atlas themes when a
    session is given (in the order of `session.themes.layers`), the shared selection's
    highlight (`highlight`, None without a session), and one label engine placing country
    names and theme labels.
    """

    def __init__(self, projection: str = DEFAULT_PROJECTION, scale: float = 1.0,
                 session: Session | None = None) -> None:
        self.context = MapContext(get_projection(projection), scale)
        self.session = session
        self.viewbox = pg.ViewBox(lockAspect=1.0, enableMenu=False, invertY=False,
                                  defaultPadding=0.0)
        self.viewbox.setBackgroundColor(style.BACKGROUND)
        self.sea = SeaItem(self.context)
        self.countries = CountryLayerItem(self.context)
        self.graticule = GraticuleItem(self.context)
        self.basemap = CachedGroupItem(self.context, [self.sea, self.countries, self.graticule])
        self.labels = CountryLabelItem(self.context, self.countries)
        self.label_engine = LabelsItem(self.context)
        self.graticule_labels = GraticuleLabelsItem(self.context, self.graticule,
                                                    self._reserved_boxes)
        for z, item in enumerate([self.sea, self.countries, self.graticule, self.labels,
                                  self.graticule_labels]):
            item.setZValue(z)
            self.viewbox.addItem(item, ignoreBounds=True)
        self.viewbox.addItem(self.basemap, ignoreBounds=True)
        self.label_engine.setZValue(Z_LABELS)
        self.viewbox.addItem(self.label_engine, ignoreBounds=True)
        self.themes = (None if session is None
                       else ThemeLayers(self.context, session, self.countries, self.viewbox))
        self.highlight: HighlightItem | None = None
        if session is not None and self.themes is not None:
            self.highlight = HighlightItem(self.context, session, self.countries, self.themes)
            self.highlight.setZValue(Z_HIGHLIGHT)
            self.viewbox.addItem(self.highlight, ignoreBounds=True)
        self.user_layers = (None if session is None else
                            UserLayerItems(self.context, session.user_layers, self.viewbox,
                                           session.time, self.label_engine))
        self.user_selection: UserSelectionItem | None = None
        if self.user_layers is not None:
            self.user_selection = UserSelectionItem(self.context, self.user_layers,
                                                    session.selection)
            self.viewbox.addItem(self.user_selection, ignoreBounds=True)
        self.label_engine.add_source(self.labels)
        if self.themes is not None:
            for item in self.themes.items.values():
                if item.has_labels:
                    self.label_engine.add_source(item)
        self.scale_bar = ScaleBarItem(self.viewbox, self.context)
        credit = ATTRIBUTION if session is None else f"{ATTRIBUTION} · {ATLAS_ATTRIBUTION}"
        self.attribution = AttributionItem(self.viewbox, self.context, credit)
        self.date_stamp = DateStampItem(self.viewbox, self.context)
        if session is not None:
            self._on_date_changed(session.date)
            session.time.events.date.connect(self._on_date_changed)
            session.selection.changed.connect(self.label_engine.invalidate)
            self.label_engine.lit = self._lit
        self.label_engine.reserved = self._overlay_boxes
        self._apply_limits()

    def _on_date_changed(self, day: dt.date) -> None:
        self.date_stamp.set_text(format_day(day))

    def _lit(self) -> frozenset[str]:
        """The features whose labels go first: the selection, what it links to (territory,
        bases, routes…) and the capitals of the states it lights."""
        if self.highlight is None or self.session is None or not self.session.selection:
            return frozenset()
        state = self.highlight.state
        countries = state.countries | state.actors
        capitals = {p.id for p in self.session.atlas.places.values()
                    if p.kind == "capital" and p.country in countries}
        picked = {f.id for f in self.session.selection.features}
        return frozenset(countries.union(*state.features.values()) | capitals | picked)

    def _reserved_boxes(self, device: QRectF) -> np.ndarray:
        """What the label engine keeps clear of (an export may add its own furniture)."""
        reserved = self.label_engine.reserved
        return np.empty((0, 4)) if reserved is None else reserved(device)

    def _overlay_boxes(self, device: QRectF) -> np.ndarray:
        """Where the scale bar (bottom left), the attribution (bottom right) and the date stamp
        (top left) sit, in device pixels, so that no label hides under them."""
        s = self.context.scale
        attribution = text_width(self.attribution.text, style.font(10 * s)) + 20 * s
        boxes = [
            [device.left(), device.bottom() - 60 * s, device.left() + 200 * s, device.bottom()],
        ]
        if self.attribution.isVisible():
            boxes.append([device.right() - attribution, device.bottom() - 26 * s, device.right(),
                          device.bottom()])
        if self.date_stamp.text and self.date_stamp.isVisible():
            stamp = text_width(self.date_stamp.text, style.font(20 * s, bold=True)) + 40 * s
            boxes.append([device.left(), device.top(), device.left() + stamp,
                          device.top() + 56 * s])
        return np.array(boxes)

    @property
    def projection(self) -> Projection:
        return self.context.projection

    def _apply_limits(self) -> None:
        xmin, ymin, xmax, ymax = shapely.bounds(self.projection.outline)
        pad_x, pad_y = (xmax - xmin) * 0.5, (ymax - ymin) * 0.5
        self.viewbox.setLimits(xMin=xmin - pad_x, xMax=xmax + pad_x, yMin=ymin - pad_y,
                               yMax=ymax + pad_y, minXRange=_MIN_VIEW_WIDTH,
                               minYRange=_MIN_VIEW_WIDTH)

    def bind(self, state: MapViewState) -> None:
        """Follow a view state: its projection and basemap toggles."""
        self.set_projection(state.projection)
        self.graticule.setVisible(state.graticule)
        self.labels.setVisible(state.country_labels)
        state.events.projection.connect(self.set_projection)
        state.events.graticule.connect(self.graticule.setVisible, check_nargs=False)
        state.events.country_labels.connect(self.labels.setVisible, check_nargs=False)

    # --- what is in view -------------------------------------------------------------------
    def view_rect(self) -> Rect:
        r = self.viewbox.viewRect()
        return r.left(), r.top(), r.right(), r.bottom()

    def show_rect(self, rect: Rect) -> None:
        xmin, ymin, xmax, ymax = rect
        self.viewbox.setRange(QRectF(xmin, ymin, xmax - xmin, ymax - ymin), padding=0.0)

    def show_bbox(self, bbox: tuple[float, float, float, float]) -> None:
        """Fit a lon/lat extent (W, S, E, N) into the view."""
        self.show_rect(self.projection.bbox_to_rect(bbox))

    def show_central_asia(self) -> None:
        self.show_bbox(CENTRAL_ASIA_BBOX)

    def show_world(self) -> None:
        self.show_rect(tuple(shapely.bounds(self.projection.outline)))

    def centre_on(self, lon: float, lat: float) -> bool:
        """Pan (keeping the zoom) so that lon/lat is at the centre; False if it is off the map."""
        x, y = (float(v) for v in self.projection.forward(lon, lat))
        if not (math.isfinite(x) and math.isfinite(y)):
            return False
        r = self.viewbox.viewRect()
        self.show_rect((x - r.width() / 2, y - r.height() / 2, x + r.width() / 2,
                        y + r.height() / 2))
        return True

    def zoom(self, factor: float, centre: QPointF | None = None) -> None:
        """Zoom in (factor > 1) or out about a map point, by default the centre of the view."""
        self.viewbox.scaleBy((1.0 / factor, 1.0 / factor), center=centre)

    def pan(self, fraction_x: float, fraction_y: float) -> None:
        """Move the view by a fraction of its width and height."""
        r = self.viewbox.viewRect()
        self.viewbox.translateBy(x=r.width() * fraction_x, y=r.height() * fraction_y)

    def lonlat_at(self, x: float, y: float) -> tuple[float, float] | None:
        lon, lat = self.projection.inverse(x, y)
        lon, lat = float(lon), float(lat)
        if not (math.isfinite(lon) and math.isfinite(lat)) or abs(lat) > 90:
            return None
        return lon, lat

    def metres_per_pixel(self) -> float:
        return metres_per_pixel(self.viewbox, self.context) / self.context.scale

    def feature_at(self, x: float, y: float, tolerance: float) -> FeatureRef | None:
        """What is drawn at a map point, top-most first: the user's layers (drawn over the
        atlas), then the nearest point or line within tolerance (map units) of the visible
        themes, else the country under the point."""
        if self.user_layers is not None:
            found = pick(self.user_layers, x, y, tolerance)
            if found is not None:
                return found
        if self.themes is not None:
            found = self.themes.feature_at(x, y, tolerance)
            if found is not None:
                return found
        country = self.countries.country_at(x, y)
        return None if country is None else FeatureRef("country", country[0])

    # --- projection --------------------------------------------------------------------------
    def set_projection(self, key: str) -> None:
        """Switch projection, keeping the same place at the centre and the same ground scale."""
        if key == self.projection.key:
            return
        old_rect = self.viewbox.viewRect()
        centre = self.lonlat_at(old_rect.center().x(), old_rect.center().y())
        ground_width = old_rect.width() * self.projection.metres_per_unit(
            old_rect.center().x(), old_rect.center().y())
        self.context.projection = get_projection(key)
        self.basemap.on_projection_changed()
        self.labels.on_projection_changed()
        if self.themes is not None:
            self.themes.on_projection_changed()
        if self.user_layers is not None:
            self.user_layers.on_projection_changed()
        if self.highlight is not None:
            self.highlight.on_projection_changed()
        self.label_engine.on_projection_changed()
        self._apply_limits()
        if centre is None or not math.isfinite(ground_width):
            self.show_central_asia()
            return
        x, y = (float(v) for v in self.projection.forward(*centre))
        mpu = self.projection.metres_per_unit(x, y)
        if not (math.isfinite(x) and math.isfinite(mpu) and mpu > 0):
            self.show_central_asia()
            return
        half_w = ground_width / mpu / 2
        half_h = half_w * old_rect.height() / max(old_rect.width(), 1e-9)
        self.show_rect((x - half_w, y - half_h, x + half_w, y + half_h))
