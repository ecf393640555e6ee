"""A user layer's data as read: attribute rows and their geometry (coordinates for points)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from explorer.geo.layer_geometry import LayerGeometry

if TYPE_CHECKING:  # pandas comes with the readers; a map-only export loads none
    import pandas as pd


@dataclass
class VectorData:
    """A user's layer, cleaned: one attribute row a feature, 2-D geometry in EPSG:4326."""

    attributes: pd.DataFrame  # no geometry column; row i is feature i
    geometry: LayerGeometry
    name: str
    source_crs: str | None
    notices: list[str] = field(default_factory=list)  # what was skipped, repaired, assumed
    skipped: int = 0
    details: list[str] = field(default_factory=list)  # routine facts (which columns were read)

    def __len__(self) -> int:
        return len(self.geometry)

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.attributes.columns]

    def emptied(self) -> VectorData:
        """The same layer with no feature (its columns kept)."""
        none = np.zeros(0, np.int64)
        return VectorData(self.attributes.iloc[none], self.geometry.take(none), self.name,
                          self.source_crs)


@dataclass(frozen=True)
class ViewCounts:
    """A database's count of a layer's features per cell of a lon/lat grid over a view (what
    crosses the wire when the view holds too many to send one by one)."""

    box: tuple[float, float, float, float]  # west, south, east, north (degrees)
    counts: np.ndarray  # (rows, columns), row 0 at the north
    estimated: bool = False  # from a sample of the table, scaled up
