"""A user layer on screen: cached while panning, tiny features as dots; exports draw it all."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator

from explorer.io.vector_reader import read_vector
from explorer.render.export import render_scene
from explorer.render.map_scene import MapScene
from tests.render.helpers import pixel_at, render

TINY = [(60.0 + 0.3 * i, 42.0 + 0.2 * (i % 5)) for i in range(20)]


def tiny_layer(session, folder: Path):
    geoms = [shapely.Point(x, y).buffer(0.001) for x, y in TINY]  # about 200 m across
    path = folder / "tiny.gpkg"
    gpd.GeoDataFrame({"n": range(len(geoms))}, geometry=geoms, crs="EPSG:4326").to_file(
        path, driver="GPKG", engine="pyogrio")
    for layer in session.themes.layers:
        layer.visible = False
    return session.user_layers.add(read_vector(path), path)


def test_the_layer_is_blitted_while_panning_and_redrawn_on_change(qapp, session,
                                                                   tmp_path) -> None:
    layer = tiny_layer(session, tmp_path)
    scene = MapScene(session=session)
    item = scene.user_layers.items[layer.id]
    image = QImage(800, 600, QImage.Format.Format_ARGB32_Premultiplied)
    view = scene.projection.bbox_to_rect((55.0, 38.0, 70.0, 46.0))
    for k in range(6):
        shift = (view[2] - view[0]) * 0.01 * k
        painter = QPainter(image)
        render_scene(painter, QRectF(0, 0, 800, 600), scene,
                     (view[0] + shift, view[1], view[2] + shift, view[3]))
        painter.end()
    assert item.cache.renders <= 2  # the first frame, then at most one with the pan margin
    before = item.cache.renders
    layer.style.colour = "#1f77b4"
    render(scene, bbox=(55.0, 38.0, 70.0, 46.0))
    assert item.cache.renders == before + 1


def test_vector_devices_and_exports_draw_every_feature_exactly(qapp, session,
                                                               tmp_path) -> None:
    layer = tiny_layer(session, tmp_path)
    scene = MapScene(session=session)
    item = scene.user_layers.items[layer.id]
    svg = QSvgGenerator()
    svg.setFileName(str(tmp_path / "m.svg"))
    svg.setSize(image_size := QImage(800, 600, QImage.Format.Format_ARGB32).size())
    painter = QPainter(svg)
    render_scene(painter, QRectF(0, 0, image_size.width(), image_size.height()), scene,
                 scene.projection.bbox_to_rect((55.0, 38.0, 70.0, 46.0)))
    painter.end()
    assert item.lod_counts == {"paths": len(TINY), "dots": 0, "batched": 0, "density": 0}
    renders = item.cache.renders
    scene.context.one_shot = True
    render(scene, bbox=(55.0, 38.0, 70.0, 46.0))
    assert item.lod_counts == {"paths": len(TINY), "dots": 0, "batched": 0, "density": 0}
    assert item.cache.renders == renders + 1  # drawn, not blitted


def test_tiny_polygons_are_dots_at_small_scale_and_shapes_when_zoomed_in(qapp, session,
                                                                          tmp_path) -> None:
    layer = tiny_layer(session, tmp_path)
    scene = MapScene(session=session)
    item = scene.user_layers.items[layer.id]
    image = render(scene, bbox=(40.0, 30.0, 100.0, 60.0))
    assert item.lod_counts == {"paths": 0, "dots": len(TINY), "batched": 0, "density": 0}
    x, y = TINY[0]
    assert pixel_at(image, scene, x, y) != pixel_at(image, scene, x + 0.15, y + 0.1)
    render(scene, bbox=(x - 0.01, y - 0.01, x + 0.01, y + 0.01))
    assert item.lod_counts["paths"] >= 1 and item.lod_counts["dots"] == 0
    assert item._polygon_paths.built() < len(TINY)  # paths built only when shown
    assert np.isfinite(item.label_x).all()


def test_small_polygons_are_batched_on_screen_and_drawn_filled(qapp, session, tmp_path) -> None:
    geoms = [shapely.Point(x, y).buffer(0.15) for x, y in TINY]  # a few pixels across
    path = tmp_path / "small.gpkg"
    gpd.GeoDataFrame({"n": range(len(geoms))}, geometry=geoms, crs="EPSG:4326").to_file(
        path, driver="GPKG", engine="pyogrio")
    for theme in session.themes.layers:
        theme.visible = False
    layer = session.user_layers.add(read_vector(path), path)
    scene = MapScene(session=session)
    item = scene.user_layers.items[layer.id]
    bbox = (40.0, 30.0, 100.0, 60.0)
    image = render(scene, bbox=bbox)
    assert item.lod_counts == {"paths": 0, "dots": 0, "batched": len(TINY), "density": 0}
    layer.style.visible = False
    bare = render(scene, bbox=bbox)
    x, y = TINY[3]
    assert pixel_at(image, scene, x, y) != pixel_at(bare, scene, x, y)  # filled inside
    layer.style.visible = True
    scene.context.one_shot = True
    exact = render(scene, bbox=bbox)
    assert item.lod_counts == {"paths": len(TINY), "dots": 0, "batched": 0, "density": 0}
    batched, drawn = pixel_at(image, scene, x, y), pixel_at(exact, scene, x, y)
    assert max(abs(batched.redF() - drawn.redF()), abs(batched.greenF() - drawn.greenF()),
               abs(batched.blueF() - drawn.blueF())) < 0.08  # the same look, give or take AA


def test_large_polygons_are_filled_inside_and_outlined_along_the_border(qapp, session,
                                                                        tmp_path) -> None:
    # big shapes take the fast way (outline as segments): the look must not change
    from PySide6.QtGui import QColor

    from explorer.render.user_layers import FILL_ALPHA

    path = tmp_path / "big.gpkg"
    gpd.GeoDataFrame({"n": [0]}, geometry=[shapely.box(60.0, 40.0, 70.0, 45.0)],
                     crs="EPSG:4326").to_file(path, driver="GPKG", engine="pyogrio")
    for theme in session.themes.layers:
        theme.visible = False
    layer = session.user_layers.add(read_vector(path), path)
    scene = MapScene(session=session)
    item = scene.user_layers.items[layer.id]
    scene.labels.setVisible(False)
    image = render(scene)
    assert item.lod_counts["paths"] == 1
    layer.style.visible = False
    bare = render(scene)
    colour = QColor(item.classification.colours[0])
    inside, under = pixel_at(image, scene, 65.0, 42.5), pixel_at(bare, scene, 65.0, 42.5)
    expected = [u + (c - u) * FILL_ALPHA for u, c in zip(under.getRgbF()[:3],
                                                           colour.getRgbF()[:3], strict=True)]
    assert max(abs(a - b) for a, b in zip(inside.getRgbF()[:3], expected, strict=True)) < 0.03
    edge = colour.darker(115)  # the outline, on the border's line
    x, y = scene.projection.forward(65.0, 45.0)
    point = scene.viewbox.mapFromView(QPointF(float(x), float(y)))
    column = [image.pixelColor(round(point.x()), round(point.y()) + dy) for dy in range(-2, 3)]
    assert min(max(abs(a - b) for a, b in zip(c.getRgbF()[:3], edge.getRgbF()[:3], strict=True))
               for c in column) < 0.08


def test_large_lines_are_drawn_along_their_course(qapp, session, tmp_path) -> None:
    from PySide6.QtGui import QColor

    path = tmp_path / "line.gpkg"
    course = shapely.LineString([(60.0, 40.0), (62.0, 41.0), (64.0, 40.0), (70.0, 42.0)])
    gpd.GeoDataFrame({"n": [0]}, geometry=[shapely.segmentize(course, 0.01)],
                     crs="EPSG:4326").to_file(path, driver="GPKG", engine="pyogrio")
    for theme in session.themes.layers:
        theme.visible = False
    layer = session.user_layers.add(read_vector(path), path)
    scene = MapScene(session=session)
    scene.labels.setVisible(False)
    image = render(scene)
    item = scene.user_layers.items[layer.id]
    assert item.lod_counts["paths"] == 1
    colour = QColor(item.classification.colours[0])
    for lon, lat in ((61.0, 40.5), (63.0, 40.5), (67.0, 41.0)):
        x, y = scene.projection.forward(lon, lat)
        at = scene.viewbox.mapFromView(QPointF(float(x), float(y)))
        nearest = min(max(abs(a - b) for a, b in zip(
            image.pixelColor(round(at.x()) + dx, round(at.y()) + dy).getRgbF()[:3],
            colour.getRgbF()[:3], strict=True)) for dx in (-1, 0, 1) for dy in (-1, 0, 1))
        assert nearest < 0.1, (lon, lat, nearest)
