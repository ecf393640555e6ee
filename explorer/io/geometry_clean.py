"""Clean a layer's geometries: drop Z/M, empties and non-finite coordinates, repair invalid ones."""

from __future__ import annotations

import numpy as np
import shapely

from explorer.geo.chunks import chunked
from explorer.geo.layer_geometry import LayerGeometry, PointCoords, from_shapes

LONLAT_SLACK = 1e-6  # degrees a reprojection may overshoot ±180/±90 by


def _reduce(geometry: shapely.Geometry, dimension: int) -> shapely.Geometry | None:
    """The parts of a repaired geometry of the given dimension, as one (multi) geometry."""
    parts = shapely.get_parts(shapely.get_parts(geometry))
    parts = parts[shapely.get_dimensions(parts) == dimension]
    parts = parts[~shapely.is_empty(parts)]
    if len(parts) == 0:
        return None
    if len(parts) == 1:
        return parts[0]
    kind = {0: shapely.MultiPoint, 1: shapely.MultiLineString, 2: shapely.MultiPolygon}[dimension]
    return kind(list(parts))


def non_finite(geoms: np.ndarray) -> np.ndarray:
    """Which geometries have a NaN or infinite coordinate (GEOS cannot repair those)."""
    coords = shapely.get_coordinates(geoms)
    found = np.zeros(len(geoms), dtype=bool)
    if np.isfinite(coords).all():  # the usual case: no vertex to trace back to its feature
        return found
    owner = np.repeat(np.arange(len(geoms)), shapely.get_num_coordinates(geoms))
    found[owner[~np.isfinite(coords).all(axis=1)]] = True
    return found


def inside_lonlat(geometry: LayerGeometry, swapped: bool = False) -> np.ndarray:
    """Which (finite) features lie within longitude ±180 and latitude ±90 (`swapped`: would,
    with x and y swapped)."""
    lon, lat = 180 + LONLAT_SLACK, 90 + LONLAT_SLACK
    if swapped:
        lon, lat = lat, lon
    return geometry.within(-lon, -lat, lon, lat)


def clean(geometry: LayerGeometry, valid: np.ndarray | None = None
          ) -> tuple[LayerGeometry, np.ndarray | None, list[str], int]:
    """Drop Z/M, empty and NaN/inf geometries, repair invalid ones: the geometry kept (as
    coordinates when every feature is one point), which rows it keeps (None: all), the notices
    and the number of features skipped. `valid`: GEOS's validity of each shape if the reader
    checked it already (GEOS checks in 2-D: Z and M change nothing)."""
    if isinstance(geometry, PointCoords):  # a point is valid unless a coordinate is not finite
        finite = geometry.finite()
        if finite.all():
            return geometry, None, [], 0
        bad = int((~finite).sum())
        return geometry.take(finite), finite, [f"{bad} features with NaN or infinite "
                                                "coordinates skipped."], bad
    geoms = geometry.geoms
    flattened = bool((shapely.get_coordinate_dimension(geoms) > 2).any())  # Z or M
    if flattened:
        geoms = shapely.force_2d(geoms)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    empty = int(missing.sum())
    if valid is None or len(valid) != len(geoms):
        valid = chunked(shapely.is_valid, geoms, min_chunk=10_000)
    # GEOS finds a NaN or infinite x or y invalid: only invalid shapes need their vertices seen
    doubtful = np.flatnonzero(~missing & ~valid)
    unusable = np.zeros(len(geoms), dtype=bool)
    unusable[doubtful] = non_finite(geoms[doubtful])
    missing |= unusable
    invalid = np.flatnonzero(~missing & ~valid)
    if not (flattened or missing.any() or len(invalid)):
        return from_shapes(geoms), None, [], 0
    geoms = geoms.copy()
    dropped = 0
    for i in invalid:
        repaired = _reduce(shapely.make_valid(geoms[i]), int(shapely.get_dimensions(geoms[i])))
        geoms[i] = repaired
        if repaired is None:
            missing[i] = True
            dropped += 1
    notices = []
    if empty:
        notices.append(f"{empty} features without geometry skipped.")
    if unusable.any():
        notices.append(f"{int(unusable.sum())} features with NaN or infinite coordinates "
                       "skipped.")
    if len(invalid):
        fixed = len(invalid) - dropped
        tail = f", {dropped} skipped" if dropped else ""
        notices.append(f"{len(invalid)} invalid geometries found: {fixed} repaired{tail}.")
    keep = None if not missing.any() else ~missing
    kept = geoms if keep is None else geoms[keep]
    return from_shapes(kept), keep, notices, empty + int(unusable.sum()) + dropped
