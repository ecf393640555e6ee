"""A big layer's points are projected and put in column order on a worker thread; before that
they are estimated through an interpolated projection, offered only when close enough."""

from __future__ import annotations

import numpy as np

from explorer.geo.projected_points import BACKGROUND_MIN, ProjectedPoints
from explorer.geo.projection import get_projection

LCC = get_projection("lcc_central_asia")


def cloud(n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(11)
    return rng.normal(69.0, 3.0, n), rng.normal(41.0, 2.0, n)


def test_ordered_points_are_the_projected_points_in_column_order() -> None:
    lon, lat = cloud(1000)
    lat[7] = 89.9  # off no map here, but
    lon[9] = np.nan  # a point with no place is left out
    features = np.arange(1000)[::-1].copy()  # say, the points of features in reverse
    points = ProjectedPoints(lon, lat, features, LCC)
    assert not points.big and points.estimate(1e9) is None  # small: projected at once
    ordered = points.ordered
    x, y = LCC.forward(lon, lat)
    assert np.all(np.diff(ordered.x) >= -(np.ptp(x[np.isfinite(x)]) / 60_000))  # by column
    assert sorted(ordered.features.tolist()) == sorted(set(features.tolist()) - {990})
    row = 999 - ordered.features  # each point's own row
    assert np.array_equal(ordered.x, x[row]) and np.array_equal(ordered.y, y[row])
    active = np.zeros(1000, bool)
    active[[3, 5]] = True
    assert sorted(ordered.features[points.shown(active)].tolist()) == [3, 5]
    assert points.shown(active) is points.shown(active)  # kept for the same date
    assert np.array_equal(points.per_point(np.arange(1000) * 2), features * 2)


def test_a_big_layer_is_ordered_on_a_thread_and_interpolated_until_then() -> None:
    lon, lat = cloud(BACKGROUND_MIN)
    points = ProjectedPoints(lon, lat, None, LCC)
    assert points.big and not points.ready
    estimate = points.estimate(100.0)  # metres
    assert estimate is not None and points.estimate(0.01) is None
    x, y = LCC.forward(lon, lat)
    assert 0 < np.hypot(estimate[0] - x, estimate[1] - y).max() < 100.0
    points.start()
    assert points.estimate(100.0) is None  # the worker is on it: wait for it
    ordered = points.ordered  # waits for the worker
    assert points.ready and len(ordered.x) == BACKGROUND_MIN
    assert np.array_equal(ordered.x, x[ordered.features])  # projected exactly
    assert np.array_equal(ordered.y, y[ordered.features])
