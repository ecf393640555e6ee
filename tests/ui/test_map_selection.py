"""Clicks on the map write the shared selection: replace, Shift adds, Ctrl toggles, Esc clears."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from explorer.io.atlas_reader import read_atlas
from explorer.model.atlas import Atlas
from explorer.model.features import FeatureRef
from explorer.model.session import Session
from explorer.render.map_scene import MapScene
from explorer.ui.map_canvas import MapCanvas, selection_item, selection_mode

K2 = (65.9125, 38.835)
K2_REF = FeatureRef("base", "base_karshi_khanabad")
IN_UZBEKISTAN = (64.6, 42.6)  # the Kyzylkum, away from railways, towns and labels
CASPIAN = (50.7, 42.3)
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return read_atlas()


@pytest.fixture
def canvas(qtbot, atlas) -> MapCanvas:
    session = Session(atlas, date=dt.date(2003, 6, 1))
    scene = MapScene(session=session)
    view = MapCanvas(scene, selection=session.selection)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    scene.show_bbox((61.0, 37.0, 71.0, 43.0))
    return view


def widget_pos(canvas: MapCanvas, lon: float, lat: float) -> QPoint:
    x, y = canvas.map_scene.projection.forward(lon, lat)
    point = canvas.map_scene.viewbox.mapViewToScene(QPointF(float(x), float(y)))
    return canvas.mapFromScene(point)


def click(qtbot, canvas: MapCanvas, lonlat: tuple[float, float],
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, modifier,
                     widget_pos(canvas, *lonlat))


def test_click_selects_k2_shift_adds_uzbekistan_esc_clears(canvas, qtbot) -> None:
    selection = canvas.selection
    assert canvas.feature_under(QPointF(widget_pos(canvas, *K2)))[0] == K2_REF
    assert canvas.feature_under(QPointF(widget_pos(canvas, *IN_UZBEKISTAN)))[0] == FeatureRef(
        "country", "UZB")
    with qtbot.waitSignal(canvas.sigFeatureClicked) as clicked:
        click(qtbot, canvas, K2)
    assert clicked.args[0] == K2_REF
    assert selection.items == (K2_REF,)
    highlight = canvas.map_scene.highlight
    assert highlight.country_ids == {"USA", "UZB"} and K2_REF.id in highlight.lit_ids("bases")

    click(qtbot, canvas, IN_UZBEKISTAN, SHIFT)
    assert selection.items == (K2_REF, "UZB")  # the state's actor id, as the network uses

    click(qtbot, canvas, IN_UZBEKISTAN)  # a plain click replaces
    assert selection.items == ("UZB",)

    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert not selection
    assert not highlight.state


def test_ctrl_click_toggles(canvas, qtbot) -> None:
    selection = canvas.selection
    click(qtbot, canvas, IN_UZBEKISTAN)
    click(qtbot, canvas, K2, CTRL)
    assert selection.items == ("UZB", K2_REF)
    click(qtbot, canvas, K2, CTRL)
    assert selection.items == ("UZB",)


def test_a_click_on_the_sea_clears_but_a_modified_one_does_not(canvas, qtbot) -> None:
    selection = canvas.selection
    selection.select(["UZB", K2_REF])
    canvas.map_scene.show_central_asia()
    click(qtbot, canvas, CASPIAN, SHIFT)
    assert selection.items == ("UZB", K2_REF)
    with qtbot.waitSignal(canvas.sigFeatureClicked) as clicked:
        click(qtbot, canvas, CASPIAN)
    assert clicked.args == [None, None]
    assert not selection


def test_a_drag_selects_nothing(canvas, qtbot) -> None:
    start = widget_pos(canvas, *K2)
    qtbot.mousePress(canvas.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas.viewport(), start + QPoint(40, 30))
    qtbot.mouseRelease(canvas.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(40, 30))
    assert not canvas.selection


def test_without_a_selection_clicks_only_report(qtbot, atlas) -> None:
    session = Session(atlas, date=dt.date(2003, 6, 1))
    scene = MapScene(session=session)
    view = MapCanvas(scene)
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    scene.show_bbox((61.0, 37.0, 71.0, 43.0))
    with qtbot.waitSignal(view.sigFeatureClicked):
        click(qtbot, view, K2)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not session.selection
    view.set_selection(session.selection)
    click(qtbot, view, K2)
    assert session.selection.items == (K2_REF,)


def test_what_a_click_selects(atlas) -> None:
    assert selection_item(FeatureRef("country", "UZB"), atlas) == "UZB"
    assert selection_item(FeatureRef("country", "ERI"), atlas) == FeatureRef("country", "ERI")
    assert selection_item(K2_REF, atlas) == K2_REF
    assert selection_mode(Qt.KeyboardModifier.NoModifier) == "replace"
    assert selection_mode(SHIFT) == "add"
    assert selection_mode(CTRL) == "toggle"
    assert selection_mode(CTRL | SHIFT) == "toggle"
