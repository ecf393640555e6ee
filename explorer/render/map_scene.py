"""The map scene: a view box holding every map item, shared by the window and the exporter."""

from __future__ import annotations

import math

import pyqtgraph as pg
import shapely
from PySide6.QtCore import QPointF, QRectF

from explorer.geo.projection import (
    CENTRAL_ASIA_BBOX,
    DEFAULT_PROJECTION,
    Projection,
    get_projection,
)
from explorer.io.basemap import ATTRIBUTION
from explorer.model.map_view import MapViewState
from explorer.render import style
from explorer.render.basemap import CountryLayerItem, SeaItem
from explorer.render.context import MapContext
from explorer.render.graticule import GraticuleItem
from explorer.render.labels import CountryLabelItem
from explorer.render.overlays import AttributionItem, ScaleBarItem, metres_per_pixel

Rect = tuple[float, float, float, float]
_MIN_VIEW_WIDTH = 5_000.0  # metres: closer than this the 1:10m borders say nothing more


class MapScene:
    """Everything drawn on the map, in projected coordinates inside one pyqtgraph ViewBox."""

    def __init__(self, projection: str = DEFAULT_PROJECTION, scale: float = 1.0) -> None:
        self.context = MapContext(get_projection(projection), scale)
        self.viewbox = pg.ViewBox(lockAspect=1.0, enableMenu=False, invertY=False,
                                  defaultPadding=0.0)
        self.viewbox.setBackgroundColor(style.BACKGROUND)
        self.countries = CountryLayerItem(self.context)
        self.graticule = GraticuleItem(self.context)
        self.labels = CountryLabelItem(self.context)
        self._map_items = [SeaItem(self.context), self.countries, self.graticule, self.labels]
        for z, item in enumerate(self._map_items):
            item.setZValue(z)
            self.viewbox.addItem(item, ignoreBounds=True)
        self.scale_bar = ScaleBarItem(self.viewbox, self.context)
        self.attribution = AttributionItem(self.viewbox, self.context, ATTRIBUTION)
        self._apply_limits()

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
        for item in self._map_items:
            item.on_projection_changed()
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
