"""Aggregate many points into a grid of counts (per category too), and equalise the counts."""

from __future__ import annotations

import numpy as np

Rect = tuple[float, float, float, float]  # xmin, ymin, xmax, ymax in the points' units


def bin_points(x: np.ndarray, y: np.ndarray, rect: Rect, size: tuple[int, int],
               categories: np.ndarray | None = None, count: int = 0,
               inside: bool = False, keep: np.ndarray | None = None) -> np.ndarray:
    """How many points (those `keep` says; None: all) fall in each cell of a `size` (w, h)
    grid over `rect`, row 0 at the top (as an image): (h, w) counts, or (count, h, w) with
    integer `categories` (0..count-1) per point. Points outside the rect, or not finite, are
    not counted; `inside`: the caller vouches that every point kept is in the rect (no test,
    no copy: the cheapest count). Millions of points are counted a chunk at a time: a few MB
    of scratch, not four arrays of them."""
    w, h = size
    cells = w * h * (1 if categories is None else count)
    found = np.zeros(cells, np.int64)
    step = max(BIN_CHUNK, cells)  # each chunk's count is an array of every cell
    for start in range(0, len(x), step):
        part = slice(start, start + step)
        found += _bin_chunk(x[part], y[part], rect, size,
                            None if categories is None else np.asarray(categories)[part],
                            cells, inside, None if keep is None else keep[part])
    return found.reshape((h, w) if categories is None else (count, h, w))


def _bin_chunk(x: np.ndarray, y: np.ndarray, rect: Rect, size: tuple[int, int],
               categories: np.ndarray | None, cells: int, inside: bool,
               keep: np.ndarray | None) -> np.ndarray:
    w, h = size
    x0, y0, x1, y1 = rect
    fx = np.subtract(x, x0, dtype=np.float64)
    fx *= w / (x1 - x0)
    fy = np.subtract(y1, y, dtype=np.float64)
    fy *= h / (y1 - y0)
    if not inside:
        within = (fx >= 0) & (fx < w) & (fy >= 0) & (fy < h)  # NaN compares False: left out
        if keep is not None:
            within &= keep
        fx, fy, keep = fx[within], fy[within], None
        if categories is not None:
            categories = categories[within]
    cell = fy.astype(np.intp)
    np.clip(cell, 0, h - 1, out=cell)  # a point on the rect's edge: in its last cell
    cell *= w
    column = fx.astype(np.intp)
    np.clip(column, 0, w - 1, out=column)
    cell += column
    if categories is not None:
        cell += categories.astype(np.intp) * (w * h)
    if keep is not None:  # the others counted in a cell past the last (no copy of the kept)
        cell[~keep] = cells
        return np.bincount(cell, minlength=cells + 1)[:cells]
    return np.bincount(cell, minlength=cells)


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
