"""The map's highlight follows the shared selection: what it lights, and that it shows."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage

from explorer.io.atlas_reader import read_atlas
from explorer.io.vector_reader import read_vector
from explorer.model.atlas import Atlas
from explorer.model.features import FeatureRef
from explorer.model.session import Session
from explorer.model.user_layers import LayerStyle
from explorer.render.export import ExportOptions, export_map
from explorer.render.highlight import RING_WIDTH
from explorer.render.highlight_territory import COLOUR
from explorer.render.map_scene import MapScene
from explorer.render.themes import symbols
from tests.render.helpers import close, pixel_at, render

K2 = (65.9125, 38.835)
K2_ID = "base_karshi_khanabad"
UZB_WEST_BORDER = (56.0, 44.0)  # the straight Ustyurt border with Kazakhstan
UZBEKISTAN = (62.0, 37.0, 70.0, 43.0)
MOSCOW = (34.0, 53.0, 40.0, 57.0)


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return read_atlas()


def scene_on(atlas: Atlas, day: str, *selected) -> tuple[Session, MapScene]:
    session = Session(atlas, date=dt.date.fromisoformat(day))
    if selected:
        session.selection.select(list(selected))
    return session, MapScene(session=session)


def highlight_near(image: QImage, scene: MapScene, lon: float, lat: float,
                   radius: int = 2) -> bool:
    x, y = scene.projection.forward(lon, lat)
    p = scene.viewbox.mapFromView(QPointF(float(x), float(y)))
    return any(close(image.pixelColor(round(p.x()) + dx, round(p.y()) + dy), COLOUR, 16)
               for dx in range(-radius, radius + 1) for dy in range(-radius, radius + 1))


def ring_share(image: QImage, scene: MapScene, lon: float, lat: float, radius: float) -> float:
    """The share of points on a circle around lon/lat that have the highlight colour."""
    x, y = scene.projection.forward(lon, lat)
    c = scene.viewbox.mapFromView(QPointF(float(x), float(y)))
    hits = [close(image.pixelColor(round(c.x() + radius * math.cos(a)),
                                   round(c.y() + radius * math.sin(a))), COLOUR, 30)
            for a in (k * math.pi / 12 for k in range(24))]
    return sum(hits) / len(hits)


def test_uzbekistan_in_2003_lights_its_territory_k2_and_its_routes(qapp, atlas) -> None:
    session, scene = scene_on(atlas, "2003-06-01", "UZB")
    item = scene.highlight
    assert item is not None and item.state.actors == {"UZB"}
    assert item.country_ids == {"UZB"}
    assert K2_ID in item.lit_ids("bases") and "base_manas" not in item.lit_ids("bases")
    routes = scene.themes.items["routes"]
    through = {r.id for r in session.active.routes.values() if "UZB" in r.countries}
    assert item.lit_ids("routes") == through & routes.drawn_ids
    assert "rail_uzb_mainline" in item.lit_ids("routes")
    assert not item.lit_ids("places")
    assert item.state.relations  # the US–Uzbek basing relation among them
    assert any({session.atlas.relations[r].source, session.atlas.relations[r].target}
               == {"USA", "UZB"} for r in item.state.relations)


def test_the_highlight_shows_on_uzbekistans_border_and_around_k2(qapp, atlas) -> None:
    session, scene = scene_on(atlas, "2003-06-01")
    plain = render(scene)
    assert not highlight_near(plain, scene, *UZB_WEST_BORDER)
    session.selection.select("UZB")
    lit = render(scene)
    assert highlight_near(lit, scene, *UZB_WEST_BORDER)
    zoomed = render(scene, bbox=UZBEKISTAN)
    ring = symbols.BASE_SIZE * 0.85
    assert ring_share(zoomed, scene, *K2, ring) > 0.6
    # linked: one ring (the lit lines out of Karshi station, 11 km off, hidden for this look)
    session.themes.layer("routes").visible = False
    bare = render(scene, bbox=UZBEKISTAN)
    assert ring_share(bare, scene, *K2, ring + RING_WIDTH + 2.0) < 0.1
    session.themes.layer("routes").visible = True
    session.selection.clear()
    assert not scene.highlight.state
    assert not highlight_near(render(scene), scene, *UZB_WEST_BORDER)


def test_selecting_k2_lights_the_usa_and_uzbekistan(qapp, atlas) -> None:
    _, scene = scene_on(atlas, "2003-06-01", FeatureRef("base", K2_ID))
    item = scene.highlight
    assert {"USA", "UZB"} <= item.state.actors
    assert item.country_ids == {"USA", "UZB"}
    assert K2_ID in item.lit_ids("bases")
    image = render(scene, bbox=UZBEKISTAN)
    ring = symbols.BASE_SIZE * 0.85
    assert ring_share(image, scene, *K2, ring) > 0.6
    assert ring_share(image, scene, *K2, ring + RING_WIDTH + 2.0) > 0.35  # picked: 2 rings


def test_the_highlight_follows_the_date_without_reprojecting(qapp, atlas) -> None:
    session, scene = scene_on(atlas, "2003-06-01", "UZB")
    item = scene.highlight
    projections = {k: i.projections for k, i in scene.themes.items.items()}
    session.time.date = dt.date(2007, 6, 1)  # K2 closed in November 2005
    assert K2_ID not in item.lit_ids("bases")
    assert item.country_ids == {"UZB"}
    session.selection.select(["KGZ", FeatureRef("place", "tashkent")], "add")
    assert item.country_ids == {"UZB", "KGZ"}
    assert "base_manas" in item.lit_ids("bases")
    assert item.lit_ids("places") == {"tashkent"}
    assert {k: i.projections for k, i in scene.themes.items.items()} == projections


def test_hidden_themes_get_no_rings(qapp, atlas) -> None:
    session, scene = scene_on(atlas, "2003-06-01", "UZB")
    assert scene.highlight.lit_ids("bases")
    session.themes.layer("bases").visible = False
    assert not scene.highlight.lit_ids("bases")
    assert scene.highlight.country_ids == {"UZB"}


def test_a_selected_event_is_ringed_while_the_map_shows_it(qapp, atlas) -> None:
    event = next(e for e in atlas.events.values() if e.place in atlas.places)
    session, scene = scene_on(atlas, event.date.first_day.isoformat(),
                              FeatureRef("event", event.id))
    assert scene.highlight.lit_ids("events") == {event.id}
    session.time.date = event.date.first_day - dt.timedelta(days=1)
    assert not scene.highlight.lit_ids("events")


def test_zoomed_in_the_territory_is_cut_to_the_view_without_false_edges(qapp, atlas) -> None:
    """Russia (a CSTO member) fills a view of Moscow: no outline runs along the frame."""
    _, scene = scene_on(atlas, "2010-01-01", "CSTO")
    assert {"RUS", "BLR", "KAZ"} <= scene.highlight.country_ids
    image = render(scene, bbox=MOSCOW)
    width, height = image.width(), image.height()
    edge = [image.pixelColor(x, y) for x in range(0, width, 7) for y in (1, height - 2)]
    edge += [image.pixelColor(x, y) for y in range(60, height - 60, 7) for x in (1, width - 2)]
    assert sum(close(c, COLOUR, 30) for c in edge) < len(edge) * 0.05


def test_a_projection_change_keeps_the_highlight(qapp, atlas) -> None:
    _, scene = scene_on(atlas, "2003-06-01", "UZB")
    render(scene)
    scene.set_projection("equal_earth")
    assert highlight_near(render(scene), scene, *UZB_WEST_BORDER)


def count_highlight(image: QImage) -> int:
    return sum(close(image.pixelColor(x, y), COLOUR, 10)
               for x in range(0, image.width(), 2) for y in range(0, image.height(), 2))


def test_exports_draw_the_selection(qapp, atlas, tmp_path: Path) -> None:
    """`explorer export --select ID` needs only `session.selection.select(ID)` before export."""
    session = Session(atlas, date=dt.date(2003, 6, 1))
    options = ExportOptions(size=(900, 600), session=session, legend=False)
    plain = export_map(tmp_path / "plain.png", options)
    session.selection.select("UZB")
    lit = export_map(tmp_path / "lit.png", options)
    assert count_highlight(QImage(str(lit))) > count_highlight(QImage(str(plain))) + 300
    assert QColor(COLOUR).name() == "#ffb000"


def test_user_features_inside_the_selection_keep_their_colour(qapp, atlas, tmp_path) -> None:
    """The highlight (glow, casing, outline) lies under the user's layers: a point of theirs
    inside Uzbekistan, or on its border, keeps its colour when Uzbekistan is selected."""
    blue = QColor("#1f4fd8")
    points = {"inside": (64.0, 41.5), "on the border": UZB_WEST_BORDER}
    path = tmp_path / "points.geojson"
    gpd.GeoDataFrame({"name": list(points)}, geometry=[shapely.Point(p) for p in points.values()],
                     crs="EPSG:4326").to_file(path, driver="GeoJSON", engine="pyogrio")
    session, scene = scene_on(atlas, "2003-06-01")
    session.user_layers.add(read_vector(path), path,
                            LayerStyle(name="points", colour=blue.name(), point_size=12.0))
    session.selection.select("UZB")
    image = render(scene, bbox=(55.0, 37.0, 70.0, 46.0))
    for where, (lon, lat) in points.items():
        assert close(pixel_at(image, scene, lon, lat), blue, 20), where
    assert highlight_near(image, scene, 56.0, 42.6)  # the outline is drawn beside them
