"""The count pyramid against a real server: its counts are the table's own (`grid_counts`) on
grids aligned with its cells, with and without a day, for a projected table too; shared by
area on other grids; it leaves nothing in the database."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from explorer.io.postgis import connect, grid_counts, parse_uri
from explorer.io.postgis_counts import CountSource, aligned_level, resample, snap
from explorer.io.postgis_pyramid import keys, keys_box
from tests.postgis.sample import BOX

ALIGNED = [(BOX, (144, 64)), ((56.5, 38.5, 70.0, 44.0), (27, 11)),  # 1/8 and 1/2 degree
           ((-180.0, -90.0, 180.0, 90.0), (360, 180)), ((66.0, 39.0, 66.5, 40.0), (8, 16))]


@pytest.fixture(scope="module")
def events(tables):
    """A pyramid of field.events (dated) down to 1/16 degree, built before the tests use it."""
    ref = parse_uri(f"{tables}?table=field.events&time=day")
    with connect(ref) as conn:
        source = CountSource(conn, ref, finest=4, background=False, direct_rows=0)
        assert source.pyramid_error is None
        yield conn, ref, source
        source.close()


@pytest.mark.parametrize(("box", "size"), ALIGNED)
def test_aligned_grids_are_counted_exactly_from_the_pyramid(events, box, size) -> None:
    conn, ref, source = events
    assert aligned_level(box, size) is not None
    got = source.grid(box, size)
    assert (got.source, got.exact, got.estimated) == ("pyramid", True, False)
    assert got.counts.shape == (size[1], size[0]) and got.counts.dtype == np.int64
    np.testing.assert_array_equal(got.counts, grid_counts(conn, ref, box, size))


@pytest.mark.parametrize("day", [dt.date(1995, 6, 17), dt.date(2001, 2, 28), dt.date(1990, 1, 1),
                                 dt.date(1991, 1, 1), dt.date(2030, 1, 1), dt.date(2023, 11, 5)])
def test_a_day_is_the_months_before_it_plus_its_own_month_counted_exactly(events, day) -> None:
    conn, ref, source = events
    box, size = snap(BOX, (180, 80), finest=4)
    got = source.grid(box, size, day)
    assert got.exact and got.source == "pyramid"
    np.testing.assert_array_equal(got.counts, grid_counts(conn, ref, box, size, day))
    assert got.counts.sum() < source.counts(box, size).sum() or day > dt.date(2020, 1, 1)


def test_a_grid_not_aligned_is_shared_by_area_from_exact_pyramid_cells(events) -> None:
    """The only approximation: a pyramid cell straddling a cell line is split by area."""
    conn, ref, source = events
    box, size = (55.3, 37.1, 72.9, 44.7), (130, 70)  # cells ~0.135 x 0.109: level 4 read
    got = source.grid(box, size, dt.date(2000, 3, 9))
    assert (got.source, got.exact) == ("pyramid", False)
    block = keys(box, 4)
    fine_box = keys_box(block, 4)
    exact_fine = grid_counts(conn, ref, fine_box, (block[2] - block[0], block[3] - block[1]),
                             dt.date(2000, 3, 9))
    np.testing.assert_array_equal(got.counts, resample(exact_fine, fine_box, box, size))
    direct = grid_counts(conn, ref, box, size, dt.date(2000, 3, 9))
    # the total is between the points of the pyramid cells inside the box and of those meeting it
    inner = exact_fine[1:-1, 1:-1].sum()
    assert inner <= got.counts.sum() <= exact_fine.sum()
    assert abs(int(got.counts.sum()) - int(direct.sum())) <= exact_fine.sum() - inner
    # each cell's count is between the points of the pyramid cells inside it and of those
    # meeting it (give or take one, rounding shares to whole counts)
    u = np.linspace(box[0], box[2], size[0] + 1) - fine_box[0]
    v = fine_box[3] - np.linspace(box[3], box[1], size[1] + 1)
    low, high = [rows @ exact_fine @ columns.T
                 for rows, columns in zip(overlaps(v * 16, exact_fine.shape[0]),
                                          overlaps(u * 16, exact_fine.shape[1]), strict=True)]
    assert (low - 1 <= got.counts).all() and (got.counts <= high + 1).all()
    assert (got.counts != direct).any() and ((low <= direct) & (direct <= high)).all()


def overlaps(edges: np.ndarray, fine: int) -> tuple[np.ndarray, np.ndarray]:
    """Which fine cells (unit wide, from 0) lie inside and which meet each cell between edges."""
    k = np.arange(fine)
    start, end = edges[:-1, None], edges[1:, None]
    return ((k >= start) & (k + 1 <= end)).astype(int), ((k < end) & (k + 1 > start)).astype(int)


def test_a_projected_table_is_counted_exactly_too(tables) -> None:
    ref = parse_uri(f"{tables}?table=field.utm")
    with connect(ref) as conn:
        source = CountSource(conn, ref, finest=3, background=False, direct_rows=0)
        try:
            for box, size in ALIGNED[:2]:
                got = source.grid(box, size)
                assert got.exact and got.source == "pyramid"
                np.testing.assert_array_equal(got.counts, grid_counts(conn, ref, box, size))
        finally:
            source.close()


def test_close_views_and_cells_finer_than_the_pyramid_are_counted_from_the_table(events) -> None:
    conn, ref, source = events
    close = ((66.0, 39.0, 68.0, 40.5), (64, 48))  # cells of 1/32 degree: finer than level 4
    got = source.grid(*close)
    assert (got.source, got.exact) == ("table", True)
    np.testing.assert_array_equal(got.counts, grid_counts(conn, ref, *close))
    few = CountSource(conn, ref, finest=4, background=False)  # the default: 20,000 rows is few
    try:
        assert few.grid(BOX, (144, 64)).source == "table"
    finally:
        few.close()


def test_snapped_grids_are_aligned_near_the_request() -> None:
    box, size = snap((45.0, 24.0, 90.0, 56.0), (640, 360))
    assert aligned_level(box, size) == 4 and size == (720, 512)
    assert box == (45.0, 24.0, 90.0, 56.0)
    box, size = snap((45.1, 24.0, 90.0, 55.9), (640, 360), finest=3)
    assert aligned_level(box, size) == 3 and box == (45.0, 24.0, 90.0, 56.0)
    assert aligned_level((45.1, 24.0, 90.0, 55.9), (640, 360)) is None
