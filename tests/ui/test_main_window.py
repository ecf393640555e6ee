"""The main window opens on Central Asia, draws the map, navigates and remembers settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtWidgets import QApplication

from explorer.model.features import FeatureRef
from explorer.render import style
from explorer.ui.app_settings import app_settings
from explorer.ui.main_window import MainWindow
from tests.render.helpers import close
from tests.ui.helpers import new_window


@pytest.fixture
def window(qtbot):
    """The window with the Alliances theme hidden, so the basemap's own colours show."""
    win = new_window(qtbot, (1400, 900))
    win.session.themes.layer("alliances").visible = False
    return win


def canvas_pixel(win: MainWindow, image: QImage, lon: float, lat: float):
    x, y = win.map_scene.projection.forward(lon, lat)
    scene_point = win.map_scene.viewbox.mapViewToScene(QPointF(float(x), float(y)))
    view_point = win.canvas.mapFromScene(scene_point)
    return image.pixelColor(view_point)


def test_window_draws_land_and_sea(window) -> None:
    image = window.canvas.grab().toImage()
    assert close(canvas_pixel(window, image, 68.3, 47.3), style.LAND_EMPHASIS)  # Kazakhstan
    assert close(canvas_pixel(window, image, 50.7, 42.3), style.SEA)  # the Caspian
    assert close(canvas_pixel(window, image, 54.3, 33.3), style.LAND)  # Iran


def test_opens_on_central_asia(window) -> None:
    xmin, ymin, xmax, ymax = window.map_scene.view_rect()
    x, y = window.map_scene.projection.forward(66.0, 41.0)  # Uzbekistan
    assert xmin < x < xmax and ymin < y < ymax


def test_keyboard_zoom_pan_and_home(window, qtbot) -> None:
    scene = window.map_scene
    home = scene.view_rect()
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Plus)
    zoomed = scene.view_rect()
    assert (zoomed[2] - zoomed[0]) < (home[2] - home[0]) * 0.8
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    assert scene.view_rect()[0] > zoomed[0]
    qtbot.keyClick(window.canvas, Qt.Key.Key_Minus)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Minus)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Home)
    assert scene.view_rect() == pytest.approx(home, rel=1e-6, abs=1.0)


def test_world_view_shows_the_usa(window, qtbot) -> None:
    qtbot.keyClick(window.canvas, Qt.Key.Key_Home, Qt.KeyboardModifier.ShiftModifier)
    xmin, ymin, xmax, ymax = window.map_scene.view_rect()
    x, y = window.map_scene.projection.forward(-106.0, 35.0)
    assert xmin < x < xmax and ymin < y < ymax


def test_projection_menu_switches_and_status_bar_follows(window) -> None:
    action = next(a for a in window.projection_actions.actions() if a.data() == "equal_earth")
    action.trigger()
    assert window.state.projection == "equal_earth"
    assert window.map_scene.projection.key == "equal_earth"
    assert "Equal Earth" in window.projection_label.text()
    image = window.canvas.grab().toImage()
    assert close(canvas_pixel(window, image, 68.3, 47.3), style.LAND_EMPHASIS)


def test_cursor_position_and_scale_in_status_bar(window, qtbot) -> None:
    x, y = window.map_scene.projection.forward(69.24, 41.30)
    scene_point = window.map_scene.viewbox.mapViewToScene(QPointF(float(x), float(y)))
    pos = window.canvas.mapFromScene(scene_point)
    # A synthesized move event, not QTest's cursor move: that one depends on the platform
    # noticing the cursor (it timed out now and then on a busy offscreen run).
    viewport = window.canvas.viewport()
    QApplication.sendEvent(viewport, QMouseEvent(
        QEvent.Type.MouseMove, QPointF(pos), QPointF(viewport.mapToGlobal(pos)),
        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: "N" in window.cursor_label.text())
    lat, lon = (float(part.rstrip("°NE")) for part in window.cursor_label.text().split())
    pixel = window.map_scene.metres_per_pixel() / 111_000  # a pixel in degrees, roughly
    assert lat == pytest.approx(41.30, abs=2 * pixel) and lon == pytest.approx(69.24, abs=3 * pixel)
    assert "km" in window.scale_label.text()


def test_wheel_zooms_about_the_cursor(window, qtbot) -> None:
    before = window.map_scene.view_rect()
    window.map_scene.zoom(2.0)
    after = window.map_scene.view_rect()
    assert (after[2] - after[0]) == pytest.approx((before[2] - before[0]) / 2, rel=0.01)


def test_settings_are_remembered(qtbot) -> None:
    app_settings().clear()
    first = MainWindow()
    qtbot.addWidget(first)
    first.resize(720, 540)  # inside the offscreen screen (800x600): restore keeps it whole
    first.show()
    qtbot.waitExposed(first)
    first.state.projection = "web_mercator"
    first.state.graticule = False
    size = (first.width(), first.height())
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.state.projection == "web_mercator"
    assert second.state.graticule is False
    assert not second.map_scene.graticule.isVisible()
    assert (second.width(), second.height()) == size != (1280, 820)


def test_export_action_writes_the_current_view(window, tmp_path: Path) -> None:
    out = tmp_path / "view.png"
    assert window.export_to(out)
    image = QImage(str(out))
    assert (image.width(), image.height()) == (window.canvas.width(), window.canvas.height())


def test_export_to_a_missing_folder_warns_and_keeps_running(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("explorer.ui.main_window.warn",
                        lambda *args: shown.append(args[2]))
    assert not window.export_to(tmp_path / "missing" / "map.png")
    assert shown and "does not exist" in shown[0]
    assert window.isVisible()


def test_every_menu_item_does_something(window) -> None:
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.isSeparator() or action.menu():
                continue
            group = action.actionGroup()
            handlers = (action.receivers("2triggered(bool)") + action.receivers("2toggled(bool)")
                        + (group.receivers("2triggered(QAction*)") if group else 0))
            assert handlers > 0, f"menu item {action.text()!r} is connected to nothing"


def test_clicking_a_base_opens_it_in_the_inspector(window, qtbot) -> None:
    import datetime as dt

    window.session.time.date = dt.date(2003, 6, 1)
    x, y = window.map_scene.projection.forward(65.9125, 38.835)  # Karshi-Khanabad (K2)
    scene_point = window.map_scene.viewbox.mapViewToScene(QPointF(float(x), float(y)))
    pos = window.canvas.mapFromScene(scene_point)
    ref, _ = window.canvas.feature_under(QPointF(pos))
    assert ref is not None and ref.kind == "base" and ref.id == "base_karshi_khanabad"
    assert "United States" in window._describe(ref, None)
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    inspector = window.docks["inspector"]
    assert inspector.feature == ref
    assert "Karshi-Khanabad" in inspector.browser.toPlainText()


def test_clicking_a_country_names_it_even_without_atlas_records(window, qtbot) -> None:
    x, y = window.map_scene.projection.forward(54.3, 33.3)  # Iran
    scene_point = window.map_scene.viewbox.mapViewToScene(QPointF(float(x), float(y)))
    pos = window.canvas.mapFromScene(scene_point)
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    feature = window.docks["inspector"].feature
    assert feature is not None and feature.kind == "country" and feature.id == "IRN"


def test_network_and_map_share_one_selection(window, qtbot) -> None:
    import datetime as dt

    window.session.time.date = dt.date(2003, 6, 1)
    network = window.docks["network"]
    window.session.selection.select("UZB")
    assert "UZB" in network.view.emphasised
    assert "UZB" in window.map_scene.highlight.country_ids
    assert "base_karshi_khanabad" in window.map_scene.highlight.lit_ids("bases")
    window.session.selection.select(FeatureRef("base", "base_karshi_khanabad"))
    assert {"USA", "UZB"} <= set(network.view.emphasised)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    assert not window.session.selection


def test_open_layers_from_the_window(window, qtbot, tmp_path) -> None:
    import geopandas as gpd
    import shapely

    path = tmp_path / "pipeline.geojson"
    gpd.GeoDataFrame({"n": [1]}, geometry=[shapely.LineString([(100, 30), (110, 35)])],
                     crs="EPSG:4326").to_file(path, driver="GeoJSON", engine="pyogrio")
    with qtbot.waitSignal(window.layer_opener.sigLoaded, timeout=20_000):
        window.open_paths([str(path)])
    assert [layer.style.name for layer in window.session.user_layers] == ["pipeline"]
    xmin, ymin, xmax, ymax = window.map_scene.view_rect()  # zoomed to the new layer
    x, y = window.map_scene.projection.forward(105.0, 32.5)
    assert xmin < x < xmax and ymin < y < ymax
    assert window.docks["layers"].user_layers.list.count() == 1
    # a layer the view already shows is not zoomed to: the view stays as the user left it
    inside = tmp_path / "inside.geojson"
    gpd.GeoDataFrame({"n": [1]}, geometry=[shapely.Point(105.0, 32.5)],
                     crs="EPSG:4326").to_file(inside, driver="GeoJSON", engine="pyogrio")
    before = window.map_scene.view_rect()
    with qtbot.waitSignal(window.layer_opener.sigLoaded, timeout=20_000):
        window.open_paths([str(inside)])
    assert len(window.session.user_layers) == 2
    assert window.map_scene.view_rect() == before


def test_import_actors_and_relations_reaches_the_network(window, tmp_path, monkeypatch) -> None:
    import csv
    import datetime as dt

    window.session.time.date = dt.date(2003, 6, 1)
    path = tmp_path / "my_relations.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "source", "target", "type", "sign", "start", "sources"])
        writer.writerow(["rel_user_test", "QAT", "KGZ", "trade", "1", "2000",
                         "My field notes, 2024"])
    assert window.import_records([str(path)])
    edges = window.docks["network"].view.network.edges(keys=True)
    assert any(k == "rel_user_test" for *_, k in edges)
    shown = []
    monkeypatch.setattr("explorer.ui.main_window.warn",
                        lambda *args: shown.append(args[2]))
    bad = tmp_path / "bad.csv"
    bad.write_text("id,source,target,type,sign,start,sources\nrel_x,QAT,NOPE,trade,1,2000,x\n")
    assert not window.import_records([str(bad)])
    assert shown and "NOPE" in shown[0] and "row 2" in shown[0]


def test_each_tab_group_has_one_tab_bar_on_screen(window) -> None:
    # Qt 6.11 left a stray copy of the Layers | Legend tab bar over the Layers panel.
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QTabBar

    inside = [tuple(bar.tabText(i) for i in range(bar.count()))
              for bar in window.findChildren(QTabBar)
              if bar.isVisible() and window.rect().intersects(
                  QRect(bar.mapTo(window, QPoint(0, 0)), bar.size()))]
    assert ("Layers", "Legend") in inside and len(inside) == len(set(inside))
