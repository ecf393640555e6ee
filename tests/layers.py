"""Tests' bridge between GeoDataFrames and a user layer's data (attributes + geometry)."""

from __future__ import annotations

import geopandas as gpd

from explorer.geo.layer_geometry import from_shapes
from explorer.model.layer_data import VectorData


def layer_data(frame: gpd.GeoDataFrame, name: str, source_crs: str | None = None) -> VectorData:
    """A layer's data from a lon/lat GeoDataFrame, as a reader would hand it over."""
    column = frame.geometry.name
    attributes = frame.drop(columns=column).reset_index(drop=True)
    return VectorData(attributes, from_shapes(frame[column].array), name, source_crs)


def as_frame(data: VectorData) -> gpd.GeoDataFrame:
    """A layer's data as one GeoDataFrame in EPSG:4326 (for assertions)."""
    return gpd.GeoDataFrame(data.attributes, geometry=data.geometry.shapes(), crs="EPSG:4326")
