"""The user's layers drawn on the map and in exports; bad files refused in one line."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import shapely
from PySide6.QtGui import QColor, QImage

from explorer.io.vector_reader import read_vector
from explorer.render.export import ExportOptions, export_map
from explorer.render.map_scene import MapScene
from tests.render.helpers import close, pixel_at, render

ORANGE = QColor("#d35400")  # the first layer's colour


def write_layers(folder: Path) -> dict[str, Path]:
    square = shapely.box(63.0, 42.0, 65.0, 44.0)  # in the Kyzylkum, Uzbekistan
    line = shapely.LineString([(56.0, 38.0), (60.0, 39.5)])
    points = [shapely.Point(58.0 + i * 0.01, 46.0) for i in range(300)]
    paths = {}
    for name, geoms in (("square", [square]), ("line", [line]), ("points", points)):
        paths[name] = folder / f"{name}.geojson"
        gpd.GeoDataFrame({"n": range(len(geoms))}, geometry=geoms, crs="EPSG:4326").to_file(
            paths[name], driver="GeoJSON", engine="pyogrio")
    return paths


def test_polygons_lines_and_points_are_drawn(qapp, session, tmp_path: Path) -> None:
    paths = write_layers(tmp_path)
    for layer in session.themes.layers:
        layer.visible = False
    for path in paths.values():
        session.user_layers.add(read_vector(path), path)
    scene = MapScene(session=session)
    image = render(scene)
    inside = pixel_at(image, scene, 64.0, 43.0)
    assert inside.red() > inside.blue() + 30  # orange-tinted fill over the land
    assert not close(pixel_at(image, scene, 58.0, 40.0), inside)
    items = list(scene.user_layers.items.values())
    assert [len(items[0].polygons), len(items[1].lines), len(items[2].point_x)] == [1, 1, 300]


def test_style_and_removal_follow_the_model(qapp, session, tmp_path: Path) -> None:
    path = write_layers(tmp_path)["square"]
    layer = session.user_layers.add(read_vector(path), path)
    scene = MapScene(session=session)
    item = scene.user_layers.items[layer.id]
    layer.style.visible = False
    assert not item.isVisible()
    layer.style.opacity = 0.5
    assert item.opacity() == 0.5
    session.user_layers.remove(layer.id)
    assert layer.id not in scene.user_layers.items


def test_export_with_layer_from_the_command_line(tmp_path: Path) -> None:
    path = write_layers(tmp_path)["square"]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "explorer", "export", "m.png", "--layer",
                           str(path), "--themes", "none", "--size", "600x400"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    bad = tmp_path / "broken.geojson"
    bad.write_text("{ not json")
    done = subprocess.run([sys.executable, "-m", "explorer", "export", "n.png", "--layer",
                           str(bad)], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode != 0 and "broken.geojson" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "n.png").exists()


def test_export_options_draw_the_layer(qapp, tmp_path: Path) -> None:
    path = write_layers(tmp_path)["square"]
    options = {"size": (500, 400), "bbox": (60.0, 40.0, 68.0, 46.0), "themes": "none",
               "legend": False, "date": dt.date(2003, 6, 1)}
    plain = QImage(str(export_map(tmp_path / "a.png", ExportOptions(**options))))
    with_layer = QImage(str(export_map(tmp_path / "b.png",
                                       ExportOptions(layers=(path,), **options))))
    assert plain.pixelColor(250, 200) != with_layer.pixelColor(250, 200)


def test_the_legend_lists_visible_user_layers(session, tmp_path: Path) -> None:
    from explorer.model.legend import legend_entries

    paths = write_layers(tmp_path)
    square = session.user_layers.add(read_vector(paths["square"]), paths["square"])
    session.user_layers.add(read_vector(paths["points"]), paths["points"])
    mine = [(e.label, e.symbol.kind) for e in legend_entries(session)
            if e.section == "Your layers"]
    assert mine == [("points", "marker"), ("square", "area")]
    square.style.visible = False
    assert [e.label for e in legend_entries(session) if e.section == "Your layers"] == ["points"]
