"""Read a GeoPackage feature table with sqlite3 and shapely: no GDAL, pandas or geopandas."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely

# The envelope's bytes after the 8-byte header, by the flags' envelope contents indicator:
# none, xy, xyz, xym, xyzm (GeoPackage 1.x, 2.1.3 "GeoPackage Binary").
ENVELOPE_BYTES = (0, 32, 48, 48, 64)
_EXTENDED = 0b0010_0000  # ExtendedGeoPackageBinary: an extension's geometry, not plain WKB
_REAL = frozenset({"REAL", "FLOAT", "DOUBLE"})
_INTEGER = frozenset({"BOOLEAN", "TINYINT", "SMALLINT", "MEDIUMINT", "INT", "INTEGER"})


class GeoPackageError(ValueError):
    """The file is not a GeoPackage, or not one this reader understands."""


@dataclass(frozen=True, eq=False)
class FeatureTable:
    """A feature table's rows in file order: each attribute column an array (text as str
    objects, REAL as float, integers as int or as float with NaN where missing), the geometry
    as shapely geometries (None when not read). The arrays are read-only: a cached table is
    shared."""

    columns: dict[str, np.ndarray]
    geometry: np.ndarray | None
    crs: str | None  # e.g. "EPSG:4326"

    def __getitem__(self, column: str) -> np.ndarray:
        return self.columns[column]

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0


def geometry_wkb(blob: bytes) -> bytes:
    """The WKB inside a GeoPackage geometry blob: the header ("GP", version, flags, srs_id)
    and the envelope its flags announce cut off."""
    if blob[:2] != b"GP" or len(blob) < 8:
        raise GeoPackageError("a geometry is not a GeoPackage geometry blob")
    flags = blob[3]
    envelope = (flags >> 1) & 0b111
    if flags & _EXTENDED or envelope >= len(ENVELOPE_BYTES):
        raise GeoPackageError("a geometry uses a GeoPackage extension this reader lacks")
    return blob[8 + ENVELOPE_BYTES[envelope]:]


def read_feature_table(path: Path, table: str, geometry: bool = True) -> FeatureTable:
    """A feature table of a GeoPackage, every attribute (not the primary key), in row order;
    the geometry only if asked. Raises GeoPackageError, or sqlite3.Error for an unreadable
    file."""
    if not path.is_file():
        raise GeoPackageError(f"no such file: {path}")
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        found = connection.execute(
            "SELECT g.column_name, s.organization, s.organization_coordsys_id "
            "FROM gpkg_geometry_columns g LEFT JOIN gpkg_spatial_ref_sys s USING (srs_id) "
            "WHERE g.table_name = ?", (table,)).fetchone()
        if found is None:
            raise GeoPackageError(f"no feature table {table!r}")
        geometry_column, organization, code = found
        fields = [(name, kind.upper()) for _, name, kind, _, _, key
                  in connection.execute(f"PRAGMA table_info({_quoted(table)})")
                  if not key and name != geometry_column]
        names = [name for name, _ in fields] + ([geometry_column] if geometry else [])
        rows = connection.execute(f"SELECT {', '.join(map(_quoted, names))} "
                                  f"FROM {_quoted(table)} ORDER BY rowid").fetchall()
    values = list(zip(*rows, strict=True)) if rows else [()] * len(names)
    columns = {name: _column(values[i], kind) for i, (name, kind) in enumerate(fields)}
    shapes = None
    if geometry:
        shapes = shapely.from_wkb([None if b is None else geometry_wkb(b) for b in values[-1]])
        shapes.setflags(write=False)
    crs = f"{organization.upper()}:{code}" if organization and code is not None else None
    return FeatureTable(columns, shapes, crs)


def _column(values: tuple, kind: str) -> np.ndarray:
    """One column's values as an array of its declared GeoPackage type."""
    missing = any(v is None for v in values)
    if kind in _REAL or (kind in _INTEGER and missing):
        array = np.array([np.nan if v is None else v for v in values], dtype=float)
    elif kind in _INTEGER:
        array = np.array(values, dtype=np.int64)
    else:
        array = np.empty(len(values), dtype=object)
        array[:] = values
    array.setflags(write=False)
    return array


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
