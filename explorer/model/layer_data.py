"""A user layer's data as read: attribute rows and their geometry (coordinates for points)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from explorer.geo.layer_geometry import LayerGeometry

if TYPE_CHECKING:  # pandas comes with the readers; a map-only export loads none
    import pandas as pd
    import pyarrow as pa


class VectorData:
    """A user's layer, cleaned: one attribute row a feature, 2-D geometry in EPSG:4326.

    The attributes may come as an Arrow table (GeoParquet): they become pandas only when
    asked for, a column at a time (`data[name]`: what a style, labels or dates need) or whole
    (`attributes`: the attribute table), so that drawing a layer in one colour needs none."""

    def __init__(self, attributes: pd.DataFrame | pa.Table, geometry: LayerGeometry, name: str,
                 source_crs: str | None, notices: list[str] | None = None, skipped: int = 0,
                 details: list[str] | None = None) -> None:
        self._table, self._frame = (None, attributes) if _is_frame(attributes) else (
            attributes, None)
        self._columns: dict[str, pd.Series] = {}
        self.geometry = geometry  # row i is feature i
        self.name = name
        self.source_crs = source_crs
        self.notices = list(notices or [])  # what was skipped, repaired, assumed
        self.skipped = skipped
        self.details = list(details or [])  # routine facts (which columns were read)

    def __len__(self) -> int:
        return len(self.geometry)

    @property
    def columns(self) -> list[str]:
        names = self._frame.columns if self._frame is not None else self._table.column_names
        return [str(c) for c in names]

    @property
    def attributes(self) -> pd.DataFrame:
        """Every attribute column as one DataFrame (made from Arrow the first time)."""
        if self._frame is None:
            self._frame = self._table.to_pandas(date_as_object=False)
            self._table, self._columns = None, {}
        return self._frame

    def __getitem__(self, name: str) -> pd.Series:
        """One attribute column (KeyError if there is none)."""
        if self._frame is not None:
            return self._frame[name]
        if name not in self._columns:
            if name not in self._table.column_names:
                raise KeyError(name)
            self._columns[name] = self._table.column(name).to_pandas(date_as_object=False)
            self._columns[name].name = name
        return self._columns[name]

    def emptied(self) -> VectorData:
        """The same layer with no feature (its columns kept)."""
        none = np.zeros(0, np.int64)
        attributes = (self._frame.iloc[none] if self._frame is not None
                      else self._table.slice(0, 0))
        return VectorData(attributes, self.geometry.take(none), self.name, self.source_crs)


def _is_frame(attributes: object) -> bool:
    return hasattr(attributes, "iloc")


@dataclass(frozen=True)
class ViewCounts:
    """A database's count of a layer's features per cell of a lon/lat grid over a view (what
    crosses the wire when the view holds too many to send one by one)."""

    box: tuple[float, float, float, float]  # west, south, east, north (degrees)
    counts: np.ndarray  # (rows, columns), row 0 at the north
    estimated: bool = False  # from a sample of the table, scaled up
