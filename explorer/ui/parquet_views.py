"""GeoParquet files of points too big to read whole, in the window: read a view at a time as
the map moves and the date changes, on a thread of their own (the newest view wins)."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from explorer.geo.layer_geometry import PointCoords
from explorer.io.parquet_view import GeoParquetView
from explorer.io.read_errors import VectorReadError, one_line
from explorer.model.layer_data import VectorData, ViewCounts
from explorer.model.session import Session
from explorer.model.user_layers import UserLayer
from explorer.render.map_scene import MapScene
from explorer.ui.view_request import view_request

DEBOUNCE_MS = 120
MAX_POINTS = 500_000  # more in the view's row groups: counted per cell, not sent as points
Job = tuple[str, int, tuple[float, float, float, float], tuple[int, int]]


class _Relay(QObject):
    """Carries the worker's answer to the GUI thread: layer id, serial, answer, error."""

    done = Signal(str, int, object, object)


class ParquetViews(QObject):
    """The window's view-at-a-time GeoParquet layers: each settled view (and date, when the
    layer's style has time fields) is read from the row groups that meet it: its points, or
    their counts per cell when the row groups hold more than `max_points`."""

    sigMessage = Signal(str)
    max_points = MAX_POINTS

    def __init__(self, session: Session, scene: MapScene, size, parent: QWidget) -> None:
        super().__init__(parent)
        self._session, self._scene, self._size = session, scene, size
        self.views: dict[str, GeoParquetView] = {}
        self._latest: dict[str, int] = {}
        self._serial = 0
        self._jobs: dict[str, Job] = {}  # the newest view a layer waits for
        self._cond = threading.Condition()
        self._closing = False
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._dispatch)
        # started with the first such layer: most sessions have none
        self.thread = threading.Thread(target=self._work, name="explorer-parquet-views",
                                       daemon=True)
        scene.viewbox.sigRangeChanged.connect(self.request_views)
        session.time.events.date.connect(self.request_views)
        session.user_layers.removed.connect(self._on_removed)

    def add(self, path: Path) -> UserLayer:
        """A layer of the file read a view at a time; VectorReadError if no view can read it."""
        view = GeoParquetView(path)
        empty = view.file.schema_arrow.empty_table().select(list(view.attributes))
        data = VectorData(empty, PointCoords(np.empty(0), np.empty(0)), path.stem, "OGC:CRS84",
                          details=[f"{path.name} is read a view at a time"])
        if not self.thread.is_alive() and not self._closing:
            self.thread.start()
        layer = self._session.user_layers.add(data, Path(path))
        self.views[layer.id] = view
        for event in (layer.style.events.time_start_field, layer.style.events.time_end_field):
            event.connect(self.request_views)  # the dates are read with the view
        self.request_views()
        self.sigMessage.emit(f"Opened {one_line(path.name)}: it is read a view at a time")
        return layer

    def request_views(self, *args) -> None:
        if self.views and not self._closing:
            self._timer.start()

    def _dispatch(self) -> None:
        view = view_request(self._scene, self._size())
        if view is None:
            return
        with self._cond:
            for layer_id in self.views:
                self._serial += 1
                self._latest[layer_id] = self._serial
                self._jobs[layer_id] = (layer_id, self._serial, view.box, view.cells)
            self._cond.notify_all()

    def _work(self) -> None:
        while True:
            with self._cond:
                while not self._jobs and not self._closing:
                    self._cond.wait()
                if self._closing:
                    return
                layer_id, job = self._jobs.popitem()
                view = self.views.get(layer_id)
                layer = self._session.user_layers.get(layer_id)
            answer, error = None, None
            try:
                if view is not None and layer is not None:
                    answer = self._read(view, layer, job)
            except (VectorReadError, OSError, ValueError) as exc:  # a file changed under us
                error = one_line(str(exc))
            except Exception as exc:  # pyarrow's many errors: never take the app down
                error = one_line(f"{type(exc).__name__}: {exc}")
            with contextlib.suppress(RuntimeError):  # the window is gone
                self._relay.done.emit(layer_id, job[1], answer, error)

    def _read(self, view: GeoParquetView, layer: UserLayer, job: Job):
        _, _, box, cells = job
        style = layer.style
        time, end = style.time_start_field, style.time_end_field
        day = self._session.date if time or end else None
        if view.rows(view.groups_in(box, time, day)) > self.max_points:
            return ViewCounts(box, view.counts(box, cells, time, day, end))
        got = view.read(box, view.attributes, time, day, end)
        return VectorData(got.table, PointCoords(got.lon, got.lat), layer.data.name, "OGC:CRS84",
                          details=layer.data.details)

    def _on_done(self, layer_id: str, serial: int, answer, error: str | None) -> None:
        layer = self._session.user_layers.get(layer_id)
        if layer is None or serial != self._latest.get(layer_id):
            return
        if error is not None:
            self.sigMessage.emit(f"{layer.style.name}: {error}")
        elif isinstance(answer, ViewCounts):
            layer.show_view(counts=answer)
        elif answer is not None:
            layer.show_view(data=answer)

    def _on_removed(self, layer: UserLayer) -> None:
        if self.views.pop(layer.id, None) is not None:
            for event in (layer.style.events.time_start_field,
                          layer.style.events.time_end_field):
                event.disconnect(self.request_views)
            with self._cond:
                self._jobs.pop(layer.id, None)

    def close(self) -> None:
        """The worker stopped (the window closes)."""
        self._timer.stop()
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        if self.thread.is_alive():
            self.thread.join(10)
