"""Partial dates (YYYY, YYYY-MM, YYYY-MM-DD) and the half-open validity intervals built on them.

A partial date stands for the first day of the period it names, wherever it appears: "2001" is
2001-01-01 and "2005-10" is 2005-10-01, whether it starts an interval, ends one or is the date
asked about. Intervals are half-open, so a record is active on day D when ``start <= D`` and
(``end`` is empty or ``D < end``):

- start "2001" means active from 2001-01-01;
- end "2005" means active until 2004-12-31, i.e. up to 2005-01-01 exclusive;
- one row ending "2002-06" and the next starting "2002-06" hand over without gap or overlap;
- an empty start means "since before the atlas begins", an empty end "still so today".

The curators write the precision they are sure of; reading a coarse date as its first day keeps
adjacent intervals contiguous, which matters more than guessing where in the period a change fell.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
FORMATS = "YYYY, YYYY-MM or YYYY-MM-DD"


class ImpossibleDate(ValueError):
    """Well-formed but not on the calendar: month 13, 30 February."""


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A year, a year and month, or a full date; compares and orders by its first day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        # Raises ValueError for month 0 or 13, 30 February and the like.
        dt.date(self.year, 1 if self.month is None else self.month,
                1 if self.day is None else self.day)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read "2001", "2001-10" or "2001-10-07"; ValueError for anything else."""
        match = _PATTERN.fullmatch(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"a date must be {FORMATS}, not {text!r}")
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            return cls(year, month, day)
        except ValueError:
            raise ImpossibleDate(f"{text!r} is not a real date") from None

    @classmethod
    def from_date(cls, day: dt.date) -> PartialDate:
        return cls(day.year, day.month, day.day)

    @property
    def precision(self) -> str:
        """"year", "month" or "day"."""
        if self.day is not None:
            return "day"
        return "year" if self.month is None else "month"

    @property
    def first_day(self) -> dt.date:
        """The day this date stands for in every comparison."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        """The last day of the period named (2001 -> 2001-12-31); for checks, not intervals."""
        if self.day is not None:
            return self.first_day
        if self.month is None:
            return dt.date(self.year, 12, 31)
        following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    def isoformat(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    __str__ = isoformat

    def __repr__(self) -> str:
        return f"PartialDate({self.isoformat()!r})"

    # Ordering: by first day, then coarser before finer ("2001" < "2001-01" < "2001-01-01"), so
    # that sorting is total and consistent with equality. Interval tests use first_day directly.
    def _key(self) -> tuple[dt.date, int]:
        return self.first_day, (self.month is not None) + (self.day is not None)

    def __lt__(self, other: PartialDate) -> bool:
        return self._key() < other._key() if isinstance(other, PartialDate) else NotImplemented

    def __le__(self, other: PartialDate) -> bool:
        return self._key() <= other._key() if isinstance(other, PartialDate) else NotImplemented

    def __gt__(self, other: PartialDate) -> bool:
        return self._key() > other._key() if isinstance(other, PartialDate) else NotImplemented

    def __ge__(self, other: PartialDate) -> bool:
        return self._key() >= other._key() if isinstance(other, PartialDate) else NotImplemented

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _coerce,
            json_schema_input_schema=core_schema.str_schema(),
            serialization=core_schema.plain_serializer_function_ser_schema(
                PartialDate.isoformat, when_used="json-unless-none"),
        )


def _coerce(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.datetime):
        return PartialDate.from_date(value.date())
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    if isinstance(value, str):
        return PartialDate.parse(value)
    raise ValueError(f"a date must be {FORMATS}, not {value!r}")


DayLike = dt.date | PartialDate | str


def as_day(value: DayLike) -> dt.date:
    """The day to test intervals against: a date, a PartialDate or an ISO string (first day)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return _coerce(value).first_day


def is_active(start: PartialDate | None, end: PartialDate | None, day: DayLike) -> bool:
    """start <= day < end, an empty start or end leaving that side open."""
    when = as_day(day)
    return (start is None or start.first_day <= when) and (end is None or when < end.first_day)
