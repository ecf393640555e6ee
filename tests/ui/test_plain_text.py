"""Text from users and files shows as the characters it is in the window's views: search
results, the inspector, map tooltips, the timeline's ticks and date box; never a link."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import geopandas as gpd
import shapely
from PySide6 import QtGui
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QMouseEvent, QTextDocument
from PySide6.QtWidgets import QApplication, QToolTip

from explorer.io.vector_reader import read_vector
from explorer.model.features import FeatureRef
from explorer.model.records import Actor
from explorer.model.session import Session
from explorer.ui.plain_text import plain_tooltip
from explorer.ui.search_box import SearchBox
from explorer.ui.timeline_dock import TimelineDock
from tests.ui.helpers import new_window, shown

HOSTILE = '<b>x</b><a href="file:///etc/passwd">y</a>'
WHERE = (64.0, 41.5)  # the Kyzylkum, Uzbekistan


def as_shown(text: str) -> str:
    """What Qt shows for a tooltip: rich text when it guesses so (then as a document), else
    the text itself."""
    if not QtGui.Qt.mightBeRichText(text):
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def has_links(document: QTextDocument) -> bool:
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            if it.fragment().charFormat().isAnchor():
                return True
            it += 1
        block = block.next()
    return False


def test_a_plain_tooltip_shows_the_characters() -> None:
    for text in (HOSTILE, "a\nb", "Kazakhstan — member of the CSTO", "&amp; <br>"):
        assert as_shown(plain_tooltip(text)) == text
    assert as_shown(HOSTILE) != HOSTILE  # what Qt does to it otherwise


def user_layer_window(qtbot, tmp_path: Path):
    path = tmp_path / "hostile.geojson"
    gpd.GeoDataFrame({"name": [HOSTILE]}, geometry=[shapely.Point(WHERE)],
                     crs="EPSG:4326").to_file(path, driver="GeoJSON", engine="pyogrio")
    window = new_window(qtbot, (1400, 900))
    layer = window.session.user_layers.add(read_vector(path), path)
    layer.style.name = HOSTILE
    return window, layer


def test_map_tooltips_and_the_inspector_show_a_feature_as_typed(qtbot, tmp_path) -> None:
    window, layer = user_layer_window(qtbot, tmp_path)
    scene = window.map_scene
    x, y = scene.projection.forward(*WHERE)
    pos = window.canvas.mapFromScene(scene.viewbox.mapViewToScene(QPointF(float(x), float(y))))
    viewport = window.canvas.viewport()
    QApplication.sendEvent(viewport, QMouseEvent(
        QEvent.Type.MouseMove, QPointF(pos), QPointF(viewport.mapToGlobal(pos)),
        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: HOSTILE in as_shown(QToolTip.text()), timeout=2000)
    assert as_shown(QToolTip.text()).count(HOSTILE) == 2  # the layer's name and the value
    window.session.selection.select(FeatureRef("user", f"{layer.id}:0"))
    browser = window.docks["inspector"].browser
    assert browser.toPlainText().count(HOSTILE) == 2
    assert not has_links(browser.document())
    QToolTip.hideText()


def test_search_results_show_names_as_typed(qtbot, atlas) -> None:
    actor = Actor(id="HST", name=HOSTILE, kind="armed_group", sources=("a_wp_imu",))
    hostile = dataclasses.replace(atlas, actors={**atlas.actors, "HST": actor})
    box = shown(qtbot, SearchBox(Session(hostile, dt.date(2003, 6, 1))), (300, 30))
    qtbot.keyClicks(box, "<b>x")
    model = box.completer_model
    assert model.rowCount() >= 1
    row = model.item(0)
    assert row.text() == f"{HOSTILE} (HST)"  # an item view shows its text as is
    assert as_shown(row.toolTip()) == f"{HOSTILE}: armed group"
    box.setText("<a href='x'>nothing</a>")
    assert box.select_text(box.text()) is None
    assert "<a href='x'>nothing</a>" in as_shown(QToolTip.text())
    QToolTip.hideText()


def test_the_timelines_tick_tips_and_date_box_show_text_as_typed(qtbot, session) -> None:
    dock = shown(qtbot, TimelineDock(session), (1000, 120))
    value = dock.slider.maximum() // 2
    dock.slider.set_ticks({value: HOSTILE})
    where = QPoint(dock.slider.value_x(value), dock.slider.height() - 3)
    QApplication.sendEvent(dock.slider, QHelpEvent(QEvent.Type.ToolTip, where,
                                                   dock.slider.mapToGlobal(where)))
    assert as_shown(QToolTip.text()) == HOSTILE
    QToolTip.hideText()
    box = dock.date_box
    box.setFocus()
    box.clear()
    qtbot.keyClicks(box, HOSTILE)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert box.error.textFormat() == Qt.TextFormat.PlainText
    assert f"not “{HOSTILE[:box.maxLength()]}”" in box.error.text()
    assert dock.date_label.textFormat() == Qt.TextFormat.PlainText
