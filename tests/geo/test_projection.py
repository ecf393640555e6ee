"""Projections round-trip, cut the world where they should, and measure ground scale."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from explorer.geo.geometry import project_geometries
from explorer.geo.projection import CENTRAL_ASIA_BBOX, PROJECTIONS, get_projection

PLACES = {  # lon, lat
    "Tashkent": (69.24, 41.30),
    "Washington": (-77.04, 38.90),
    "Kyiv": (30.52, 50.45),
    "Chabahar": (60.64, 25.29),
    "Canberra": (149.13, -35.28),
}


@pytest.mark.parametrize("key", list(PROJECTIONS))
def test_round_trip(key: str) -> None:
    projection = get_projection(key)
    lon, lat = np.array(list(PLACES.values())).T
    x, y = projection.forward(lon, lat)
    assert np.all(np.isfinite(x)) and np.all(np.isfinite(y))
    back_lon, back_lat = projection.inverse(x, y)
    np.testing.assert_allclose(back_lon, lon, atol=1e-7)
    np.testing.assert_allclose(back_lat, lat, atol=1e-7)


def test_default_projection_is_centred_on_central_asia() -> None:
    lcc = get_projection("lcc_central_asia")
    x, _ = lcc.forward(65.0, 45.0)
    assert abs(float(x)) < 1e-6
    assert "+lat_1=30" in lcc.proj and "+lat_2=50" in lcc.proj


def test_conformal_scale_is_true_on_standard_parallels() -> None:
    lcc = get_projection("lcc_central_asia")
    x, y = lcc.forward(65.0, 30.0)
    assert lcc.metres_per_unit(float(x), float(y)) == pytest.approx(1.0, abs=0.01)
    x, y = lcc.forward(65.0, 40.0)
    assert lcc.metres_per_unit(float(x), float(y)) > 1.0  # between the parallels: shrunk


def test_bbox_to_rect_contains_the_bbox_corners() -> None:
    lcc = get_projection("lcc_central_asia")
    xmin, ymin, xmax, ymax = lcc.bbox_to_rect(CENTRAL_ASIA_BBOX)
    w, s, e, n = CENTRAL_ASIA_BBOX
    x, y = lcc.forward([w, e, w, e, 67.5], [s, s, n, n, 40])
    assert np.all((x >= xmin - 1) & (x <= xmax + 1) & (y >= ymin - 1) & (y <= ymax + 1))


def test_unknown_projection_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown projection"):
        get_projection("azimuthal_guess")


def test_polygon_across_the_far_meridian_is_cut_not_smeared() -> None:
    # The Central Asia conic is centred on 65°E; 115°W is its far edge. A box straddling it must
    # come out as two pieces at opposite edges, not one polygon stretched across the map.
    lcc = get_projection("lcc_central_asia")
    straddling = np.array([shapely.box(-120.0, 30.0, -110.0, 40.0)], dtype=object)
    projected = project_geometries(straddling, lcc)[0]
    parts = shapely.get_parts(projected)
    assert len(parts) == 2
    widths = [b[2] - b[0] for b in shapely.bounds(parts)]
    assert max(widths) < 1_500_000  # each half is ~5° wide, far less than the map


def test_geometries_wholly_inside_are_left_as_they_were() -> None:
    lcc = get_projection("lcc_central_asia")
    square = shapely.box(60.0, 38.0, 61.0, 39.0)
    projected = project_geometries(np.array([square], dtype=object), lcc)[0]
    assert shapely.get_num_coordinates(projected) == 5


@pytest.mark.parametrize("key", sorted(PROJECTIONS))
def test_lines_declared_straight_are_straight_once_projected(key: str) -> None:
    # the graticule draws them with their two ends only
    projection = PROJECTIONS[key]
    south, north = max(projection.lat_range[0], -80.0), min(projection.lat_range[1], 80.0)
    lat = np.linspace(south, north, 200)
    lon = np.linspace(projection.central_meridian - 170, projection.central_meridian + 170, 200)
    lines = {"meridian": (np.full_like(lat, projection.central_meridian + 40), lat),
             "parallel": (lon, np.full_like(lon, 35.0))}
    for kind, declared in (("meridian", projection.straight_meridians),
                           ("parallel", projection.straight_parallels)):
        x, y = projection.forward(*lines[kind])
        cx, cy = x[-1] - x[0], y[-1] - y[0]
        off = np.abs(cx * (y - y[0]) - cy * (x - x[0])) / np.hypot(cx, cy)  # from the chord
        straight = off.max() < 1e-6 * np.hypot(cx, cy)
        assert straight == declared, (key, kind, off.max())
