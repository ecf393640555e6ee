"""Points ordered by a coarse column of x, so that a view's points are one slice of them.

The order is a radix sort of 16-bit column keys (numpy sorts small integers stably in linear
time): five times quicker than sorting the coordinates themselves, and as good for slicing —
the slice of a view's columns holds every point between its edges, and a few beside them."""

from __future__ import annotations

import numpy as np

KEY_MAX = np.iinfo(np.uint16).max
KEY_CHUNK = 1 << 18  # points keyed at once: a few MB of scratch, not three arrays of them


class ColumnIndex:
    """`span` is the slice of points in column order (see `ordering`) that a view needs."""

    def __init__(self, low: float, scale: float, starts: np.ndarray, slack: float = 0.0) -> None:
        # starts[k]: where the points of column k begin (half a MB, not two bytes a point)
        self._low, self._scale, self._starts, self._slack = low, scale, starts, slack

    @classmethod
    def ordering(cls, x: np.ndarray, slack: float = 0.0) -> tuple[ColumnIndex, np.ndarray]:
        """The index of points `x`, and the order that puts them in it. `slack`: how far the
        points may truly lie from `x` (keyed by an approximate x), spans widened by as much."""
        finite = np.isfinite(x)
        low = float(np.min(x, where=finite, initial=np.inf))
        high = float(np.max(x, where=finite, initial=-np.inf))
        low, high = (low, high) if low <= high else (0.0, 0.0)  # none finite
        index = cls(low, KEY_MAX / (high - low) if high > low else 0.0, np.empty(0, np.intp),
                    slack)
        keys = np.empty(len(x), np.uint16)
        counts = np.zeros(KEY_MAX + 1, np.intp)
        for start in range(0, len(x), KEY_CHUNK):
            part = keys[start:start + KEY_CHUNK]
            part[:] = index._keys(x[start:start + KEY_CHUNK])
            counts += np.bincount(part, minlength=KEY_MAX + 1)
        index._starts = np.concatenate([[0], np.cumsum(counts)])
        return index, np.argsort(keys, kind="stable")

    def kept(self, keep: np.ndarray) -> ColumnIndex:
        """The index of the ordered points a mask keeps."""
        dropped = np.concatenate([[0], np.cumsum(~keep)])  # before each position
        return ColumnIndex(self._low, self._scale, self._starts - dropped[self._starts],
                           self._slack)

    def _keys(self, x: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):  # NaN: a key of its own, no view asks for
            return np.clip((np.asarray(x, float) - self._low) * self._scale, 0,
                           KEY_MAX).astype(np.uint16)

    def span(self, xmin: float, xmax: float) -> tuple[int, int]:
        """first, last: the ordered points first:last include every one with xmin <= x <= xmax
        (and some just outside: test x too)."""
        low, high = self._keys(np.array([xmin - self._slack, xmax + self._slack]))
        return int(self._starts[low]), int(self._starts[int(high) + 1])
