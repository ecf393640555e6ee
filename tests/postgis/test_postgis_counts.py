"""CountSource against a real server: a first frame while the pyramid builds is a sample,
scaled up and said to be; a running count is cancelled from another thread and the
connection stays usable; closing stops a build and leaves nothing in the database."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from explorer.io import postgis_pyramid
from explorer.io.postgis import connect, grid_counts, parse_uri
from explorer.io.postgis_counts import Cancelled, CountSource
from tests.postgis.sample import BOX

OURS = ("SELECT c.relname, c.relpersistence FROM pg_class c WHERE c.relname LIKE "
        "'explorer\\_counts\\_%'")


@pytest.fixture(scope="module")
def sleepy(tables):
    """A view of field.events that takes half a millisecond a row: counts that run long."""
    import psycopg

    with psycopg.connect(tables, autocommit=True) as conn:
        conn.execute("CREATE VIEW field.sleepy AS SELECT id, day, geom FROM field.events "
                     "WHERE pg_sleep(0.0005) IS NOT NULL")
    yield tables
    with psycopg.connect(tables, autocommit=True) as conn:
        conn.execute("DROP VIEW field.sleepy")


def test_a_first_frame_while_the_pyramid_builds_is_an_estimate(tables, monkeypatch) -> None:
    built = threading.Event()
    build = postgis_pyramid.build
    monkeypatch.setattr(postgis_pyramid, "build",
                        lambda *args: built.wait(30) and build(*args))
    ref = parse_uri(f"{tables}?table=field.events")
    with connect(ref) as conn:
        source = CountSource(conn, ref, direct_rows=0, sample_rows=2000)
        try:
            first = source.grid(BOX, (72, 32))
            assert (first.source, first.exact, first.estimated) == ("sample", False, True)
            exact = grid_counts(conn, ref, BOX, (72, 32))
            assert abs(first.counts.sum() - exact.sum()) < 0.3 * exact.sum()
            built.set()
            assert source.wait(30) and source.pyramid_error is None
            assert source.grid(BOX, (144, 64)).exact
        finally:
            built.set()
            source.close()


def test_a_running_count_is_cancelled_and_the_connection_stays_usable(sleepy) -> None:
    ref = parse_uri(f"{sleepy}?table=field.sleepy")
    with connect(ref) as conn:
        source = CountSource(conn, ref, pyramid=False)
        try:
            timer = threading.Timer(0.5, source.cancel)
            timer.start()
            start = time.perf_counter()
            with pytest.raises(Cancelled, match="cancelled"):
                source.grid(BOX, (72, 32))
            assert time.perf_counter() - start < 5  # ten seconds of sleep were cut short
            assert conn.execute("SELECT 1").fetchone() == (1,)
            assert source.grid((66.0, 39.0, 66.2, 39.2), (8, 8)).counts.dtype == np.int64
        finally:
            source.close()


def test_closing_stops_a_build_and_leaves_nothing(sleepy) -> None:
    ref = parse_uri(f"{sleepy}?table=field.sleepy")
    with connect(ref) as conn:
        source = CountSource(conn, ref, finest=2)
        time.sleep(0.5)
        start = time.perf_counter()
        source.close()
        assert time.perf_counter() - start < 5 and source.pyramid_error
        assert conn.execute(OURS).fetchall() == []


def test_a_pyramid_is_temporary_and_gone_with_its_connection(tables) -> None:
    ref = parse_uri(f"{tables}?table=field.events&time=day")
    with connect(ref) as conn:
        before = conn.execute("SELECT count(*) FROM pg_class WHERE relpersistence <> 't'"
                              ).fetchone()
        source = CountSource(conn, ref, finest=3, background=False)
        made = conn.execute(OURS).fetchall()
        assert len(made) == 2 * 4 * 2  # dated and all, levels 0-3, a table and an index each
        assert {persistence for _, persistence in made} == {"t"}
        assert conn.execute("SELECT count(*) FROM pg_class WHERE relpersistence <> 't'"
                            ).fetchone() == before
        source.close()
        for _ in range(50):  # the server drops them as the session ends, just after
            if not conn.execute(OURS).fetchall():
                break
            time.sleep(0.1)
        assert conn.execute(OURS).fetchall() == []
        with pytest.raises(Exception, match="closed"):
            source.grid(BOX, (72, 32))
