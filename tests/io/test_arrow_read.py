"""The Arrow read of GDAL files gives what the per-feature read (geopandas) gave."""

from __future__ import annotations

import datetime as dt
import json
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from explorer.io import vector_reader
from explorer.io.raw_layer import RawLayer, from_frame
from explorer.io.vector_reader import read_vector

N = 6
TIMES = ["2003-06-01 12:00", "2004-01-01", "2005-05-05 01:02:03", None, "1999-12-31",
         "2000-01-01"]


def per_feature(path: Path) -> RawLayer:
    """The read before the Arrow one: geopandas through pyogrio, feature by feature."""
    return from_frame(gpd.read_file(path, engine="pyogrio", force_2d=True), path.name)


def arrow(path: Path) -> RawLayer:
    return vector_reader._read_layer(str(path), None, path.name)


def assert_same(path: Path) -> None:
    old, new = per_feature(path), arrow(path)
    pd.testing.assert_frame_equal(old.attributes, new.attributes)
    assert type(old.geometry) is type(new.geometry)
    if hasattr(old.geometry, "geoms"):
        a, b = old.geometry.geoms, new.geometry.geoms
        both_missing = shapely.is_missing(a) & shapely.is_missing(b)
        assert (shapely.equals_identical(shapely.force_2d(a), shapely.force_2d(b))
                | both_missing).all()
    else:
        np.testing.assert_array_equal(old.geometry.x, new.geometry.x)
        np.testing.assert_array_equal(old.geometry.y, new.geometry.y)
    assert old.crs == new.crs


def mixed_frame() -> gpd.GeoDataFrame:
    times = pd.to_datetime(TIMES, format="ISO8601")
    return gpd.GeoDataFrame({
        "i": np.arange(N), "i_null": pd.array([1, None, 3, 4, 5, 6], dtype="Int64"),
        "f": np.linspace(0, 1, N), "f_nan": [1.0, np.nan, 2, 3, 4, 5],
        "s": list("abcdef"), "s_null": ["a", None, "c", "é", "e", "f"],
        "b": [True, False, True, True, False, True],
        "d": [dt.date(2003, 6, k + 1) for k in range(N)],
        "d_null": [dt.date(2003, 6, 1), None, dt.date(2003, 6, 3), None, dt.date(2001, 1, 1),
                   dt.date(1850, 1, 1)],
        "t": times, "tz": times.tz_localize("Asia/Tashkent"),
    }, geometry=[shapely.Point(66, 40), shapely.box(60, 40, 61, 41), None,
                 shapely.LineString([(60, 40), (61, 41)]), shapely.Point(61, 42),
                 shapely.MultiPolygon()], crs="EPSG:4326")


@pytest.mark.filterwarnings("ignore:Non-conformant content")  # the per-feature read's
@pytest.mark.parametrize(("suffix", "driver"), [(".gpkg", "GPKG"), (".geojson", "GeoJSON"),
                                                (".kml", "KML")])
def test_every_field_type_reads_as_before(tmp_path: Path, suffix: str, driver: str) -> None:
    path = tmp_path / f"mixed{suffix}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mixed_frame().to_file(path, driver=driver, engine="pyogrio")
    assert_same(path)


@pytest.mark.parametrize(("suffix", "driver"), [(".gpkg", "GPKG"), (".fgb", "FlatGeobuf"),
                                                (".shp", "ESRI Shapefile")])
def test_points_read_as_coordinates_as_before(tmp_path: Path, suffix: str, driver: str) -> None:
    path = tmp_path / f"points{suffix}"
    gpd.GeoDataFrame({"a": [1, 2], "name": ["x", None]},
                     geometry=[shapely.Point(66, 40, 3), shapely.Point(67, 41, 4)],
                     crs="EPSG:32642").to_file(path, driver=driver, engine="pyogrio")
    assert_same(path)


def test_json_and_offset_times_read_as_before(tmp_path: Path) -> None:
    path = tmp_path / "json.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [66, 40, 5]},
         "properties": {"o": {"a": 1}, "l": [1, 2], "t": "2003-06-01T10:00:00+05:00"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [67, 40, 1]},
         "properties": {"o": None, "l": [3], "t": "2003-06-01T10:00:00+03:00"}}]}))
    assert_same(path)


def test_a_shapefile_in_latin1_without_cpg_reads_as_before(tmp_path: Path) -> None:
    """Arrow wants UTF-8: such a file goes the per-feature way, which decodes it."""
    path = tmp_path / "latin.shp"
    gpd.GeoDataFrame({"name": ["café", None]}, geometry=[shapely.box(60, 40, 61, 41)] * 2,
                     crs="EPSG:4326").to_file(path, engine="pyogrio", encoding="latin1")
    path.with_suffix(".cpg").unlink()
    assert_same(path)
    assert read_vector(path).attributes["name"][0] == "café"


def test_z_polygons_are_flattened(tmp_path: Path) -> None:
    path = tmp_path / "z.gpkg"
    ring = [(60, 40, 1), (61, 40, 2), (61, 41, 3), (60, 40, 1)]
    gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.Polygon(ring)],
                     crs="EPSG:4326").to_file(path, engine="pyogrio")
    data = read_vector(path)
    assert not shapely.has_z(data.geometry.geoms).any()
    assert data.notices == []


def test_validity_checked_while_parsing_finds_every_invalid_shape(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from explorer.io import raw_layer

    monkeypatch.setattr(raw_layer, "PARSE_CHUNK", 7)  # chunks of 7 or 8 shapes: 5 of them
    bowtie = shapely.Polygon([(60, 40), (61, 41), (61, 40), (60, 41)])
    shapes = [shapely.box(60 + k * 0.1, 40, 60.05 + k * 0.1, 40.05) for k in range(40)]
    for k in (0, 7, 8, 39):  # the first, at a chunk's end and start, the last
        shapes[k] = bowtie
    path = tmp_path / "bowties.gpkg"
    gpd.GeoDataFrame({"k": range(40)}, geometry=shapes, crs="EPSG:4326").to_file(path)
    read = arrow(path)
    np.testing.assert_array_equal(read.valid, shapely.is_valid(np.array(shapes)))
    data = read_vector(path)
    assert data.notices == ["4 invalid geometries found: 4 repaired."]
    assert shapely.is_valid(data.geometry.geoms).all()


def test_validity_marks_every_non_finite_coordinate() -> None:
    """clean looks for NaN and infinity only among the shapes GEOS finds invalid."""
    from explorer.geo.layer_geometry import Shapes
    from explorer.io.geometry_clean import clean, non_finite

    nan, inf = float("nan"), float("inf")
    with np.errstate(invalid="ignore"):
        odd = [shapely.Point(1, nan), shapely.Point(inf, 1),
               shapely.LineString([(0, 0), (nan, 1), (2, 2)]),
               shapely.Polygon([(0, 0), (1, 0), (1, -inf), (0, 0)]),
               shapely.MultiPoint([(0, 0), (nan, 1)]),
               shapely.GeometryCollection([shapely.Point(0, 0),
                                           shapely.LineString([(0, 0), (1, nan)])]),
               shapely.Polygon(shapely.box(0, 0, 4, 4).exterior,
                               [[(1, 1), (2, 1), (2, nan), (1, 1)]])]
    geoms = np.array([*odd, shapely.Point(1, 2, nan), shapely.box(0, 0, 1, 1)], dtype=object)
    assert (non_finite(geoms) <= ~shapely.is_valid(geoms)).all()
    _kept, rows, notices, skipped = clean(Shapes(geoms))
    assert skipped == len(odd) and rows.tolist() == [False] * len(odd) + [True, True]
    assert notices == [f"{len(odd)} features with NaN or infinite coordinates skipped."]


def test_ordinary_files_never_take_the_per_feature_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fallback is silent: a fault in the Arrow read would only show as slowness."""
    path = tmp_path / "plain.gpkg"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mixed_frame().to_file(path, engine="pyogrio")

    def refuse(*args, **kwargs):
        raise AssertionError("read feature by feature")

    monkeypatch.setattr(gpd, "read_file", refuse)
    assert len(read_vector(path)) > 0
