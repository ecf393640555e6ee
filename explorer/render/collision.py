"""Where labels may go: boxes that must not overlap, and the cells lines run through."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF


def overlapping(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """(n, m): whether each of n (x0, y0, x1, y1) boxes overlaps each of m others (touching
    is not overlapping)."""
    a, b = boxes[:, None, :], others[None, :, :]
    return ((b[..., 0] < a[..., 2]) & (b[..., 2] > a[..., 0]) & (b[..., 1] < a[..., 3])
            & (b[..., 3] > a[..., 1]))


class LabelPlacer:
    """Accepts label rectangles one by one, refusing any that would overlap an earlier one."""

    def __init__(self, bounds: QRectF, padding: float = 2.0) -> None:
        self._bounds = (bounds.left(), bounds.top(), bounds.right(), bounds.bottom())
        self._padding = padding
        self._buffer = np.empty((256, 4))  # placed and blocked boxes, grown by doubling
        self._count = 0

    @property
    def _rects(self) -> np.ndarray:
        return self._buffer[:self._count]

    def try_place(self, rect: QRectF) -> bool:
        return self.try_place_boxes(np.array([[rect.left(), rect.top(), rect.right(),
                                               rect.bottom()]]))

    def try_place_boxes(self, boxes: np.ndarray) -> bool:
        """Place a label made of several (k, 4) boxes (x0, y0, x1, y1): all of them or none."""
        if not self.fits(boxes):
            return False
        self.add(boxes)
        return True

    def fits(self, boxes: np.ndarray) -> bool:
        """Whether the boxes lie inside the bounds and clear of everything placed so far."""
        return bool(self.free([np.asarray(boxes, float).reshape(-1, 4)])[0])

    def free(self, spots: list[np.ndarray]) -> np.ndarray:
        """For each of several labels' (k, 4) boxes, whether they all lie inside the bounds and
        clear of everything placed so far (padded): one array sum for all of them."""
        sizes = [len(b) for b in spots]
        clear = self.free_each(np.concatenate(spots))
        # a label is free when all its boxes are
        return np.logical_and.reduceat(clear, np.cumsum([0, *sizes[:-1]]))

    def free_each(self, boxes: np.ndarray) -> np.ndarray:
        """For each (x0, y0, x1, y1) box, whether it lies inside the bounds and clear of
        everything placed so far (padded)."""
        boxes = np.asarray(boxes, float).reshape(-1, 4)
        left, top, right, bottom = self._bounds
        inside = ((boxes[:, 0] >= left) & (boxes[:, 2] <= right)
                  & (boxes[:, 1] >= top) & (boxes[:, 3] <= bottom))
        if not self._count or not inside.any():
            return inside
        p = boxes + np.array([-1.0, -1.0, 1.0, 1.0]) * self._padding
        r = self._rects
        # only what touches the spots' joint extent can block one: test those few pairwise
        lo, hi = p.min(axis=0), p.max(axis=0)
        r = r[(r[:, 0] < hi[2]) & (r[:, 2] > lo[0]) & (r[:, 1] < hi[3]) & (r[:, 3] > lo[1])]
        if len(r):
            inside &= ~overlapping(p, r).any(axis=1)
        return inside

    def add(self, boxes: np.ndarray) -> None:
        padded = np.asarray(boxes, float).reshape(-1, 4) + np.array([-1.0, -1.0, 1.0, 1.0]) * (
            self._padding)
        self.block(padded)

    def block(self, boxes: np.ndarray) -> None:
        """Reserve areas (symbols) that later labels must avoid, without checking them."""
        boxes = np.asarray(boxes, float).reshape(-1, 4)
        end = self._count + len(boxes)
        if end > len(self._buffer):
            grown = np.empty((max(end, 2 * len(self._buffer)), 4))
            grown[:self._count] = self._rects
            self._buffer = grown
        self._buffer[self._count:end] = boxes
        self._count = end


class OccupancyGrid:
    """Cells of the frame that lines run through: labels avoid them when they can. A box is
    tested through a summed-area table (four lookups, however big the box)."""

    def __init__(self, bounds: QRectF, cell: float = 3.0) -> None:
        self._left, self._top, self._cell = bounds.left(), bounds.top(), cell
        self._cells = np.zeros((max(1, int(bounds.height() / cell) + 1),
                                max(1, int(bounds.width() / cell) + 1)), bool)
        self._sums: np.ndarray | None = None

    def mark(self, x: np.ndarray, y: np.ndarray) -> None:
        """Mark the cells of points (lines sampled finer than a cell)."""
        col = ((np.asarray(x) - self._left) / self._cell).astype(int)
        row = ((np.asarray(y) - self._top) / self._cell).astype(int)
        h, w = self._cells.shape
        keep = (col >= 0) & (col < w) & (row >= 0) & (row < h)
        self._cells[row[keep], col[keep]] = True
        self._sums = None

    def _table(self) -> np.ndarray:
        if self._sums is None:
            self._sums = np.zeros((self._cells.shape[0] + 1, self._cells.shape[1] + 1), np.int32)
            self._sums[1:, 1:] = self._cells.cumsum(0, dtype=np.int32).cumsum(1)
        return self._sums

    def hits(self, boxes: np.ndarray) -> bool:
        """Whether any of the (k, 4) boxes covers a marked cell (a label's few boxes: scalar
        maths on the summed-area table, quicker than arrays)."""
        s, (h, w) = self._table(), self._cells.shape
        for x0, y0, x1, y1 in np.asarray(boxes, float).reshape(-1, 4).tolist():
            c0 = min(w, max(0, int((x0 - self._left) / self._cell)))
            c1 = min(w, max(0, int((x1 - self._left) / self._cell) + 1))
            r0 = min(h, max(0, int((y0 - self._top) / self._cell)))
            r1 = min(h, max(0, int((y1 - self._top) / self._cell) + 1))
            if s[r1, c1] - s[r0, c1] - s[r1, c0] + s[r0, c0]:
                return True
        return False


def sample_segments(x0: np.ndarray, y0: np.ndarray, x1: np.ndarray, y1: np.ndarray,
                    step: float) -> tuple[np.ndarray, np.ndarray]:
    """Points every `step` pixels along many segments at once (for an OccupancyGrid)."""
    length = np.hypot(x1 - x0, y1 - y0)
    counts = np.clip(np.ceil(length / step).astype(int), 1, 10_000) + 1
    seg = np.repeat(np.arange(len(x0)), counts)
    starts = np.cumsum(counts) - counts
    t = (np.arange(counts.sum()) - starts[seg]) / (counts[seg] - 1)
    return x0[seg] + t * (x1 - x0)[seg], y0[seg] + t * (y1 - y0)[seg]
