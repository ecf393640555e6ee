"""User layers drawn by their style: colours per category, dates on the timeline, labels."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import shapely
from PySide6.QtGui import QColor

from explorer.model.layer_styling import PALETTE
from explorer.render.map_scene import MapScene
from tests.layers import layer_data
from tests.render.helpers import close, pixel_at, render


def add_layer(session, frame: dict, geoms: list, name: str = "mine"):
    for theme in session.themes.layers:
        theme.visible = False
    data = layer_data(gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:4326"), name=name,
                      source_crs="EPSG:4326")
    return session.user_layers.add(data)


def test_two_categories_are_drawn_in_two_colours(qapp, session) -> None:
    layer = add_layer(session, {"kind": ["mine", "base"]},
                      [shapely.box(62.0, 42.0, 64.0, 44.0), shapely.box(68.0, 42.0, 70.0, 44.0)])
    layer.style.update({"mode": "categorized", "field": "kind", "opacity": 1.0})
    scene = MapScene(session=session)
    scene.labels.setVisible(False)  # the fills alone: no country name over the sampled points
    image = render(scene)
    mine, base = pixel_at(image, scene, 63.0, 43.0), pixel_at(image, scene, 69.0, 43.0)
    assert not close(mine, base, 30)
    # "base" sorts first: the first palette colour (blue), "mine" the second (green).
    assert base.blue() > mine.blue() + 30 and mine.green() > base.green() + 5
    layer.style.mode = "single"
    image = render(scene)
    assert close(pixel_at(image, scene, 63.0, 43.0), pixel_at(image, scene, 69.0, 43.0), 6)


def test_points_follow_the_timeline(qapp, session) -> None:
    points = [shapely.Point(60.0 + i, 45.0) for i in range(4)]
    layer = add_layer(session, {"start": ["2000", "2005-06", "1995", "when?"],
                                "end": ["2010", None, "2001-01-01", None]}, points)
    session.time.date = dt.date(2003, 1, 1)
    scene = MapScene(session=session)
    item = scene.user_layers.items[layer.id]
    assert item.drawn_count() == 4  # no time fields yet: all drawn
    layer.style.update({"time_start_field": "start", "time_end_field": "end",
                        "point_size": 14.0})
    assert item.time_filter.unparseable == 1
    assert item.drawn_count() == 2  # 2000-2010 and the unreadable one
    image = render(scene)
    white = QColor("white")
    assert not close(pixel_at(image, scene, 60.0, 45.0), white, 40)
    assert close(pixel_at(image, scene, 61.0, 45.0), pixel_at(image, scene, 61.0, 44.0), 6)
    session.time.date = dt.date(2006, 1, 1)
    assert item.drawn_count() == 3
    image = render(scene)
    assert not close(pixel_at(image, scene, 61.0, 45.0), pixel_at(image, scene, 61.0, 44.0), 40)
    session.time.date = dt.date(2000, 6, 1)
    assert item.active.tolist() == [True, False, True, True]


def test_shapes_dashes_labels_and_bad_fields_still_draw(qapp, session) -> None:
    layer = add_layer(session, {"name": ["Alpha", "Beta"], "v": ["x", "y"]},
                      [shapely.Point(64.0, 44.0), shapely.LineString([(60, 40), (66, 41)])])
    layer.style.update({"point_shape": "star", "line_dash": "dot", "label_field": "name",
                        "mode": "graduated", "field": "v"})
    scene = MapScene(session=session)
    item = scene.user_layers.items[layer.id]
    assert "not numeric" in item.style_error
    assert item.classification.colours == [layer.style.colour]
    image = render(scene)
    assert not close(pixel_at(image, scene, 64.0, 44.0), QColor("white"), 40)
    layer.style.update({"mode": "categorized"})
    assert item.style_error == "" and item.classification.colours == list(PALETTE[:2])
    render(scene)


def test_user_labels_go_through_the_one_label_engine(qapp, session) -> None:
    # A labelled point among the atlas's labels: placed by the same engine, overlapping none.
    layer = add_layer(session, {"name": ["My site"]}, [shapely.Point(78.0, 47.0)])
    for theme in session.themes.layers:
        theme.visible = True
    scene = MapScene(session=session)
    render(scene)
    assert "My site" not in {c.text for c, _ in scene.label_engine.placed}
    layer.style.label_field = "name"
    render(scene)
    placed = scene.label_engine.placed
    assert "My site" in {c.text for c, _ in placed} and len(placed) > 20
    boxes = [box for _, spot in placed for box in spot.boxes]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    session.user_layers.remove(layer.id)
    render(scene)
    assert "My site" not in {c.text for c, _ in scene.label_engine.placed}
