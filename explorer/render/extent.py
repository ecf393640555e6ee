"""What a map frame shows of the world: the rectangle drawn, the points, countries and kinds."""

from __future__ import annotations

import numpy as np
import shapely

from explorer.geo.lod import level_for_scale, web_zoom
from explorer.geo.projection import Projection
from explorer.model.drawn import Inside, MapExtent
from explorer.render.map_scene import MapScene, Rect
from explorer.render.themes.places import KINDS


def fitted_rect(rect: Rect, width: float, height: float) -> Rect:
    """The map rectangle a frame of width x height px shows when asked for `rect` with the
    aspect kept (the view box widens the short side, centred)."""
    xmin, ymin, xmax, ymax = rect
    w, h = xmax - xmin, ymax - ymin
    if width <= 0 or height <= 0 or w <= 0 or h <= 0:
        return rect
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    units = max(w / width, h / height)
    return (cx - units * width / 2, cy - units * height / 2, cx + units * width / 2,
            cy + units * height / 2)


def view_inside(projection: Projection, rect: Rect) -> Inside:
    """An `inside(lon, lat)` test for the points a map rectangle shows."""
    xmin, ymin, xmax, ymax = rect

    def inside(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        x, y = projection.forward(np.asarray(lon, float), np.asarray(lat, float))
        with np.errstate(invalid="ignore"):
            return (x >= xmin) & (x <= xmax) & (y >= ymin) & (y <= ymax)

    return inside


def map_extent(scene: MapScene, rect: Rect, width: float) -> MapExtent:
    """What the scene shows of the world in `rect` drawn `width` device pixels wide: points
    inside the rectangle, the countries whose land meets it, the place kinds of that zoom, the
    user's point layers too dense there to draw one by one."""
    xmin, ymin, xmax, ymax = rect
    inside = view_inside(scene.projection, rect)
    # the level the map is drawn at (projected for the drawing anyway): what is seen to meet
    level = scene.countries.level(level_for_scale((xmax - xmin) / max(width, 1.0)))
    candidates = level.geoms.visible(*rect)
    meets = shapely.intersects(level.geoms.take(candidates), shapely.box(*rect))
    countries = frozenset(str(c) for c in level.iso_a3[candidates[meets]])
    zoom = web_zoom((xmax - xmin) / max(width, 1.0) * scene.context.scale)
    kinds = frozenset(kind for kind, row in KINDS.items() if row[1] <= zoom)
    height = width * (ymax - ymin) / max(xmax - xmin, 1e-9)
    dense = {}
    items = scene.user_layers.items if scene.user_layers is not None else {}
    for layer_id, item in items.items():
        most = item.most_dense(rect, width, height) if item.isVisible() else None
        if most is not None:
            dense[layer_id] = most
    return MapExtent(inside, countries, kinds, dense)
