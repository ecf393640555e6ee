"""Read the world basemap (Natural Earth admin-0 countries) and its simplified levels."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd

from explorer.paths import BASEMAP

# From coarsest to finest; each is a layer of geodata/basemap.gpkg (see geodata/build_basemap.py).
LEVELS = ("countries_z0", "countries_z1", "countries_z2", "countries")
ATTRIBUTION = "Borders: Natural Earth (public domain)"


class BasemapError(RuntimeError):
    """The basemap file is missing or unreadable."""


@lru_cache(maxsize=8)
def read_level(level: str, path: Path = BASEMAP, geometry: bool = True) -> gpd.GeoDataFrame:
    """One level of detail of the basemap, in lon/lat (EPSG:4326); attributes only if asked."""
    if level not in LEVELS:
        raise ValueError(f"unknown basemap level {level!r}")
    try:
        return gpd.read_file(path, layer=level, engine="pyogrio", read_geometry=geometry)
    except Exception as exc:  # pyogrio raises several error types for a bad file
        raise BasemapError(f"cannot read the basemap {path} ({exc})") from exc

