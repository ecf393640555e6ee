"""The atlas themes follow the session: the date flips what is drawn, layers restyle live."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from explorer.io.atlas_reader import read_atlas
from explorer.model.atlas import Atlas
from explorer.model.features import FeatureRef
from explorer.model.session import Session
from explorer.model.theme_style import theme_style
from explorer.render import style
from explorer.render.export import render_scene
from explorer.render.label_spots import LabelCandidate
from explorer.render.map_scene import MapScene
from explorer.render.themes import shading, symbols
from tests.render.helpers import close, pixel_at, render

K2 = (65.9125, 38.835)
INSIDE_UZBEKISTAN = (63.5, 42.0)  # the Kyzylkum: away from borders and labels
CENTRAL_ASIA = (45.0, 24.0, 90.0, 56.0)


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return read_atlas()


def themed(atlas: Atlas, day: str, *shown: str) -> tuple[Session, MapScene]:
    """A scene following a new session on `day`; with `shown`, only those themes are visible."""
    session = Session(atlas, date=dt.date.fromisoformat(day))
    if shown:
        for layer in session.themes.layers:
            layer.visible = layer.key in shown
    return session, MapScene(session=session)



def blend(under: QColor, over: str | QColor, alpha: float) -> QColor:
    top = QColor(over)
    return QColor(*(round(u + (o - u) * alpha) for u, o in
                    zip(under.getRgb()[:3], top.getRgb()[:3], strict=True)))


def near(image: QImage, scene: MapScene, lon: float, lat: float, colour: QColor,
         tolerance: int = 20, radius: int = 1) -> bool:
    """Whether a pixel within `radius` of where lon/lat lands has the colour (thin lines)."""
    x, y = scene.projection.forward(lon, lat)
    point = scene.viewbox.mapFromView(QPointF(float(x), float(y)))
    return any(close(image.pixelColor(round(point.x()) + dx, round(point.y()) + dy), colour,
                     tolerance)
               for dx in range(-radius, radius + 1) for dy in range(-radius, radius + 1))


def map_xy(scene: MapScene, lon: float, lat: float) -> tuple[float, float]:
    x, y = scene.projection.forward(lon, lat)
    return float(x), float(y)


# --- what the date draws --------------------------------------------------------------------

def test_k2_drawn_in_2003_and_not_in_2006(qapp, atlas) -> None:
    session, scene = themed(atlas, "2003-06-01")
    bases = scene.themes.items["bases"]
    usa = symbols.operator_colour("USA")
    assert "base_karshi_khanabad" in bases.drawn_ids
    assert close(pixel_at(render(scene), scene, *K2), usa, 20)
    session.time.date = dt.date(2006, 6, 1)
    assert "base_karshi_khanabad" not in bases.drawn_ids
    assert not close(pixel_at(render(scene), scene, *K2), usa, 60)


def test_the_drawn_sets_match_the_atlas_on_every_date(qapp, atlas) -> None:
    session, scene = themed(atlas, "1995-01-01")
    items = scene.themes.items
    for year in range(1995, 2026, 3):
        session.time.date = dt.date(year, 7, 1)
        active = atlas.active_on(session.date)
        assert items["bases"].drawn_ids == set(active.bases)
        assert items["routes"].drawn_ids == {r for r, route in active.routes.items()
                                             if route.status != "closed"}
        recent = atlas.active_on(session.date, session.themes.event_window_days).events
        assert items["events"].drawn_ids == {e for e, event in recent.items() if event.place}


def test_uzbekistan_shaded_as_csto_member_in_2008_not_in_2003(qapp, atlas) -> None:
    session, scene = themed(atlas, "2003-06-01", "alliances")
    scene.labels.setVisible(False)
    alliances = scene.themes.items["alliances"]
    csto = blend(style.LAND_EMPHASIS, theme_style().organization("CSTO"), shading.FILL_ALPHA)
    assert ("CSTO", "member") not in alliances.roles["UZB"]
    assert close(pixel_at(render(scene), scene, *INSIDE_UZBEKISTAN), style.LAND_EMPHASIS)
    session.time.date = dt.date(2008, 6, 1)
    assert ("CSTO", "member") in alliances.roles["UZB"]
    assert close(pixel_at(render(scene), scene, *INSIDE_UZBEKISTAN), csto, 6)


def test_count_mode_shades_by_number_of_blocs(qapp, atlas) -> None:
    session, scene = themed(atlas, "2008-06-01", "alliances")
    scene.labels.setVisible(False)
    session.themes.alliances.mode = "count"
    alliances = scene.themes.items["alliances"]
    assert alliances.count("UZB") == 2 and alliances.count("CHN") == 1
    assert alliances.count("TKM") == 0
    image = render(scene)
    two = blend(style.LAND_EMPHASIS, shading.count_colour(2, 2), shading.COUNT_ALPHA)
    one = blend(style.LAND, shading.count_colour(1, 2), shading.COUNT_ALPHA)
    assert close(pixel_at(image, scene, *INSIDE_UZBEKISTAN), two, 6)
    assert close(pixel_at(image, scene, 84.0, 39.0), one, 6)  # the Tarim basin, China
    assert close(pixel_at(image, scene, 59.5, 39.0), style.LAND_EMPHASIS)  # Turkmenistan


def test_partners_hatched_and_suspended_faint(qapp, atlas) -> None:
    _, scene = themed(atlas, "2013-06-01", "alliances")
    alliances = scene.themes.items["alliances"]
    assert ("CSTO", "suspended") in alliances.roles["UZB"]
    suspended = alliances.shading["UZB"][0]
    assert suspended.outline_dashed and suspended.fill_alpha < shading.FILL_ALPHA
    observer = [s for s in alliances.shading["IRN"] if s.hatch is not None]
    assert observer and observer[0].colour == theme_style().organization("SCO")


def test_routes_pen_follows_status(qapp, atlas) -> None:
    _, scene = themed(atlas, "2008-06-01")
    routes = scene.themes.items["routes"]
    index = {rid: i for i, rid in enumerate(routes.ids)}
    building = routes.pen(index["rail_btk_construction"])
    operating = routes.pen(index["rail_uzb_mainline"])
    assert {"rail_btk_construction", "rail_uzb_mainline"} <= routes.drawn_ids
    assert operating.style() == Qt.PenStyle.SolidLine
    assert building.style() == Qt.PenStyle.CustomDashLine and building.dashPattern()
    assert symbols.route_pen(QColor("red"), "planned", 2).dashPattern() != building.dashPattern()
    assert symbols.route_pen(QColor("red"), "closed", 2) is None
    # legs of one corridor share a colour; other corridors have theirs
    colour = {rid: routes.pen(i).color().name() for rid, i in index.items()
              if routes.pen(i) is not None}
    assert colour["rail_kti_construction"] == colour["rail_kti"]
    assert colour["rail_kti"] != colour["rail_tejen_sarakhs_mashhad"]


def test_route_drawn_on_the_map(qapp, atlas) -> None:
    _, scene = themed(atlas, "2003-06-01", "routes")
    scene.labels.setVisible(False)
    tashkent, gulistan = atlas.places["tashkent"], atlas.places["gulistan"]
    middle = ((tashkent.lon + gulistan.lon) / 2, (tashkent.lat + gulistan.lat) / 2)
    routes = scene.themes.items["routes"]
    colour = routes._colours[int(np.flatnonzero(routes.ids == "rail_uzb_mainline")[0])]
    image = render(scene, size=(1600, 1200), bbox=(68.0, 40.0, 70.0, 41.6))
    assert near(image, scene, *middle, colour)


# --- layers: visibility, opacity, order ---------------------------------------------------------

def test_visibility_opacity_and_order_follow_the_layers(qapp, atlas) -> None:
    session, scene = themed(atlas, "2003-06-01")
    bases = scene.themes.items["bases"]
    usa = symbols.operator_colour("USA")
    session.themes.layer("bases").visible = False
    under = pixel_at(render(scene), scene, *K2)  # whatever lies under the base
    session.themes.layer("bases").visible = True
    session.themes.layer("bases").opacity = 0.5
    assert bases.opacity() == 0.5
    half = pixel_at(render(scene), scene, *K2)
    assert not close(half, usa, 20) and close(half, blend(under, usa, 0.5), 8)
    session.themes.layer("bases").visible = False
    assert not bases.isVisible()
    assert not close(pixel_at(render(scene), scene, *K2), usa, 60)
    alliances = scene.themes.items["alliances"]
    assert alliances.zValue() < bases.zValue()
    session.themes.move("alliances", 4)
    assert alliances.zValue() > bases.zValue()
    session.themes.layers = tuple(reversed(session.themes.layers))  # replaced layer tuple
    session.themes.layer("bases").visible = True
    assert bases.isVisible()


def test_history_draws_inactive_bases_faint(qapp, atlas) -> None:
    session, scene = themed(atlas, "2006-06-01")
    bases = scene.themes.items["bases"]
    k2 = int(np.flatnonzero(bases.ids == "base_karshi_khanabad")[0])
    assert not bases.faint[k2]
    session.themes.show_history = True
    assert bases.faint[k2] and not bases.drawn[k2]
    assert "rail_kti" in {scene.themes.items["routes"].ids[i]
                          for i in np.flatnonzero(scene.themes.items["routes"].faint)}


def test_replaced_alliance_options_still_followed(qapp, atlas) -> None:
    session, scene = themed(atlas, "2008-06-01")
    alliances = scene.themes.items["alliances"]
    session.themes.alliances = session.themes.alliances.model_copy(
        update={"organizations": ("CIS",)})
    assert alliances.roles["UZB"] == [("CIS", "member")]
    session.themes.alliances.organizations = ("SCO",)
    assert alliances.roles["UZB"] == [("SCO", "member")]


# --- hit-testing -------------------------------------------------------------------------------

def test_feature_at_finds_base_route_and_country(qapp, atlas) -> None:
    session, scene = themed(atlas, "2003-06-01")
    tolerance = 8_000.0
    assert scene.feature_at(*map_xy(scene, *K2), tolerance) == FeatureRef(
        "base", "base_karshi_khanabad")
    tashkent, gulistan = atlas.places["tashkent"], atlas.places["gulistan"]
    middle = map_xy(scene, (tashkent.lon + gulistan.lon) / 2, (tashkent.lat + gulistan.lat) / 2)
    assert scene.feature_at(*middle, tolerance) == FeatureRef("route", "rail_uzb_mainline")
    assert scene.feature_at(*map_xy(scene, 64.5, 41.5), tolerance) == FeatureRef(
        "country", "UZB")
    assert scene.feature_at(*map_xy(scene, 50.7, 42.3), tolerance) is None  # the Caspian
    session.time.date = dt.date(2006, 6, 1)  # K2 closed: the country answers instead
    assert scene.feature_at(*map_xy(scene, *K2), tolerance) == FeatureRef("country", "UZB")
    session.themes.layer("routes").visible = False
    assert scene.feature_at(*middle, tolerance) != FeatureRef("route", "rail_uzb_mainline")


def test_feature_at_prefers_the_top_layer(qapp, atlas) -> None:
    session, scene = themed(atlas, "2003-06-01")
    tashkent = map_xy(scene, atlas.places["tashkent"].lon, atlas.places["tashkent"].lat)
    assert scene.feature_at(*tashkent, 5_000.0) == FeatureRef("place", "tashkent")
    session.themes.move("routes", len(session.themes.layers))
    assert scene.feature_at(*tashkent, 5_000.0).kind == "route"


def test_basemap_only_scene_has_no_themes(qapp) -> None:
    scene = MapScene()
    assert scene.themes is None
    assert scene.feature_at(*map_xy(scene, 69.24, 41.30), 1000.0) == FeatureRef("country",
                                                                                 "UZB")


# --- date steps never rebuild geometry; projections do --------------------------------------------

def test_date_steps_reuse_the_projected_geometry(qapp, atlas) -> None:
    session, scene = themed(atlas, "2001-01-01")
    render(scene)
    items = scene.themes.items
    routes, bases, alliances = items["routes"], items["bases"], items["alliances"]
    kept = (routes.geoms, routes.paths, bases.x, scene.countries.level("countries_z1").paths)
    projections = {key: item.projections for key, item in items.items()}
    renders = alliances.cache.renders
    for months in range(1, 25):
        session.time.step(months=1)
        if months == 12:
            render(scene)
    assert (routes.geoms, routes.paths, bases.x,
            scene.countries.level("countries_z1").paths) == kept
    assert all(a is b for a, b in zip(kept, (routes.geoms, routes.paths, bases.x,
                                              scene.countries.level("countries_z1").paths),
                                       strict=True))
    assert {key: item.projections for key, item in items.items()} == projections
    assert alliances.cache.renders - renders <= 1  # drawn again only when shading changed


def test_set_projection_reprojects_the_themes(qapp, atlas) -> None:
    _, scene = themed(atlas, "2003-06-01")
    render(scene)
    bases = scene.themes.items["bases"]
    before = bases.projections
    scene.set_projection("equal_earth")
    assert bases.projections == before + 1
    assert scene.feature_at(*map_xy(scene, *K2), 8_000.0) == FeatureRef(
        "base", "base_karshi_khanabad")
    image = render(scene)
    assert close(pixel_at(image, scene, *K2), symbols.operator_colour("USA"), 20)


# --- labels ------------------------------------------------------------------------------------

def placed_texts(scene: MapScene) -> list[str]:
    return [candidate.text for candidate, _ in scene.label_engine.placed]


def test_labels_follow_the_date_and_never_overlap(qapp, atlas) -> None:
    session, scene = themed(atlas, "2003-06-01")
    render(scene, size=(1600, 1000))
    texts = placed_texts(scene)
    assert {"K2 (Karshi-Khanabad)", "Tashkent", "Uzbekistan", "Kazakhstan"} <= set(texts)
    boxes = np.vstack([spot.boxes for _, spot in scene.label_engine.placed])
    owner = np.repeat(np.arange(len(scene.label_engine.placed)),
                      [len(spot.boxes) for _, spot in scene.label_engine.placed])
    overlap = ((boxes[:, None, 0] < boxes[None, :, 2]) & (boxes[:, None, 2] > boxes[None, :, 0])
               & (boxes[:, None, 1] < boxes[None, :, 3]) & (boxes[:, None, 3] > boxes[None, :, 1])
               & (owner[:, None] != owner[None, :]))
    assert not overlap.any()
    session.time.date = dt.date(2006, 6, 1)
    render(scene, size=(1600, 1000))
    assert "K2 (Karshi-Khanabad)" not in placed_texts(scene)
    scene.labels.setVisible(False)
    render(scene, size=(1600, 1000))
    assert "Uzbekistan" not in placed_texts(scene) and "Tashkent" in placed_texts(scene)
    session.themes.layer("places").visible = False
    render(scene, size=(1600, 1000))
    assert "Tashkent" not in placed_texts(scene)


def test_route_labels_run_along_the_line(qapp, atlas) -> None:
    _, scene = themed(atlas, "2003-06-01", "routes")
    render(scene, size=(1600, 1200), bbox=(68.0, 40.0, 72.0, 42.0))
    along = {c.text: spot.angle for c, spot in scene.label_engine.placed}
    assert "Tashkent–Angren railway" in along and along["Tashkent–Angren railway"] != 0.0


def test_vector_output_stays_vector(qapp, atlas, tmp_path) -> None:
    from PySide6.QtCore import QSize
    from PySide6.QtSvg import QSvgGenerator

    _, scene = themed(atlas, "2008-06-01")
    out = tmp_path / "themes.svg"
    generator = QSvgGenerator()
    generator.setFileName(str(out))
    generator.setSize(QSize(800, 500))
    generator.setViewBox(QRectF(0, 0, 800, 500))
    painter = QPainter(generator)
    render_scene(painter, QRectF(0, 0, 800, 500), scene, scene.projection.bbox_to_rect(
        CENTRAL_ASIA))
    painter.end()
    text = out.read_text()
    assert "<image" not in text  # no raster cache, no texture: hatches are lines
    assert "Tashkent" in text and "Kazakhstan" in text  # labels stay text


def test_a_pan_blits_the_cached_shading_in_the_right_place(qapp, atlas) -> None:
    _, panned = themed(atlas, "2008-06-01", "alliances")
    _, fresh = themed(atlas, "2008-06-01", "alliances")
    for scene in (panned, fresh):
        scene.labels.setVisible(False)
    view = panned.projection.bbox_to_rect(CENTRAL_ASIA)

    def shifted(fraction: float) -> tuple[float, ...]:
        dx, dy = (view[2] - view[0]) * fraction, (view[3] - view[1]) * fraction / 2
        return view[0] + dx, view[1] - dy, view[2] + dx, view[3] - dy

    def draw(scene: MapScene, rect) -> QImage:
        image = QImage(800, 600, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("white"))
        painter = QPainter(image)
        render_scene(painter, QRectF(0, 0, 800, 600), scene, rect)
        painter.end()
        return image

    draw(panned, view)
    draw(panned, shifted(0.03))  # leaves the cached image: drawn again with a margin
    renders = panned.themes.items["alliances"].cache.renders
    a, b = draw(panned, shifted(0.08)), draw(fresh, shifted(0.08))
    assert panned.themes.items["alliances"].cache.renders == renders  # moved, not drawn
    differing = sum(not close(a.pixelColor(x, y), b.pixelColor(x, y), 40)
                    for x in range(0, 800, 7) for y in range(0, 600, 7))
    assert differing < 0.01 * (800 // 7) * (600 // 7)


def test_inner_bands_nest_inside_the_border_only(qapp) -> None:
    first, second = (shading.alliance_shading(org, k, "member") for org, k in
                     (("SCO", 1), ("CSTO", 2)))
    image = QImage(200, 200, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    shading.paint_shapes(painter, [(shading.Shape.of_box(QRectF(20, 20, 160, 160)),
                                    [second, first])])
    painter.end()
    white = QColor("white")
    colour = {depth: image.pixelColor(100, 20 + depth) for depth in (-3, 1, 5, 12)}
    assert close(colour[1], blend(white, first.colour, shading.BAND_ALPHA), 6)
    assert close(colour[5], blend(white, second.colour, shading.BAND_ALPHA), 6)
    assert close(colour[-3], white) and close(colour[12], white)


def test_labels_drawn_straight_while_the_view_moves_and_kept_once_it_stays(qapp, atlas) -> None:
    _, scene = themed(atlas, "2008-06-01")
    cache = scene.label_engine.cache
    view = scene.projection.bbox_to_rect(CENTRAL_ASIA)

    def draw(shift: float) -> QImage:
        image = QImage(800, 600, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("white"))
        painter = QPainter(image)
        dx = (view[2] - view[0]) * shift
        render_scene(painter, QRectF(0, 0, 800, 600), scene,
                     (view[0] + dx, view[1], view[2] + dx, view[3]))
        painter.end()
        return image

    images = [draw(0.0) for _ in range(3)]  # the same view three times
    assert cache.renders == 2  # straight, then kept as an image, then blitted
    # the same picture (a leader line antialiased on the kept image may round by a unit)
    assert images[1] == images[2]
    pixels = [(x, y) for x in range(0, 800, 2) for y in range(0, 600, 2)]
    assert all(close(QColor(images[0].pixel(*p)), QColor(images[1].pixel(*p)), 2)
               for p in pixels)
    draw(0.01)  # a pan: the same zoom and frame, moved: straight again
    draw(0.01)  # now kept
    draw(0.01)
    assert cache.renders == 4


def test_graticule_degrees_keep_clear_of_the_frame_furniture(qapp, atlas) -> None:
    _, scene = themed(atlas, "2008-06-01", "none")
    scene.labels.setVisible(False)
    scene.date_stamp.setVisible(False)
    with_degrees = render(scene)
    scene.graticule_labels.setVisible(False)
    without = render(scene)
    scene.graticule_labels.setVisible(True)
    top = [(x, y) for x in range(0, 800, 3) for y in range(0, 30)]
    assert any(with_degrees.pixel(x, y) != without.pixel(x, y) for x, y in top)  # degrees
    engine = scene.label_engine
    engine.reserved = lambda device: np.array([[device.left(), device.top(), device.right(),
                                                device.top() + 40]])  # the whole top band
    kept_clear = render(scene)
    assert all(kept_clear.pixel(x, y) == without.pixel(x, y) for x, y in top)


def test_routes_are_blitted_while_panning_and_redrawn_when_the_date_changes_them(
        qapp, atlas) -> None:
    session, scene = themed(atlas, "1995-06-01", "routes")
    routes = scene.themes.items["routes"]
    view = scene.projection.bbox_to_rect(CENTRAL_ASIA)

    def draw(shift: float) -> None:
        image = QImage(800, 600, QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(image)
        dx = (view[2] - view[0]) * shift
        render_scene(painter, QRectF(0, 0, 800, 600), scene,
                     (view[0] + dx, view[1], view[2] + dx, view[3]))
        painter.end()

    draw(0.0)
    draw(0.02)  # leaves the image drawn for the view alone: drawn with a margin
    renders = routes.cache.renders
    draw(0.04)
    draw(0.06)
    assert routes.cache.renders == renders  # blitted
    drawn = routes.drawn.copy()
    session.time.date = dt.date(2020, 6, 1)  # new railways since 1995
    assert not np.array_equal(routes.drawn, drawn)
    draw(0.06)
    assert routes.cache.renders == renders + 1


def test_a_pan_moves_the_labels_with_the_map_and_places_them_afresh_at_rest(
        qapp, qtbot, atlas) -> None:
    _, scene = themed(atlas, "2003-06-01", "places")
    engine = scene.label_engine
    view = scene.projection.bbox_to_rect(CENTRAL_ASIA)
    width = view[2] - view[0]

    def draw(shift: float) -> dict[str, np.ndarray]:
        image = QImage(800, 600, QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(image)
        dx = width * shift
        render_scene(painter, QRectF(0, 0, 800, 600), scene,
                     (view[0] + dx, view[1], view[2] + dx, view[3]))
        painter.end()
        return {c.feature: spot.boxes[0] for c, spot in engine.placed}

    before = draw(0.0)
    shift = engine.transform.m11() * width * 0.1  # a tenth of the view, in device pixels
    placed = []
    original = engine.place
    engine.place = lambda painter: placed.append(1) or original(painter)
    after = draw(0.1)  # a pan step: the same labels, moved with the map, none placed afresh
    assert not placed
    moved = [f for f in after if f in before]
    assert moved and all(np.allclose(after[f], before[f] - [shift, 0, shift, 0], atol=1.5)
                         for f in moved)
    assert set(after) < set(before)  # those pushed out of the frame are left out
    assert all(box[0] >= 0 and box[2] <= 800 for box in after.values())
    qtbot.waitUntil(lambda: engine._last is None, timeout=2000)  # the view rests
    rested = draw(0.1)
    assert placed and set(rested) - set(after)  # placed afresh: names come in at the edge


def test_country_names_reused_for_the_same_view_keep_no_trace_of_a_selection(
        qapp, atlas) -> None:
    session, scene = themed(atlas, "2003-06-01", "none")

    def uzbekistan() -> LabelCandidate:
        render(scene)
        return next(c for c, _ in scene.label_engine.placed if c.feature == "UZB")

    alone = uzbekistan()
    session.selection.select(["UZB"])
    assert uzbekistan().priority < alone.priority  # lit: labelled first
    session.selection.clear()
    again = uzbekistan()  # the same view: the names are reused, as they were
    assert again.priority == alone.priority and again.opacity == alone.opacity
    assert again is not alone


def test_the_engine_asks_a_source_again_only_when_it_or_the_view_changes(qapp, atlas) -> None:
    session, scene = themed(atlas, "2003-06-01", "places", "bases")
    places, bases = scene.themes.items["places"], scene.themes.items["bases"]
    asked: list[str] = []
    for item, name in ((places, "places"), (bases, "bases")):
        original = item.label_candidates
        item.label_candidates = (lambda *a, original=original, name=name:
                                 asked.append(name) or original(*a))
    render(scene)
    assert sorted(asked) == ["bases", "places"]
    asked.clear()
    session.selection.select(["UZB"])  # placed again, from what the sources offered
    render(scene)
    assert asked == [] and any(c.priority < 0 for c, _ in scene.label_engine.placed)
    session.time.date = dt.date(2010, 6, 1)  # K2 closed, Manas open: the bases change
    render(scene)
    assert asked == ["bases"]
    render(scene, bbox=(50.0, 30.0, 80.0, 50.0))  # another view: all asked again
    assert sorted(asked) == ["bases", "bases", "places"]
