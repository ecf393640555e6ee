"""A point layer too dense to draw point by point is shaded by count in the view, per category
when styled so; zoomed in, its points are symbols again; the legend says which, with the
counts' range."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import shapely
from PySide6.QtGui import QColor

from explorer.geo.projected_points import BACKGROUND_MIN
from explorer.geo.projection import CENTRAL_ASIA_BBOX
from explorer.model.legend import legend_entries
from explorer.render.density import ramp_colours
from explorer.render.export import ExportOptions, export_map
from explorer.render.extent import map_extent
from explorer.render.map_scene import MapScene
from explorer.render.user_points import dense_counts
from tests.layers import as_frame, layer_data
from tests.render.helpers import pixel_at, render

TASHKENT = (69.24, 41.3)


def crowd(n: int, seed: int = 0) -> gpd.GeoDataFrame:
    """n points around Tashkent, a kind each, dated 2000 to 2013."""
    rng = np.random.default_rng(seed)
    lon, lat = TASHKENT[0] + rng.normal(0, 1.0, n), TASHKENT[1] + rng.normal(0, 0.7, n)
    kind = np.array(["battle", "protest"])[rng.integers(0, 2, n)]
    return gpd.GeoDataFrame({"kind": kind, "year": rng.integers(2000, 2014, n)},
                            geometry=shapely.points(lon, lat), crs="EPSG:4326")


def scene_with(session, frame: gpd.GeoDataFrame):
    for layer in session.themes.layers:
        layer.visible = False
    layer = session.user_layers.add(layer_data(frame, "events", "EPSG:4326"))
    scene = MapScene(session=session)
    return scene, layer, scene.user_layers.items[layer.id]


def test_a_dense_layer_is_shaded_by_count_and_zoomed_in_drawn_as_points(qapp, session) -> None:
    scene, layer, item = scene_with(session, crowd(60_000))
    image = render(scene)  # Central Asia at 800x600: 15,000 pixels per 1,000 points
    assert item.lod_counts["density"] == 60_000
    centre = pixel_at(image, scene, *TASHKENT)
    dense_end = QColor(*ramp_colours()[-1][:3])
    assert abs(centre.red() - dense_end.red()) + abs(centre.blue() - dense_end.blue()) < 60
    edge = pixel_at(image, scene, TASHKENT[0] + 2.5, TASHKENT[1])  # sparse: the ramp's start
    assert edge.lightness() > centre.lightness() + 60
    extent = map_extent(scene, scene.view_rect(), 800)
    (entry,) = [e for e in legend_entries(session, extent) if e.section == "Your layers"]
    assert entry.symbol.kind == "density" and entry.label.startswith("events: points per cell")
    assert entry.label.endswith(f"to {extent.dense[layer.id]:,}") and extent.dense[layer.id] > 50

    near = (TASHKENT[0] - 0.05, TASHKENT[1] - 0.04, TASHKENT[0] + 0.05, TASHKENT[1] + 0.04)
    render(scene, bbox=near)  # a few dozen points in view: symbols
    assert item.lod_counts["density"] == 0
    extent = map_extent(scene, scene.view_rect(), 800)
    assert not extent.dense
    (entry,) = [e for e in legend_entries(session, extent) if e.section == "Your layers"]
    assert entry.symbol.kind == "marker"


def test_the_timeline_filters_before_counting(qapp, session) -> None:
    scene, layer, item = scene_with(session, crowd(60_000))
    layer.style.time_start_field = "year"  # drawn from that year on
    render(scene)
    shown = item.lod_counts["density"]
    assert 0 < shown < 60_000 and shown == int((as_frame(layer.data)["year"] <= 2003).sum())
    session.time.date = dt.date(1995, 1, 1)  # none yet: nothing to count, nor to draw
    render(scene)
    assert item.lod_counts["density"] == 0


def test_categories_are_mixed_and_listed(qapp, session) -> None:
    scene, layer, item = scene_with(session, crowd(60_000))
    layer.style.field, layer.style.mode = "kind", "categorized"
    image = render(scene)
    colours = [QColor(c) for c in item.classification.colours]
    centre = pixel_at(image, scene, *TASHKENT)
    half = [(a + b) / 2 for a, b in zip(colours[0].getRgb()[:3], colours[1].getRgb()[:3],
                                        strict=True)]
    assert max(abs(p - q) for p, q in zip(centre.getRgb()[:3], half, strict=True)) < 40
    entries = [e for e in legend_entries(session, map_extent(scene, scene.view_rect(), 800))
               if e.section == "events"]
    assert [e.label for e in entries[:2]] == ["battle", "protest"]
    assert all(e.symbol.kind == "density" for e in entries)
    assert entries[-1].label.startswith("mixed by share")


def test_an_export_shades_and_its_legend_says_so(qapp, session, tmp_path) -> None:
    path = tmp_path / "events.parquet"
    crowd(60_000).to_parquet(path)
    out = export_map(tmp_path / "dense.svg", ExportOptions(size=(1000, 700), layers=(path,),
                                                           date=dt.date(2003, 6, 1)))
    text = out.read_text(encoding="utf-8")
    assert "points per cell, 1 to" in text and "<image" in text


def test_points_shaded_by_count_offer_no_labels(qapp, session) -> None:
    frame = crowd(60_000)
    frame["name"] = "event"
    scene, layer, item = scene_with(session, frame)
    layer.style.label_field = "name"
    render(scene)
    assert item.dense and not [c for c, _ in scene.label_engine.placed
                               if c.feature.startswith(layer.id)]
    render(scene, bbox=(69.2, 41.26, 69.3, 41.34))
    assert not item.dense and [c for c, _ in scene.label_engine.placed
                               if c.feature.startswith(layer.id)]


def test_a_big_layer_is_counted_alike_before_and_after_its_points_are_in_order(qapp,
                                                                             session) -> None:
    scene, layer, item = scene_with(session, crowd(BACKGROUND_MIN))
    layer.style.field, layer.style.mode = "kind", "categorized"
    layer.style.time_start_field = "year"
    rect = scene.projection.bbox_to_rect(CENTRAL_ASIA_BBOX)

    def counts():
        return dense_counts(item.points, item.active, rect, (800, 600), 1.0,
                            item.classification.indices, 2)

    early = counts()  # through the interpolated projection
    assert not item.points.ready
    render(scene)  # a window's first frame: the worker ordering the points waits for it...
    assert item.points.estimate(1e9) is not None  # (still counting by the estimate)
    qapp.processEvents()  # ...and is set going once the frame is drawn
    assert item.points.estimate(1e9) is None  # the worker is on it
    assert len(item.point_x) == BACKGROUND_MIN and item.points.ready
    late = counts()
    shown = int((as_frame(layer.data)["year"] <= session.time.date.year).sum())
    assert early.shape == late.shape and early.sum() == late.sum() == shown
    assert np.abs(early - late).sum() <= 2e-3 * shown  # a few points a cell over
