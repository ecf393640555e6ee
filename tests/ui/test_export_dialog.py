"""The export dialog: options from its controls, a live preview, remembered settings, and an
export that matches the window."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QProgressDialog

from explorer.ui.export_dialog import PRESETS, ExportDialog
from explorer.ui.export_memory import remember
from tests.ui.helpers import new_window


@pytest.fixture
def window(qtbot):
    return new_window(qtbot)


@pytest.fixture
def dialog(window, qtbot) -> ExportDialog:
    dialog = ExportDialog(window.export_options(), window)
    qtbot.addWidget(dialog)
    return dialog


def distinct_colours(image: QImage, step: int = 5) -> int:
    return len({image.pixel(x, y) for x in range(0, image.width(), step)
                for y in range(0, image.height(), step)})


def test_the_controls_make_the_options(dialog: ExportDialog, window, tmp_path) -> None:
    dialog.path.setText(str(tmp_path / "figure.png"))
    dialog.format.setCurrentIndex(dialog.format.findData(".pdf"))
    assert dialog.output_path() == tmp_path / "figure.pdf"
    dialog.preset.setCurrentIndex(dialog.preset.findData("a4-landscape-300"))
    dialog.title.setText("Bases in 2003")
    dialog.subtitle.setText("  ")
    dialog.elements["north_arrow"].setChecked(False)
    dialog.elements["briefing"].setChecked(False)
    assert not dialog.elements["history"].isEnabled()  # a briefing's strip: no briefing, none
    assert not dialog.options().history
    dialog.elements["briefing"].setChecked(True)
    assert dialog.elements["history"].isEnabled()
    options = dialog.options()
    assert options.history
    assert (options.size, options.dpi) == ((3508, 2480), 300.0)
    assert options.title == "Bases in 2003" and options.subtitle is None
    assert not options.north_arrow and options.briefing and options.legend
    assert options.view_rect == window.map_scene.view_rect()  # the current view
    assert options.session is window.session
    assert options.network == window.docks["network"].view.options
    dialog.chosen_extent.setChecked(True)
    for box, value in zip(dialog.bbox_boxes, (55, 35, 75, 45), strict=True):
        box.setValue(value)
    options = dialog.options()
    assert options.view_rect is None and options.bbox == (55, 35, 75, 45)


def test_typing_a_size_makes_it_custom_and_jpeg_has_no_transparency(dialog) -> None:
    dialog.preset.setCurrentIndex(dialog.preset.findData("screen"))
    assert (dialog.width_box.value(), dialog.height_box.value()) == PRESETS["screen"][1][:2]
    dialog.width_box.setValue(1000)
    assert dialog.preset.currentData() == "custom"
    assert dialog.options().size == (1000, 1080)
    dialog.transparent.setChecked(True)
    dialog.format.setCurrentIndex(dialog.format.findData(".jpg"))
    assert not dialog.transparent.isEnabled() and not dialog.options().transparent


def test_the_preview_is_the_page_drawn_small_and_follows_the_controls(dialog, qtbot) -> None:
    dialog.preset.setCurrentIndex(dialog.preset.findData("a4-portrait-150"))
    image = dialog.render_preview()
    assert not image.isNull()
    assert image.height() == 280 and image.width() == round(280 * 1240 / 1754)
    assert distinct_colours(image) > 30  # a map, not a blank or an error
    dialog.title.setText("A title")
    assert dialog._timer.isActive()  # debounced, not drawn on every key
    qtbot.waitUntil(lambda: dialog.preview_image is not image, timeout=3000)
    band = [(x, y) for x in range(0, 80) for y in range(0, 10)]  # where the title goes

    def white(preview: QImage) -> int:
        return sum(preview.pixelColor(x, y) == QColor("white") for x, y in band)

    assert white(dialog.preview_image) > white(image) + 300  # the title's white band
    assert sum(dialog.preview_image.pixelColor(x, y).lightness() < 150 for x, y in band) > 10


def test_settings_are_remembered(window, qtbot, tmp_path: Path) -> None:
    first = ExportDialog(window.export_options(), window)
    qtbot.addWidget(first)
    first.path.setText(str(tmp_path / "map.svg"))
    first.preset.setCurrentIndex(first.preset.findData("a3-landscape-150"))
    first.title.setText("Remembered")
    first.elements["footnotes"].setChecked(False)
    exported = []
    first.sigExport.connect(lambda path, options: exported.append((path, options)))
    first.accept()
    assert exported and exported[0][0] == tmp_path / "map.svg"
    again = ExportDialog(window.export_options(), window)
    qtbot.addWidget(again)
    assert again.output_path() == tmp_path / "map.svg"
    assert again.format.currentData() == ".svg"
    assert again.preset.currentData() == "a3-landscape-150"
    assert again.title.text() == "Remembered"
    assert not again.options().footnotes and again.options().legend


def test_a_bad_output_is_refused_and_the_dialog_stays(dialog, monkeypatch, tmp_path) -> None:
    shown = []
    monkeypatch.setattr("explorer.ui.export_dialog.warn",
                        lambda *args: shown.append(args[2]))
    exported = []
    dialog.sigExport.connect(lambda *args: exported.append(args))
    dialog.path.setText(str(tmp_path / "missing" / "map.png"))
    dialog.accept()
    assert shown and "does not exist" in shown[0] and not exported
    dialog.path.setText(str(tmp_path / "map.png"))
    dialog.chosen_extent.setChecked(True)
    dialog.bbox_boxes[0].setValue(95)  # east of the east edge (90°)
    dialog.accept()
    assert "west < east" in shown[-1] and not exported
    assert not (tmp_path / "map.png").exists()


def test_the_window_exports_what_the_dialog_chose(window, qtbot, tmp_path: Path) -> None:
    dialog = window.export_dialog()
    dialog.path.setText(str(tmp_path / "map.png"))
    dialog.preset.setCurrentIndex(dialog.preset.findData("custom"))
    dialog.width_box.setValue(500)
    dialog.height_box.setValue(320)
    dialog.dpi_box.setValue(120)
    dialog.render_preview()
    note = dialog.fit_note.text()  # said before anything is written
    assert note.startswith("The legend does not fit on this page") and "× 320 px" in note
    dialog.export_button.click()
    image = QImage(str(tmp_path / "map.png"))
    assert image.height() == 320 and image.width() > 500  # widened for the legend, not cut
    said = int(note.split("about ")[1].split(" ×")[0])
    assert abs(image.width() - said) <= 0.05 * image.width()
    assert round(image.dotsPerMeterX() * 0.0254) == 120


def test_no_note_when_the_page_holds_its_legend(dialog) -> None:
    dialog.preset.setCurrentIndex(dialog.preset.findData("a4-landscape-150"))
    dialog.render_preview()
    assert dialog.fit_note.text() == ""
    assert dialog.preview_image.width() == round(dialog.preview_image.height() * 297 / 210)


def test_the_title_follows_the_date(window, qtbot, tmp_path: Path) -> None:
    import datetime as dt

    from explorer.render.export import page_title

    window.session.time.date = dt.date(2003, 6, 1)
    first = ExportDialog(window.export_options(), window)
    qtbot.addWidget(first)
    first.path.setText(str(tmp_path / "map.png"))
    first.title.setText("Bases on 1 June 2003")
    first.subtitle.setText("Seen on {date}")
    remember(first)
    window.session.time.date = dt.date(2010, 1, 1)
    later = ExportDialog(window.export_options(), window)
    qtbot.addWidget(later)
    assert later.title.text() == "Bases on 1 January 2010"  # not a stale date
    options = later.options()
    assert page_title(options.subtitle, window.map_scene, options) == "Seen on 1 January 2010"


def test_an_export_of_the_view_matches_the_window(window, tmp_path: Path) -> None:
    """Same renderer: the canvas and an export of its view at its size agree pixel for pixel
    (but for antialiasing), when the page adds nothing the window does not show."""
    options = dataclasses.replace(window.export_options(), legend=False, north_arrow=False,
                                  footnotes=False)
    assert window.export_to(tmp_path / "view.png", options)
    exported = QImage(str(tmp_path / "view.png")).convertToFormat(QImage.Format.Format_RGB32)
    shown = window.canvas.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert exported.size() == shown.size()
    differing = total = 0
    for x in range(0, shown.width(), 3):
        for y in range(0, shown.height(), 3):
            a, b = QColor(exported.pixel(x, y)), QColor(shown.pixel(x, y))
            total += 1
            differing += max(abs(a.red() - b.red()), abs(a.green() - b.green()),
                             abs(a.blue() - b.blue())) > 40
    assert differing / total < 0.02


def test_a_vector_export_shows_a_busy_indicator_and_writes(window, tmp_path, monkeypatch):
    shown = []
    class Watched(QProgressDialog):
        def show(self) -> None:
            shown.append(self.labelText())
            super().show()

    monkeypatch.setattr("explorer.ui.main_window.QProgressDialog", Watched)
    options = dataclasses.replace(window.export_options(), size=(400, 300))
    assert window.export_to(tmp_path / "map.svg", options)
    assert shown == ["Exporting map.svg…"]
    assert "<path" in (tmp_path / "map.svg").read_text()
    assert QApplication.overrideCursor() is None  # the busy cursor is gone again
