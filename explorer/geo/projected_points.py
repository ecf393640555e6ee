"""A layer's points in map units and column order; a big layer's put so on a worker thread."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache

import numpy as np

from explorer.geo.chunks import in_parts
from explorer.geo.column_index import ColumnIndex
from explorer.geo.interpolated import InterpolatedProjection
from explorer.geo.projection import Projection

BACKGROUND_MIN = 250_000  # points: fewer are projected at once (some 30 ms), more on a thread
SLACK = 4.0  # times an estimate's possible miss (_miss): how far its x may be off
PART = 1 << 16  # points gathered or keyed at once (a core): a MB or two of scratch each


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
    that is `ready`, their `estimate` through an interpolated projection is close enough to
    count them per cell. `box`: the points' least and greatest lon and lat, if known."""

    def __init__(self, lon: np.ndarray, lat: np.ndarray, features: np.ndarray | None,
                 projection: Projection,
                 box: tuple[float, float, float, float] | None = None) -> None:
        self.lon, self.lat, self.features = lon, lat, features
        self._box = box
        self._projection = projection
        self._future: Future | None = None
        self._ordered: OrderedPoints | None = None
        self._interpolated: InterpolatedProjection | None = None
        self._estimate: tuple[np.ndarray, np.ndarray] | None = None
        self._shown: tuple[np.ndarray | None, np.ndarray | None] = (None, None)

    def __len__(self) -> int:
        return len(self.lon)

    @property
    def big(self) -> bool:
        return len(self.lon) >= BACKGROUND_MIN

    def start(self) -> None:
        """Project and order a big layer's points on the worker thread (once); the estimate
        is let go."""
        self._estimate = None
        if self.big and self._future is None and self._ordered is None:
            self._future = _worker().submit(_ordered, self.lon, self.lat, self.features,
                                            self._projection, self._interpolator())

    @property
    def ready(self) -> bool:
        return self._ordered is not None or (self._future is not None and self._future.done())

    @property
    def ordered(self) -> OrderedPoints:
        """The points in column order (waiting for the worker, or ordered now, if need be)."""
        if self._ordered is None:
            self._estimate = None  # not wanted once ordered: let go before, not after
            self._ordered = (self._future.result() if self._future is not None else _ordered(
                self.lon, self.lat, self.features, self._projection,
                self._interpolator() if self.big else None))
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

    def estimate(self, tolerance: float) -> tuple[np.ndarray, np.ndarray] | None:
        """A big layer's x and y (float32) through an interpolated projection (made once, kept
        until `start`), if they miss by at most `tolerance` map units anywhere in the points'
        box; None otherwise (for a small layer, and once the worker is on its way)."""
        if not self.big or self._future is not None or not _miss(
                self._interpolator()) <= tolerance:
            return None
        if self._estimate is None:
            self._estimate = _estimated(self._interpolator(), self.lon, self.lat, True)
        return self._estimate

    def _interpolator(self) -> InterpolatedProjection:
        if self._interpolated is None:
            box = self._box or (float(self.lon.min()), float(self.lat.min()),
                                float(self.lon.max()), float(self.lat.max()))
            self._interpolated = InterpolatedProjection(self._projection, box)
        return self._interpolated


def _ordered(lon: np.ndarray, lat: np.ndarray, features: np.ndarray | None,
             projection: Projection, interpolated: InterpolatedProjection | None
             ) -> OrderedPoints:
    """The points projected and in column order. With an interpolated projection the column
    order comes first, from its x (keyed with SLACK times its miss to spare), and the lon/lat
    in that order are projected in place: no unordered copy of the points is ever made."""
    if interpolated is not None and np.isfinite(_miss(interpolated)):
        guess = _estimated(interpolated, lon, lat, False)[0]
        index, order = ColumnIndex.ordering(guess, SLACK * _miss(interpolated))
        del guess
        order = _narrowed(order)
        x, y = _gathered(lon, order), _gathered(lat, order)
        projection.forward_in_place(x, y)
    else:
        x, y = projection.forward(lon, lat)
        index, order = ColumnIndex.ordering(x)
        order = _narrowed(order)
        x = _gathered(x, order)  # the unordered copy let go before ordering the next
        y = _gathered(y, order)
    if not np.isfinite(x.sum() + y.sum()):  # a point off the map (a pole, say): left out
        finite = np.isfinite(x) & np.isfinite(y)
        x, y, order, index = x[finite], y[finite], order[finite], index.kept(finite)
    if features is not None:
        order = features[order].astype(order.dtype)
    return OrderedPoints(x, y, index, order)


def _narrowed(order: np.ndarray) -> np.ndarray:
    """An order of points as 32-bit integers where they reach (half the memory of 64)."""
    return order.astype(np.int32 if len(order) < 2**31 else np.int64)


def _miss(interpolated: InterpolatedProjection) -> float:
    """How far an estimate may miss: the interpolation's error and float32's rounding."""
    return interpolated.error + float(np.spacing(np.float32(interpolated.reach)))


def _estimated(interpolated: InterpolatedProjection, lon: np.ndarray, lat: np.ndarray,
               both: bool) -> tuple[np.ndarray, np.ndarray | None]:
    """x (and y if `both`) through the interpolated projection as float32 (half the memory;
    see _miss), a part at a time a core."""
    x = np.empty(len(lon), np.float32)
    y = np.empty(len(lon), np.float32) if both else None

    def part(s: slice) -> None:
        x[s], part_y = interpolated.forward(lon[s], lat[s])
        if y is not None:
            y[s] = part_y

    in_parts(part, len(lon), PART)
    return x, y


def _gathered(values: np.ndarray, order: np.ndarray) -> np.ndarray:
    """values[order], a part at a time (a 32-bit order is widened a part at a time too)."""
    out = np.empty(len(order), values.dtype)
    in_parts(lambda s: np.take(values, order[s], out=out[s]), len(order), PART)
    return out
