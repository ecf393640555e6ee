"""The count pyramid's finest level fits the views: a Central Asia view at 1920 x 1080 in 3-px
cells is answered from the pyramid (not the table) at a million rows as at ten million."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.io.postgis import connect, grid_counts, parse_uri
from explorer.io.postgis_counts import CountSource, aligned_level, snap
from explorer.io.postgis_pyramid import VIEW_LEVEL, finest_level

CENTRAL_ASIA = (45.0, 24.0, 90.0, 56.0)
GRID = (640, 360)  # cells of 3 px on a 1920x1080 view
EXTENT = (30.0, 15.0, 100.0, 60.0)  # as tests/bench/bench_postgis.py fills its table
ROWS = 1_000_000


def test_the_finest_level_is_never_coarser_than_a_central_asia_views_cells() -> None:
    assert aligned_level(*snap(CENTRAL_ASIA, GRID)) == VIEW_LEVEL
    assert finest_level(EXTENT, ROWS) == VIEW_LEVEL  # four rows a cell alone: 1/8 degree
    assert finest_level(EXTENT, 10 * ROWS) == VIEW_LEVEL  # ten million: as before
    assert finest_level(EXTENT, 100 * ROWS) > VIEW_LEVEL
    assert finest_level(None, 100) == VIEW_LEVEL


@pytest.fixture(scope="module")
def million(postgis_uri: str):
    """A million random points over the bench's extent (no index: the pyramid needs none)."""
    import psycopg

    with psycopg.connect(postgis_uri, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS dense CASCADE; CREATE SCHEMA dense")
        conn.execute("SELECT setseed(0.15)")
        conn.execute("CREATE TABLE dense.points AS SELECT i AS id, ST_SetSRID(ST_MakePoint("
                     "30 + 70 * random(), 15 + 45 * random()), 4326)::geometry(Point, 4326) AS "
                     "geom FROM generate_series(1, %s) AS i", (ROWS,))
        conn.execute("ANALYZE dense.points")
    yield postgis_uri
    with psycopg.connect(postgis_uri, autocommit=True) as conn:
        conn.execute("DROP SCHEMA dense CASCADE")


def test_a_central_asia_view_of_a_million_rows_is_counted_from_the_pyramid(million) -> None:
    ref = parse_uri(f"{million}?table=dense.points")
    with connect(ref) as conn:
        source = CountSource(conn, ref, background=False)
        try:
            assert source.pyramid_error is None
            box, size = snap(CENTRAL_ASIA, GRID)
            got = source.grid(box, size)
            assert (got.source, got.exact, got.estimated) == ("pyramid", True, False)
            np.testing.assert_array_equal(got.counts, grid_counts(conn, ref, box, size))
            asked = source.grid(CENTRAL_ASIA, GRID)  # not snapped: shared by area
            assert asked.source == "pyramid" and not asked.exact
        finally:
            source.close()
