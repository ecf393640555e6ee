"""Counts per grid cell of a PostGIS view from the cheapest honest source; cancellable."""

from __future__ import annotations

import datetime as dt
import math
import threading
from dataclasses import dataclass

import numpy as np

from explorer.io import postgis_pyramid as pyr
from explorer.io.postgis import (
    LonLatBox,
    PostgisError,
    PostgisRef,
    _where,
    cells_query,
    connect,
    grid_counts,
    is_points,
    read_cells,
    resolve,
)

DIRECT_ROWS = 150_000  # fewer rows in the box than this: count them exactly from the table
# the same for lines and polygons: each row's point on surface is computed as it is counted,
# some four times a point's cost (100,000 polygons: 0.59 s from the table, 1.1 s as a first frame)
DIRECT_SHAPES = 40_000
SAMPLE_SHAPES = 40_000
SAMPLE_ROWS = 200_000  # a first frame's sample reads about this many rows
SAMPLE_MEAN = 4.0  # an estimate is smoothed over blocks of cells until these many samples a cell


class Cancelled(PostgisError):
    """The count was cancelled (`CountSource.cancel()`) before it finished."""


@dataclass(frozen=True)
class Counted:
    """Points per cell of a (w, h) grid over a lon/lat box, (h, w) int64 with row 0 north.
    `exact`: what `postgis.grid_counts` gives for that box and size. Else `estimated` (a
    sample of the table, scaled up) or, from the pyramid at a grid not aligned with its
    cells, each pyramid cell's count shared among the cells it overlaps by area."""

    counts: np.ndarray
    exact: bool
    estimated: bool
    source: str  # "table", "pyramid" or "sample"


def aligned_level(box: LonLatBox, size: tuple[int, int]) -> int | None:
    """The pyramid level whose cells are the grid's (square, edges on its lines), if any."""
    west, south, east, north = box
    cx, cy = (east - west) / size[0], (north - south) / size[1]
    level = round(-math.log2(cx)) if cx > 0 else -1
    if cx != cy or not 0 <= level <= pyr.MAX_LEVEL or cx != 2.0 ** -level:
        return None
    s = 2.0 ** level
    return level if ((west + 180) * s).is_integer() and ((90 - north) * s).is_integer() else None


def snap(box: LonLatBox, size: tuple[int, int],
         finest: int = pyr.MAX_LEVEL) -> tuple[LonLatBox, tuple[int, int]]:
    """The aligned grid nearest a request: cells of the level nearest its cells' size (no
    finer than `finest`), over its box grown to their lines. Its counts are exact from the
    pyramid, and a pan keeps the same cell lines."""
    cell = math.sqrt((box[2] - box[0]) / size[0] * (box[3] - box[1]) / size[1])
    level = min(max(round(-math.log2(cell)), 0), finest)
    block = pyr.keys(box, level)
    return pyr.keys_box(block, level), (block[2] - block[0], block[3] - block[1])


def resample(fine: np.ndarray, fine_box: LonLatBox, box: LonLatBox,
             size: tuple[int, int]) -> np.ndarray:
    """Counts of a fine grid over `fine_box` moved onto a (w, h) grid over `box` (inside it),
    each fine cell's count shared by area (its points taken as spread evenly over it)."""
    h0, w0 = fine.shape
    total = np.zeros((h0 + 1, w0 + 1))
    total[1:, 1:] = fine.cumsum(0).cumsum(1)
    u = (np.linspace(box[0], box[2], size[0] + 1) - fine_box[0]) / (
        fine_box[2] - fine_box[0]) * w0
    v = (fine_box[3] - np.linspace(box[3], box[1], size[1] + 1)) / (
        fine_box[3] - fine_box[1]) * h0
    at = _interpolate(_interpolate(total, u, 1), v, 0)
    return _whole(np.diff(np.diff(at, axis=0), axis=1).clip(0))


def _whole(shares: np.ndarray) -> np.ndarray:
    """Shares rounded to whole counts keeping their total (less a fraction): each is rounded
    down, and the biggest remainders up."""
    counts = np.floor(shares)
    short = min(round(float(shares.sum() - counts.sum())), counts.size)
    if short > 0:
        counts.flat[np.argpartition(counts - shares, short - 1, axis=None)[:short]] += 1
    return counts.astype(np.int64)


def _interpolate(values: np.ndarray, at: np.ndarray, axis: int) -> np.ndarray:
    """Values linearly interpolated at fractional positions along an axis."""
    base = np.clip(np.floor(at).astype(int), 0, values.shape[axis] - 2)
    t = np.clip(at - base, 0.0, 1.0)
    shape = [1, 1]
    shape[axis] = -1
    t = t.reshape(shape)
    return (np.take(values, base, axis) * (1 - t) + np.take(values, base + 1, axis) * t)


def smooth(counts: np.ndarray, scale: float) -> np.ndarray:
    """A sample's counts scaled up, summed over square blocks big enough to hold about
    SAMPLE_MEAN samples a cell (where there are any) and spread evenly over each block."""
    h, w = counts.shape
    busy = max(int(np.count_nonzero(counts)), 1)
    k = max(1, math.ceil(math.sqrt(SAMPLE_MEAN * busy / max(int(counts.sum()), 1))))
    padded = np.zeros((-(-h // k) * k, -(-w // k) * k))
    padded[:h, :w] = counts
    blocks = padded.reshape(padded.shape[0] // k, k, -1, k).sum(axis=(1, 3)) * scale / (k * k)
    return _whole(np.repeat(np.repeat(blocks, k, 0), k, 1)[:h, :w])


class CountSource:
    """Counts of one layer's views: from its count pyramid (explorer.io.postgis_pyramid) at
    a low zoom, from the table itself when close (few rows in the box).

    The pyramid is built in a thread of its own, on a connection of its own (temporary tables
    belong to one session). Until it is ready a view is counted from the table: exactly when
    few rows are in the box, else from a TABLESAMPLE, scaled up (`Counted.estimated`). A
    worker thread calls `grid()` / `counts()`; when the view changes another thread calls
    `cancel()`, and the worker's call raises `Cancelled` (the connections stay usable).
    `close()` stops a build and closes the pyramid's connection, so its tables go."""

    def __init__(self, connection, ref: PostgisRef, *, finest: int | None = None,
                 background: bool = True, pyramid: bool = True,
                 direct_rows: int | None = None, sample_rows: int | None = None) -> None:
        self._connection = connection  # the caller's: counts from the table and samples
        self._ref = ref
        self._table = resolve(connection, ref)
        points = is_points(self._table)
        if direct_rows is None:
            direct_rows = DIRECT_ROWS if points else DIRECT_SHAPES
        if sample_rows is None:
            sample_rows = SAMPLE_ROWS if points else SAMPLE_SHAPES
        self.direct_rows, self.sample_rows = direct_rows, sample_rows
        self._own = None  # the pyramid's connection: its temporary tables live there
        self._pyramid: pyr.Pyramid | None = None
        self.pyramid_error: str | None = None  # why there is no pyramid (None: there is)
        self.build_seconds: float | None = None
        self._ready = threading.Event()
        self._lock = threading.Lock()
        self._running = None  # the connection a count is running on, for cancel()
        self._closed = False
        self._thread = threading.Thread(target=self._build, args=(finest,), daemon=True,
                                        name="pyramid")
        if not pyramid:
            self.pyramid_error = "no pyramid asked for"
            self._ready.set()
        elif background:
            self._thread.start()
        else:
            self._build(finest)

    @property
    def ready(self) -> bool:
        """Whether the pyramid was built (or failed: then every count is from the table)."""
        return self._ready.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._ready.wait(timeout)

    def _build(self, finest: int | None) -> None:
        import time

        import psycopg

        start = time.perf_counter()
        try:
            self._own = connect(self._ref)
            if self._closed:
                raise PostgisError("closed before the pyramid was built")
            pyramid = pyr.build(self._own, self._ref, self._table, finest)
        except (psycopg.Error, PostgisError) as exc:
            # a standby, no TEMP privilege, close(): the table serves every count
            self.pyramid_error = str(exc).strip().splitlines()[0] if str(exc).strip() else "?"
        else:
            self._pyramid = pyramid
            self.build_seconds = time.perf_counter() - start
        finally:
            self._ready.set()

    def cancel(self) -> None:
        """Stop the count running now (from any thread): its `grid()` raises Cancelled. A
        count that has just finished is not affected, but the next one started in between
        can be: a worker serves the newest view after a Cancelled."""
        with self._lock:
            running = self._running
        if running is not None:
            running.cancel_safe()

    def close(self) -> None:
        """Stop a build, close the pyramid's connection: its temporary tables are dropped."""
        self._closed = True
        own = self._own
        if own is not None and not self._ready.is_set():
            own.cancel_safe()
        if self._thread.is_alive():
            self._thread.join()
        if self._own is not None:
            self._own.close()

    def counts(self, box: LonLatBox, size: tuple[int, int],
               day: dt.date | None = None) -> np.ndarray:
        """The grid's counts, (h, w) int64, row 0 north: `grid(...).counts`."""
        return self.grid(box, size, day).counts

    def grid(self, box: LonLatBox, size: tuple[int, int],
             day: dt.date | None = None) -> Counted:
        """Points per cell of a `size` (w, h) grid over the box, on or before `day` by the
        layer's date column (if any), from the cheapest source that can answer."""
        import psycopg

        if self._closed:
            raise PostgisError(f"{self._ref.display}: the count source was closed")
        day = day if self._ref.time else None
        try:
            if self._pyramid is not None:
                return self._from_pyramid(self._pyramid, box, size, day)
            return self._from_table(box, size, day)
        except psycopg.errors.QueryCanceled as exc:
            raise Cancelled(f"{self._ref.display}: count cancelled") from exc

    def _run(self, connection, work):
        with self._lock:
            self._running = connection
        try:
            return work(connection)
        finally:
            with self._lock:
                self._running = None

    def _exact(self, box: LonLatBox, size: tuple[int, int], day: dt.date | None) -> Counted:
        counts = self._run(self._connection,
                           lambda c: grid_counts(c, self._ref, box, size, day))
        return Counted(counts, True, False, "table")

    def _from_table(self, box: LonLatBox, size: tuple[int, int],
                    day: dt.date | None) -> Counted:
        """While the pyramid is building (or if it failed): exact when few rows are in the
        box (by the planner's estimate) or the pyramid failed, else a sample."""
        from psycopg import sql

        plan = self._run(self._connection, lambda c: c.execute(sql.SQL(
            "EXPLAIN (FORMAT JSON) SELECT 1 FROM {}.{} WHERE {}").format(
            sql.Identifier(self._table.schema), sql.Identifier(self._table.table),
            _where(self._table, self._ref, box, day))).fetchone()[0])
        rows = plan[0]["Plan"]["Plan Rows"]
        # a view has no pages to sample (and no row count)
        percent = 100.0 * self.sample_rows / self._table.rows if self._table.rows > 0 else 100
        if self._ready.is_set() or rows <= self.direct_rows or percent >= 50:
            return self._exact(box, size, day)
        return self._sample(box, size, day, percent)

    def _sample(self, box: LonLatBox, size: tuple[int, int], day: dt.date | None,
                percent: float) -> Counted:
        query = cells_query(self._table, self._ref, box, size, day, percent)
        counts = self._run(self._connection, lambda c: read_cells(c, query, (size[1], size[0])))
        return Counted(smooth(counts, 100.0 / percent), False, True, "sample")

    def _from_pyramid(self, pyramid: pyr.Pyramid, box: LonLatBox, size: tuple[int, int],
                      day: dt.date | None) -> Counted:
        level = aligned_level(box, size)
        if level is None:
            finest_cell = min((box[2] - box[0]) / size[0], (box[3] - box[1]) / size[1])
            level = math.ceil(-math.log2(finest_cell))  # the coarsest level fine enough
        if level > pyramid.finest or self._run(
                self._own, lambda c: pyr.estimated_rows(c, pyramid, box)) <= self.direct_rows:
            return self._exact(box, size, day)
        block = pyr.keys(box, level)
        fine = self._run(self._own, lambda c: self._cells(c, pyramid, level, block, day))
        if aligned_level(box, size) == level:
            return Counted(fine, True, False, "pyramid")
        return Counted(resample(fine, pyr.keys_box(block, level), box, size), False, False,
                       "pyramid")

    def _cells(self, connection, pyramid: pyr.Pyramid, level: int, block: pyr.Keys,
               day: dt.date | None) -> np.ndarray:
        """The level's counts over the block, on or before the day: the months before the
        day's from the pyramid, the rest of the day's month from the table."""
        if day is None or not pyramid.dated:
            return pyr.pyramid_cells(connection, pyramid, level, block)
        month = pyr.month(day)
        if pyramid.first_month is None or month < pyramid.first_month:
            return np.zeros((block[3] - block[1], block[2] - block[0]), np.int64)
        if month > pyramid.last_month or (day + dt.timedelta(days=1)).day == 1:
            return pyr.pyramid_cells(connection, pyramid, level, block, month + 1)
        cells = pyr.pyramid_cells(connection, pyramid, level, block, month)
        return cells + pyr.table_cells(connection, self._ref, self._table, level, block,
                                       day.replace(day=1), day)
