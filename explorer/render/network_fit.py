"""How the network fills its frame: every node shown, the legend's corner clear, shapes apart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from explorer.analysis.overlap import remove_overlaps

Box = tuple[float, float, float, float]  # left, top, right, bottom (frame px, y down)
MIN_KEPT = 0.7  # the least share of the graph's area the legend's corner may cost it
NOMINAL_FRAME = (600.0, 400.0)  # px: a frame not laid out yet


class Frame(NamedTuple):
    """A view box's range and size: data x and y ranges shown across w x h px."""

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    size: tuple[float, float]

    @property
    def units(self) -> np.ndarray:
        """Data units per px, across and up."""
        (x0, x1), (y0, y1), (w, h) = self.x_range, self.y_range, self.size
        return np.array([(x1 - x0) / w, (y1 - y0) / h])

    def pixels(self, xy: np.ndarray) -> np.ndarray:
        """Data positions (n, 2) in the frame's px (y down)."""
        return np.column_stack([xy[:, 0] - self.x_range[0],
                                self.y_range[1] - xy[:, 1]]) / self.units

    def mapped(self, scale: np.ndarray, offset: np.ndarray) -> Frame:
        """The range that draws what this one draws at px p at `scale * p + offset` px."""
        ux, uy = self.units / scale
        x0 = self.x_range[0] - offset[0] * ux
        top = self.y_range[1] + offset[1] * uy
        w, h = self.size
        return Frame((x0, x0 + w * ux), (top - h * uy, top), self.size)


def fit_frame(xy: np.ndarray, size: tuple[float, float],
              margins: tuple[float, float, float, float], locked: bool) -> Frame:
    """The range that shows every point inside a frame (w, h px) less its margins (left, top,
    right, bottom px), centred there; the same units per pixel both ways when `locked`."""
    width, height = (w if w > 0 else n for w, n in zip(size, NOMINAL_FRAME, strict=True))
    if not len(xy):
        return Frame((-1.0, 1.0), (-1.0, 1.0), (width, height))
    (x0, y0), (x1, y1) = xy.min(axis=0), xy.max(axis=0)
    dx, dy = max(x1 - x0, 1e-6), max(y1 - y0, 1e-6)
    if x1 - x0 < 1e-6 and y1 - y0 < 1e-6:  # one node: a unit square around it
        dx = dy = 1.0
        x0, y0 = x0 - 0.5, y0 - 0.5
    left, top, right, bottom = margins
    ux = dx / max(width - left - right, 20.0)
    uy = dy / max(height - top - bottom, 20.0)
    if locked:
        ux = uy = max(ux, uy)
    lo = x0 + dx / 2 - (left + (width - left - right) / 2) * ux
    hi = y0 + dy / 2 + (top + (height - top - bottom) / 2) * uy
    return Frame((lo, lo + width * ux), (hi - height * uy, hi), (width, height))


def corner_squeeze(px: np.ndarray, usable: Box, covers: Mapping[str, Box], locked: bool
                   ) -> tuple[str, np.ndarray, np.ndarray] | None:
    """Where points (frame px, all inside `usable`) go so that one corner's box (`covers`,
    "top-right": its box) holds none of them, as a corner, a scale and an offset (p -> scale *
    p + offset): slid away from that corner into the room the fit left (the whole graph kept),
    else slid and shrunk towards the opposite corner (both ways when `locked`, else the one
    way that keeps most), keeping the most of the graph's area: the first corner clear as it
    is, else the best; None when clearing one would keep less than MIN_KEPT of the area."""
    best: tuple[tuple[float, float, int], str, np.ndarray, np.ndarray] | None = None
    for rank, (corner, box) in enumerate(covers.items()):
        vertical, horizontal = corner.split("-")
        sign = np.array([1.0 if horizontal == "right" else -1.0,
                         -1.0 if vertical == "top" else 1.0])
        # u, v: the points measured towards the corner, in its box when past both its edges
        uv = px * sign
        edge = np.minimum(np.array(box[:2]) * sign, np.array(box[2:]) * sign)
        low = np.minimum(np.array(usable[:2]) * sign, np.array(usable[2:]) * sign)
        inside = np.all(uv > edge, axis=1)
        if not inside.any():
            return corner, np.ones(2), np.zeros(2)
        room = np.maximum(uv.min(axis=0) - low, 0.0)  # the slide away the fit leaves
        with np.errstate(divide="ignore"):
            slide = float(np.max(np.min((uv[inside] - edge) / room, axis=1)))
        if slide <= 1.0:
            scale, shift = np.ones(2), slide * room
        else:  # slid all the way, then shrunk towards `low` until the box is clear
            shift = room
            moved = uv - room
            moved = moved[np.all(moved > edge, axis=1)]
            with np.errstate(divide="ignore"):
                reach = np.clip((edge - low) / (moved - low), 0.0, 1.0)
            ways = [np.full(2, reach.max(axis=1).min())]
            if not locked:
                ways += [np.array([reach[:, 0].min(), 1.0]), np.array([1.0, reach[:, 1].min()])]
            scale = max(ways, key=lambda way: float(np.prod(way)))
        offset = sign * (low - scale * (shift + low))  # u -> low + scale * (u - shift - low)
        key = (float(np.prod(scale)), -slide, -rank)
        if best is None or key > best[0]:
            best = (key, corner, scale, offset)
    if best is None or best[0][0] < MIN_KEPT:
        return None
    return best[1], best[2], best[3]


def separated(xy: np.ndarray, units: np.ndarray, radius: np.ndarray,
              padding: float) -> np.ndarray:
    """Positions (data units) moved apart by the least that keeps discs of these radii (px)
    `padding` px apart where `units` data units make a px (across, up)."""
    if len(xy) < 2:
        return xy
    box = np.column_stack([-radius, -radius, radius, radius])
    return remove_overlaps(xy / units, box, padding) * units
