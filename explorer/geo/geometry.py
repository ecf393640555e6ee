"""Vectorized geometry preparation: clip to a projection's domain, project, split into paths."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely import GeometryType

from explorer.geo.projection import Projection

_POLYGONAL = (GeometryType.POLYGON, GeometryType.MULTIPOLYGON)
_LINEAR = (GeometryType.LINESTRING, GeometryType.MULTILINESTRING, GeometryType.LINEARRING)


def clip_to_domain(geoms: np.ndarray, projection: Projection) -> np.ndarray:
    """Cut lon/lat geometries where the projection would tear them (its far meridian, its poles)."""
    geoms = np.asarray(geoms, dtype=object)
    # Only geometries whose bounds leave every domain box need the (costly) intersection.
    bounds = shapely.bounds(geoms)[:, None, :]
    boxes = projection.domain_boxes[None, :, :]
    inside = ((bounds[..., 0] >= boxes[..., 0]) & (bounds[..., 1] >= boxes[..., 1])
              & (bounds[..., 2] <= boxes[..., 2]) & (bounds[..., 3] <= boxes[..., 3])).any(axis=1)
    crossing = ~inside & ~shapely.is_missing(geoms)
    out = geoms.copy()
    if crossing.any():
        cut = shapely.intersection(geoms[crossing], projection.domain)
        types = shapely.get_type_id(geoms[crossing])
        out[crossing] = [_same_dimension(g, t) for g, t in zip(cut, types, strict=True)]
    return out


def _same_dimension(geom: shapely.Geometry, original_type: int) -> shapely.Geometry:
    """Drop the lower-dimensional scraps (edge lines, points) an intersection can leave."""
    if shapely.get_type_id(geom) != GeometryType.GEOMETRYCOLLECTION:
        return geom
    parts = shapely.get_parts(geom)
    kinds = shapely.get_type_id(parts)
    if original_type in _POLYGONAL:
        return shapely.multipolygons(parts[np.isin(kinds, _POLYGONAL)])
    if original_type in _LINEAR:
        return shapely.multilinestrings(parts[np.isin(kinds, _LINEAR)])
    return shapely.multipoints(parts[kinds == GeometryType.POINT])


def project_geometries(geoms: np.ndarray, projection: Projection) -> np.ndarray:
    """Clip lon/lat geometries to the projection's domain and project them into map units."""
    clipped = clip_to_domain(geoms, projection)

    def transform(coords: np.ndarray) -> np.ndarray:
        x, y = projection.forward(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(clipped, transform)


@dataclass(frozen=True)
class PathArrays:
    """All vertices of a layer in one array, with the slices and pen breaks of each feature.

    Feature i owns coords[starts[i]:starts[i + 1]]; `connect[k] == 0` ends a ring or a line
    at vertex k, so one path per feature holds all its rings.
    """

    coords: np.ndarray
    starts: np.ndarray
    connect: np.ndarray

    def feature(self, i: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        lo, hi = self.starts[i], self.starts[i + 1]
        return self.coords[lo:hi, 0], self.coords[lo:hi, 1], self.connect[lo:hi]


def path_arrays(geoms: np.ndarray) -> PathArrays:
    """Flatten polygons or lines into coordinate arrays and ring breaks, with no vertex loops."""
    kind, coords, offsets = shapely.to_ragged_array(np.asarray(geoms, dtype=object))
    if kind not in _POLYGONAL + _LINEAR:
        raise ValueError(f"path_arrays takes polygons or lines, not {kind.name.lower()}s")
    ring_offsets, *feature_levels = offsets
    starts = _feature_starts(ring_offsets, feature_levels)
    connect = np.ones(len(coords), dtype=np.int32)
    connect[ring_offsets[1:] - 1] = 0
    return PathArrays(coords=coords, starts=starts, connect=connect)


def _feature_starts(ring_offsets: np.ndarray, levels: list[np.ndarray]) -> np.ndarray:
    """Compose the ragged offsets (rings → polygons → features) into vertex offsets per feature."""
    starts = np.arange(len(ring_offsets))
    for level in levels:
        starts = starts[level]
    return ring_offsets[starts]
