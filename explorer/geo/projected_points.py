"""A layer's points in map units and column order; a big layer's put so on a worker thread."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache

import numpy as np

from explorer.geo.column_index import ColumnIndex
from explorer.geo.interpolated import InterpolatedProjection
from explorer.geo.projection import Projection

BACKGROUND_MIN = 250_000  # points: fewer are projected at once (some 30 ms), more on a thread


@dataclass(frozen=True)
class OrderedPoints:
    """The finite points' x and y (map units) in column order, with the feature of each."""

    x: np.ndarray
    y: np.ndarray
    index: ColumnIndex
    features: np.ndarray


@cache
def _worker() -> ThreadPoolExecutor:
    # a thread of its own: the projection splits its work over geo.chunks' pool, and a task
    # of that pool waiting on the pool could wait for ever
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="points")


class ProjectedPoints:
    """Points (lon/lat degrees, and the feature each belongs to; None: point i is feature i)
    in `projection`'s map units, in column order (`ordered`, see ColumnIndex), so that a
    view's points are one slice of them. A big layer's (BACKGROUND_MIN points or more) are
    projected and ordered on a worker thread once `start`ed (after a first frame); until
    that is `ready`, `interpolation` offers a projection close enough to count them per
    cell."""

    def __init__(self, lon: np.ndarray, lat: np.ndarray, features: np.ndarray | None,
                 projection: Projection) -> None:
        self.lon, self.lat, self.features = lon, lat, features
        self._projection = projection
        self._future: Future | None = None
        self._ordered: OrderedPoints | None = None
        self._interpolated: InterpolatedProjection | None = None
        self._shown: tuple[np.ndarray | None, np.ndarray | None] = (None, None)

    def __len__(self) -> int:
        return len(self.lon)

    @property
    def big(self) -> bool:
        return len(self.lon) >= BACKGROUND_MIN

    def start(self) -> None:
        """Project and order a big layer's points on the worker thread (once)."""
        if self.big and self._future is None and self._ordered is None:
            self._future = _worker().submit(_ordered, self.lon, self.lat, self.features,
                                            self._projection)

    @property
    def ready(self) -> bool:
        return self._ordered is not None or (self._future is not None and self._future.done())

    @property
    def ordered(self) -> OrderedPoints:
        """The points in column order (waiting for the worker, or ordered now, if need be)."""
        if self._ordered is None:
            self._ordered = (self._future.result() if self._future is not None else
                             _ordered(self.lon, self.lat, self.features, self._projection))
            self._future = None
        return self._ordered

    def shown(self, active: np.ndarray | None) -> np.ndarray | None:
        """Which ordered points belong to `active` features (None: all), the last answer kept
        (the date changes more rarely than the view)."""
        if active is None:
            return None
        if self._shown[0] is not active:
            self._shown = (active, active[self.ordered.features])
        return self._shown[1]

    def per_point(self, values: np.ndarray) -> np.ndarray:
        """Per-feature values for each point in the points' own (unordered) order."""
        return values if self.features is None else values[self.features]

    def interpolation(self, tolerance: float) -> InterpolatedProjection | None:
        """A big layer's interpolated projection, if it misses by at most `tolerance` map
        units anywhere in the points' box; None otherwise (and for a small layer)."""
        if not self.big:
            return None
        if self._interpolated is None:
            box = (float(self.lon.min()), float(self.lat.min()), float(self.lon.max()),
                   float(self.lat.max()))
            self._interpolated = InterpolatedProjection(self._projection, box)
        return self._interpolated if self._interpolated.error <= tolerance else None


def _ordered(lon: np.ndarray, lat: np.ndarray, features: np.ndarray | None,
             projection: Projection) -> OrderedPoints:
    x, y = projection.forward(lon, lat)
    finite = np.isfinite(x) & np.isfinite(y)
    rows = None if finite.all() else np.flatnonzero(finite)  # all, usually: no copy
    index, order = ColumnIndex.ordering(x if rows is None else x[rows])
    if rows is not None:
        order = rows[order]
    x = x[order]  # the unordered copy let go before ordering the next (millions of points)
    y = y[order]
    if features is not None:
        order = features[order]
    return OrderedPoints(x, y, index, order.astype(np.int32 if len(order) < 2**31 else np.int64))
