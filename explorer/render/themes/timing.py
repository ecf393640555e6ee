"""Record intervals as day-number arrays, so that a date step is one vectorized comparison."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from explorer.model.dates import PartialDate

_BEFORE_ALL = np.iinfo(np.int64).min
_AFTER_ALL = np.iinfo(np.int64).max


def _ordinals(dates: Sequence[PartialDate | None], missing: int) -> np.ndarray:
    return np.array([missing if d is None else d.first_day.toordinal() for d in dates],
                    dtype=np.int64)


class Intervals:
    """The [start, end) of many records; `active(day)` is the mask of those in force that day,
    with the atlas's semantics (a partial date stands for its first day, empty ends are open)."""

    def __init__(self, starts: Sequence[PartialDate | None],
                 ends: Sequence[PartialDate | None]) -> None:
        self.starts = _ordinals(starts, _BEFORE_ALL)
        self.ends = _ordinals(ends, _AFTER_ALL)

    @classmethod
    def of(cls, records: Sequence[object]) -> Intervals:
        """From records carrying `start` and `end` (bases, routes, memberships)."""
        return cls([getattr(r, "start", None) for r in records],
                   [getattr(r, "end", None) for r in records])

    def __len__(self) -> int:
        return len(self.starts)

    def active(self, day: dt.date) -> np.ndarray:
        d = day.toordinal()
        return (self.starts <= d) & (d < self.ends)


def recent(days: np.ndarray, day: dt.date, window_days: int) -> np.ndarray:
    """Mask of the day numbers on or before `day` and less than `window_days` before it."""
    age = day.toordinal() - days
    return (age >= 0) & (age < window_days)
