"""Hostile layer files (deep nesting, memory bombs, NaN and out-of-range coordinates) give clean
errors or counted notices, never a crash; every input is rebuilt here from a recipe."""

from __future__ import annotations

import hashlib
import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import shapely

from explorer.io import geometry_guard, read_limits
from explorer.io.geometry_guard import MAX_NESTING, wkb_depth, wkt_depth
from explorer.io.vector_reader import CrsNeeded, TooLarge, VectorReadError, read_vector
from tests.layers import as_frame

READ_IN_CHILD = """
import sys
from explorer.io.vector_reader import VectorReadError, read_vector
from tests.layers import as_frame
try:
    read_vector(sys.argv[1])
except VectorReadError as exc:
    print(exc)
    sys.exit(3)
"""


def deep_wkt(levels: int) -> str:
    return "GEOMETRYCOLLECTION(" * levels + "POINT(66 40)" + ")" * levels


def deep_wkb(levels: int) -> bytes:
    return struct.pack("<BII", 1, 7, 1) * levels + struct.pack("<BIdd", 1, 1, 66.0, 40.0)


def write_geoparquet(path: Path, wkb: list[bytes]) -> Path:
    geo = {"version": "1.0.0", "primary_column": "geometry",
           "columns": {"geometry": {"encoding": "WKB", "geometry_types": []}}}
    table = pa.table({"id": list(range(len(wkb))), "geometry": pa.array(wkb, pa.binary())})
    pq.write_table(table.replace_schema_metadata({"geo": json.dumps(geo)}), path)
    return path


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def read_in_child(path: Path) -> subprocess.CompletedProcess:
    """Read in another process: a regression that crashes GEOS fails the test, not pytest."""
    return subprocess.run([sys.executable, "-c", READ_IN_CHILD, str(path)],
                          capture_output=True, text=True, timeout=60)


def test_depth_scans_agree_with_shapely() -> None:
    shapes = ["POINT (66 40)", "LINESTRING (66 40, 67 41)",
              "POLYGON ((0 0, 1 0, 1 1, 0 0), (0.2 0.1, 0.3 0.1, 0.3 0.2, 0.2 0.1))",
              "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
              "GEOMETRYCOLLECTION (POINT Z (1 2 3), GEOMETRYCOLLECTION (LINESTRING (0 0, 1 1)))",
              "GEOMETRYCOLLECTION EMPTY", "MULTIPOINT ((66 40), (67 41))"]
    expected = [1, 1, 1, 2, 3, 1, 2]
    for text, depth in zip(shapes, expected, strict=True):
        geometry = shapely.from_wkt(text)
        for wkb in (shapely.to_wkb(geometry), shapely.to_wkb(geometry, byte_order=0),
                    shapely.to_wkb(geometry, flavor="extended", include_srid=True)):
            assert wkb_depth(wkb) == depth, text
    assert wkt_depth(deep_wkt(3)) == 4
    assert wkb_depth(deep_wkb(3)) == 4
    assert wkb_depth(deep_wkb(100_000)) == MAX_NESTING + 1  # stops counting past the limit
    assert wkb_depth(deep_wkb(100_000)[:50]) == 6  # cut in the 6th header: ends cleanly
    assert geometry_guard.first_too_deep_wkb([shapely.to_wkb(shapely.Point(1, 2)),
                                              deep_wkb(MAX_NESTING), None]) == 1
    assert geometry_guard.first_too_deep_wkb([deep_wkb(MAX_NESTING - 1)]) is None
    assert geometry_guard.first_too_deep_wkt(["POINT (1 2)", None, deep_wkt(MAX_NESTING)]) == 2


def test_deeply_nested_wkt_in_a_csv_is_refused_before_geos(tmp_path: Path) -> None:
    path = tmp_path / "deep.csv"
    path.write_text(f'id,wkt\n1,"POINT (66 40)"\n2,"{deep_wkt(25_000)}"\n', encoding="utf-8")
    before = fingerprint(path)
    done = read_in_child(path)
    assert done.returncode == 3, done.stderr  # a clean error, not a signal
    assert "deep.csv" in done.stdout and "row 2" in done.stdout and "64 levels" in done.stdout
    assert "Traceback" not in done.stderr
    assert fingerprint(path) == before


def test_deeply_nested_wkb_in_a_geoparquet_is_refused_before_geos(tmp_path: Path) -> None:
    point = shapely.to_wkb(shapely.Point(66, 40))
    path = write_geoparquet(tmp_path / "deep.parquet", [point, point, deep_wkb(100_000)])
    before = fingerprint(path)
    done = read_in_child(path)
    assert done.returncode == 3, done.stderr
    assert "deep.parquet" in done.stdout and "row 3" in done.stdout
    assert fingerprint(path) == before


def test_nesting_within_the_limit_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    csv = tmp_path / "nested.csv"
    csv.write_text(f'id,wkt\n1,"{deep_wkt(MAX_NESTING - 1)}"\n', encoding="utf-8")
    assert as_frame(read_vector(csv)).geometry[0].geom_type == "GeometryCollection"
    parquet = write_geoparquet(tmp_path / "nested.parquet", [deep_wkb(MAX_NESTING - 1)])
    assert len(read_vector(parquet)) == 1
    monkeypatch.setattr(geometry_guard, "MAX_NESTING", 3)  # the guard reads the constant
    monkeypatch.setattr(shapely, "from_wkt", lambda *a, **k: pytest.fail("GEOS was reached"))
    with pytest.raises(VectorReadError, match=r"nested\.csv: .* row 1 "):
        read_vector(csv)


def bomb_zip(tmp_path: Path, claimed: int = 3 * 1024**3) -> Path:
    """A zipped shapefile of 3 points whose directory says a member unzips to `claimed` bytes
    (as a zip bomb's does), built in milliseconds."""
    folder = tmp_path / "parts"
    folder.mkdir()
    gpd.GeoDataFrame({"id": [1, 2, 3]}, geometry=gpd.points_from_xy([66, 67, 68], [40, 41, 42]),
                     crs=4326).to_file(folder / "sites.shp", engine="pyogrio")
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(folder.iterdir()):
            archive.write(part, part.name)
        archive.writestr("padding.bin", b"\0" * 1000)
    data = bytearray(path.read_bytes())
    entry = data.rindex(b"padding.bin") - 46  # its central directory entry, name last
    assert data[entry:entry + 4] == b"PK\x01\x02"
    struct.pack_into("<I", data, entry + 24, claimed)  # the central directory's size field
    path.write_bytes(bytes(data))
    assert sum(i.file_size for i in zipfile.ZipFile(path).infolist()) > claimed
    return path


def test_a_zip_bomb_is_refused_before_reading(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = bomb_zip(tmp_path)
    before = fingerprint(path)
    monkeypatch.setattr(gpd, "read_file", lambda *a, **k: pytest.fail("the bomb was read"))
    with pytest.raises(TooLarge, match=r"bomb\.zip holds 3 features, 3,07\d MB of data") as info:
        read_vector(path)
    assert info.value.size.features == 3
    assert fingerprint(path) == before
    monkeypatch.undo()
    assert len(read_vector(path, max_features=3)) == 3  # accepted: read
    with read_limits.feature_limit(3):  # as the CLI's --max-features 3
        assert len(read_vector(path)) == 3


@pytest.mark.parametrize("suffix", [".gpkg", ".fgb", ".shp", ".parquet", ".csv"])
def test_too_many_features_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       suffix: str) -> None:
    monkeypatch.setattr(read_limits, "MAX_FEATURES", 20)
    n = 30
    frame = gpd.GeoDataFrame({"id": np.arange(n)},
                             geometry=gpd.points_from_xy(np.linspace(60, 70, n), [40] * n),
                             crs=4326)
    path = tmp_path / f"many{suffix}"
    if suffix == ".csv":
        path.write_text("id,lon,lat\n" + "".join(f"{i},{60 + i / 10},40\n" for i in range(n)))
    elif suffix == ".parquet":
        frame.to_parquet(path)
    else:
        frame.to_file(path, engine="pyogrio")
    with pytest.raises(TooLarge, match=rf"many\{suffix} holds (about )?\d+ features") as info:
        read_vector(path)
    assert 25 <= info.value.size.features <= 35  # a CSV's is estimated from its first lines
    assert len(read_vector(path, max_features=info.value.size.features)) == n


def test_nan_and_inf_coordinates_are_dropped_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "nan.csv"
    path.write_text('id;wkt\n1;POINT (66 nan)\n2;LINESTRING (nan nan, 66 40)\n'
                    '3;MULTIPOINT ((66 40), (nan nan))\n4;POINT (66 inf)\n'
                    '5;POLYGON ((60 40, 61 40, -inf 41, 60 40))\n6;POINT (66 40)\n',
                    encoding="utf-8")
    data = read_vector(path)
    assert as_frame(data)["id"].tolist() == ["6"]
    assert data.skipped == 5
    assert "5 features with NaN or infinite coordinates skipped." in data.notices


def test_nan_in_geoparquet_wkb_is_dropped(tmp_path: Path) -> None:
    # (WKB writes an empty point as NaN NaN: MULTIPOINT ((66 40), (nan nan)) has an empty part)
    with np.errstate(invalid="ignore"):
        wkb = [shapely.to_wkb(shapely.from_wkt(t)) for t in
               ("POINT (66 40)", "LINESTRING (nan nan, 66 40)", "POINT (66 inf)")]
    data = read_vector(write_geoparquet(tmp_path / "nan.parquet", wkb))
    assert as_frame(data)["id"].tolist() == [0]
    assert "2 features with NaN or infinite coordinates skipped." in data.notices


def test_a_row_far_out_of_range_is_dropped_with_its_extent(tmp_path: Path) -> None:
    path = tmp_path / "far.csv"
    path.write_text("id,lon,lat\n1,66,1e308\n2,66,40\n3,67,41\n", encoding="utf-8")
    data = read_vector(path)
    assert as_frame(data)["id"].tolist() == ["2", "3"] and data.skipped == 1
    assert "1 features outside longitude ±180 / latitude ±90 (x 66 to 66, y 1e+308 to " \
           "1e+308) skipped." in data.notices
    west, south, east, north = as_frame(data).total_bounds
    assert -180 <= west <= east <= 180 and -90 <= south <= north <= 90


def test_metres_declared_as_lonlat_are_refused_with_the_extent(tmp_path: Path) -> None:
    path = tmp_path / "utm_as_crs84.gpkg"
    utm = gpd.GeoDataFrame({"id": [1, 2]}, geometry=gpd.points_from_xy([519977.4, 600000.0],
                                                                       [4572072.3, 4600000.0]))
    utm.set_crs("OGC:CRS84").to_file(path, engine="pyogrio")
    with pytest.raises(CrsNeeded, match=r"utm_as_crs84\.gpkg: the file declares OGC:CRS84 but "
                                        r"its coordinates \(x 519977 to 600000, y 4\.57207e\+06 "
                                        r"to 4\.6e\+06\) are not longitude/latitude; declare "
                                        "the file's CRS"):
        read_vector(path)
    data = read_vector(path, assume_crs="EPSG:32642")  # what the window asks for
    assert as_frame(data).geometry[0].distance(shapely.Point(69.24, 41.3)) < 1e-2
    assert "The file's CRS does not fit its coordinates; read as EPSG:32642." in data.notices


def test_deep_wkb_in_a_geopackage_stops_at_gdal(tmp_path: Path) -> None:
    """GDAL parses a GeoPackage's blobs itself and gives up past 32 levels: no crash."""
    import sqlite3

    path = tmp_path / "deep.gpkg"
    gpd.GeoDataFrame({"id": [1]}, geometry=gpd.points_from_xy([66], [40]),
                     crs=4326).to_file(path, layer="sites", engine="pyogrio")
    blob = b"GP\x00\x01" + struct.pack("<i", 4326) + deep_wkb(100_000)
    with sqlite3.connect(path) as db:
        for (trigger,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
            db.execute(f'DROP TRIGGER "{trigger}"')  # they call GDAL's SQL functions
        db.execute("UPDATE sites SET geom = ?", (blob,))
    db.close()
    done = read_in_child(path)
    assert done.returncode == 3, done.stderr
    assert "deep.gpkg has no usable geometry" in done.stdout
