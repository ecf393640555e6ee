"""A user layer's data as read: attribute rows and their geometry (coordinates for points)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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
