"""A layer's geometry column: coordinate arrays when every feature is one point, shapes otherwise.

Millions of points cost two float64 arrays here, not millions of shapely objects: reading,
cleaning, reprojecting and drawing them stay numpy from the file to the screen."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

import numpy as np
import shapely
from shapely import GeometryType

Transform = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
POLYGONS = (GeometryType.POLYGON, GeometryType.MULTIPOLYGON)
LINES = (GeometryType.LINESTRING, GeometryType.MULTILINESTRING)
POINTS = (GeometryType.POINT, GeometryType.MULTIPOINT)
_NO_ROWS = np.empty(0, np.int64)


class PointCoords:
    """Every feature a single point: its x and y, one float64 array each."""

    kinds = frozenset({"Point"})

    def __init__(self, x: np.ndarray, y: np.ndarray) -> None:
        self.x = np.ascontiguousarray(x, dtype=np.float64)
        self.y = np.ascontiguousarray(y, dtype=np.float64)

    def __len__(self) -> int:
        return len(self.x)

    def bounds(self) -> np.ndarray:
        """Each feature's (west, south, east, north)."""
        return np.column_stack([self.x, self.y, self.x, self.y])

    @cached_property
    def _extent(self) -> tuple[float, float, float, float]:
        """The least and greatest x and y (NaN if any coordinate is: min and max carry it), in
        four quick passes: most layers' points are all finite and inside any box asked about,
        which this answers without a mask a test (the arrays are never changed in place)."""
        if not len(self.x):
            return (np.nan,) * 4
        return (float(self.x.min()), float(self.y.min()), float(self.x.max()),
                float(self.y.max()))

    def total_bounds(self) -> tuple[float, float, float, float]:
        if not len(self.x) or np.isfinite(self._extent).all():
            return self._extent
        return (float(np.nanmin(self.x)), float(np.nanmin(self.y)), float(np.nanmax(self.x)),
                float(np.nanmax(self.y)))

    def within(self, west: float, south: float, east: float, north: float) -> np.ndarray:
        """Which features lie within the box (NaN never does)."""
        xmin, ymin, xmax, ymax = self._extent
        if xmin >= west and xmax <= east and ymin >= south and ymax <= north:  # NaN: False
            return np.ones(len(self.x), bool)
        return (self.x >= west) & (self.x <= east) & (self.y >= south) & (self.y <= north)

    def finite(self) -> np.ndarray:
        if np.isfinite(self._extent).all():
            return np.ones(len(self.x), bool)
        return np.isfinite(self.x) & np.isfinite(self.y)

    def take(self, rows: np.ndarray) -> PointCoords:
        return PointCoords(self.x[rows], self.y[rows])

    def transformed(self, transform: Transform) -> PointCoords:
        return PointCoords(*transform(self.x, self.y))

    def point_parts(self) -> tuple[np.ndarray, np.ndarray, None]:
        """The points' x, y and the feature each belongs to (None: each is its own)."""
        return self.x, self.y, None

    def shapes_of(self, kinds: tuple[GeometryType, ...]) -> tuple[np.ndarray, np.ndarray]:
        """The features of these shape kinds and their rows: none (points are not shapes)."""
        return np.empty(0, object), _NO_ROWS

    def anchors(self) -> tuple[np.ndarray, np.ndarray]:
        """Where each feature's label hangs: the point itself."""
        return self.x, self.y

    def shapes(self) -> np.ndarray:
        """The features as shapely points (for what needs objects: a few, never millions)."""
        return shapely.points(self.x, self.y)


class Shapes:
    """Features of any kind as shapely geometries (lines, polygons, multi-points, mixed)."""

    def __init__(self, geoms: np.ndarray) -> None:
        self.geoms = np.asarray(geoms, dtype=object)

    def __len__(self) -> int:
        return len(self.geoms)

    @property
    def kinds(self) -> frozenset[str]:
        """The kinds of feature present, "Multi" folded in: Point, LineString, Polygon."""
        names = {str(GeometryType(k).name) for k in np.unique(shapely.get_type_id(self.geoms))
                 if k >= 0}
        return frozenset(_KIND_NAMES.get(n, n.title()) for n in names)

    def bounds(self) -> np.ndarray:
        return shapely.bounds(self.geoms)

    def total_bounds(self) -> tuple[float, float, float, float]:
        return tuple(float(v) for v in shapely.total_bounds(self.geoms))

    def within(self, west: float, south: float, east: float, north: float) -> np.ndarray:
        b = self.bounds()
        return (b[:, 0] >= west) & (b[:, 2] <= east) & (b[:, 1] >= south) & (b[:, 3] <= north)

    def take(self, rows: np.ndarray) -> Shapes:
        return Shapes(self.geoms[rows])

    def transformed(self, transform: Transform) -> Shapes:
        def interleaved(coords: np.ndarray) -> np.ndarray:
            return np.column_stack(transform(coords[:, 0], coords[:, 1]))

        return Shapes(shapely.transform(self.geoms, interleaved))

    def point_parts(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rows = np.flatnonzero(np.isin(shapely.get_type_id(self.geoms), POINTS))
        xy, index = shapely.get_coordinates(self.geoms[rows], return_index=True)
        return xy[:, 0], xy[:, 1], rows[index]

    def shapes_of(self, kinds: tuple[GeometryType, ...]) -> tuple[np.ndarray, np.ndarray]:
        rows = np.flatnonzero(np.isin(shapely.get_type_id(self.geoms), kinds))
        return self.geoms[rows], rows

    def anchors(self) -> tuple[np.ndarray, np.ndarray]:
        points = shapely.point_on_surface(self.geoms)
        return shapely.get_x(points), shapely.get_y(points)

    def shapes(self) -> np.ndarray:
        return self.geoms


_KIND_NAMES = {"POINT": "Point", "MULTIPOINT": "Point", "LINESTRING": "LineString",
               "MULTILINESTRING": "LineString", "LINEARRING": "LineString",
               "POLYGON": "Polygon", "MULTIPOLYGON": "Polygon"}

LayerGeometry = PointCoords | Shapes


def from_shapes(geoms: np.ndarray) -> LayerGeometry:
    """Coordinates when every geometry is one non-empty point, the shapes otherwise."""
    geoms = np.asarray(geoms, dtype=object)
    if len(geoms) and (shapely.get_type_id(geoms) == GeometryType.POINT).all() \
            and not shapely.is_empty(geoms).any():
        return PointCoords(shapely.get_x(geoms), shapely.get_y(geoms))
    return Shapes(geoms)
