"""Partial dates: parsing, ordering, and the half-open `start <= D < end` rule."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import BaseModel

from explorer.model.dates import PartialDate, as_day, is_active


@pytest.mark.parametrize("text, precision, first, last", [
    ("2001", "year", dt.date(2001, 1, 1), dt.date(2001, 12, 31)),
    ("2004-02", "month", dt.date(2004, 2, 1), dt.date(2004, 2, 29)),
    ("2005-12", "month", dt.date(2005, 12, 1), dt.date(2005, 12, 31)),
    ("2005-11-21", "day", dt.date(2005, 11, 21), dt.date(2005, 11, 21)),
])
def test_parse_keeps_the_precision_written(text, precision, first, last) -> None:
    date = PartialDate.parse(text)
    assert date.precision == precision
    assert (date.first_day, date.last_day) == (first, last)
    assert date.isoformat() == str(date) == text
    assert PartialDate.parse(str(date)) == date


@pytest.mark.parametrize("text", ["", "01", "2001-1", "2001/02", "2001-13", "2001-02-30",
                                  "2001-00", "2001-01-1", "yesterday", " 2001-01-01x"])
def test_malformed_or_impossible_dates_are_refused(text) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_ordering_is_by_first_day_coarser_first() -> None:
    texts = ["2001-01-02", "2001-01-01", "2001", "2000-12-31", "2001-01"]
    ordered = sorted(PartialDate.parse(t) for t in texts)
    assert [str(d) for d in ordered] == ["2000-12-31", "2001", "2001-01", "2001-01-01",
                                         "2001-01-02"]
    assert PartialDate.parse("2001") != PartialDate.parse("2001-01-01")


def test_a_year_start_means_from_its_first_day() -> None:
    start = PartialDate.parse("2001")
    assert not is_active(start, None, "2000-12-31")
    assert is_active(start, None, "2001-01-01")
    assert is_active(start, None, dt.date(2030, 5, 5))


def test_a_year_end_means_until_its_first_day_exclusive() -> None:
    end = PartialDate.parse("2005")
    assert is_active(None, end, "2004-12-31")
    assert not is_active(None, end, "2005-01-01")
    assert not is_active(None, end, "2005-06-15")


def test_adjacent_intervals_sharing_a_partial_date_hand_over_without_gap_or_overlap() -> None:
    boundary = PartialDate.parse("2002-06")
    before, after = (PartialDate.parse("1999-04-24"), boundary), (boundary, None)
    for day in ("2002-05-31", "2002-06-01", "2002-06-12"):
        assert is_active(*before, day) != is_active(*after, day)


def test_the_asked_date_may_be_partial_too() -> None:
    assert as_day("2003") == dt.date(2003, 1, 1)
    assert as_day(PartialDate.parse("2003-06")) == dt.date(2003, 6, 1)
    assert as_day(dt.datetime(2003, 6, 1, 12)) == dt.date(2003, 6, 1)


def test_pydantic_reads_strings_and_writes_iso_text() -> None:
    class Stamp(BaseModel):
        when: PartialDate
        until: PartialDate | None = None

    stamp = Stamp.model_validate({"when": "2006-06"})
    assert stamp.when == PartialDate(2006, 6)
    assert Stamp(when=dt.date(2006, 6, 23)).when == PartialDate(2006, 6, 23)
    assert stamp.model_dump(mode="json") == {"when": "2006-06", "until": None}
    assert Stamp.model_validate_json('{"when": "2006"}').when == PartialDate(2006)
    with pytest.raises(ValueError, match="YYYY"):
        Stamp.model_validate({"when": "June 2006"})
