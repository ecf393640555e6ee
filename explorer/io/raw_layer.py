"""A layer as a reader hands it over, before cleaning: attributes, geometry and declared CRS."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pyproj import CRS

from explorer.geo.layer_geometry import LayerGeometry, from_shapes
from explorer.io.read_errors import VectorReadError


@dataclass
class RawLayer:
    """One attribute row a feature, the features' geometry, the CRS the file declares."""

    attributes: pd.DataFrame
    geometry: LayerGeometry
    crs: CRS | None


def from_frame(frame: pd.DataFrame, name: str) -> RawLayer:
    """A GeoDataFrame split into its attributes and its geometry (coordinates for points)."""
    import geopandas as gpd

    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame:
        raise VectorReadError(f"{name} has no geometry")
    column = frame.geometry.name
    geoms = np.asarray(frame[column].array, dtype=object)
    attributes = pd.DataFrame(frame.drop(columns=column)).reset_index(drop=True)
    return RawLayer(attributes, from_shapes(geoms), frame.crs)
