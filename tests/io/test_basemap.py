"""The shipped basemap: the whole world, repaired ISO codes, consistent levels of detail."""

from __future__ import annotations

import numpy as np
import shapely

from explorer.io.basemap import LEVELS, read_level
from explorer.paths import BASEMAP


def test_basemap_ships_with_the_package() -> None:
    assert BASEMAP.is_file()


def test_every_level_is_the_whole_world_in_wgs84() -> None:
    counts = []
    for level in LEVELS:
        frame = read_level(level)
        assert len(frame) == 250
        assert frame.crs.to_epsg() == 4326
        assert {"iso_a3", "name", "label_x", "label_y", "min_label"} <= set(frame.columns)
        counts.append(int(shapely.get_num_coordinates(frame.geometry.values).sum()))
    assert counts == sorted(counts)  # coarse levels have fewer vertices
    assert counts[-1] > 500_000  # full 1:10m detail


def test_natural_earth_minus_99_codes_are_repaired() -> None:
    frame = read_level("countries")
    codes = set(frame["iso_a3"])
    assert "-99" not in codes
    assert {"FRA", "NOR", "KOS", "UZB", "KAZ", "KGZ", "TJK", "TKM", "USA", "UKR"} <= codes


def test_tashkent_lies_in_uzbekistan() -> None:
    frame = read_level("countries_z2")
    uzbekistan = frame.loc[frame["iso_a3"] == "UZB", "geometry"].iloc[0]
    assert uzbekistan.contains(shapely.Point(69.24, 41.30))
    assert np.all(shapely.is_valid(frame.geometry.values))


def test_names_are_read_as_the_utf_8_they_are() -> None:
    names = set(read_level("countries_z0", geometry=False)["name"])
    assert {"Côte d'Ivoire", "Curaçao", "Åland"} <= names
    assert not [n for n in names if "Ã" in n]  # Latin-1 read of UTF-8 (mojibake)
