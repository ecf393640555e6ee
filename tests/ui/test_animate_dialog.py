"""File → Export Animation…: the dialog's options, the run under a progress dialog, Cancel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QPushButton

from explorer.render.export import ExportOptions
from explorer.ui import animate_dialog
from explorer.ui.animate_dialog import AnimateDialog, AnimationRun, show_animate_dialog
from explorer.ui.app_settings import app_settings
from explorer.ui.main_window import MainWindow


@pytest.fixture
def dialog(qtbot, session, tmp_path: Path):
    """The dialog on a window's view of 1 June 2003, set to a small GIF of 2001 → 2003."""
    app_settings().clear()
    view = (4.0e6, 3.0e6, 9.0e6, 6.0e6)
    dlg = AnimateDialog(ExportOptions(session=session, view_rect=view,
                                      projection="equal_earth"))
    qtbot.addWidget(dlg)
    dlg.start.setDate(QDate(2001, 1, 1))
    dlg.width_box.setValue(320)
    dlg.height_box.setValue(200)
    dlg.path.setText(str(tmp_path / "map.gif"))
    return dlg


def test_defaults_run_from_the_timeline_start_to_the_current_date(qtbot, session) -> None:
    app_settings().clear()
    dlg = AnimateDialog(ExportOptions(session=session))
    qtbot.addWidget(dlg)
    assert dlg.start.date().toPython() == dt.date(1991, 1, 1)
    assert dlg.end.date().toPython() == dt.date(2003, 6, 1)
    assert (dlg.step.currentText(), dlg.format.currentData()) == ("1 year", "gif")
    assert dlg.summary.text() == "13 frames, 8.7 s"


def test_the_fields_make_the_options(dialog, session) -> None:
    dialog.step.setCurrentIndex(dialog.step.findText("6 months"))
    dialog.fps.setValue(3)
    dialog.format.setCurrentIndex(dialog.format.findData("mp4"))
    out, options = dialog.options()
    assert out.name == "map.mp4"  # the format sets the suffix
    assert (options.start, options.end) == (dt.date(2001, 1, 1), dt.date(2003, 6, 1))
    assert (options.step_months, options.fps) == (6, 3)
    assert options.map.size == (320, 200)
    assert options.map.session is session and options.map.projection == "equal_earth"
    assert options.map.view_rect == (4.0e6, 3.0e6, 9.0e6, 6.0e6)
    assert dialog.summary.text() == "5 frames, 1.7 s"


def test_size_presets_fill_the_size(dialog) -> None:
    assert dialog.preset.currentText() == "Custom"
    dialog.preset.setCurrentIndex(dialog.preset.findText("1280 × 720"))
    dialog.preset.activated.emit(dialog.preset.currentIndex())
    assert (dialog.width_box.value(), dialog.height_box.value()) == (1280, 720)


def test_a_bad_range_disables_export(dialog) -> None:
    dialog.end.setDate(QDate(2000, 1, 1))
    assert not dialog.export_button.isEnabled()
    assert dialog.summary.text().startswith("The start 1 January 2001 is after the end")


def test_export_runs_under_a_progress_dialog_and_is_remembered(dialog, qtbot, session,
                                                               tmp_path: Path) -> None:
    dialog.accept()
    run = dialog.run
    assert isinstance(run, AnimationRun) and run.running
    assert run.progress.isVisible() and run.progress.maximum() == 3
    with qtbot.waitSignal(run.finished, timeout=20_000) as finished:
        pass
    assert finished.args == [tmp_path / "map.gif"]
    with Image.open(tmp_path / "map.gif") as gif:
        assert (gif.n_frames, gif.size) == (3, (320, 200))
    assert session.date == dt.date(2003, 6, 1)  # the window stays on its date
    again = AnimateDialog(ExportOptions(session=session))
    qtbot.addWidget(again)
    assert (again.width_box.value(), again.height_box.value()) == (320, 200)
    assert again.path.text() == str(tmp_path / "map.gif")


def test_cancel_stops_and_leaves_no_file(dialog, qtbot, tmp_path: Path) -> None:
    dialog.start.setDate(QDate(1992, 1, 1))
    dialog.accept()
    run = dialog.run
    with qtbot.waitSignal(run.finished, timeout=20_000) as finished:
        qtbot.waitUntil(lambda: run.progress.value() >= 1, timeout=10_000)
        stopped_at = run.progress.value()
        qtbot.mouseClick(run.progress.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert finished.args == [None]
    assert stopped_at < 12  # of 12 frames: stopped early
    assert list(tmp_path.iterdir()) == []


def test_bad_options_are_shown_and_the_dialog_stays(dialog, tmp_path: Path,
                                                    monkeypatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(animate_dialog, "warn", lambda parent, title, text: warnings.append(text))
    dialog.path.setText(str(tmp_path / "missing" / "map.gif"))
    dialog.show()
    dialog.accept()
    assert dialog.run is None and dialog.isVisible()
    assert warnings and "does not exist" in warnings[0]


def test_the_window_has_the_action(qtbot) -> None:
    app_settings().clear()
    window = MainWindow()
    qtbot.addWidget(window)
    file_menu = window.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.text() == "Export &Animation…")
    assert action.shortcut().toString() == "Ctrl+Shift+E"
    action.trigger()
    dialog = window.findChild(AnimateDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.base.session is window.session
    assert dialog.base.view_rect == window.map_scene.view_rect()
    dialog.reject()
    assert show_animate_dialog(window) is not None


def test_a_failure_while_writing_is_shown_and_leaves_no_file(dialog, qtbot, tmp_path: Path,
                                                             monkeypatch) -> None:
    from explorer.render import animate

    def full_disk(writer) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(animate._GifWriter, "close", full_disk)
    warnings: list[str] = []
    monkeypatch.setattr(animate_dialog, "warn", lambda parent, title, text: warnings.append(text))
    dialog.accept()
    with qtbot.waitSignal(dialog.run.finished, timeout=20_000) as finished:
        pass
    assert finished.args == [None]
    assert warnings == ["The animation was not exported: [Errno 28] No space left on device."]
    assert list(tmp_path.iterdir()) == []
