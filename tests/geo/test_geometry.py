"""Geometries flatten into per-feature coordinate arrays with the right pen breaks."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from explorer.geo.geometry import path_arrays, thin_by_length, thin_rings
from explorer.geo.lod import LEVELS, level_for_scale


def test_polygons_with_holes_and_parts() -> None:
    holed = shapely.box(4, 4, 5, 5).difference(shapely.box(4.2, 4.2, 4.5, 4.5))
    geoms = np.array([shapely.box(0, 0, 1, 1),
                      shapely.MultiPolygon([shapely.box(2, 2, 3, 3), holed])], dtype=object)
    arrays = path_arrays(geoms)
    assert list(arrays.starts) == [0, 5, 20]
    # a break after each ring: 1 ring in the first feature, 3 in the second
    assert list(np.flatnonzero(arrays.connect == 0)) == [4, 9, 14, 19]
    x, _, connect = arrays.feature(1)
    assert len(x) == 15 and connect[-1] == 0


def test_lines() -> None:
    geoms = np.array([shapely.LineString([(0, 0), (1, 1)]),
                      shapely.MultiLineString([[(0, 0), (1, 1), (2, 2)], [(5, 5), (6, 6)]])])
    arrays = path_arrays(geoms)
    assert list(arrays.starts) == [0, 2, 7]
    assert list(arrays.connect) == [1, 0, 1, 1, 0, 1, 0]


def test_points_are_refused() -> None:
    with pytest.raises(ValueError, match="polygons or lines"):
        path_arrays(np.array([shapely.Point(0, 0)]))


def test_level_of_detail_gets_finer_as_we_zoom_in() -> None:
    chosen = [level_for_scale(upp) for upp in (40_000, 5_000, 1_000, 100)]
    assert chosen == list(LEVELS)


def test_thin_rings_keeps_about_so_many_points_each_ring_closed() -> None:
    rings = np.array([shapely.Point(0, 0).buffer(1, quad_segs=16),  # 65 points
                      shapely.box(5, 5, 6, 6)], dtype=object)  # 5 points
    arrays = path_arrays(rings)
    x, y, connect = thin_rings(*arrays.features(np.arange(2)), 8)
    ends = np.flatnonzero(connect == 0)
    assert len(ends) == 2 and ends[-1] == len(x) - 1
    circle = np.column_stack([x[: ends[0] + 1], y[: ends[0] + 1]])
    assert 8 <= len(circle) <= 10 and (circle[0] == circle[-1]).all()  # still closed
    np.testing.assert_allclose(np.hypot(*circle.T), 1.0)  # points of the circle itself
    assert len(x) - len(circle) == 5  # the box had no more than it needs


def test_thin_by_length_keeps_a_point_a_step_and_every_end() -> None:
    wiggle = shapely.LineString([(k * 0.1, (k % 2) * 0.01) for k in range(101)])  # 10 long
    arrays = path_arrays(np.array([wiggle, shapely.box(20, 0, 21, 1)], dtype=object))
    x, y, connect = thin_by_length(*arrays.features(np.arange(2)), 1.0)
    ends = np.flatnonzero(connect == 0)
    assert len(ends) == 2
    line = np.column_stack([x[: ends[0] + 1], y[: ends[0] + 1]])
    assert 10 <= len(line) <= 12  # about one point a unit of length, from 101
    assert tuple(line[0]) == (0.0, 0.0) and tuple(line[-1]) == (10.0, 0.0)
    assert len(x) - len(line) == 5  # the box's corners are a unit apart: all kept
