"""Files people really have: odd names, a cut-short FlatGeobuf, GDAL's warnings; each read cleanly
or refused in one line naming the file, and never written to."""

from __future__ import annotations

import hashlib
import os
import warnings
from pathlib import Path

import geopandas as gpd
import pytest

from explorer.io.vector_reader import VectorReadError, list_layers, read_vector
from tests.layers import as_frame

NAMES = {"semicolon": "sites;2024", "newline": "sites\nnew", "latin1": os.fsdecode(b"caf\xe9")}
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


def sites() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"name": ["Tashkent", "Almaty"]},
                            geometry=gpd.points_from_xy([69.24, 76.85], [41.3, 43.22]), crs=4326)


def folder_state(folder: Path) -> dict[bytes, tuple[str, int]]:
    """Every file's bytes and mtime, by name as bytes (names need not be UTF-8)."""
    found = {}
    for name in os.listdir(os.fsencode(folder)):
        path = os.path.join(os.fsencode(folder), name)
        with open(path, "rb") as handle:
            found[name] = (hashlib.sha256(handle.read()).hexdigest(), os.stat(path).st_mtime_ns)
    return found


def write_as(folder: Path, stem: str, suffix: str) -> Path:
    """The sample written under a plain name, then renamed to `stem` (any bytes)."""
    plain = folder / f"plain{suffix}"
    if suffix == ".csv":
        plain.write_text("name;lon;lat\nTashkent;69,24;41,3\nAlmaty;76,85;43,22\n")
    elif suffix == ".parquet":
        sites().to_parquet(plain)
    else:
        sites().to_file(plain, engine="pyogrio")
    parts = SHAPEFILE_PARTS if suffix == ".shp" else (suffix,)
    for part in parts:
        os.rename(plain.with_suffix(part), os.fsencode(folder) + os.fsencode(f"/{stem}{part}"))
    return folder / f"{stem}{suffix}"


@pytest.mark.parametrize("suffix", [".gpkg", ".shp", ".geojson", ".csv", ".parquet"])
@pytest.mark.parametrize("kind", list(NAMES))
def test_odd_file_names_open(tmp_path: Path, kind: str, suffix: str) -> None:
    path = write_as(tmp_path, NAMES[kind], suffix)
    before = folder_state(tmp_path)
    data = read_vector(path)
    assert sorted(as_frame(data)["name"]) == ["Almaty", "Tashkent"]
    assert data.name.isprintable()  # the layer's name is one line: "sites\\nnew", "caf\ufffd"
    assert list_layers(path) in ([data.name], ["plain"])
    assert folder_state(tmp_path) == before  # read, not written; no link left behind


def test_errors_about_odd_names_are_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad\nname.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [ {')
    with pytest.raises(VectorReadError) as info:
        read_vector(path)
    message = str(info.value)
    assert "\n" not in message and message.startswith("bad\\nname.geojson could not be read")


@pytest.mark.parametrize("keep", [0.004, 0.5, 0.9])
def test_a_cut_short_flatgeobuf_is_named_as_damaged(tmp_path: Path, keep: float) -> None:
    whole = tmp_path / "whole.fgb"
    gpd.GeoDataFrame({"id": range(200)}, geometry=gpd.points_from_xy(range(200), [40] * 200),
                     crs=4326).to_file(whole, engine="pyogrio")
    data = whole.read_bytes()
    path = tmp_path / "cut.fgb"
    path.write_bytes(data[:int(len(data) * keep)])
    before = path.read_bytes()
    with pytest.raises(VectorReadError) as info:
        read_vector(path)
    message = str(info.value)
    assert message.startswith("cut.fgb ") and "out of bounds" not in message, message
    assert path.read_bytes() == before


def test_gdal_warnings_become_one_notice(tmp_path: Path) -> None:
    path = tmp_path / "odd.geojson"
    path.write_text('{"type": "FeatureCollection", "features": ['
                    '{"type": "Feature", "properties": {"id": 1},'
                    ' "geometry": {"type": "Point", "coordinates": [66]}},'
                    '{"type": "Feature", "properties": {"id": 2},'
                    ' "geometry": {"type": "Point", "coordinates": [66, 40]}}]}')
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing escapes to stderr
        data = read_vector(path)
    assert as_frame(data)["id"].tolist() == [2]
    [said] = [n for n in data.notices if n.startswith("GDAL said:")]
    assert "Invalid coord dimension" in said and "\n" not in said
