"""A GeoParquet file read a view at a time: only the row groups that can hold the view's
features (bbox covering, dates) are read, the points come from their WKB as arrays."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from explorer.io.parquet_view import GeoParquetView
from explorer.io.read_errors import VectorReadError

N, GROUP = 40_000, 2_000
UZBEKISTAN = (56.0, 37.0, 73.0, 46.0)


def world(path: Path, covering: bool = True) -> gpd.GeoDataFrame:
    """N dated points over the world, sorted by longitude (so row groups are bands)."""
    rng = np.random.default_rng(7)
    lon, lat = np.sort(rng.uniform(-180, 180, N)), rng.uniform(-60, 70, N)
    days = np.datetime64("1991-01-01") + rng.integers(0, 12_000, N).astype("timedelta64[D]")
    frame = gpd.GeoDataFrame({"id": np.arange(N), "day": days.astype("datetime64[ms]")},
                             geometry=shapely.points(lon, lat), crs="EPSG:4326")
    frame.to_parquet(path, write_covering_bbox=covering, row_group_size=GROUP)
    return frame


def inside(frame: gpd.GeoDataFrame, box) -> np.ndarray:
    x, y = frame.geometry.x.to_numpy(), frame.geometry.y.to_numpy()
    return (x >= box[0]) & (x <= box[2]) & (y >= box[1]) & (y <= box[3])


def test_a_view_reads_only_the_row_groups_that_meet_it(tmp_path: Path) -> None:
    frame = world(tmp_path / "events.parquet")
    view = GeoParquetView(tmp_path / "events.parquet")
    got = view.read(UZBEKISTAN, ("id",))
    assert view.groups == N // GROUP and len(got.groups) <= 2  # 17 of 360 degrees
    expected = np.flatnonzero(inside(frame, UZBEKISTAN))
    assert sorted(got.table.column("id").to_pylist()) == expected.tolist()
    assert np.allclose(np.sort(got.lon), np.sort(frame.geometry.x.to_numpy()[expected]))
    assert ((got.lat >= 37) & (got.lat <= 46)).all()


def test_the_day_is_pushed_down_too(tmp_path: Path) -> None:
    frame = world(tmp_path / "events.parquet")
    view = GeoParquetView(tmp_path / "events.parquet")
    day = dt.date(1995, 1, 1)
    got = view.read(UZBEKISTAN, ("id", "day"), time="day", day=day)
    early = inside(frame, UZBEKISTAN) & (frame["day"].dt.date <= day).to_numpy()
    assert sorted(got.table.column("id").to_pylist()) == np.flatnonzero(early).tolist()
    assert view.groups_in(UZBEKISTAN, "day", dt.date(1980, 1, 1)) == []  # before any date


def test_without_a_covering_every_group_is_read_and_the_rows_are_still_exact(
        tmp_path: Path) -> None:
    frame = world(tmp_path / "plain.parquet", covering=False)
    got = GeoParquetView(tmp_path / "plain.parquet").read(UZBEKISTAN, ("id",))
    assert len(got.groups) == N // GROUP
    assert len(got.lon) == int(inside(frame, UZBEKISTAN).sum())


def test_a_view_of_other_shapes_is_refused(tmp_path: Path) -> None:
    squares = gpd.GeoDataFrame({"id": [1]}, geometry=[shapely.box(60, 40, 62, 42)],
                               crs="EPSG:4326")
    squares.to_parquet(tmp_path / "squares.parquet")
    with pytest.raises(VectorReadError, match=r"only files of points.*not Polygon"):
        GeoParquetView(tmp_path / "squares.parquet")


def test_files_a_view_cannot_read_are_refused_clearly(tmp_path: Path) -> None:
    (tmp_path / "not.parquet").write_bytes(b"PAR1 no")
    with pytest.raises(VectorReadError, match="not a GeoParquet file"):
        GeoParquetView(tmp_path / "not.parquet")
    utm = gpd.GeoDataFrame({"id": [1]}, geometry=[shapely.Point(500000, 4400000)],
                           crs="EPSG:32642")
    utm.to_parquet(tmp_path / "utm.parquet")
    with pytest.raises(VectorReadError, match="lon/lat files only"):
        GeoParquetView(tmp_path / "utm.parquet")
