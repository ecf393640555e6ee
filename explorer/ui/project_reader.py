"""Reading a project's files off the GUI thread, with a progress dialog after a moment and
Cancel; the outcome comes back on the GUI thread."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from explorer.io.project_file import ProjectData, ProjectFiles, read_files
from explorer.model.atlas import Atlas
from explorer.ui.open_layers import SHOW_PROGRESS_AFTER_MS

# One long-lived Python thread reads a project's files (pyproj wants a steady thread; see
# explorer.ui.open_layers).
_READER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="explorer-project")


class ProjectReader(QObject):
    """Reads one project's files at a time for `window`; a new read or cancel() drops the
    outcome of the one before. `failed(error)` reports a reader that raised;
    `cancel_requested` is the progress dialog's Cancel."""

    cancel_requested = Signal()
    _relay = Signal(int, object, object)  # job id, ProjectData or None, error

    def __init__(self, window: QWidget, failed: Callable[[BaseException], None]) -> None:
        super().__init__(window)
        self.window = window
        self.failed = failed
        self._job = 0
        self._done: Callable[[ProjectData], None] | None = None
        self._progress: QProgressDialog | None = None
        self._relay.connect(self._on_read)
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(SHOW_PROGRESS_AFTER_MS)
        self._progress_timer.timeout.connect(self._show_progress)

    @property
    def busy(self) -> bool:
        """Whether files are being read."""
        return self._done is not None

    def read(self, files: ProjectFiles, atlas: Atlas, done: Callable[[ProjectData], None],
             allowed: Mapping[int, int] | None = None) -> None:
        """Read the files (records merged into `atlas`; `allowed`: the layers read though over
        the read limits, see read_files); `done(data)` on the GUI thread."""
        self._job += 1
        job = self._job
        self._done = done
        self._progress_timer.start()
        future = _READER.submit(read_files, files, atlas, allowed)
        future.add_done_callback(lambda f: self._deliver(job, f))

    def _deliver(self, job: int, future: Future) -> None:
        """On the reader's thread: hand the outcome to the GUI thread."""
        error = future.exception()
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile
            self._relay.emit(job, None if error else future.result(), error)

    def _on_read(self, job: int, data: ProjectData | None, error: BaseException | None) -> None:
        if job != self._job or self._done is None:
            return  # cancelled
        done = self._end()
        if data is None:
            self.failed(error)
        else:
            done(data)

    def cancel(self) -> bool:
        """Stop reading: the outcome is dropped. Whether anything was being read."""
        if not self.busy:
            return False
        self._end()
        return True

    def _end(self) -> Callable[[ProjectData], None]:
        done, self._done = self._done, None
        self._progress_timer.stop()
        if self._progress is not None:
            self._progress.canceled.disconnect(self.cancel_requested)
            self._progress.hide()
            self._progress.deleteLater()
            self._progress = None
        return done

    def _show_progress(self) -> None:
        if not self.busy:
            return
        dialog = QProgressDialog("Opening the project's files…", "Cancel", 0, 0, self.window)
        dialog.setWindowTitle("Opening Project")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.canceled.connect(self.cancel_requested)
        dialog.show()
        self._progress = dialog
