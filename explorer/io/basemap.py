"""Read the world basemap (Natural Earth admin-0 countries) and its simplified levels."""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from pathlib import Path

from explorer.geo.lod import LEVELS
from explorer.io.geopackage import FeatureTable, GeoPackageError, read_feature_table
from explorer.paths import BASEMAP

ATTRIBUTION = "Borders: Natural Earth (public domain)"


class BasemapError(RuntimeError):
    """The basemap file is missing or unreadable."""


@lru_cache(maxsize=8)
def read_level(level: str, path: Path = BASEMAP, geometry: bool = True) -> FeatureTable:
    """One level of detail of the basemap, in lon/lat (EPSG:4326): its countries' attributes
    (iso_a3, adm0_a3, name, label_x, label_y, min_label, labelrank...) and, if asked, shapes."""
    if level not in LEVELS:
        raise ValueError(f"unknown basemap level {level!r}")
    try:
        return read_feature_table(path, level, geometry)
    except (GeoPackageError, sqlite3.Error) as exc:
        raise BasemapError(f"cannot read the basemap {path} ({exc})") from exc
