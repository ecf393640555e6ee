"""Open users' vector files into the session's user layers, reading them off the GUI thread."""

from __future__ import annotations

import contextlib
import itertools
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from explorer.io.read_errors import one_line
from explorer.io.read_limits import MAX_FEATURES
from explorer.io.vector_reader import (
    PARQUET,
    ColumnChoiceNeeded,
    CrsNeeded,
    LayerChoiceNeeded,
    TooLarge,
    VectorData,
    VectorReadError,
    read_vector,
)
from explorer.model.user_layers import UserLayer
from explorer.ui import open_dialogs
from explorer.ui.messages import ask, message_box, warn
from explorer.ui.open_dialogs import DropFilter, open_file_dialog, paths_from_mime

__all__ = ["DropFilter", "LayerOpener", "open_file_dialog", "paths_from_mime"]

SHOW_PROGRESS_AFTER_MS = 300
COLUMN_OPTIONS = ("lon_column", "lat_column", "wkt_column")
Inside = Callable[[np.ndarray, np.ndarray], np.ndarray]  # lon, lat -> shown on the map


@dataclass
class _Job:
    """One file to open, the answers gathered so far (read_vector keywords, kept with the
    layer) and the feature count the user accepted for a large file (None: the limits)."""

    path: Path
    options: dict[str, str] = field(default_factory=dict)
    max_features: int | None = None


class _Relay(QObject):
    """Carries a worker's outcome to the GUI thread: job id, VectorData or None, error or None."""

    done = Signal(int, object, object)


# Long-lived Python threads: pyproj keeps a PROJ context per thread, and a QThreadPool thread
# gets a fresh Python thread state for every task, which crashed pyproj (segfault) on reuse.
_READERS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="explorer-open")


def _read(job_id: int, path: Path, options: dict[str, str], max_features: int | None,
          relay: _Relay) -> None:
    """Read one file on a worker thread and report through the relay (queued to the GUI)."""
    result: VectorData | None = None
    error: BaseException | None = None
    try:
        result = read_vector(path, **options, max_features=max_features)
    except Exception as exc:  # a bad file must never take the app down
        error = exc
    # RuntimeError: the opener was deleted meanwhile and nobody wants the result.
    with contextlib.suppress(RuntimeError):
        relay.done.emit(job_id, result, error)


class LayerOpener(QObject):
    """Opens files one after another into `session.user_layers`; the GUI never waits.

    `view_inside`, when the window sets it, tells which lon/lat points the map shows: a layer
    opened there is not zoomed to (sigZoomTo is emitted only for a layer outside the view).
    """

    sigLoaded = Signal(object)  # UserLayer
    sigZoomTo = Signal(object)  # UserLayer: a new layer the current view does not show
    sigMessage = Signal(str)  # for the status bar
    sigBusy = Signal(bool)
    sigViewLayer = Signal(object)  # Path: a file to read a view at a time

    def __init__(self, session: Any, parent_widget: QWidget | None = None) -> None:
        super().__init__(parent_widget)
        self.session = session
        self.parent_widget = parent_widget
        self.progress: QProgressDialog | None = None
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._queue: deque[_Job] = deque()
        self._current: _Job | None = None
        self._current_id = 0
        self._ids = itertools.count(1)
        self._tasks: dict[int, Future[None]] = {}
        self._batch = (0, 0)  # (files started, files in the batch)
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(SHOW_PROGRESS_AFTER_MS)
        self._show_timer.timeout.connect(self._show_progress)
        self._info_boxes: list[QMessageBox] = []
        self.view_inside: Inside | None = None

    # -- public API ---------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Whether files are being opened (read, or waiting for the user's answer)."""
        return self._current is not None

    @property
    def workers_running(self) -> int:
        """Reads still running, including abandoned (cancelled) ones."""
        return len(self._tasks)

    def open_paths(self, paths: Iterable[str | Path]) -> None:
        """Open the files in turn; returns at once (the reading happens on a worker thread)."""
        jobs = [_Job(Path(p)) for p in paths]
        if not jobs:
            return
        self._queue.extend(jobs)
        started, total = self._batch
        self._batch = (started, total + len(jobs))
        if self._current is None:
            self.sigBusy.emit(True)
            self._next()

    def cancel(self) -> None:
        """Stop opening: the running read finishes in the background and is dropped."""
        if self._current is None:
            return
        self._queue.clear()
        self._finish_batch()
        self.sigMessage.emit("Opening cancelled.")

    def wait(self, timeout_ms: int = 30_000, *, workers: bool = False) -> bool:
        """Process events until idle (and, with `workers`, abandoned reads ended); for tests."""
        deadline = time.monotonic() + timeout_ms / 1000
        while self.busy or (workers and self._tasks):
            if time.monotonic() > deadline:
                return False
            QCoreApplication.processEvents()
            time.sleep(0.002)
        QCoreApplication.processEvents()
        return True

    # -- questions and messages (tests replace these) -----------------------------------------

    def ask_layer(self, path: Path, layers: list[str]) -> str | None:
        return open_dialogs.ask_layer(self.parent_widget, path, layers)

    def ask_columns(self, path: Path, columns: list[str], candidates: list[str],
                    reason: str) -> dict[str, str] | None:
        return open_dialogs.ask_columns(self.parent_widget, path, columns, reason)

    def ask_crs(self, path: Path, reason: str) -> str | None:
        return open_dialogs.ask_crs(self.parent_widget, path, reason)

    def ask_large(self, path: Path, reason: str) -> str | None:
        """Whether to read a file over the read limits after all ("all"), or, for a GeoParquet
        of points, a view at a time ("view"); None: not at all."""
        name = one_line(path.name)
        if path.suffix.lower() not in PARQUET:
            return "all" if ask(self.parent_widget, "Large File",
                                f"{reason}.\n\nOpen {name} anyway?") else None
        box = message_box(QMessageBox.Icon.Question, "Large File",
                          f"{reason}.\n\nRead only what the map shows, a view at a time as you "
                          f"pan and zoom (a file of points), or all of {name}?",
                          QMessageBox.StandardButton.Cancel, self.parent_widget)
        view = box.addButton("Read the View", QMessageBox.ButtonRole.AcceptRole)
        whole = box.addButton("Read All", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(view)
        box.exec()
        return {view: "view", whole: "all"}.get(box.clickedButton())

    def show_error(self, message: str) -> None:
        warn(self.parent_widget, "Cannot Open File", message)

    def show_notices(self, layer: UserLayer, notices: list[str]) -> None:
        """A non-modal note about what was repaired, skipped or assumed while reading."""
        box = message_box(QMessageBox.Icon.Information, f"Opened {layer.style.name}",
                          "\n".join(notices), parent=self.parent_widget)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.finished.connect(lambda _result, b=box: self._forget_box(b))
        self._info_boxes.append(box)
        box.show()

    # -- the work -----------------------------------------------------------------------------

    def _next(self) -> None:
        if not self._queue:
            self._finish_batch()
            return
        started, total = self._batch
        self._batch = (started + 1, total)
        self._start(self._queue.popleft())

    def _start(self, job: _Job) -> None:
        self._current = job
        self._current_id = next(self._ids)
        self._prepare_progress(job)
        self._tasks[self._current_id] = _READERS.submit(
            _read, self._current_id, job.path, dict(job.options), job.max_features, self._relay
        )

    def _on_done(self, job_id: int, data: VectorData | None, error: BaseException | None) -> None:
        self._tasks.pop(job_id, None)
        job = self._current
        if job is None or job_id != self._current_id:
            return  # abandoned by cancel
        self._current_id = 0
        self._show_timer.stop()
        if self.progress is not None:
            self.progress.hide()
        if data is not None:
            self._loaded(job, data)
            self._next()
        else:
            self._failed(job, error)

    def _loaded(self, job: _Job, data: VectorData) -> None:
        layer = self.session.user_layers.add(data, job.path, read_options=job.options)
        count = len(data)
        message = f"Opened {layer.style.name}: {count:,} feature{'s' if count != 1 else ''}."
        self.sigMessage.emit(" ".join([message, *data.details, *data.notices]))
        self.sigLoaded.emit(layer)
        if not self._in_view(layer):
            self.sigZoomTo.emit(layer)
        if data.notices:  # what was skipped, repaired or assumed; what was detected: above
            self.show_notices(layer, list(data.notices))

    def _in_view(self, layer: UserLayer) -> bool:
        """Whether the map shows the whole layer already (its extent's corners and centre)."""
        if self.view_inside is None:
            return False
        west, south, east, north = layer.data.geometry.total_bounds()
        lon = np.array([west, east, west, east, (west + east) / 2])
        lat = np.array([south, south, north, north, (south + north) / 2])
        return bool(np.all(self.view_inside(lon, lat)))

    def _failed(self, job: _Job, error: BaseException | None) -> None:
        """Ask the user what the reader needs to know and read again, or report the error."""
        answer: dict[str, str] | None = None
        reason = str(error)
        if isinstance(error, LayerChoiceNeeded) and "layer" not in job.options:
            layer = self.ask_layer(job.path, list(error.layers))
            answer = {"layer": layer} if layer else None
        elif isinstance(error, ColumnChoiceNeeded) and not any(
            key in job.options for key in COLUMN_OPTIONS
        ):
            answer = self.ask_columns(job.path, list(error.columns), list(error.candidates),
                                      reason)
        elif isinstance(error, CrsNeeded) and "assume_crs" not in job.options:
            crs = self.ask_crs(job.path, reason)
            answer = {"assume_crs": crs} if crs else None
        elif isinstance(error, TooLarge) and job.max_features is None:
            choice = self.ask_large(job.path, reason)
            if choice == "view":
                self.sigViewLayer.emit(job.path)
                self._next()
                return
            if choice == "all":
                job.max_features = max(error.size.features, MAX_FEATURES)
                answer = {}
        else:
            if not isinstance(error, VectorReadError):
                reason = one_line(f"{job.path.name} could not be read "
                                  f"({type(error).__name__}: {error})")
            self.show_error(reason)
            self.sigMessage.emit(f"Could not open {one_line(job.path.name)}.")
            self._next()
            return
        if self._current is not job:
            return  # cancelled while the question was open
        if answer is not None:
            job.options.update(answer)
            self._start(job)
        else:
            self.sigMessage.emit(f"Opening {one_line(job.path.name)} cancelled.")
            self._next()

    # -- progress dialog ----------------------------------------------------------------------

    def _prepare_progress(self, job: _Job) -> None:
        if self.progress is None:
            dialog = QProgressDialog(self.parent_widget)
            dialog.reset()  # no automatic showing: the busy indicator appears after a moment
            dialog.setWindowTitle("Opening Files")
            dialog.setCancelButtonText("Cancel")
            dialog.setRange(0, 0)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.canceled.connect(self.cancel)
            self.progress = dialog
        started, total = self._batch
        count = f" ({started} of {total})" if total > 1 else ""
        self.progress.setLabelText(f"Opening {one_line(job.path.name)}…{count}")
        self._show_timer.start()

    def _show_progress(self) -> None:
        if self.progress is not None and self._current_id:
            self.progress.show()

    def _finish_batch(self) -> None:
        self._current = None
        self._current_id = 0
        self._batch = (0, 0)
        self._show_timer.stop()
        dialog, self.progress = self.progress, None
        if dialog is not None:
            dialog.canceled.disconnect(self.cancel)
            dialog.hide()
            dialog.deleteLater()
        self.sigBusy.emit(False)

    def _forget_box(self, box: QMessageBox) -> None:
        if box in self._info_boxes:
            self._info_boxes.remove(box)
        box.deleteLater()

