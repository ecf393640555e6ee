"""A GeoParquet layer's attribute columns, each read from the file when first asked for."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from explorer.io.read_errors import VectorReadError, one_line

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa


def _stamp(path: Path) -> tuple[int, int]:
    found = path.stat()
    return found.st_size, found.st_mtime_ns


class ParquetColumns:
    """The attribute columns of a GeoParquet file for the rows a layer kept, as much of an
    Arrow table as a layer's data uses: a column is read the first time it is asked for, so
    a layer drawn in one colour reads only its coordinates. A file changed since it was
    opened is not read again (its rows may no longer be the layer's)."""

    def __init__(self, path: Path, names: list[str], rows: int,
                 kept: np.ndarray | None = None, stamp: tuple[int, int] | None = None) -> None:
        self.path = Path(path)
        self.column_names = list(names)
        self._rows = rows  # in the file
        self._kept = kept  # the file's rows the layer kept, in order (None: all)
        self._stamp = stamp if stamp is not None else _stamp(self.path)
        self._read: dict[str, pa.ChunkedArray] = {}

    def __len__(self) -> int:
        return self._rows if self._kept is None else len(self._kept)

    def filter(self, mask: np.ndarray) -> ParquetColumns:
        """The rows of these where `mask` is true."""
        rows = np.arange(self._rows) if self._kept is None else self._kept
        return ParquetColumns(self.path, self.column_names, self._rows,
                              rows[np.asarray(mask, bool)], self._stamp)

    def column(self, name: str) -> pa.ChunkedArray:
        if name not in self._read:
            self._load([name])
        return self._read[name]

    def to_pandas(self, **options) -> pd.DataFrame:
        import pyarrow as pa

        self._load([n for n in self.column_names if n not in self._read])
        table = pa.table({n: self._read[n] for n in self.column_names})
        if not self.column_names:
            table = pa.table({"_": pa.nulls(len(self))}).drop_columns(["_"])
        return table.to_pandas(**options)

    def slice(self, offset: int, length: int) -> pa.Table:
        import pyarrow.parquet as pq

        with self.path.open("rb") as handle:
            schema = pq.read_schema(handle)
        return schema.empty_table().select(self.column_names).slice(offset, length)

    def _load(self, names: list[str]) -> None:
        if not names:
            return
        import pyarrow.parquet as pq

        try:
            if _stamp(self.path) != self._stamp:
                raise OSError("it changed since it was opened; open it again")
            with self.path.open("rb") as handle:  # pyarrow wants names in UTF-8: a handle
                table = pq.read_table(handle, columns=names)
        except (OSError, ValueError) as exc:
            raise VectorReadError(one_line(f"{self.path.name}: its attributes cannot be read "
                                           f"({exc})")) from exc
        if len(table) != self._rows:
            raise VectorReadError(f"{one_line(self.path.name)}: its attributes cannot be read "
                                  "(it changed since it was opened; open it again)")
        if self._kept is not None:
            table = table.take(self._kept)
        self._read.update({n: table.column(n) for n in names})
