"""The window fits small screens: 1366x768 with a taskbar, 1024x640 with the map keeping most
of the width; the first window opens at a share of the screen, later the remembered one."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QToolBar, QToolButton, QWidget

from explorer.ui.app_settings import app_settings
from explorer.ui.main_window import MainWindow
from explorer.ui.window_layout import FIRST_SHARE, first_geometry
from tests.ui.helpers import new_window

TASKBAR = 40


def test_every_panel_and_the_window_fit_under_600_px(qtbot) -> None:
    window = new_window(qtbot, (1366, 768 - TASKBAR))
    hint = window.minimumSizeHint()
    assert hint.height() <= 600 and hint.width() <= 1024
    for dock in window.docks.values():
        assert dock.minimumSizeHint().height() <= 600, dock.windowTitle()
        for widget in dock.findChildren(QWidget):
            assert widget.minimumSizeHint().height() <= 600, widget
    assert (window.width(), window.height()) == (1366, 768 - TASKBAR)  # not pushed taller
    assert window.canvas.width() >= 0.48 * window.width()


def test_at_1024x640_the_side_panels_are_tabs_and_the_map_keeps_most_of_the_width(qtbot) -> None:
    window = new_window(qtbot, (1024, 640))
    assert (window.width(), window.height()) == (1024, 640)
    docks = window.docks
    tabs = set(window.tabifiedDockWidgets(docks["network"]))
    assert {docks["inspector"], docks["layers"], docks["legend"]} <= tabs
    qtbot.waitUntil(lambda: window.canvas.width() >= 0.55 * window.width(), timeout=2000)
    # the network's column is as wide as its controls need: none behind a "»" button
    assert docks["network"].isVisible() and docks["network"].width() >= 400
    for bar in docks["network"].findChildren(QToolBar):
        extension = bar.findChild(QToolButton, "qt_toolbar_ext_button")
        assert extension is None or not extension.isVisible()
    assert window.canvas.height() >= 0.6 * window.height()
    assert window.minimumSizeHint().width() <= 800


def test_the_first_window_takes_a_share_of_the_screen_centred(qtbot) -> None:
    available = QRect(0, 0, 1366, 728)
    rect = first_geometry(available)
    assert (rect.width(), rect.height()) == (round(1366 * FIRST_SHARE), round(728 * FIRST_SHARE))
    assert rect.center() == available.center()
    assert first_geometry(QRect(1920, 0, 1920, 1040)).center() == QRect(1920, 0, 1920,
                                                                        1040).center()
    app_settings().clear()
    window = MainWindow()
    qtbot.addWidget(window)
    expected = first_geometry(window.screen().availableGeometry())
    assert window.size() == expected.size().expandedTo(window.minimumSizeHint())
    assert abs(window.geometry().center().x() - expected.center().x()) <= 1


def test_remembered_geometry_wins(qtbot) -> None:
    window = new_window(qtbot, (760, 620))  # inside the offscreen screen (800x800)
    window.close()  # saves its geometry and layout
    again = MainWindow()
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (760, 620)


def test_a_wide_window_made_narrow_gives_the_timeline_the_whole_width(qtbot) -> None:
    window = new_window(qtbot, (1600, 900))
    timeline = window.docks["timeline"]
    assert timeline.width() < window.width() - 200  # beside the right column
    window.resize(1024, 640)
    qtbot.waitUntil(lambda: timeline.width() >= window.width() - 10, timeout=2000)
    # its row of controls fits inside it, over nothing else
    for child in timeline.findChildren(QWidget):
        if child.isVisible() and child.parent() is not None:
            corner = child.mapTo(window, child.rect().bottomRight())
            assert corner.x() <= window.width()
