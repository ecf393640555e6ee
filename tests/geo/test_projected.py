"""Projected geometries straight from coordinate arrays, and array work split over cores."""

from __future__ import annotations

import numpy as np
import shapely

from explorer.geo.chunks import chunked
from explorer.geo.geometry import project_geometries
from explorer.geo.projected import ProjectedGeometries
from explorer.geo.projection import get_projection


def test_paths_bounds_and_geometries_match_projecting_the_shapes() -> None:
    projection = get_projection("lcc_central_asia")
    geoms = np.array([
        shapely.box(60, 40, 62, 42),
        None,
        shapely.Polygon([(70, 40), (75, 40), (75, 45), (70, 45)], [[(71, 41), (72, 41), (72, 42)]]),
        shapely.MultiLineString([[(50, 30), (55, 35)], [(56, 36), (57, 38), (58, 37)]]),
        shapely.Polygon(),
    ], dtype=object)
    fast = ProjectedGeometries(geoms, projection)
    shapes = project_geometries(geoms, projection)
    assert len(fast) == 5
    np.testing.assert_allclose(fast.bounds, shapely.bounds(shapes), equal_nan=True)
    assert all(shapely.equals_exact(a, b, 1e-6) or (a is None and b is None)
               for a, b in zip(fast.geoms, shapes, strict=True) if a is not None)
    assert shapely.is_missing(fast.geoms[1]) and shapely.is_empty(fast.geoms[4])
    assert geoms[0].bounds == (60.0, 40.0, 62.0, 42.0)  # the lon/lat shapes are left alone
    x, _, connect = fast.arrays.features(np.array([0, 3]))
    assert len(x) == 5 + 5 and connect.tolist() == [1, 1, 1, 1, 0, 1, 0, 1, 1, 0]
    hit = projection.forward(61.0, 41.0)
    assert fast.feature_at(float(hit[0]), float(hit[1])) == 0


def test_features_crossing_the_far_meridian_are_cut_as_before() -> None:
    projection = get_projection("lcc_central_asia")
    across = np.array([shapely.box(-160, 50, -140, 60), shapely.box(60, 40, 61, 41)])
    fast = ProjectedGeometries(across, projection)
    assert np.isfinite(fast.bounds).all()
    assert len(fast.arrays.coords) == len(shapely.get_coordinates(fast.geoms))


def test_chunked_work_equals_the_work_done_at_once() -> None:
    projection = get_projection("lcc_central_asia")
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(50, 80, 250_000), rng.uniform(30, 50, 250_000)
    x, y = chunked(projection._forward.transform, lon, lat, min_chunk=50_000)
    ex, ey = projection._forward.transform(lon, lat)
    np.testing.assert_array_equal(x, ex)
    np.testing.assert_array_equal(y, ey)
    geoms = shapely.points(lon[:30_000], lat[:30_000])
    assert chunked(shapely.get_x, geoms, min_chunk=1_000).tolist() == lon[:30_000].tolist()
    assert chunked(np.sqrt, np.array(4.0)) == 2.0  # a scalar: done at once


def test_take_builds_the_same_shapes_as_the_whole_layer() -> None:
    projection = get_projection("lcc_central_asia")
    lonlat = np.array([shapely.box(60, 40, 61, 41), shapely.Point(65, 40).buffer(1),
                       shapely.MultiPolygon([shapely.box(70, 40, 71, 41),
                                             shapely.box(72, 40, 73, 41)])], dtype=object)
    taken = ProjectedGeometries(lonlat, projection).take(np.array([2, 0]))
    whole = ProjectedGeometries(lonlat, projection).geoms
    assert shapely.equals_exact(taken, whole[[2, 0]], 0).all()
