"""Geometries projected once for a map, with bounds, visibility culling and hit-testing."""

from __future__ import annotations

from functools import cached_property

import numpy as np
import shapely

from explorer.geo.geometry import (
    LINEAR,
    POLYGONAL,
    PathArrays,
    clip_to_domain,
    path_arrays,
    project_geometries,
)
from explorer.geo.projection import Projection


class ProjectedGeometries:
    """A layer's geometries in map units, culled by array maths, hit-tested by an STRtree.

    Polygons and lines are projected as one coordinate array straight into their path arrays,
    with no projected shapely geometries: those are built only when a hit-test needs them.
    """

    def __init__(self, lonlat_geoms: np.ndarray, projection: Projection) -> None:
        geoms = np.asarray(lonlat_geoms, dtype=object)
        kinds = shapely.get_type_id(geoms)  # -1: missing
        if np.isin(kinds[kinds >= 0], POLYGONAL + LINEAR).all():
            self._lonlat = clip_to_domain(geoms, projection)
            flat = path_arrays(self._lonlat)
            x, y = projection.forward(flat.coords[:, 0], flat.coords[:, 1])
            flat.coords[:, 0], flat.coords[:, 1] = x, y  # into the fresh lon/lat array: a new
            self.arrays = flat  # one costs as much again (its pages are faulted in anew)
            self.bounds = _feature_bounds(x, y, flat.starts)
        else:
            self._lonlat = geoms
            self.geoms = project_geometries(geoms, projection)
            self.bounds = shapely.bounds(self.geoms)

    def __len__(self) -> int:
        return len(self._lonlat)

    @cached_property
    def geoms(self) -> np.ndarray:
        """The projected shapely geometries (built on first use from the path arrays)."""
        return shapely.set_coordinates(self._lonlat.copy(), self.arrays.coords)

    def take(self, rows: np.ndarray) -> np.ndarray:
        """The projected shapely geometries of some features: built for just those unless all
        are built already (a view's few countries need not make the world's)."""
        if "geoms" in self.__dict__:
            return self.geoms[rows]
        rows = np.asarray(rows, dtype=int)
        x, y, _ = self.arrays.features(rows)
        return shapely.set_coordinates(self._lonlat[rows].copy(), np.column_stack([x, y]))

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
        if len(self) == 0:
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


def _feature_bounds(x: np.ndarray, y: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """(n, 4) xmin, ymin, xmax, ymax of each feature's vertices (feature i owns x and y from
    starts[i] to starts[i + 1]); NaN for an empty feature."""
    count = len(starts) - 1
    bounds = np.full((count, 4), np.nan)
    filled = np.flatnonzero(starts[1:] > starts[:-1])
    if len(filled):
        at = starts[:-1][filled]
        with np.errstate(invalid="ignore"):  # contiguous x and y: faster than (n, 2) columns
            for column, (values, reduce) in enumerate(((x, np.fmin), (y, np.fmin),
                                                       (x, np.fmax), (y, np.fmax))):
                bounds[filled, column] = reduce.reduceat(values, at)
    return bounds
