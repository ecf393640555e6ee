"""Point layers are read as coordinate arrays (no shapely object a point), from GeoParquet's
WKB or GeoArrow points and from CSV columns; other geometry still comes as shapes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import shapely

from explorer.geo.layer_geometry import PointCoords, Shapes
from explorer.io.read_errors import VectorReadError
from explorer.io.vector_reader import read_vector
from explorer.io.wkb_points import point_coords
from explorer.model.layer_styling import day_ordinals

LON = np.array([69.24, 66.96, 76.95, np.nan, 58.38])
LAT = np.array([41.30, 39.65, 43.24, 40.0, 37.95])


def write(path: Path, geometry: pa.Array, spec: dict, group: int | None = None,
          **columns) -> Path:
    geo = {"version": "1.1.0", "primary_column": "geometry", "columns": {"geometry": spec}}
    table = pa.table({**columns, "geometry": geometry})
    pq.write_table(table.replace_schema_metadata({"geo": json.dumps(geo)}), path,
                   row_group_size=group)
    return path


def test_wkb_points_become_coordinates_with_their_attributes(tmp_path: Path) -> None:
    days = pa.array([dt.date(1991, 12, 21), dt.date(2001, 10, 7), None,
                     dt.date(2005, 7, 29), dt.date(1969, 12, 31)])
    path = write(tmp_path / "events.parquet",
                 pa.array(shapely.to_wkb(shapely.points(LON, LAT)), pa.binary()),
                 {"encoding": "WKB", "geometry_types": ["Point"]},
                 kind=pa.array(["a", "b", "c", "d", "e"]), day=days)
    data = read_vector(path)
    assert isinstance(data.geometry, PointCoords)
    assert np.allclose(data.geometry.x, LON[[0, 1, 2, 4]])  # the NaN point skipped
    assert data.attributes["kind"].tolist() == ["a", "b", "c", "e"]
    assert "1 features with NaN or infinite coordinates skipped." in data.notices
    # no CRS in the metadata: GeoParquet's default, lon/lat, is no reprojection
    assert data.source_crs == "OGC:CRS84" and not any("Reprojected" in n for n in data.notices)
    ordinals, bad = day_ordinals(data.attributes["day"])
    assert ordinals[0] == dt.date(1991, 12, 21).toordinal() and np.isnan(ordinals[2])
    assert ordinals[3] == dt.date(1969, 12, 31).toordinal() and not bad.any()  # before 1970


def test_geoarrow_points_are_read_as_they_lie(tmp_path: Path) -> None:
    xy = pa.StructArray.from_arrays([pa.array(LON[:3]), pa.array(LAT[:3])], names=["x", "y"])
    data = read_vector(write(tmp_path / "native.parquet", xy, {"encoding": "point"},
                             id=pa.array([1, 2, 3])))
    assert isinstance(data.geometry, PointCoords)
    assert data.geometry.y.tolist() == LAT[:3].tolist()
    assert data.attributes["id"].tolist() == [1, 2, 3]


def test_a_projected_point_file_is_reprojected_as_arrays(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame({"name": ["Tashkent"]}, geometry=shapely.points([69.24], [41.3]),
                             crs="EPSG:4326").to_crs("EPSG:32642")
    frame.to_parquet(tmp_path / "utm.parquet", write_covering_bbox=True)
    data = read_vector(tmp_path / "utm.parquet")
    assert isinstance(data.geometry, PointCoords) and data.source_crs == "EPSG:32642"
    assert data.geometry.x[0] == pytest.approx(69.24) and data.geometry.y[0] == pytest.approx(41.3)
    assert data.columns == ["name"]  # the bbox covering is not an attribute


def test_lines_and_mixed_geometries_stay_shapes(tmp_path: Path) -> None:
    geoms = [shapely.Point(66, 40), shapely.LineString([(66, 40), (67, 41)])]
    path = write(tmp_path / "mixed.parquet", pa.array(shapely.to_wkb(geoms), pa.binary()),
                 {"encoding": "WKB", "geometry_types": []})
    data = read_vector(path)
    assert isinstance(data.geometry, Shapes) and data.geometry.kinds == {"Point", "LineString"}
    assert point_coords(pa.array(shapely.to_wkb(geoms), pa.binary())) is None
    big_endian = shapely.to_wkb(shapely.Point(1, 2), byte_order=0)
    assert point_coords(pa.array([big_endian], pa.binary())) is None


def test_row_groups_of_points_then_one_of_lines_are_read_as_shapes(tmp_path: Path) -> None:
    geoms = [*shapely.points([66, 67, 68, 69], [40, 41, 42, 43]),
             shapely.LineString([(66, 40), (67, 41)])]
    path = write(tmp_path / "late.parquet", pa.array(shapely.to_wkb(geoms), pa.binary()),
                 {"encoding": "WKB", "geometry_types": []}, group=2, id=pa.array(range(5)))
    data = read_vector(path)  # the groups are read side by side: the last one decides
    assert isinstance(data.geometry, Shapes) and data.geometry.kinds == {"Point", "LineString"}
    assert data.attributes["id"].tolist() == [0, 1, 2, 3, 4]
    points = read_vector(write(tmp_path / "points.parquet",
                               pa.array(shapely.to_wkb(geoms[:4]), pa.binary()),
                               {"encoding": "WKB"}, group=1, id=pa.array(range(4))))
    assert points.geometry.y.tolist() == [40, 41, 42, 43] and points["id"].tolist() == [0, 1, 2, 3]


def test_csv_coordinates_never_become_objects(tmp_path: Path) -> None:
    path = tmp_path / "cities.csv"
    path.write_text("city,lon,lat,geometry\nTashkent,69.24,41.3,x\nAlmaty,76.95,43.24,y\n",
                    encoding="utf-8")
    data = read_vector(path)
    assert isinstance(data.geometry, PointCoords)
    assert data.geometry.total_bounds() == (69.24, 41.3, 76.95, 43.24)
    assert data.columns == ["city", "lon", "lat", "geometry"]  # a plain column of that name


def test_a_parquet_without_geo_metadata_says_so(tmp_path: Path) -> None:
    path = tmp_path / "plain.parquet"
    pd.DataFrame({"a": [1, 2]}).to_parquet(path)
    with pytest.raises(VectorReadError, match=r"plain\.parquet has no geometry"):
        read_vector(path)


def test_point_extent_answers_boxes_and_finiteness_like_the_masks() -> None:
    inside = PointCoords(np.array([60.0, 70.0, 80.0]), np.array([35.0, 40.0, 45.0]))
    assert inside.within(-180, -90, 180, 90).all() and inside.finite().all()
    assert inside.total_bounds() == (60.0, 35.0, 80.0, 45.0)
    assert inside.within(65, -90, 180, 90).tolist() == [False, True, True]  # one out west
    for bad in (np.nan, np.inf):
        points = PointCoords(np.array([60.0, bad, 80.0]), np.array([35.0, 40.0, 45.0]))
        assert points.finite().tolist() == [True, False, True]
        assert points.within(-180, -90, 180, 90).tolist() == [True, False, True]
        west, south, east, north = points.total_bounds()
        assert (west, south, north) == (60.0, 35.0, 45.0) and east in (80.0, np.inf)
