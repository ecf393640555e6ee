"""The user's features are picked on the map, selected, marked, and shown in the inspector."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import shapely
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor

from explorer.io.vector_reader import read_vector
from explorer.model.features import FeatureRef
from explorer.render.highlight_territory import COLOUR
from explorer.render.map_scene import MapScene
from tests.render.helpers import render
from tests.ui.helpers import new_window


def write_sites(folder: Path) -> Path:
    path = folder / "sites.geojson"
    frame = gpd.GeoDataFrame(
        {"name": ["Camp A", "Depot B", "Field C"], "staff": [12, 40, 7]},
        geometry=[shapely.Point(63.0, 41.0), shapely.Point(66.0, 39.0),
                  shapely.box(70.0, 44.0, 72.0, 46.0)], crs="EPSG:4326")
    frame.to_file(path, driver="GeoJSON", engine="pyogrio")
    return path


def map_xy(scene: MapScene, lon: float, lat: float) -> tuple[float, float]:
    x, y = scene.projection.forward(lon, lat)
    return float(x), float(y)


def test_points_and_areas_are_picked_by_row(qapp, session, tmp_path: Path) -> None:
    layer = session.user_layers.add(read_vector(write_sites(tmp_path)), None)
    scene = MapScene(session=session)
    render(scene)
    assert scene.feature_at(*map_xy(scene, 66.0, 39.0), 5_000) == FeatureRef(
        "user", f"{layer.id}:1")
    assert scene.feature_at(*map_xy(scene, 71.0, 45.0), 5_000) == FeatureRef(
        "user", f"{layer.id}:2")
    layer.style.visible = False
    assert scene.feature_at(*map_xy(scene, 66.0, 39.0), 5_000) != FeatureRef(
        "user", f"{layer.id}:1")


def test_selected_user_features_are_marked_on_the_map(qapp, session, tmp_path: Path) -> None:
    layer = session.user_layers.add(read_vector(write_sites(tmp_path)), None)
    for theme in session.themes.layers:
        theme.visible = False
    scene = MapScene(session=session)
    before = render(scene)
    session.selection.select(FeatureRef("user", f"{layer.id}:2"))
    assert {k: list(v) for k, v in scene.user_selection.selected_rows().items()} == {
        layer.id: [2]}
    after = render(scene)
    amber = sum(abs(QColor(after.pixel(x, y)).red() - COLOUR.red()) < 30
                and abs(QColor(after.pixel(x, y)).green() - COLOUR.green()) < 30
                and QColor(after.pixel(x, y)).blue() < 80
                for x in range(0, after.width(), 2) for y in range(0, after.height(), 2))
    assert amber > 50 and after != before


def test_click_tooltip_and_inspector(qtbot, tmp_path: Path) -> None:
    window = new_window(qtbot, (1400, 900))
    layer = window.session.user_layers.add(read_vector(write_sites(tmp_path)), None)
    scene = window.map_scene
    x, y = map_xy(scene, 66.0, 39.0)
    pos = window.canvas.mapFromScene(scene.viewbox.mapViewToScene(QPointF(x, y)))
    ref, _ = window.canvas.feature_under(QPointF(pos))
    assert ref == FeatureRef("user", f"{layer.id}:1")
    assert "sites" in window._describe(ref, None) and "Depot B" in window._describe(ref, None)
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert window.session.selection.current == ref
    text = window.docks["inspector"].browser.toPlainText()
    assert "Depot B" in text and "40" in text
