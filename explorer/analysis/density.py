"""Aggregate many points into a grid of counts (per category too), and equalise the counts."""

from __future__ import annotations

import numpy as np

from explorer.geo.chunks import summed

Rect = tuple[float, float, float, float]  # xmin, ymin, xmax, ymax in the points' units


def bin_points(x: np.ndarray, y: np.ndarray, rect: Rect, size: tuple[int, int],
               categories: np.ndarray | None = None, count: int = 0,
               inside: bool = False, keep: np.ndarray | None = None) -> np.ndarray:
    """How many points (those `keep` says; None: all) fall in each cell of a `size` (w, h)
    grid over `rect`, row 0 at the top (as an image): (h, w) counts, or (count, h, w) with
    integer `categories` (0..count-1) per point. Points outside the rect, or not finite, are
    not counted; `inside`: the caller vouches that every point kept is in the rect (no test,
    no copy: the cheapest count). Millions of points are counted a chunk at a time, on all
    cores: a few MB of scratch, not four arrays of them."""
    w, h = size
    cells = w * h * (1 if categories is None else count)
    step = max(BIN_CHUNK, cells)  # each chunk's count is an array of every cell

    def counted(points: slice) -> np.ndarray:  # a core's share, a chunk at a time
        found = np.zeros(cells, np.int64)
        for start in range(points.start, points.stop, step):
            part = slice(start, min(start + step, points.stop))
            found += _bin_chunk(x[part], y[part], rect, size,
                                None if categories is None else np.asarray(categories)[part],
                                cells, inside, None if keep is None else keep[part])
        return found

    found = summed(counted, len(x), step)
    return found.reshape((h, w) if categories is None else (count, h, w))


def _bin_chunk(x: np.ndarray, y: np.ndarray, rect: Rect, size: tuple[int, int],
               categories: np.ndarray | None, cells: int, inside: bool,
               keep: np.ndarray | None) -> np.ndarray:
    """The chunk's counts; a point not counted goes to a cell past the last, dropped (no copy
    of the others): a few arrays of the chunk's length at a time."""
    w, h = size
    x0, y0, x1, y1 = rect
    cell, within_y = _axis(y, y1, -h / (y1 - y0), h, inside)  # row 0 at the top
    column, within_x = _axis(x, x0, w / (x1 - x0), w, inside)
    cell *= w
    cell += column
    del column
    if not inside:
        within_y &= within_x
        keep = within_y if keep is None else keep & within_y
    if categories is not None:
        cell += categories.astype(np.intp) * (w * h)
    if keep is not None:
        cell[~keep] = cells
        return np.bincount(cell, minlength=cells + 1)[:cells]
    return np.bincount(cell, minlength=cells)


def _axis(values: np.ndarray, start: float, scale: float, length: int,
          inside: bool) -> tuple[np.ndarray, np.ndarray | None]:
    """Each value's cell along one axis of the grid (clipped into it: a point on the rect's
    edge is in its last cell) and, unless `inside`, whether it lies in the grid."""
    at = np.subtract(values, start, dtype=np.float64)
    at *= scale
    within = None if inside else (at >= 0) & (at < length)  # NaN compares False: left out
    with np.errstate(invalid="ignore"):  # NaN: in no cell (see `within`)
        index = at.astype(np.intp)
    del at
    np.clip(index, 0, length - 1, out=index)
    return index, within


BIN_CHUNK = 1 << 18  # points counted at once


MAX_TABLE = 1 << 22  # counts up to this are scaled through a table indexed by count


def eq_hist(counts: np.ndarray) -> np.ndarray:
    """Each cell's count as its rank among the occupied cells' counts, in (0, 1] (NaN where
    empty): histogram equalisation, as datashader's `eq_hist` does for integer counts, so a
    few crowded cells do not wash out the rest."""
    return _levels(counts, "eq_hist")


def log_scaled(counts: np.ndarray) -> np.ndarray:
    """Each cell's count on a log scale in (0, 1] (NaN where empty): log(1+c)/log(1+max)."""
    return _levels(counts, "log")


def level_table(counts: np.ndarray, how: str) -> np.ndarray | None:
    """The scaled level of every count from 0 to the largest (NaN for 0), so that
    `table[counts]` scales a grid in one gather; None when the largest count is too large
    for a table (see MAX_TABLE). `how`: eq_hist or log."""
    top = int(counts.max(initial=0))
    if top > MAX_TABLE:
        return None
    table = np.full(top + 1, np.nan)
    if top == 0:
        return table
    if how == "log":
        table[1:] = np.log1p(np.arange(1, top + 1)) / np.log1p(top)
        return table
    frequency = np.bincount(counts.reshape(-1), minlength=top + 1)  # a counting sort
    frequency[0] = 0
    levels = np.flatnonzero(frequency)
    table[levels] = np.cumsum(frequency[levels]) / frequency.sum()
    return table


def _levels(counts: np.ndarray, how: str) -> np.ndarray:
    table = level_table(counts, how)
    if table is not None:
        return table[counts]
    out = np.full(counts.shape, np.nan)  # a huge count: the occupied cells' levels directly
    occupied = counts > 0
    values = counts[occupied]
    if how == "log":
        out[occupied] = np.log1p(values) / np.log1p(values.max())
    else:
        levels, frequency = np.unique(values, return_counts=True)
        out[occupied] = np.interp(values, levels, np.cumsum(frequency) / len(values))
    return out
