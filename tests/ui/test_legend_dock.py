"""The legend dock follows the date and the themes."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import shapely

from explorer.io.atlas_reader import read_atlas
from explorer.model.session import Session
from explorer.ui.legend_dock import LegendDock
from tests.layers import layer_data
from tests.ui.helpers import new_window


def test_legend_dock_follows_the_session(qtbot) -> None:
    session = Session(read_atlas(), dt.date(2003, 6, 1))
    dock = LegendDock(session)
    qtbot.addWidget(dock)
    before = [e.label for e in dock.view.entries]
    assert "Base operated by United States" in before
    session.time.date = dt.date(2022, 1, 1)
    assert "Base operated by United States" not in [e.label for e in dock.view.entries]
    session.themes.layer("bases").visible = False
    assert all(e.section != "Military bases" for e in dock.view.entries)
    image = dock.view.grab().toImage()
    assert image.width() > 100 and image.height() > 100


def test_the_dock_lists_user_layers_with_their_styles(qtbot, tmp_path) -> None:
    session = Session(read_atlas(), dt.date(2003, 6, 1))
    dock = LegendDock(session)
    qtbot.addWidget(dock)
    frame = gpd.GeoDataFrame({"kind": ["depot", "port"]}, geometry=[
        shapely.Point(60, 40), shapely.Point(61, 41)], crs="EPSG:4326")
    layer = session.user_layers.add(layer_data(frame, "Logistics", "EPSG:4326"))
    assert ("Your layers", "Logistics") in [(e.section, e.label) for e in dock.view.entries]
    layer.style.mode, layer.style.field = "categorized", "kind"
    assert [e.label for e in dock.view.entries if e.section == "Logistics"] == ["depot", "port"]
    session.user_layers.remove(layer.id)
    assert all(e.section != "Logistics" for e in dock.view.entries)


def test_the_dock_lists_what_the_map_view_shows(qtbot) -> None:
    window = new_window(qtbot)
    dock = window.docks["legend"]
    corridor = "International North–South Transport Corridor"
    window.session.themes.apply_spec("routes")
    window.map_scene.show_bbox((70.0, 39.5, 73.5, 42.0))  # the Fergana valley
    qtbot.waitUntil(lambda: corridor not in [e.label for e in dock.view.entries])
    assert "Bekabad–Khujand–Fergana valley railway" in [e.label for e in dock.view.entries]
    window.map_scene.show_bbox((44.0, 25.0, 62.0, 45.0))  # the Caspian and Iran
    qtbot.waitUntil(lambda: corridor in [e.label for e in dock.view.entries])
