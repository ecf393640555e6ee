"""Geometries projected once for a map, with bounds, visibility culling and hit-testing."""

from __future__ import annotations

from functools import cached_property

import numpy as np
import shapely

from explorer.geo.geometry import PathArrays, path_arrays, project_geometries
from explorer.geo.projection import Projection


class ProjectedGeometries:
    """A layer's geometries in map units, culled by array maths, hit-tested by an STRtree."""

    def __init__(self, lonlat_geoms: np.ndarray, projection: Projection) -> None:
        self.geoms = project_geometries(np.asarray(lonlat_geoms, dtype=object), projection)
        self.bounds = shapely.bounds(self.geoms)

    def __len__(self) -> int:
        return len(self.geoms)

    @cached_property
    def arrays(self) -> PathArrays:
        return path_arrays(self.geoms)

    @cached_property
    def _tree(self) -> shapely.STRtree:
        return shapely.STRtree(self.geoms)

    @cached_property
    def extent(self) -> tuple[float, float, float, float]:
        b = self.bounds
        return (float(np.nanmin(b[:, 0])), float(np.nanmin(b[:, 1])),
                float(np.nanmax(b[:, 2])), float(np.nanmax(b[:, 3])))

    def visible(self, xmin: float, ymin: float, xmax: float, ymax: float) -> np.ndarray:
        """Indices of the features whose bounds meet the rectangle."""
        b = self.bounds
        with np.errstate(invalid="ignore"):
            hit = (b[:, 0] <= xmax) & (b[:, 2] >= xmin) & (b[:, 1] <= ymax) & (b[:, 3] >= ymin)
        return np.flatnonzero(hit)

    def features_at(self, x: float, y: float, tolerance: float = 0.0) -> np.ndarray:
        """Indices of every feature under the point (within tolerance map units), ascending."""
        if len(self.geoms) == 0:
            return np.empty(0, dtype=int)
        point = shapely.Point(x, y)
        if tolerance > 0:
            hits = self._tree.query(point, predicate="dwithin", distance=tolerance)
        else:
            hits = self._tree.query(point, predicate="intersects")
        return np.sort(hits)

    def feature_at(self, x: float, y: float, tolerance: float = 0.0) -> int | None:
        """The topmost feature under the point (within tolerance map units), or None."""
        hits = self.features_at(x, y, tolerance)
        return int(hits[-1]) if len(hits) else None
