"""The Your layers panel writes visibility, names and opacity into the model."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import shapely
from PySide6.QtCore import Qt

from explorer.io.vector_reader import read_vector
from explorer.ui.user_layers_panel import UserLayersPanel


def test_panel_follows_and_edits_the_user_layers(qtbot, session, tmp_path: Path) -> None:
    path = tmp_path / "sites.geojson"
    gpd.GeoDataFrame({"n": [1]}, geometry=[shapely.Point(64, 40)], crs="EPSG:4326").to_file(
        path, driver="GeoJSON", engine="pyogrio")
    panel = UserLayersPanel(session.user_layers)
    qtbot.addWidget(panel)
    assert panel.list.count() == 0
    layer = session.user_layers.add(read_vector(path), path)
    assert panel.list.count() == 1 and panel.list.item(0).text() == "sites"
    panel.list.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert layer.style.visible is False
    panel.list.item(0).setText("Project sites")
    assert layer.style.name == "Project sites"
    panel.opacity_slider.setValue(40)
    assert layer.style.opacity == 0.4
    with qtbot.waitSignal(panel.sigZoomTo) as zoom:
        panel.zoom_button.click()
    assert zoom.args == [layer]
    panel.remove_button.click()
    assert len(session.user_layers) == 0 and panel.list.count() == 0
    assert path.exists()


def test_dragging_a_layer_changes_the_drawing_order(qtbot, session, tmp_path: Path) -> None:
    from explorer.render.map_scene import MapScene

    paths = []
    for name in ("bottom", "top"):
        path = tmp_path / f"{name}.geojson"
        gpd.GeoDataFrame({"n": [1]}, geometry=[shapely.Point(64, 40)], crs="EPSG:4326").to_file(
            path, driver="GeoJSON", engine="pyogrio")
        paths.append(path)
    bottom, top = (session.user_layers.add(read_vector(p), p) for p in paths)
    scene = MapScene(session=session)
    panel = UserLayersPanel(session.user_layers)
    qtbot.addWidget(panel)
    assert [panel.list.item(r).text() for r in range(2)] == ["top", "bottom"]
    item = panel.list.takeItem(0)  # what a drag to the end of the list does
    panel.list.addItem(item)
    panel.list.model().rowsMoved.emit(panel.list.model().index(0, 0).parent(), 0, 0,
                                      panel.list.model().index(0, 0).parent(), 2)
    qtbot.waitUntil(lambda: [layer.id for layer in session.user_layers] == [top.id, bottom.id])
    items = scene.user_layers.items
    assert items[bottom.id].zValue() > items[top.id].zValue()
    session.user_layers.move(bottom.id, 0)
    assert items[bottom.id].zValue() < items[top.id].zValue()
