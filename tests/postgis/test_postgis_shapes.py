"""Lines and polygons from PostGIS: a close view brings each feature's shape (simplified on the
server to the view's pixels), drawn filled in the window; a geometry nested too deep for GEOS
is a one-line failure; a wide view of many shapes is the server's counts."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QPointF

from explorer.geo.layer_geometry import PointCoords, Shapes
from explorer.io.postgis import PostgisError, connect, fetch_shapes, parse_uri
from explorer.ui.postgis_layers import PostgisLayers
from tests.postgis.test_postgis_window import grab, our_threads, wait_for_view
from tests.ui.helpers import new_window

CLOSE = (60.0, 40.0, 62.0, 41.5)
COLUMNS, ROWS = 20, 15  # circles at 60.05 + 0.1 i, 40.05 + 0.1 j, 0.03 degree across
RADIUS = 0.03
NESTED = 100  # levels of GEOMETRYCOLLECTION: more than geometry_guard.MAX_NESTING


@pytest.fixture(scope="module")
def shapes_uri(postgis_uri: str):
    """Schema `shapes`: `circles` (polygons, 32 vertices each, in lon/lat), `utm_circles` (the
    same in UTM 42N), `roads` (lines) and `hostile` (a polygon and a deeply nested collection)."""
    import psycopg

    nested = "GEOMETRYCOLLECTION(" * NESTED + "POINT(61 41)" + ")" * NESTED
    with psycopg.connect(postgis_uri, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS shapes CASCADE; CREATE SCHEMA shapes")
        conn.execute(
            "CREATE TABLE shapes.circles AS SELECT i * 100 + j AS id, 'c' || i AS name, "
            "ST_Buffer(ST_SetSRID(ST_MakePoint(60.05 + 0.1 * i, 40.05 + 0.1 * j), 4326), "
            "%s, 'quad_segs=8')::geometry(Polygon, 4326) AS geom FROM generate_series(0, %s) "
            "AS i, generate_series(0, %s) AS j", (RADIUS, COLUMNS - 1, ROWS - 1))
        conn.execute("CREATE INDEX ON shapes.circles USING gist (geom); ANALYZE shapes.circles")
        conn.execute("CREATE TABLE shapes.utm_circles AS SELECT id, ST_Transform(geom, 32642)::"
                     "geometry(Polygon, 32642) AS geom FROM shapes.circles")
        conn.execute("CREATE TABLE shapes.roads AS SELECT i AS id, ST_SetSRID(ST_MakeLine("
                     "ST_MakePoint(60, 40 + 0.1 * i), ST_MakePoint(62, 40.05 + 0.1 * i)), 4326)"
                     "::geometry(LineString, 4326) AS geom FROM generate_series(1, 10) AS i")
        conn.execute("CREATE TABLE shapes.hostile (id int, geom geometry(Geometry, 4326))")
        conn.execute("INSERT INTO shapes.hostile VALUES (1, ST_GeomFromText('POLYGON((60.5 40.5, "
                     "60.6 40.5, 60.6 40.6, 60.5 40.5))', 4326)), (2, ST_GeomFromText(%s, 4326))",
                     (nested,))
    yield postgis_uri
    with psycopg.connect(postgis_uri, autocommit=True) as conn:
        conn.execute("DROP SCHEMA shapes CASCADE")


def server_areas(conn, table: str, box) -> tuple[dict[int, float], set[int]]:
    """Every feature's area in square degrees, and those whose lon/lat bounds meet the box."""
    rows = conn.execute("SELECT id, ST_Area(ST_Transform(geom, 4326)), ST_Transform(geom, 4326)"
                        " && ST_MakeEnvelope(%s, %s, %s, %s, 4326) FROM shapes." + table,
                        box).fetchall()
    return {i: area for i, area, _ in rows}, {i for i, _, meets in rows if meets}


@pytest.mark.parametrize("table", ["circles", "utm_circles"])
def test_a_close_view_of_polygons_gives_their_shapes_with_the_servers_areas(
        shapes_uri, table) -> None:
    box = (60.0, 40.0, 61.0, 40.7)
    ref = parse_uri(f"{shapes_uri}?table=shapes.{table}")
    with connect(ref) as conn:
        areas, meeting = server_areas(conn, table, box)
        exact = fetch_shapes(conn, ref, box, ("id",))
        tolerance = 0.001  # half a pixel of a 1-degree view 500 px wide
        simplified = fetch_shapes(conn, ref, box, ("id",), tolerance=tolerance)
    assert len(meeting) == 10 * 7
    for got in (exact, simplified):
        ids = set(got.columns["id"])
        # a projected table's box is grown a little (as for points): a few more may come
        assert ids == meeting if table == "circles" else meeting <= ids
        assert len(got.geoms) == len(ids)
        assert set(shapely.get_type_id(got.geoms)) == {shapely.GeometryType.POLYGON}
    want = np.array([areas[i] for i in exact.columns["id"]])
    np.testing.assert_allclose(shapely.area(exact.geoms), want, rtol=1e-6)
    want = np.array([areas[i] for i in simplified.columns["id"]])
    # simplifying moves an edge by at most the tolerance: the area by its perimeter's worth
    bound = shapely.length(simplified.geoms) * tolerance
    assert (np.abs(shapely.area(simplified.geoms) - want) <= bound).all()
    assert shapely.get_num_coordinates(simplified.geoms).sum() < shapely.get_num_coordinates(
        exact.geoms).sum()


def test_a_line_table_gives_lines(shapes_uri) -> None:
    ref = parse_uri(f"{shapes_uri}?table=shapes.roads")
    with connect(ref) as conn:
        got = fetch_shapes(conn, ref, CLOSE, ("id",), tolerance=0.001)
    assert sorted(got.columns["id"]) == list(range(1, 11))
    assert set(shapely.get_type_id(got.geoms)) == {shapely.GeometryType.LINESTRING}


def test_a_geometry_nested_too_deep_is_refused_in_one_line(shapes_uri) -> None:
    ref = parse_uri(f"{shapes_uri}?table=shapes.hostile")
    with connect(ref) as conn, pytest.raises(PostgisError, match="nested more than 64") as got:
        fetch_shapes(conn, ref, CLOSE, ("id",))
    assert "\n" not in str(got.value)


def pixel_at(window, lon: float, lat: float) -> tuple[int, int]:
    scene = window.map_scene
    x, y = scene.projection.forward(lon, lat)
    pos = window.canvas.mapFromScene(scene.viewbox.mapViewToScene(QPointF(float(x), float(y))))
    return pos.x(), pos.y()


def test_the_window_draws_a_polygon_tables_fills(qtbot, shapes_uri) -> None:
    window = new_window(qtbot)
    window.map_scene.show_bbox(CLOSE)
    qtbot.wait(50)
    before = grab(window)
    window.open_paths([f"{shapes_uri}?table=shapes.circles"])
    [layer] = list(window.session.user_layers)
    wait_for_view(qtbot, layer, lambda: len(layer.data) > 0)
    assert isinstance(layer.data.geometry, Shapes) and layer.counts is None
    assert len(layer.data) >= 200 and "name" in layer.data.columns
    qtbot.wait(50)
    after = grab(window)
    width, height = after.width(), after.height()

    def changed(points) -> float:
        inside = [(x, y) for x, y in points if 0 <= x < width and 0 <= y < height]
        assert len(inside) > 20
        return np.mean([before.pixel(x, y) != after.pixel(x, y) for x, y in inside])

    centres = [pixel_at(window, 60.05 + 0.1 * i, 40.05 + 0.1 * j)
               for i in range(COLUMNS) for j in range(ROWS)]
    gaps = [pixel_at(window, 60.1 + 0.1 * i, 40.1 + 0.1 * j)
            for i in range(COLUMNS - 1) for j in range(ROWS - 1)]
    assert changed(centres) > 0.9 and changed(gaps) < 0.2
    window.session.user_layers.remove(layer.id)
    qtbot.waitUntil(lambda: our_threads() == [], timeout=10_000)


def test_a_wide_view_of_many_shapes_is_counted_at_their_points_on_surface(
        qtbot, shapes_uri, monkeypatch) -> None:
    monkeypatch.setattr(PostgisLayers, "max_shapes", 100)
    window = new_window(qtbot)
    window.map_scene.show_bbox((55.0, 37.0, 73.0, 45.0))
    window.open_paths([f"{shapes_uri}?table=shapes.circles"])
    [layer] = list(window.session.user_layers)
    wait_for_view(qtbot, layer, lambda: layer.counts is not None)
    assert layer.counts.counts.sum() == COLUMNS * ROWS and len(layer.data) == 0
    window.session.user_layers.remove(layer.id)
    qtbot.waitUntil(lambda: our_threads() == [], timeout=10_000)


def test_a_hostile_table_is_a_status_line_and_the_window_lives_on(qtbot, shapes_uri) -> None:
    window = new_window(qtbot)
    window.map_scene.show_bbox(CLOSE)
    messages: list[str] = []
    window.postgis.sigMessage.connect(messages.append)
    window.open_paths([f"{shapes_uri}?table=shapes.hostile"])
    qtbot.waitUntil(lambda: any("nested more than" in m for m in messages), timeout=15_000)
    [text] = [m for m in messages if "nested more than" in m]
    assert "\n" not in text and text.startswith("hostile: ")
    [layer] = list(window.session.user_layers)
    assert isinstance(layer.data.geometry, PointCoords) and len(layer.data) == 0
    window.map_scene.show_bbox((60.0, 40.0, 60.7, 40.7))  # it keeps asking, and lives on
    qtbot.wait(300)
    assert np.isfinite(window.map_scene.view_rect()).all()
    window.postgis.close()
    assert our_threads() == []


def test_a_one_view_export_reads_a_polygon_table_as_shapes(shapes_uri) -> None:
    from explorer.io.postgis import read_view

    data = read_view(f"{shapes_uri}?table=shapes.circles", (60.0, 40.0, 61.0, 40.7))
    assert isinstance(data.geometry, Shapes) and len(data) == 70
    assert {"id", "name"} <= set(data.attributes.columns)


def test_the_pyramid_counts_a_polygon_once_at_its_point_on_surface(shapes_uri) -> None:
    from explorer.io.postgis import grid_counts
    from explorer.io.postgis_counts import DIRECT_SHAPES, CountSource, snap

    ref = parse_uri(f"{shapes_uri}?table=shapes.utm_circles")
    with connect(ref) as conn:
        assert CountSource(conn, ref, pyramid=False).direct_rows == DIRECT_SHAPES
        source = CountSource(conn, ref, background=False, direct_rows=0)
        try:
            box, size = snap((55.0, 37.0, 73.0, 45.0), (300, 150))
            got = source.grid(box, size)
            assert (got.source, got.exact) == ("pyramid", True)
            assert got.counts.sum() == COLUMNS * ROWS
            np.testing.assert_array_equal(got.counts, grid_counts(conn, ref, box, size))
        finally:
            source.close()
