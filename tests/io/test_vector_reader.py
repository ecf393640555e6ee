"""Reading users' vector files: formats, CRS cases, cleaning, bad input, no writes."""

from __future__ import annotations

import hashlib
import struct
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio.raw
import pytest
from shapely.geometry import LineString, Point, Polygon

from explorer.io import vector_reader
from explorer.io.vector_reader import (
    CrsNeeded,
    LayerChoiceNeeded,
    VectorReadError,
    list_layers,
    read_vector,
)
from tests.layers import as_frame

TASHKENT = (69.2401, 41.2995)
ALMATY = (76.8512, 43.2220)


FORMATS = [(".geojson", "GeoJSON"), (".shp", "ESRI Shapefile"), (".gpkg", "GPKG"),
           (".fgb", "FlatGeobuf"), (".kml", "KML")]  # suffix, GDAL driver


def sample(crs: str | None = "EPSG:4326") -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(
        {"city": ["Tashkent", "Almaty"], "pop": [2.9, 2.2]},
        geometry=[Point(TASHKENT), Point(ALMATY)],
        crs="EPSG:4326",
    )
    if crs is None:
        return frame.set_crs(None, allow_override=True)
    return frame.to_crs(crs)


def check_points(data: vector_reader.VectorData) -> None:
    assert as_frame(data).crs.to_epsg() == 4326
    assert sorted(as_frame(data)["city"]) == ["Almaty", "Tashkent"]
    got = as_frame(data).set_index("city").geometry
    assert got["Tashkent"].distance(Point(TASHKENT)) < 1e-6
    assert got["Almaty"].distance(Point(ALMATY)) < 1e-6


@pytest.mark.parametrize(("suffix", "driver"), FORMATS)
def test_each_format_reads_back(tmp_path: Path, suffix: str, driver: str) -> None:
    path = tmp_path / f"cities{suffix}"
    sample().to_file(path, driver=driver, engine="pyogrio")
    data = read_vector(path)
    check_points(data)
    assert data.name == "cities"
    assert data.skipped == 0


@pytest.mark.parametrize(
    ("suffix", "driver"), [(".gpkg", "GPKG"), (".shp", "ESRI Shapefile"), (".fgb", "FlatGeobuf")]
)
def test_projected_input_is_reprojected(tmp_path: Path, suffix: str, driver: str) -> None:
    path = tmp_path / f"utm{suffix}"
    sample("EPSG:32642").to_file(path, driver=driver, engine="pyogrio")
    data = read_vector(path)
    check_points(data)
    assert data.source_crs == "EPSG:32642"
    assert any("Reprojected" in n for n in data.notices)


def test_zipped_shapefile(tmp_path: Path) -> None:
    folder = tmp_path / "shp"
    folder.mkdir()
    sample("EPSG:32642").to_file(folder / "cities.shp", engine="pyogrio")
    archive = tmp_path / "cities.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in folder.iterdir():
            zf.write(part, f"data/{part.name}")
    check_points(read_vector(archive))
    assert list_layers(archive) == ["cities"]


def test_no_crs_fitting_wgs84_gets_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "nocrs.shp"
    sample(None).to_file(path, engine="pyogrio")
    data = read_vector(path)
    check_points(data)
    assert data.source_crs is None
    assert "No CRS in the file; the coordinates fit WGS84, read as WGS84." in data.notices


def test_no_crs_projected_needs_a_crs(tmp_path: Path) -> None:
    path = tmp_path / "utm_nocrs.shp"
    sample("EPSG:32642").set_crs(None, allow_override=True).to_file(path, engine="pyogrio")
    with pytest.raises(CrsNeeded, match=r"utm_nocrs\.shp"):
        read_vector(path)
    data = read_vector(path, assume_crs="EPSG:32642")
    check_points(data)
    assert data.source_crs == "EPSG:32642"
    with pytest.raises(VectorReadError, match="unknown CRS"):
        read_vector(path, assume_crs="EPSG:nonsense")


def test_geopackage_with_two_layers_needs_a_choice(tmp_path: Path) -> None:
    path = tmp_path / "two.gpkg"
    sample().to_file(path, layer="cities", engine="pyogrio")
    roads = gpd.GeoDataFrame({"id": [1]}, geometry=[LineString([TASHKENT, ALMATY])], crs=4326)
    roads.to_file(path, layer="roads", engine="pyogrio")
    assert list_layers(path) == ["cities", "roads"]
    with pytest.raises(LayerChoiceNeeded) as info:
        read_vector(path)
    assert info.value.layers == ["cities", "roads"]
    assert "two.gpkg" in str(info.value)
    data = read_vector(path, layer="cities")
    check_points(data)
    assert data.name == "cities"
    assert as_frame(read_vector(path, layer="roads")).geom_type.tolist() == ["LineString"]
    with pytest.raises(VectorReadError, match="no layer 'rivers'"):
        read_vector(path, layer="rivers")


def test_z_coordinates_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "z.gpkg"
    line = LineString([(*TASHKENT, 450.0), (*ALMATY, 800.0)])
    gpd.GeoDataFrame({"id": [1]}, geometry=[line], crs=4326).to_file(path, engine="pyogrio")
    frame = as_frame(read_vector(path))
    assert not frame.has_z.any()
    assert frame.geometry[0].equals(LineString([TASHKENT, ALMATY]))


def test_invalid_polygon_is_repaired_and_counted(tmp_path: Path) -> None:
    bowtie = Polygon([(60, 40), (62, 42), (62, 40), (60, 42), (60, 40)])
    sliver = Polygon([(60, 40), (61, 40), (62, 40), (60, 40)])  # collapses to a line: skipped
    good = Polygon([(70, 40), (71, 40), (71, 41), (70, 40)])
    path = tmp_path / "bad.geojson"
    gpd.GeoDataFrame({"id": [1, 2, 3, 4]}, geometry=[bowtie, sliver, good, None], crs=4326).to_file(
        path, engine="pyogrio"
    )
    data = read_vector(path)
    assert as_frame(data)["id"].tolist() == [1, 3]
    assert as_frame(data).geometry[0].geom_type == "MultiPolygon"
    assert as_frame(data).geometry.is_valid.all()
    assert data.skipped == 2
    assert "2 invalid geometries found: 1 repaired, 1 skipped." in data.notices
    assert "1 features without geometry skipped." in data.notices


def test_curves_are_linearised(tmp_path: Path) -> None:
    path = tmp_path / "arc.gpkg"
    arc = struct.pack("<BII", 1, 8, 3) + struct.pack("<6d", 60, 40, 61, 41, 62, 40)  # WKB
    pyogrio.raw.write(
        path,
        geometry=np.array([arc], dtype=object),
        field_data=[np.array([1])],
        fields=["id"],
        geometry_type="Unknown",
        crs="EPSG:4326",
        driver="GPKG",
    )
    geometry = as_frame(read_vector(path)).geometry[0]
    assert geometry.geom_type == "LineString"
    assert len(geometry.coords) > 3
    assert geometry.coords[0] == (60, 40)


def hash_folder(folder: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize(("suffix", "driver"), FORMATS)
def test_users_file_is_never_written(tmp_path: Path, suffix: str, driver: str) -> None:
    path = tmp_path / f"mine{suffix}"
    sample("EPSG:32642" if suffix != ".kml" else None).to_file(
        path, driver=driver, engine="pyogrio"
    )
    before = hash_folder(tmp_path)
    list_layers(path)
    read_vector(path)
    assert hash_folder(tmp_path) == before


def test_zip_is_never_written(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    sample().to_file(folder / "c.shp", engine="pyogrio")
    archive = tmp_path / "c.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in folder.iterdir():
            zf.write(part, part.name)
    before = hash_folder(tmp_path)
    read_vector(archive)
    assert hash_folder(tmp_path) == before


def write_bad(tmp_path: Path, case: str) -> Path:
    path = (
        tmp_path
        / {
            "missing": "gone.geojson",
            "folder": "dir.gpkg",
            "suffix": "notes.docx",
            "empty": "empty.geojson",
            "corrupt": "broken.gpkg",
            "garbage_json": "broken.geojson",
            "no_features": "none.geojson",
            "zip_none": "nothing.zip",
            "zip_many": "many.zip",
            "bad_zip": "fake.zip",
            "truncated_shp": "cut.shp",
        }[case]
    )
    if case == "folder":
        path.mkdir()
    elif case == "suffix":
        path.write_text("hello")
    elif case == "empty":
        path.write_bytes(b"")
    elif case == "corrupt":
        path.write_bytes(b"SQLite format 3\x00" + b"\x00garbage" * 100)
    elif case == "garbage_json":
        path.write_text('{"type": "FeatureCollection", "features": [ {')
    elif case == "no_features":
        path.write_text('{"type": "FeatureCollection", "features": []}')
    elif case == "zip_none":
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("readme.txt", "no shapefile here")
    elif case == "zip_many":
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("a.shp", "x")
            zf.writestr("b.shp", "y")
    elif case == "bad_zip":
        path.write_text("not a zip")
    elif case == "truncated_shp":
        path.write_bytes(b"\x00\x00\x27\x0a" + b"\x00" * 20)
    return path


@pytest.mark.parametrize(
    "case",
    [
        "missing",
        "folder",
        "suffix",
        "empty",
        "corrupt",
        "garbage_json",
        "no_features",
        "zip_none",
        "zip_many",
        "bad_zip",
        "truncated_shp",
    ],
)
def test_bad_input_names_the_file(tmp_path: Path, case: str) -> None:
    path = write_bad(tmp_path, case)
    with pytest.raises(VectorReadError) as info:
        read_vector(path)
    message = str(info.value)
    assert path.name in message
    assert "\n" not in message
    if case == "suffix":
        assert ".gpkg" in message and ".csv" in message


def test_oversized_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.geojson"
    sample().to_file(path, engine="pyogrio")
    monkeypatch.setattr(vector_reader, "MAX_BYTES", 10)
    with pytest.raises(VectorReadError, match=r"big\.geojson is too large"):
        read_vector(path)


def test_corrupt_geoparquet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.parquet"
    path.write_bytes(b"PAR1" + b"\x00" * 16 + b"PAR1")
    with pytest.raises(VectorReadError, match=r"data.parquet could not be read"):
        read_vector(path)


def test_geoparquet_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "cities.parquet"
    sample("EPSG:32642").to_parquet(path)
    check_points(read_vector(path))
