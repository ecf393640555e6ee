"""How big a layer is before it is read (features, uncompressed bytes), against the read limits.

A small file can hold a huge layer (a 98 MB zip unzips to a 20-million-point shapefile that
took 6.8 GB), so a reader measures first: the zip's members' uncompressed sizes, the feature
count GDAL keeps in the file's header (pyogrio.read_info; binary formats only, it costs a
whole parse for GeoJSON), a GeoParquet's row count, a CSV's rows estimated from its first
lines. Above MAX_FEATURES or MAX_DATA_BYTES the window asks and the CLI refuses
(`--max-features N` reads it).

Peak memory of an accepted read (read_vector), measured in a fresh process as the peak RSS
(resource.getrusage) less the RSS before the read. 1,000,000 points: a shapefile with one
small field (55 MB: .shp, .shx, .dbf) peaked 329 MB above (6.0x the data, 1.5 s), one with
wide fields (141 MB) 435 MB (3.1x, 2.3 s); 200,000 points: GeoJSON (29 MB) 2.4x, GeoPackage
(20 MB) 4.0x, FlatGeobuf (25 MB) 3.0x, CSV (8.5 MB) 15-20x, GeoParquet (8.3 MB) 15-17x.
Points are the worst case (geometry objects dominate): at most about 600 bytes a feature, so
MAX_FEATURES keeps a read of points under about 1.2 GB; layers of few, large features stay
within about 3-6x their uncompressed data, so MAX_DATA_BYTES keeps them under about 3 GB.
"""

from __future__ import annotations

import contextlib
import contextvars
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

MAX_FEATURES = 2_000_000  # read without asking (about 1.2 GB at 600 bytes a feature)
MAX_DATA_BYTES = 512 * 1024**2  # uncompressed data read without asking
COUNTED_SUFFIXES = frozenset({".shp", ".zip", ".gpkg", ".fgb"})  # a header holds the count
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf")

_accepted: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "accepted_features", default=None)


@dataclass(frozen=True)
class LayerSize:
    """What a file holds before reading it: features (-1 if unknown) and uncompressed bytes."""

    features: int
    data_bytes: int

    def exceeds(self, max_features: int | None = None) -> bool:
        """Whether reading needs the user's consent: over MAX_FEATURES or MAX_DATA_BYTES, or
        over `max_features` once given (an accepted count takes the data that comes with it;
        by default the count accepted by `feature_limit`)."""
        accepted = _accepted.get() if max_features is None else max_features
        if accepted is not None:
            return self.features > accepted
        return self.features > MAX_FEATURES or self.data_bytes > MAX_DATA_BYTES

    def describe(self) -> str:
        """E.g. "20,000,000 features, 820 MB of data"."""
        count = f"{self.features:,} features, " if self.features >= 0 else ""
        return f"{count}{self.data_bytes / 1024**2:,.0f} MB of data"


@contextlib.contextmanager
def feature_limit(count: int | None) -> Iterator[None]:
    """Read layers of up to `count` features, whatever their size, in this block (None: the
    default limits)."""
    token = _accepted.set(count)
    try:
        yield
    finally:
        _accepted.reset(token)


def zip_data_bytes(path: Path) -> int:
    """The uncompressed size of a zip's members, as its directory states them."""
    with zipfile.ZipFile(path) as archive:
        return sum(info.file_size for info in archive.infolist())


def data_bytes(path: Path) -> int:
    """The bytes a read will decode: a zip's members, a shapefile's parts, else the file."""
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return zip_data_bytes(path)
    if suffix == ".shp":
        parts = (path.with_suffix(s) for s in SHAPEFILE_PARTS)
        return sum(p.stat().st_size for p in parts if p.is_file())
    return path.stat().st_size


def gdal_layer_size(path: Path, source: str, layer: str | None) -> LayerSize:
    """The size of a layer GDAL reads (the feature count only where a header holds it)."""
    features = -1
    if path.suffix.lower() in COUNTED_SUFFIXES:
        from explorer.io.gdal_paths import pyogrio_reader

        features = int(pyogrio_reader().read_info(source, layer=layer)["features"])
    return LayerSize(features, data_bytes(path))


def parquet_size(source: BinaryIO) -> LayerSize:
    """A GeoParquet's rows and uncompressed bytes, from its footer."""
    import pyarrow.parquet as pq

    metadata = pq.ParquetFile(source).metadata
    decoded = sum(metadata.row_group(i).total_byte_size for i in range(metadata.num_row_groups))
    return LayerSize(metadata.num_rows, decoded)


def table_size(path: Path, head: bytes) -> LayerSize:
    """A CSV's rows estimated from the bytes a line takes in its first bytes (`head`)."""
    size = path.stat().st_size
    return LayerSize(round(size * max(head.count(b"\n"), 1) / max(len(head), 1)), size)
