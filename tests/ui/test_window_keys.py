"""The window's keys: its shortcuts work from the search box, the map's Home is not the
timeline's, Esc empties the inspector with the selection, and search shows what it finds."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog

from explorer.model.features import FeatureRef
from explorer.ui.inspector_dock import EMPTY_TEXT
from tests.ui.helpers import new_window


@pytest.fixture
def window(qtbot):
    win = new_window(qtbot, (1400, 900))
    win.session.time.date = dt.date(2003, 6, 1)
    return win


def focused_search(qtbot, window):
    box = window.search_box
    window.activateWindow()
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    return box


def test_window_shortcuts_work_while_the_search_box_has_focus(qtbot, window) -> None:
    box = focused_search(qtbot, window)
    with qtbot.waitSignal(window.export_action.triggered, timeout=1000):
        qtbot.keyClick(box, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    for dialog in window.findChildren(QDialog):
        dialog.close()
    labels = window.state.country_labels
    qtbot.keyClick(focused_search(qtbot, window), Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier)
    assert window.state.country_labels is not labels
    qtbot.keyClick(box, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # a panel's toggle
    assert window.docks["timeline"].isHidden()
    # Typing still types: the map's + and Home stay the box's.
    box.clear()
    qtbot.keyClicks(box, "+-")
    qtbot.keyClick(box, Qt.Key.Key_Home)
    assert box.text() == "+-" and box.cursorPosition() == 0


def test_a_window_shortcut_beats_the_boxs_own_editing_key(qtbot, window) -> None:
    """As X11 makes Ctrl+E 'end of line' for a line edit, this platform makes Ctrl+Z undo:
    with a window action on that key, the action runs."""
    fired = []
    action = QAction("Test", window)
    action.setShortcut(QKeySequence("Ctrl+Z"))
    action.triggered.connect(lambda: fired.append(True))
    window.addAction(action)
    box = focused_search(qtbot, window)
    qtbot.keyClicks(box, "abc")
    qtbot.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert fired == [True] and box.text() == "abc"


def test_home_on_the_timeline_is_not_the_maps_home(qtbot, window) -> None:
    scene, time = window.map_scene, window.session.time
    scene.zoom(3.0)
    zoomed = scene.view_rect()
    slider = window.docks["timeline"].slider
    slider.setFocus()
    qtbot.waitUntil(slider.hasFocus)
    qtbot.keyClick(slider, Qt.Key.Key_Home)
    assert time.date == time.first
    qtbot.keyClick(slider, Qt.Key.Key_End)
    assert time.date == time.last
    assert scene.view_rect() == pytest.approx(zoomed)  # the map stayed
    window.canvas.setFocus()
    qtbot.waitUntil(window.canvas.hasFocus)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Home)
    assert scene.view_rect() != pytest.approx(zoomed)  # the map went home
    assert time.date == time.last  # the date stayed


def test_esc_clears_the_inspector_with_the_selection(qtbot, window) -> None:
    inspector = window.docks["inspector"]
    window.session.selection.select("UZB")
    assert inspector.feature == FeatureRef("country", "UZB")
    assert "Uzbekistan" in inspector.browser.toPlainText()
    window.canvas.setFocus()
    qtbot.waitUntil(window.canvas.hasFocus)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    assert not window.session.selection
    assert inspector.feature is None
    assert inspector.browser.toPlainText().strip() == EMPTY_TEXT
    window.session.selection.select("KAZ")  # and Esc from the search box too
    qtbot.keyClick(focused_search(qtbot, window), Qt.Key.Key_Escape)
    assert not window.session.selection and inspector.feature is None


def test_search_selects_and_shows_what_it_finds(qtbot, window) -> None:
    scene = window.map_scene
    scene.show_bbox((-10.0, 40.0, 10.0, 55.0))  # western Europe
    box = focused_search(qtbot, window)
    qtbot.keyClicks(box, "K2")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    k2 = FeatureRef("base", "base_karshi_khanabad")
    assert window.session.selection.items == (k2,)
    assert window.docks["inspector"].feature == k2
    base = window.session.atlas.bases[k2.id]
    x, y = scene.projection.forward(base.lon, base.lat)
    xmin, ymin, xmax, ymax = scene.view_rect()
    assert xmin < x < xmax and ymin < y < ymax
    assert scene.highlight.lit_ids("bases") == {k2.id}


def test_esc_in_the_date_box_puts_the_date_back_and_keeps_the_selection(qtbot, window) -> None:
    window.session.selection.select("UZB")
    box = window.docks["timeline"].date_box
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    box.clear()
    qtbot.keyClicks(box, "2003-1")
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert box.text() == "2003-06-01"
    assert window.session.selection.items == ("UZB",)
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # nothing typed: Esc is the window's again
    assert not window.session.selection
