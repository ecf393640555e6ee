"""File → Export Animation…: the map through time as a GIF or MP4, with progress and Cancel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QWidget,
)

from explorer.model.session import TIMELINE_START
from explorer.ui.app_settings import app_settings
from explorer.ui.messages import warn

if TYPE_CHECKING:
    from explorer.render.animate import Animation, AnimationOptions
    from explorer.render.export import ExportOptions
    from explorer.ui.main_window import MainWindow

FORMATS = {"gif": "GIF image (*.gif)", "mp4": "MP4 video, H.264 (*.mp4)"}
SIZES = ((800, 500), (1280, 720), (1600, 1000), (1920, 1080))
MAX_SIDE = 8000


def show_animate_dialog(window: MainWindow) -> AnimateDialog | None:
    """Open the dialog (window-modal, not blocking) on the window's view, date and themes."""
    from explorer.render.export import ExportOptions

    if window.session is None:
        warn(window, "Export Animation", "The atlas is not loaded, so there is "
             "nothing that changes through time to animate.")
        return None
    base = ExportOptions(view_rect=window.map_scene.view_rect(),
                         projection=window.state.projection, session=window.session)
    dialog = AnimateDialog(base, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog



class AnimateDialog(QDialog):
    """Dates, step, speed, format, size and output; Export starts an AnimationRun (`run`)."""

    def __init__(self, base: ExportOptions, parent: QWidget | None = None) -> None:
        from explorer.render.animate import DEFAULT_FPS, FPS_RANGE, STEPS

        super().__init__(parent)
        self.setWindowTitle("Export Animation")
        self.base = base
        self.run: AnimationRun | None = None
        time = base.session.time if base.session is not None else None
        first = time.first if time else TIMELINE_START
        last = time.last if time else dt.date.today()
        settings = app_settings()

        self.start = _date_edit(first, first, last)
        self.end = _date_edit(time.date if time else last, first, last)
        self.step = QComboBox()
        for label, months in STEPS.items():
            self.step.addItem(label, months)
        self.step.setCurrentIndex(max(0, self.step.findData(
            settings.value("animation/step", 12, type=int))))
        self.fps = QDoubleSpinBox()
        self.fps.setRange(*FPS_RANGE)
        self.fps.setDecimals(1)
        self.fps.setSingleStep(0.5)
        self.fps.setSuffix(" dates a second")
        self.fps.setValue(settings.value("animation/fps", DEFAULT_FPS, type=float))
        self.format = QComboBox()
        for key, label in FORMATS.items():
            self.format.addItem(label.split(" (")[0], key)
        self.format.setCurrentIndex(max(0, self.format.findData(
            settings.value("animation/format", "gif"))))
        self.preset = QComboBox()
        self.preset.addItem("Custom", None)
        for width, height in SIZES:
            self.preset.addItem(f"{width} × {height}", f"{width}x{height}")
        self.width_box, self.height_box = QSpinBox(), QSpinBox()
        for box in (self.width_box, self.height_box):
            box.setRange(16, MAX_SIDE)
            box.setSuffix(" px")
        size = settings.value("animation/size", "800x500")
        width, _, height = str(size).partition("x")
        self.width_box.setValue(int(width) if width.isdigit() else 800)
        self.height_box.setValue(int(height) if height.isdigit() else 500)
        self.path = QLineEdit(settings.value(
            "animation/path", str(Path.home() / f"map-animation.{self.format.currentData()}")))
        browse = QPushButton("Browse…")
        self.summary = QLabel()

        size_row = QHBoxLayout()
        for widget in (self.preset, self.width_box, QLabel("×"), self.height_box):
            size_row.addWidget(widget)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export",
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        form = QFormLayout(self)
        form.addRow("From:", self.start)
        form.addRow("To:", self.end)
        form.addRow("Step:", self.step)
        form.addRow("Speed:", self.fps)
        form.addRow("Format:", self.format)
        form.addRow("Size:", size_row)
        form.addRow("Save as:", path_row)
        form.addRow(self.summary)
        form.addRow(buttons)

        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        browse.clicked.connect(self._browse)
        self.format.currentIndexChanged.connect(self._on_format_changed)
        self.preset.activated.connect(self._on_preset_chosen)
        for signal in (self.start.dateChanged, self.end.dateChanged,
                       self.step.currentIndexChanged, self.fps.valueChanged,
                       self.width_box.valueChanged, self.height_box.valueChanged):
            signal.connect(self._update_summary)
        self._update_summary()

    def options(self) -> tuple[Path, AnimationOptions]:
        """The output and the options the fields describe, on the window's view."""
        from dataclasses import replace

        from explorer.render.animate import AnimationOptions

        return Path(self.path.text()).expanduser(), AnimationOptions(
            replace(self.base, size=(self.width_box.value(), self.height_box.value())),
            start=self.start.date().toPython(), end=self.end.date().toPython(),
            step_months=self.step.currentData(), fps=self.fps.value())

    def accept(self) -> None:
        """Check the options and start the run; a problem is shown and the dialog stays."""
        from explorer.render.animate import Animation
        from explorer.render.export import ExportError

        try:
            animation = Animation(*self.options())
        except ExportError as exc:
            warn(self, "Export Animation", f"The animation cannot be exported: {exc}.")
            return
        self._remember()
        self.run = AnimationRun(animation, self.parentWidget() or self)
        super().accept()

    def _remember(self) -> None:
        settings = app_settings()
        settings.setValue("animation/path", self.path.text())
        settings.setValue("animation/step", self.step.currentData())
        settings.setValue("animation/fps", self.fps.value())
        settings.setValue("animation/format", self.format.currentData())
        settings.setValue("animation/size", f"{self.width_box.value()}x"
                                            f"{self.height_box.value()}")

    def _browse(self) -> None:
        key = self.format.currentData()
        path, _ = QFileDialog.getSaveFileName(self, "Export Animation", self.path.text(),
                                              ";;".join(FORMATS.values()), FORMATS[key])
        if path:
            self.path.setText(path)
            suffix = Path(path).suffix.lower().lstrip(".")
            if suffix in FORMATS:
                self.format.setCurrentIndex(self.format.findData(suffix))

    def _on_format_changed(self) -> None:
        path = Path(self.path.text())
        self.path.setText(str(path.with_suffix(f".{self.format.currentData()}")))

    def _on_preset_chosen(self) -> None:
        size = self.preset.currentData()
        if size is not None:
            width, _, height = size.partition("x")
            self.width_box.setValue(int(width))
            self.height_box.setValue(int(height))

    def _update_summary(self) -> None:
        from explorer.render.animate import frame_dates
        from explorer.render.export import ExportError

        size = f"{self.width_box.value()}x{self.height_box.value()}"
        self.preset.setCurrentIndex(max(0, self.preset.findData(size)))
        try:
            count = len(frame_dates(self.start.date().toPython(), self.end.date().toPython(),
                                    self.step.currentData()))
        except ExportError as exc:
            text = str(exc)
            self.summary.setText(f"{text[:1].upper()}{text[1:]}.")
            self.export_button.setEnabled(False)
            return
        self.summary.setText(f"{count} frame{'s' * (count != 1)}, "
                             f"{count / self.fps.value():.1f} s")
        self.export_button.setEnabled(True)


class AnimationRun(QObject):
    """Writes an animation under a progress dialog. Map items paint only on the GUI thread,
    so one frame is painted per turn of the event loop (the window stays live, Cancel is heard
    between frames) while a worker thread finishes the file; Cancel leaves no file."""

    finished = Signal(object)  # the Path written, or None (cancelled or failed)

    def __init__(self, animation: Animation, parent: QWidget) -> None:
        super().__init__(parent)
        self.animation = animation
        self._frames: Iterator[int] | None = animation.frames()
        total = len(animation)
        self.progress = QProgressDialog(f"Painting {total} frames…", "Cancel", 0, total, parent)
        self.progress.setWindowTitle("Export Animation")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.setValue(0)
        self.progress.show()
        self.progress.canceled.connect(self.cancel)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._step)
        self._timer.start(0)

    @property
    def running(self) -> bool:
        return self._frames is not None

    def _step(self) -> None:
        from explorer.render.export import ExportError

        try:
            done = next(self._frames)
        except StopIteration:
            self._end(self.animation.out)
        except (ExportError, OSError) as exc:
            self._end(None)
            warn(self.parent(), "Export failed", f"The animation was not exported: {exc}.")
        except BaseException:
            self._end(None)
            raise
        else:
            if done == len(self.animation):
                self.progress.setLabelText(f"Writing {self.animation.out.name}…")
            self.progress.setValue(done)  # runs the event loop (modal): Cancel may come here
            if self.running:  # the next frame only now, or setValue would paint it inside
                self._timer.start(0)

    def cancel(self) -> None:
        """Stop painting and abandon the file (none is left behind)."""
        if self.running:
            self._frames.close()
            self._end(None)

    def _end(self, out: Path | None) -> None:
        self._timer.stop()
        self._frames = None
        self.progress.canceled.disconnect(self.cancel)
        self.progress.close()
        self.progress.deleteLater()
        window = self.parent()
        if out is not None and isinstance(window, QMainWindow):
            window.statusBar().showMessage(f"Exported {out}", 5000)
        self.finished.emit(out)
        self.deleteLater()


def _date_edit(day: dt.date, first: dt.date, last: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMMM yyyy")
    edit.setDateRange(QDate(first), QDate(last))
    return edit
