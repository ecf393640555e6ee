"""Keeps one PostGIS layer's view fetched on a worker thread: the newest view wins."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from explorer.io.postgis import (
    CONNECT_TIMEOUT_S,
    Fetched,
    FetchedShapes,
    GeometryTable,
    LonLatBox,
    PostgisError,
    PostgisRef,
    attribute_columns,
    connect,
    count_in_view,
    fetch_points,
    fetch_shapes,
    grid_counts,
    is_points,
    resolve,
)
from explorer.ui.postgis_columns import message

if TYPE_CHECKING:
    from explorer.io.postgis_counts import Counted

DEBOUNCE_MS = 120
MAX_POINTS = 200_000  # more features than this in the view: the server counts them per cell
MAX_SHAPES = 20_000  # the same for lines and polygons (each a shapely object, drawn as a path)
SIMPLIFY_PX = 0.5  # shapes are simplified on the server to half a device pixel
CANCEL_TIMEOUT_S = 3.0
Size = tuple[int, int]
# counts(connection, ref, box, size, day): an array, or Counted (which says if estimated)
Counts = Callable[[Any, PostgisRef, LonLatBox, Size, "dt.date | None"], "np.ndarray | Counted"]


@dataclass(frozen=True)
class ViewRequest:
    """A view to fetch: lon/lat box, device size (w, h: the count grid) and date (None: all).
    `serial` grows with each request sent to the worker; `pixel`: a device pixel's size in
    degrees (None: a cell of the grid), what lines and polygons are simplified to."""

    serial: int
    box: LonLatBox
    size: Size
    day: dt.date | None
    pixel: float | None = None

    @property
    def tolerance(self) -> float:
        """The server's simplification of lines and polygons, in degrees."""
        cell = min((self.box[2] - self.box[0]) / self.size[0],
                   (self.box[3] - self.box[1]) / self.size[1])
        return SIMPLIFY_PX * (self.pixel if self.pixel is not None else cell)


@dataclass(frozen=True)
class ViewResult:
    """The answer to `request`: the view's `points` when there are at most `max_points` of
    them (`shapes`, for a table of lines or polygons, at most `max_shapes`), else the server's
    `counts` per cell ((h, w), row 0 at the north)."""

    request: ViewRequest
    points: Fetched | None = None
    shapes: FetchedShapes | None = None
    counts: np.ndarray | None = None
    estimated: bool = False  # the counts are a sample's, scaled up (a pyramid being built)


class PyramidCounts:
    """A `counts` for PostgisFetcher from explorer.io.postgis_counts.CountSource: one made
    for the worker's connection (a new one after a reconnect), its pyramid built in the
    background; the fetcher calls `cancel` with each newer view and `close` at the end."""

    def __init__(self, **options: Any) -> None:
        self._options = options  # CountSource keywords
        self._lock = threading.Lock()
        self._source = None
        self._connection = None

    def __call__(self, connection, ref: PostgisRef, box: LonLatBox, size: Size,
                 day: dt.date | None) -> Counted:
        from explorer.io.postgis_counts import CountSource

        with self._lock:
            source = self._source if self._connection is connection else None
        if source is None:
            self.close()
            source = CountSource(connection, ref, **self._options)
            with self._lock:
                self._source, self._connection = source, connection
        return source.grid(box, size, day)

    def cancel(self) -> None:
        with self._lock:
            source = self._source
        if source is not None:
            source.cancel()

    def close(self) -> None:
        with self._lock:
            source, self._source, self._connection = self._source, None, None
        if source is not None:
            source.close()


class _Superseded(Exception):
    """A newer view came while this one was being fetched: it is dropped."""


class _Relay(QObject):
    """Carries the worker's answer to the GUI thread: request, ViewResult or None, message."""

    done = Signal(object, object, object)


class PostgisFetcher(QObject):
    """Fetches one PostGIS table's view on its own thread and connection. `request` is
    debounced; a newer view cancels the query of an older one on the server, and only the
    newest view's answer is emitted (`fetched`) or its failure (`failed`, one line). A
    dead server is a failure, and the next request reconnects. Call `close` when done.

    `counts(connection, ref, box, size, day)` counts a view with too many points; if it has
    `cancel()` and `close()` (PyramidCounts), they are called too, `close` on the worker."""

    fetched = Signal(object)  # ViewResult
    failed = Signal(str)

    def __init__(self, ref: PostgisRef, columns: tuple[str, ...] | None = (), *,
                 counts: Counts = grid_counts, max_points: int = MAX_POINTS,
                 max_shapes: int = MAX_SHAPES, debounce_ms: int = DEBOUNCE_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ref = ref
        self.columns = None if columns is None else tuple(columns)  # None: every column
        self.counts = counts
        self.max_points, self.max_shapes = max_points, max_shapes
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._dispatch)
        self._wanted: tuple[LonLatBox, Size, dt.date | None, float | None] | None = None
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._cond = threading.Condition()
        self._next: ViewRequest | None = None  # for the worker to take
        self._running: ViewRequest | None = None
        self._connection = None  # the worker's, for cancelling from here
        self._latest = 0
        self._answered = 0
        self._closing = False
        self._cancellers: list[threading.Thread] = []
        self.thread = threading.Thread(target=self._work, name="explorer-postgis-fetch",
                                       daemon=True)
        self.thread.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)

    # -- GUI thread -----------------------------------------------------------------------------

    def request(self, box: LonLatBox, size: Size, day: dt.date | None = None, *,
                pixel: float | None = None) -> None:
        """Fetch this view (lon/lat box, count grid size, date; a device pixel in degrees)
        soon: requests that follow within the debounce interval replace it."""
        if self._closing:
            return
        self._wanted = (tuple(float(v) for v in box), (int(size[0]), int(size[1])), day, pixel)
        self._timer.start()

    @property
    def busy(self) -> bool:
        """Whether a view is waiting or being fetched."""
        return self._timer.isActive() or self._answered < self._latest

    def close(self, timeout_s: float = CONNECT_TIMEOUT_S + 2) -> bool:
        """Stop the worker (cancelling its query) and close its connection; whether the
        thread ended within `timeout_s` (a connect under way can take CONNECT_TIMEOUT_S)."""
        self._timer.stop()
        with self._cond:
            self._closing = True
            self._next = None
            self._cond.notify_all()
        deadline = time.monotonic() + timeout_s
        while self.thread.is_alive() and time.monotonic() < deadline:
            self._cancel(blocking=True)  # again: one sent just before a query starts is lost
            self.thread.join(0.2)
        for canceller in self._cancellers:
            canceller.join(CANCEL_TIMEOUT_S)
        self._cancellers.clear()
        return not self.thread.is_alive()

    def _dispatch(self) -> None:
        if self._wanted is None or self._closing:
            return
        box, size, day, pixel = self._wanted
        self._wanted = None
        with self._cond:
            self._latest += 1
            self._next = ViewRequest(self._latest, box, size, day, pixel)
            self._cond.notify_all()
        self._cancel(blocking=False)

    def _cancel(self, blocking: bool) -> None:
        """Cancel the running query on the server; off this thread unless `blocking`, for
        the cancel request opens a connection and an unreachable server would freeze us."""
        with self._cond:
            connection = self._connection if self._running is not None else None
        if connection is None:
            return

        def cancel() -> None:
            with contextlib.suppress(Exception):  # it ended or died meanwhile
                connection.cancel_safe(timeout=CANCEL_TIMEOUT_S)
            with contextlib.suppress(Exception):  # a counts with connections of its own
                getattr(self.counts, "cancel", lambda: None)()

        if blocking:
            cancel()
            return
        self._cancellers = [t for t in self._cancellers if t.is_alive()]
        canceller = threading.Thread(target=cancel, name="explorer-postgis-cancel", daemon=True)
        self._cancellers.append(canceller)
        canceller.start()

    def _on_done(self, request: ViewRequest, result: ViewResult | None,
                 error: str | None) -> None:
        self._answered = max(self._answered, request.serial)
        if request.serial != self._latest or self._closing:
            return
        if result is not None:
            self.fetched.emit(result)
        else:
            self.failed.emit(error or "no answer")

    # -- worker thread --------------------------------------------------------------------------

    def _work(self) -> None:
        connection, table = None, None
        try:
            while True:
                with self._cond:
                    while self._next is None and not self._closing:
                        self._cond.wait()
                    if self._closing:
                        return
                    request, self._next = self._next, None
                    self._running = request
                result, error = None, None
                try:
                    if connection is None:
                        connection, table = connect(self.ref), None
                        with self._cond:
                            self._connection = connection
                    if table is None:
                        table = resolve(connection, self.ref)
                    if self.columns is None:
                        self.columns = tuple(attribute_columns(connection, table))
                    result = self._answer(connection, table, request)
                except _Superseded:
                    pass
                except Exception as exc:  # a bad server must never take the app down
                    if self._was_cancelled(exc):
                        self._retry_if_newest(request)
                        continue
                    error = self._message(exc)
                    if connection is not None and (connection.closed or connection.broken):
                        with self._cond:
                            self._connection = None
                        connection.close()
                        connection = None
                finally:
                    with self._cond:
                        self._running = None
                if result is not None or error is not None:
                    with contextlib.suppress(RuntimeError):  # the fetcher is gone
                        self._relay.done.emit(request, result, error)
        finally:
            with self._cond:
                self._connection = None
            with contextlib.suppress(Exception):
                getattr(self.counts, "close", lambda: None)()
            if connection is not None:
                connection.close()

    def _answer(self, connection, table: GeometryTable, request: ViewRequest) -> ViewResult:
        self._check()
        box, day = request.box, request.day
        points = is_points(table)
        most = self.max_points if points else self.max_shapes
        many = count_in_view(connection, table, self.ref, box, day, most + 1)
        self._check()
        if many > most:
            found = self.counts(connection, self.ref, box, request.size, day)
            if isinstance(found, np.ndarray):
                return ViewResult(request, counts=found)
            return ViewResult(request, counts=found.counts, estimated=found.estimated)
        if points:
            return ViewResult(request, points=fetch_points(connection, self.ref, box,
                                                           self.columns, day))
        return ViewResult(request, shapes=fetch_shapes(connection, self.ref, box, self.columns,
                                                       day, request.tolerance))

    def _check(self) -> None:
        with self._cond:
            if self._closing or self._next is not None:
                raise _Superseded

    def _retry_if_newest(self, request: ViewRequest) -> None:
        """A cancel meant for the query before can reach this one: fetch it again if
        nothing newer came (nor the end)."""
        with self._cond:
            if not self._closing and self._next is None and request.serial == self._latest:
                self._next = request

    @staticmethod
    def _was_cancelled(exc: BaseException) -> bool:
        import psycopg

        return isinstance(exc, psycopg.errors.QueryCanceled) or isinstance(
            exc.__cause__, psycopg.errors.QueryCanceled)

    def _message(self, exc: Exception) -> str:
        import psycopg

        if isinstance(exc, PostgisError):
            return message(str(exc))
        reason = message(str(exc)) or type(exc).__name__
        if isinstance(exc, psycopg.OperationalError):
            return (f"lost the connection to {self.ref.display}: {reason} (the next view "
                    "reconnects)")
        return f"{self.ref.display}: {reason}"
