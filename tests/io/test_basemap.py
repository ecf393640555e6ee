"""The shipped basemap: the whole world, repaired ISO codes, consistent levels of detail; and
the GeoPackage reader that reads it without GDAL or pandas."""

from __future__ import annotations

import shutil
import sqlite3
import struct
from contextlib import closing
from pathlib import Path

import numpy as np
import pytest
import shapely

from explorer.geo.lod import LEVELS
from explorer.io.basemap import BasemapError, read_level
from explorer.io.geopackage import GeoPackageError, geometry_wkb, read_feature_table
from explorer.paths import BASEMAP


def test_basemap_ships_with_the_package() -> None:
    assert BASEMAP.is_file()


def test_every_level_is_the_whole_world_in_wgs84() -> None:
    counts = []
    for level in LEVELS:
        countries = read_level(level)
        assert len(countries) == len(countries.geometry) == 250
        assert countries.crs == "EPSG:4326"
        assert {"iso_a3", "name", "label_x", "label_y", "min_label"} <= set(countries.columns)
        counts.append(int(shapely.get_num_coordinates(countries.geometry).sum()))
    assert counts == sorted(counts)  # coarse levels have fewer vertices
    assert counts[-1] > 500_000  # full 1:10m detail


def test_columns_have_their_declared_types() -> None:
    countries = read_level("countries_z0", geometry=False)
    assert countries.geometry is None
    assert countries["label_x"].dtype == np.float64
    assert countries["labelrank"].dtype == np.int64
    assert countries["name"].dtype == object and isinstance(countries["name"][0], str)
    assert not countries["iso_a3"].flags.writeable  # a cached level cannot be changed


def test_natural_earth_minus_99_codes_are_repaired() -> None:
    codes = set(read_level("countries")["iso_a3"])
    assert "-99" not in codes
    assert {"FRA", "NOR", "KOS", "UZB", "KAZ", "KGZ", "TJK", "TKM", "USA", "UKR"} <= codes


def test_tashkent_lies_in_uzbekistan() -> None:
    countries = read_level("countries_z2")
    uzbekistan = countries.geometry[np.flatnonzero(countries["iso_a3"] == "UZB")[0]]
    assert uzbekistan.contains(shapely.Point(69.24, 41.30))
    assert np.all(shapely.is_valid(countries.geometry))


def test_names_are_read_as_the_utf_8_they_are() -> None:
    names = set(read_level("countries_z0", geometry=False)["name"])
    assert {"Côte d'Ivoire", "Curaçao", "Åland"} <= names
    assert not [n for n in names if "Ã" in n]  # Latin-1 read of UTF-8 (mojibake)


def blob(flags: int, envelope: bytes, wkb: bytes) -> bytes:
    return b"GP\x00" + bytes([flags]) + struct.pack("<i", 4326) + envelope + wkb


@pytest.mark.parametrize(("indicator", "doubles"), [(0, 0), (1, 4), (2, 6), (3, 6), (4, 8)])
def test_a_geometry_blob_loses_its_header_and_the_envelope_it_announces(
        indicator: int, doubles: int) -> None:
    point = shapely.to_wkb(shapely.Point(69.24, 41.30))
    envelope = struct.pack(f"<{doubles}d", *range(doubles))
    assert geometry_wkb(blob(indicator << 1 | 1, envelope, point)) == point


@pytest.mark.parametrize("bad", [b"XY\x00\x01" + bytes(40),  # not "GP"
                                 blob(0b0010_0001, b"", b"\x01"),  # extended binary
                                 blob(5 << 1 | 1, b"", b"\x01")])  # no such envelope
def test_a_blob_this_reader_cannot_read_is_refused(bad: bytes) -> None:
    with pytest.raises(GeoPackageError):
        geometry_wkb(bad)


def test_null_geometries_and_values_read_as_missing(tmp_path: Path) -> None:
    path = tmp_path / "copy.gpkg"
    shutil.copy(BASEMAP, path)
    with closing(sqlite3.connect(path)) as db, db:
        # its R-tree triggers call GDAL's SQL functions, which plain sqlite3 lacks
        for (trigger,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                     "AND tbl_name = 'countries_z0'").fetchall():
            db.execute(f'DROP TRIGGER "{trigger}"')
        db.execute("UPDATE countries_z0 SET geom = NULL, labelrank = NULL, name = NULL "
                   "WHERE iso_a3 = 'UZB'")
    countries = read_feature_table(path, "countries_z0")
    row = np.flatnonzero(countries["iso_a3"] == "UZB")[0]
    assert countries.geometry[row] is None and countries["name"][row] is None
    assert countries["labelrank"].dtype == np.float64 and np.isnan(countries["labelrank"][row])


def test_a_missing_or_broken_basemap_is_a_basemap_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gpkg"
    broken.write_bytes(b"not a database" * 100)
    for path in (tmp_path / "missing.gpkg", broken):
        with pytest.raises(BasemapError, match="cannot read the basemap"):
            read_level("countries_z0", path)
    with pytest.raises(GeoPackageError, match="no feature table"):
        read_feature_table(BASEMAP, "gpkg_contents")
