"""A GeoParquet of points too big to read whole, opened as a view-at-a-time layer: the map's
view is read from the row groups that meet it (points, or counts per cell when they hold too
many), again as the view and the date move; the window stays live and its thread ends."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from explorer.io import read_limits
from explorer.model.project import Extent
from tests.ui.helpers import new_window

N = 20_000


@pytest.fixture
def big(tmp_path: Path, monkeypatch) -> tuple[Path, np.ndarray, np.ndarray, np.ndarray]:
    """N dated points over the world, sorted by longitude, over a read limit of 5,000."""
    rng = np.random.default_rng(9)
    lon, lat = np.sort(rng.uniform(-180, 180, N)), rng.uniform(-60, 70, N)
    day = np.datetime64("1991-01-01") + rng.integers(0, 12_000, N).astype("timedelta64[D]")
    path = tmp_path / "events.parquet"
    gpd.GeoDataFrame({"id": np.arange(N), "day": day.astype("datetime64[ms]")},
                     geometry=shapely.points(lon, lat), crs="EPSG:4326").to_parquet(
        path, write_covering_bbox=True, row_group_size=1_000)
    monkeypatch.setattr(read_limits, "MAX_FEATURES", 5_000)
    return path, lon, lat, day


def in_view(window, lon, lat) -> np.ndarray:
    west, south, east, north = Extent.of(window.map_scene.view_rect(),
                                         window.state.projection).bbox
    return (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)


def test_a_big_file_is_read_a_view_at_a_time(qtbot, big) -> None:
    path, lon, lat, day = big
    window = new_window(qtbot)
    asked = []
    window.layer_opener.ask_large = lambda _path, reason: asked.append(reason) or "view"
    with qtbot.waitSignal(window.session.user_layers.added, timeout=10_000) as added:
        window.open_paths([path])
    layer = added.args[0]
    assert asked and "20,000 features" in asked[0] and layer.path == path
    qtbot.waitUntil(lambda: len(layer.data) > 0, timeout=10_000)
    assert len(layer.data) == in_view(window, lon, lat).sum() < N  # the view's, no more
    assert layer.data.columns == ["id", "day"]

    layer.style.time_start_field = "day"  # the dates are read with the view
    window.session.time.date = dt.date(1995, 1, 1)
    early = in_view(window, lon, lat) & (day <= np.datetime64("1995-01-01"))
    qtbot.waitUntil(lambda: len(layer.data) == early.sum(), timeout=10_000)

    window.parquet_views.max_points = 100  # too many in the view's row groups: counted
    window.map_scene.show_bbox((0.0, -30.0, 120.0, 60.0))
    qtbot.waitUntil(lambda: layer.counts is not None, timeout=10_000)
    assert len(layer.data) == 0
    assert layer.counts.counts.sum() == (
        (lon >= layer.counts.box[0]) & (lon <= layer.counts.box[2])
        & (lat >= layer.counts.box[1]) & (lat <= layer.counts.box[3])
        & (day <= np.datetime64("1995-01-01"))).sum()

    window.session.user_layers.remove(layer.id)
    assert window.parquet_views.views == {}
    window.parquet_views.close()
    assert not window.parquet_views.thread.is_alive()


def test_a_file_no_view_can_read_says_so(qtbot, tmp_path, monkeypatch) -> None:
    squares = gpd.GeoDataFrame({"id": range(50)}, geometry=[
        shapely.box(60 + i * 0.1, 40, 60.05 + i * 0.1, 40.05) for i in range(50)],
        crs="EPSG:4326")
    squares.to_parquet(tmp_path / "squares.parquet")
    monkeypatch.setattr(read_limits, "MAX_FEATURES", 10)
    window = new_window(qtbot)
    warned: list[str] = []
    monkeypatch.setattr("explorer.ui.main_window.warn", lambda _w, _t, text: warned.append(text))
    window.layer_opener.ask_large = lambda _path, reason: "view"
    window.open_paths([tmp_path / "squares.parquet"])
    qtbot.waitUntil(lambda: bool(warned), timeout=10_000)
    assert "only files of points are read a view at a time, not Polygon" in warned[0]
    assert len(window.session.user_layers) == 0 and window.parquet_views.views == {}
