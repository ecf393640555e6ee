"""A layer's attribute rows in view order: sorted and filtered with Arrow, formatted per cell."""

from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

INTEGER_CHARS = frozenset("0123456789-")  # all that str(int) can write
NUMBER_CHARS = frozenset("0123456789.-+einf")  # and %.10g
DATE_CHARS = frozenset("0123456789-: ")
DAY_SECONDS = 86_400


def cell_text(value: Any) -> str:
    """A value as the table shows it: empty when missing, floats to 10 significant digits."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    if isinstance(value, float | np.floating):
        return f"{value:.10g}"
    return str(value)


def float_texts(values: np.ndarray) -> pa.Array:
    """f"{v:.10g}" of each value, empty for NaN. For 1e-4 <= |v| < 1e10, Arrow's shortest text
    of the float nearest to v's 10 significant digits (the same digits, vectorised); Python
    writes the others and the rare values next to a half."""
    values = np.asarray(values, dtype=float)
    usual = (np.abs(values) >= 1e-4) & (np.abs(values) < 1e10)
    magnitude = np.where(usual, np.abs(values), 1.0)
    exponent = np.floor(np.log10(magnitude))
    exponent -= magnitude < 10.0 ** exponent  # log10 can be one off next to a power of ten
    exponent += magnitude >= 10.0 ** (exponent + 1)
    scale = 10.0 ** (9 - exponent)  # exact: 10 ** 0 to 10 ** 13
    scaled = magnitude * scale
    digits = np.rint(scaled)
    # rint's rounding is Python's (of the exact value) unless the product is near a half
    fast = usual & (np.abs(scaled - np.floor(scaled) - 0.5) > 1e-5) & (digits < 1e10)
    quick = pc.cast(pa.array(np.copysign(digits / scale, values)), pa.large_string())
    others = values[~fast].tolist()
    written = pa.array(["" if v != v else f"{v:.10g}" for v in others], pa.large_string())
    return pc.replace_with_mask(quick, pa.array(~fast), written)


def fold(text: str) -> str:
    """Case-folded as the columns are (Arrow's lower case, which can differ from Python's)."""
    return pc.utf8_lower(pa.scalar(text, pa.large_string())).as_py()


class Column:
    """One attribute column: its cells as text, its sorted order and its lower-case text."""

    def __init__(self, name: str, series: pd.Series) -> None:
        self.name = name
        self.series = series
        self.values = series.array
        kind = series.dtype.kind
        self.numeric = kind in "iuf"
        self.dated = kind == "M"  # naive datetimes (tz-aware ones read as text)
        # characters the column's text can hold, when limited: a needle with others is not in it
        self.alphabet = (INTEGER_CHARS if kind in "iu" else NUMBER_CHARS if self.numeric
                         else DATE_CHARS if self.dated else None)

    def cell(self, row: int) -> str:
        """The text of one cell (the only per-row formatting the table does)."""
        if self.dated:
            return self._dates(self._seconds[row:row + 1])[0].as_py()
        return cell_text(self.values[row])

    @cached_property
    def _seconds(self) -> np.ndarray:
        return self.series.to_numpy(dtype="datetime64[s]")

    @cached_property
    def _date_only(self) -> bool:
        """No time of day in the column: its dates read as "YYYY-MM-DD" alone."""
        seconds = self._seconds
        return bool((seconds[~np.isnat(seconds)].view(np.int64) % DAY_SECONDS == 0).all())

    def _dates(self, seconds: np.ndarray) -> pa.Array:
        """"YYYY-MM-DD", with " HH:MM:SS" when some value is not at midnight; empty for NaT."""
        stamps = pa.array(seconds)
        if self._date_only:
            stamps = pc.cast(stamps, pa.date32())
        return pc.fill_null(pc.cast(stamps, pa.large_string()), "")

    @cached_property
    def folded(self) -> pa.Array:
        """Every cell's text in lower case, whole column (made once, on the first need)."""
        if self.alphabet is not None:  # numbers and dates are written in lower case
            return self._texts()
        return pc.utf8_lower(self._texts())

    def _texts(self) -> pa.Array:
        """Every cell's text, as `cell` writes it, vectorised where the kind allows."""
        dtype = self.series.dtype
        if self.dated:
            return self._dates(self._seconds)
        if dtype.kind in "iu":
            return pc.fill_null(pc.cast(pa.array(self.series), pa.large_string()), "")
        if self.numeric:
            return float_texts(self.series.to_numpy(dtype=float, na_value=np.nan))
        if isinstance(dtype, pd.CategoricalDtype):  # each category's text, taken by code
            codes = self.series.cat.codes.to_numpy()
            labels = Column(self.name, pd.Series(dtype.categories))._texts()
            return pc.fill_null(pc.take(labels, pa.array(codes, mask=codes < 0)), "")
        if isinstance(dtype, pd.StringDtype) or (
                dtype.kind == "O" and
                pd.api.types.infer_dtype(self.series, skipna=True) in ("string", "empty")):
            text = pc.fill_null(pa.array(self.series, pa.large_string()), "")
            return text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
        return pa.array([cell_text(v) for v in self.values], pa.large_string())

    def order(self, descending: bool = False) -> np.ndarray:
        """The frame rows sorted by the column, stable, empty cells last either way: numbers
        and dates by value, others by their lower-case text."""
        direction = "descending" if descending else "ascending"
        if self.numeric or self.dated:
            keys = pa.array(self.series)  # missing values are nulls
            keys = keys.combine_chunks() if isinstance(keys, pa.ChunkedArray) else keys
            ranked = pc.array_sort_indices(keys, order=direction, null_placement="at_end")
            return ranked.to_numpy().astype(np.int64)
        ranked = pc.array_sort_indices(self.folded, order=direction).to_numpy().astype(np.int64)
        if descending:  # empty text is the least: last already
            return ranked
        empty = pc.sum(pc.equal(self.folded, "")).as_py() or 0
        return np.concatenate([ranked[empty:], ranked[:empty]])

    def contains(self, needle: str) -> np.ndarray:
        """Rows whose lower-case text holds `needle` (lower case)."""
        if self.alphabet is not None and not set(needle) <= self.alphabet:
            return np.zeros(len(self.series), dtype=bool)
        return pc.match_substring(self.folded, needle).to_numpy(zero_copy_only=False)

    def equals(self, wanted: str) -> np.ndarray:
        """Rows whose lower-case text is `wanted` (lower case); numbers also by value."""
        if not self.numeric:
            return pc.equal(self.folded, wanted).to_numpy(zero_copy_only=False)
        values = self.series.to_numpy(dtype=float, na_value=np.nan)
        if not wanted:
            return np.isnan(values)
        try:
            number = float(wanted)
        except ValueError:
            return np.zeros(len(values), dtype=bool)  # no number's text is a non-number
        # The text rounds to 10 digits: only values that near can read as `wanted`.
        mask = values == number
        near = np.flatnonzero(np.isclose(values, number, rtol=1e-9, atol=0.0) & ~mask)
        mask[near] = [cell_text(self.values[i]).lower() == wanted for i in near]
        return mask


class TableView:
    """A layer's attribute columns in view order: sorted by one column,
    filtered by text; the work is vectorised, and a cell is formatted only when asked for."""

    def __init__(self, frame: pd.DataFrame | None = None) -> None:
        frame = pd.DataFrame() if frame is None else frame
        self.columns = [Column(str(name), frame[name]) for name in frame.columns]
        self.total = len(frame)
        self._order = np.arange(self.total)
        self._mask = np.ones(self.total, dtype=bool)
        self.sorted_by: tuple[int, bool] = (-1, False)  # column (-1: none), descending
        self._update()

    def _update(self) -> None:
        self.rows = self._order[self._mask[self._order]]  # frame rows shown, in view order
        self._inverse: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def cell(self, row: int, column: int) -> str:
        return self.columns[column].cell(int(self.rows[row]))

    def frame_row(self, row: int) -> int:
        return int(self.rows[row])

    def view_rows(self, frame_rows: np.ndarray) -> np.ndarray:
        """The view rows showing these frame rows, -1 for those filtered out."""
        if self._inverse is None:
            self._inverse = np.full(self.total, -1, dtype=np.int64)
            self._inverse[self.rows] = np.arange(len(self.rows))
        return self._inverse[np.asarray(frame_rows, dtype=np.int64)]

    def sort(self, column: int, descending: bool = False) -> None:
        """By one column, stable, empty cells last either way; -1: the frame's order."""
        if 0 <= column < len(self.columns):
            self.sorted_by = (column, descending)
            self._order = self.columns[column].order(descending)
        else:
            self.sorted_by = (-1, False)
            self._order = np.arange(self.total)
        self._update()

    def filter(self, text: str) -> None:
        """Rows kept: "column=value" (case-insensitive, numbers by value) or a
        case-insensitive substring of any column; empty keeps all."""
        text = text.strip()
        name, sep, wanted = text.partition("=")
        by_name = {fold(c.name): c for c in self.columns}
        column = by_name.get(fold(name.strip())) if sep else None
        if column is not None:
            self._mask = column.equals(fold(wanted.strip()))
        elif text:
            needle = fold(text)
            self._mask = np.zeros(self.total, dtype=bool)
            for each in self.columns:
                self._mask |= each.contains(needle)
        else:
            self._mask = np.ones(self.total, dtype=bool)
        self._update()
