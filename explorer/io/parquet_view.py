"""A GeoParquet file of points read a view at a time: only the row groups whose bounding box
(GeoParquet 1.1's bbox covering column) meets the view, and whose dates reach the day, are
read; points as coordinate arrays straight from their WKB, never as shapely objects.

For files too big to read whole: a view of Central Asia out of a world's worth of events reads
the row groups of Central Asia (as many as the writer kept apart, e.g. by sorting the rows
spatially before writing). Coordinates are taken as lon/lat: the file's CRS must be geographic
WGS84 or unset (GeoParquet's default, OGC:CRS84)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from explorer.io.parquet_reader import attribute_names, geo_metadata
from explorer.io.read_errors import VectorReadError
from explorer.io.wkb_points import point_coords
from explorer.model.layer_data import VectorData

LonLatBox = tuple[float, float, float, float]  # west, south, east, north (degrees)
LONLAT_CRS = (None, 4326, "OGC:CRS84")


@dataclass(frozen=True)
class ViewRead:
    """What a view read: the points (lon/lat), the columns asked for, and which row groups
    were read."""

    lon: np.ndarray
    lat: np.ndarray
    table: pa.Table
    groups: tuple[int, ...]


class GeoParquetView:
    """A GeoParquet file opened for reading views of it (its metadata read once)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.file = pq.ParquetFile(self.path)
        except (OSError, ValueError, pa.ArrowException) as exc:
            raise VectorReadError(f"{self.path.name} is not a GeoParquet file ({exc})") from exc
        geo = geo_metadata(self.file.schema_arrow.metadata, self.path.name)
        self.geometry = geo["primary_column"]
        column = geo["columns"][self.geometry] or {}
        if column.get("encoding", "WKB").upper() != "WKB":
            raise VectorReadError(f"{self.path.name}: geometry encoding "
                                  f"{column.get('encoding')!r} is not read by views yet")
        crs = column.get("crs")
        code = crs.get("id", {}).get("code") if isinstance(crs, dict) else crs
        if code not in LONLAT_CRS:
            raise VectorReadError(f"{self.path.name}: views read lon/lat files only, not "
                                  f"{code!r}")
        if set(column.get("geometry_types") or ["Point"]) - {"Point", "Point Z"}:
            raise VectorReadError(f"{self.path.name}: only files of points are read a view at "
                                  f"a time, not {', '.join(column['geometry_types'])}")
        bbox = column.get("covering", {}).get("bbox")
        self.attributes = tuple(attribute_names(self.file.schema_arrow.names, geo))
        self.covering = None if bbox is None else {k: ".".join(v) for k, v in bbox.items()}

    @property
    def groups(self) -> int:
        return self.file.metadata.num_row_groups

    def _stats(self, path: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Each row group's min and max of a leaf column (None where a group has none)."""
        meta = self.file.metadata
        names = [meta.row_group(0).column(i).path_in_schema
                 for i in range(meta.num_columns)] if meta.num_row_groups else []
        if path not in names:
            return None
        index = names.index(path)
        low, high = [], []
        for group in range(meta.num_row_groups):
            stats = meta.row_group(group).column(index).statistics
            if stats is None or not stats.has_min_max:
                return None
            low.append(stats.min)
            high.append(stats.max)
        return np.asarray(low), np.asarray(high)

    def groups_in(self, box: LonLatBox, time: str | None = None,
                  day: dt.date | None = None) -> list[int]:
        """The row groups whose bounding box meets the box (all, without a bbox covering) and,
        with a `time` column and a `day`, whose earliest date is on or before the day."""
        keep = np.ones(self.groups, bool)
        west, south, east, north = box
        if self.covering is not None:
            found = {k: self._stats(v) for k, v in self.covering.items()}
            if all(v is not None for v in found.values()):
                keep &= ((found["xmin"][0] <= east) & (found["xmax"][1] >= west)
                         & (found["ymin"][0] <= north) & (found["ymax"][1] >= south))
        if time is not None and day is not None:
            dates = self._stats(time)
            if dates is not None:
                keep &= np.array([_as_date(v) <= day for v in dates[0]])
        return [int(g) for g in np.flatnonzero(keep)]

    def read(self, box: LonLatBox, columns: tuple[str, ...] = (), time: str | None = None,
             day: dt.date | None = None, end: str | None = None) -> ViewRead:
        """The points in the box (with `day`: those whose `time` is on or before it and whose
        `end`, if any, after it) with `columns`; only the row groups that can hold them read.
        VectorReadError for other shapes."""
        groups = self.groups_in(box, time, day)
        wanted = list(dict.fromkeys([self.geometry, *columns, *(c for c in (time, end) if c)]))
        table = self.file.read_row_groups(groups, columns=wanted) if groups else (
            self.file.schema_arrow.empty_table().select(wanted))
        lon, lat, keep = self._in_box(table, box, time, end, day)
        return ViewRead(lon[keep], lat[keep], table.select(list(columns)).filter(pa.array(keep)),
                        tuple(groups))

    def rows(self, groups: list[int]) -> int:
        """How many rows the row groups hold (from the footer: nothing read)."""
        meta = self.file.metadata
        return sum(meta.row_group(g).num_rows for g in groups)

    def counts(self, box: LonLatBox, size: tuple[int, int], time: str | None = None,
               day: dt.date | None = None, end: str | None = None) -> np.ndarray:
        """How many of the points `read` would give fall in each cell of a (w, h) grid over
        the box, row 0 at the north: a row group at a time, only its coordinates and dates
        read, so that a world of points is counted in the memory of one group."""
        from explorer.analysis.density import bin_points

        w, h = size
        found = np.zeros((h, w), np.int64)
        wanted = list(dict.fromkeys([self.geometry, *(c for c in (time, end) if c)]))
        for group in self.groups_in(box, time, day):
            lon, lat, keep = self._in_box(self.file.read_row_group(group, columns=wanted), box,
                                          time, end, day)
            found += bin_points(lon[keep], lat[keep], box, (w, h))
        return found

    def _in_box(self, table: pa.Table, box: LonLatBox, time: str | None, end: str | None,
                day: dt.date | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The table's points, and which lie in the box and reach the day."""
        found = point_coords(table.column(self.geometry)) if len(table) else (np.empty(0),
                                                                               np.empty(0))
        if found is None:
            raise VectorReadError(f"{self.path.name}: only files of points are read a view at "
                                  "a time")
        lon, lat = found
        west, south, east, north = box
        keep = (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)
        if day is not None:
            when = pa.scalar(day, pa.date32())
            for column, test in ((time, pc.less_equal), (end, pc.greater)):  # empty: open
                if column:
                    keep &= np.asarray(pc.fill_null(test(pc.cast(table.column(column),
                                                                 pa.date32()), when), True))
        return lon, lat, keep


def _as_date(value: object) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value  # type: ignore[return-value]


def read_view_layer(path: Path, box: LonLatBox, max_features: int | None = None) -> VectorData:
    """The points of a GeoParquet file in a lon/lat box, with every column, as a layer (for a
    file too big to read whole: only the row groups meeting the box are read); TooLarge when
    the box's own points are over the read limits and `max_features`."""
    from explorer.geo.layer_geometry import PointCoords
    from explorer.io.read_errors import TooLarge
    from explorer.io.read_limits import LayerSize

    view = GeoParquetView(path)
    got = view.read(box, view.attributes)
    size = LayerSize(len(got.lon), got.table.nbytes + 16 * len(got.lon))
    if size.exceeds(max_features):
        raise TooLarge(f"{view.path.name} holds {size.describe()} in the view: reading them may "
                       "take minutes and gigabytes of memory", size)
    return VectorData(got.table, PointCoords(got.lon, got.lat), view.path.stem, "OGC:CRS84",
                      details=[f"{len(got.lon):,} features of {view.path.name} in the view "
                               f"({len(got.groups)} of {view.groups} row groups read)"])
