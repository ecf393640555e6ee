"""An interpolated projection lands within its own measured error of PROJ's, and says so when
it cannot (a node off the map, a box across the map's cut)."""

from __future__ import annotations

import numpy as np

from explorer.geo.interpolated import InterpolatedProjection
from explorer.geo.projection import get_projection


def test_points_land_within_the_measured_error_of_the_projection() -> None:
    rng = np.random.default_rng(5)
    lon, lat = rng.uniform(40.0, 90.0, 50_000), rng.uniform(20.0, 60.0, 50_000)
    for key in ("lcc_central_asia", "equal_earth", "web_mercator"):
        projection = get_projection(key)
        interpolated = InterpolatedProjection(projection, (40.0, 20.0, 90.0, 60.0))
        x, y = projection.forward(lon, lat)
        ax, ay = interpolated.forward(lon, lat)
        miss = np.hypot(ax - x, ay - y)
        assert 0 < interpolated.error < 100.0  # metres, over a box some 5,000 km across
        assert miss.max() <= interpolated.error * 1.5  # the centres are the worst, nearly
        corners = interpolated.forward(np.array([40.0, 90.0]), np.array([20.0, 60.0]))
        assert np.allclose(corners, projection.forward([40.0, 90.0], [20.0, 60.0]))


def test_no_error_is_promised_off_the_map_or_across_its_cut() -> None:
    mercator = InterpolatedProjection(get_projection("web_mercator"), (0.0, 80.0, 10.0, 90.0))
    assert mercator.error == float("inf")  # the pole is infinitely far on Mercator's map
    cut = InterpolatedProjection(get_projection("lcc_central_asia"), (-130.0, 30.0, -100.0, 50.0))
    assert cut.error > 1e6  # the conic's far meridian (-115) splits the box
    point = InterpolatedProjection(get_projection("equal_earth"), (69.0, 41.0, 69.0, 41.0))
    assert np.allclose(point.forward(np.array([69.0]), np.array([41.0])),
                       get_projection("equal_earth").forward([69.0], [41.0]))
