"""`explorer export --layer big.parquet`: a GeoParquet of points over the read limits is read
for the export's extent only (the row groups that hold it); one of other shapes, or a view
itself over the limits, is refused with the --max-features hint."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from PySide6.QtGui import QImage

from explorer.cli import main
from explorer.io import read_limits
from explorer.io.parquet_view import read_view_layer

N = 20_000
UZBEKISTAN = (56.0, 37.0, 73.0, 46.0)


def world(path: Path) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(5)
    lon, lat = np.sort(rng.uniform(-180, 180, N)), rng.uniform(-60, 70, N)
    gpd.GeoDataFrame({"id": np.arange(N), "kind": np.array(["a", "b"])[np.arange(N) % 2]},
                     geometry=shapely.points(lon, lat), crs="EPSG:4326").to_parquet(
        path, write_covering_bbox=True, row_group_size=1_000)
    return lon, lat


def test_the_view_of_a_big_file_is_read_from_its_row_groups(tmp_path, monkeypatch) -> None:
    lon, lat = world(tmp_path / "events.parquet")
    monkeypatch.setattr(read_limits, "MAX_FEATURES", 5_000)
    data = read_view_layer(tmp_path / "events.parquet", UZBEKISTAN)
    inside = (lon >= 56) & (lon <= 73) & (lat >= 37) & (lat <= 46)
    assert len(data) == inside.sum() and data.columns == ["id", "kind"]
    assert "row groups read" in data.details[0] and "2 of 20" in data.details[0]
    out = tmp_path / "map.png"
    assert main(["export", str(out), "--layer", str(tmp_path / "events.parquet"), "--bbox",
                 "56,37,73,46", "--size", "400x300", "--themes", "none", "--no-legend"]) == 0
    assert not QImage(str(out)).isNull()


def test_big_files_a_view_cannot_read_keep_the_hint(tmp_path, monkeypatch, capsys) -> None:
    squares = gpd.GeoDataFrame({"id": range(50)}, geometry=[
        shapely.box(60 + i * 0.1, 40, 60.05 + i * 0.1, 40.05) for i in range(50)],
        crs="EPSG:4326")
    squares.to_parquet(tmp_path / "squares.parquet")
    world(tmp_path / "events.parquet")
    monkeypatch.setattr(read_limits, "MAX_FEATURES", 10)
    base = ["export", str(tmp_path / "map.png"), "--size", "400x300", "--themes", "none"]
    assert main([*base, "--layer", str(tmp_path / "squares.parquet")]) == 1
    assert capsys.readouterr().err.strip().endswith("add --max-features 50 to read it anyway")
    assert main([*base, "--layer", str(tmp_path / "events.parquet"), "--bbox",
                 "56,37,73,46"]) == 1  # the view's own points are over the limit too
    err = capsys.readouterr().err.strip()
    assert "in the view" in err and "--max-features" in err
    assert not (tmp_path / "map.png").exists()


@pytest.mark.parametrize("accepted", [None, 20_000])
def test_a_big_file_exports_by_its_view_or_whole_when_accepted(tmp_path, monkeypatch,
                                                              accepted) -> None:
    world(tmp_path / "events.parquet")
    monkeypatch.setattr(read_limits, "MAX_FEATURES", 5_000)
    args = ["export", str(tmp_path / "map.png"), "--layer", str(tmp_path / "events.parquet"),
            "--size", "400x300", "--themes", "none", "--no-legend"]
    assert main(args + (["--max-features", str(accepted)] if accepted else [])) == 0
