"""The PostGIS fetcher against a real server: points for a close view, counts for a wide one,
the newest view wins (the older query cancelled on the server), a killed backend is a
one-line failure, and close() leaves no thread nor connection behind."""

from __future__ import annotations

import datetime as dt
import threading
import time

import psycopg
import pytest

from explorer.io.postgis import grid_counts, parse_uri
from explorer.ui.postgis_fetcher import PostgisFetcher, ViewResult
from tests.postgis.cluster import free_port
from tests.postgis.sample import N, inside, lonlat

APP = "explorer-fetcher-test"
CLOSE = (60.005, 40.005, 61.005, 41.005)  # a dozen points
WIDE = (55.005, 37.005, 72.995, 44.995)  # some 2,000 points (edges off the sample's grid)
OTHER_WIDE = (54.005, 36.005, 71.995, 43.995)
MAX_POINTS = 1_000
SIZE = (90, 40)


def our_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("explorer-postgis")]


@pytest.fixture
def fetchers():
    """Makes fetchers of field.events (as `APP` on the server); at the end each must close,
    its thread ended, and no thread of ours be left."""
    made: list[PostgisFetcher] = []

    def make(uri: str, **options) -> PostgisFetcher:
        fetcher = PostgisFetcher(parse_uri(uri), **{"max_points": MAX_POINTS, **options})
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        assert fetcher.close() and not fetcher.thread.is_alive()
    assert our_threads() == []


@pytest.fixture
def events_uri(tables) -> str:
    return f"{tables}?table=field.events&time=day&application_name={APP}"


def server_count(postgis, box, day: dt.date | None = None) -> int:
    query = ("SELECT count(*) FROM field.events WHERE geom && ST_MakeEnvelope(%s, %s, %s, %s, "
             "4326) AND (%s::date IS NULL OR day <= %s)")
    return postgis.execute(query, (*box, day, day)).fetchone()[0]


def fetch(qtbot, fetcher: PostgisFetcher, box, day=None, timeout: int = 10_000) -> ViewResult:
    with qtbot.waitSignal(fetcher.fetched, timeout=timeout) as got:
        fetcher.request(box, SIZE, day)
    return got.args[0]


def test_a_close_view_is_points_and_a_wide_one_counts(qtbot, fetchers, events_uri,
                                                      postgis) -> None:
    fetcher = fetchers(events_uri, columns=("id", "kind"))
    close = fetch(qtbot, fetcher, CLOSE)
    assert close.counts is None and close.request.box == CLOSE
    expected = server_count(postgis, CLOSE)
    assert 0 < expected == len(close.points.lon) <= MAX_POINTS
    assert inside(close.points.lon, close.points.lat, CLOSE).all()
    assert set(close.points.columns["kind"]) <= {"battle", "protest"}

    wide = fetch(qtbot, fetcher, WIDE)
    assert wide.points is None and wide.counts.shape == (SIZE[1], SIZE[0])
    expected = server_count(postgis, WIDE)
    assert expected > MAX_POINTS
    assert wide.counts.sum() == expected == inside(*lonlat(N), WIDE).sum()

    late, early = dt.date(2015, 1, 1), dt.date(1995, 1, 1)  # the date is pushed down
    dated = fetch(qtbot, fetcher, WIDE, late)
    assert MAX_POINTS < dated.counts.sum() == server_count(postgis, WIDE, late) < expected
    dated = fetch(qtbot, fetcher, WIDE, early)
    assert 0 < len(dated.points.lon) == server_count(postgis, WIDE, early) <= MAX_POINTS
    assert fetcher.thread.is_alive() and not fetcher.busy


def test_requests_are_debounced_into_the_last(qtbot, fetchers, events_uri) -> None:
    fetcher = fetchers(events_uri)
    for box in (WIDE, OTHER_WIDE, CLOSE):
        fetcher.request(box, SIZE)
    result = fetch(qtbot, fetcher, CLOSE)
    assert result.request.serial == 1 and result.points is not None


def slow_counts(log: list[tuple[str, tuple]], slow_box, seconds: float = 5):
    """grid_counts that first sleeps `seconds` on the server for `slow_box`."""

    def counts(connection, ref, box, size, day):
        log.append(("start", box))
        if box == slow_box:
            try:
                connection.execute("SELECT pg_sleep(%s)", (seconds,))
            except psycopg.errors.QueryCanceled:
                log.append(("cancelled", box))
                raise
        return grid_counts(connection, ref, box, size, day)

    return counts


def test_a_newer_view_cancels_the_running_query_and_only_it_arrives(qtbot, fetchers,
                                                                    events_uri) -> None:
    log: list[tuple[str, tuple]] = []
    fetcher = fetchers(events_uri, counts=slow_counts(log, WIDE))
    arrived: list[ViewResult] = []
    fetcher.fetched.connect(arrived.append)
    fetcher.request(WIDE, SIZE)
    qtbot.waitUntil(lambda: ("start", WIDE) in log, timeout=5_000)
    started = time.monotonic()
    with qtbot.waitSignal(fetcher.fetched, timeout=10_000):
        fetcher.request(OTHER_WIDE, SIZE)
    assert time.monotonic() - started < 3  # not after the 5 s sleep
    qtbot.wait(300)
    assert [r.request.box for r in arrived] == [OTHER_WIDE]
    assert ("cancelled", WIDE) in log and arrived[0].counts.sum() > MAX_POINTS
    assert not fetcher.busy


def terminate(uri: str) -> int:
    with psycopg.connect(parse_uri(uri).conninfo, autocommit=True) as other:
        return other.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                             "WHERE application_name = %s AND pid <> pg_backend_pid()",
                             (APP,)).fetchone()[0]


def backends(uri: str) -> int:
    with psycopg.connect(parse_uri(uri).conninfo, autocommit=True) as other:
        return other.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                             "%s AND pid <> pg_backend_pid()", (APP,)).fetchone()[0]


def test_a_killed_backend_is_a_one_line_failure_and_the_next_view_reconnects(
        qtbot, fetchers, events_uri) -> None:
    log: list[tuple[str, tuple]] = []
    fetcher = fetchers(events_uri, counts=slow_counts(log, WIDE))
    fetch(qtbot, fetcher, CLOSE)
    assert terminate(events_uri) == 1  # while idle
    with qtbot.waitSignal(fetcher.failed, timeout=10_000) as failed:
        fetcher.request(CLOSE, SIZE)
    message = failed.args[0]
    assert message.startswith("lost the connection to postgresql://explorer@127.0.0.1:")
    assert "\n" not in message and "application_name" not in message
    assert fetch(qtbot, fetcher, CLOSE).points is not None  # a new connection

    fetcher.request(WIDE, SIZE)  # and in the middle of a query
    qtbot.waitUntil(lambda: ("start", WIDE) in log, timeout=5_000)
    with qtbot.waitSignal(fetcher.failed, timeout=10_000) as failed:
        assert terminate(events_uri) == 1
    assert failed.args[0].startswith("lost the connection to ")
    assert fetcher.thread.is_alive()


def test_a_server_that_is_not_there_is_a_failure(qtbot, fetchers) -> None:
    fetcher = fetchers(f"postgresql://explorer@127.0.0.1:{free_port()}/x?table=field.events")
    with qtbot.waitSignal(fetcher.failed, timeout=10_000) as failed:
        fetcher.request(CLOSE, SIZE)
    assert failed.args[0].startswith("cannot connect to postgresql://explorer@127.0.0.1:")


def test_close_cancels_the_query_and_leaves_no_thread_nor_connection(qtbot, events_uri,
                                                                     fetchers) -> None:
    log: list[tuple[str, tuple]] = []
    fetcher = PostgisFetcher(parse_uri(events_uri), counts=slow_counts(log, WIDE),
                             max_points=MAX_POINTS)
    arrived: list[object] = []
    fetcher.fetched.connect(arrived.append)
    fetcher.failed.connect(arrived.append)
    fetcher.request(WIDE, SIZE)
    qtbot.waitUntil(lambda: ("start", WIDE) in log, timeout=5_000)
    assert backends(events_uri) == 1
    started = time.monotonic()
    assert fetcher.close()
    assert time.monotonic() - started < 3 and not fetcher.thread.is_alive()
    assert our_threads() == []
    qtbot.waitUntil(lambda: backends(events_uri) == 0, timeout=5_000)
    fetcher.request(CLOSE, SIZE)  # a closed fetcher does nothing
    qtbot.wait(300)
    assert arrived == [] and not fetcher.thread.is_alive()


def test_a_storm_of_views_ends_on_the_last_one(qtbot, fetchers, events_uri) -> None:
    """Views every few milliseconds (cancels landing between queries, or on the next one):
    answers come in order, the last is the last view's, and nothing is left running."""
    log: list[tuple[str, tuple]] = []
    fetcher = fetchers(events_uri, counts=slow_counts(log, WIDE, seconds=0.05), debounce_ms=1)
    arrived: list[ViewResult] = []
    fetcher.fetched.connect(arrived.append)
    boxes = [WIDE, OTHER_WIDE, CLOSE] * 10
    for box in boxes:
        fetcher.request(box, SIZE)
        qtbot.wait(7)
    qtbot.waitUntil(lambda: not fetcher.busy, timeout=10_000)
    serials = [r.request.serial for r in arrived]
    assert serials == sorted(set(serials)) and arrived[-1].request.box == boxes[-1]
    assert arrived[-1].request.serial == fetcher._latest


def test_the_pyramid_drops_in_for_the_counts(qtbot, fetchers, events_uri, postgis) -> None:
    """PyramidCounts: a CountSource on the worker's connection, its pyramid built on a
    connection of its own; close() ends its thread and both connections."""
    from explorer.ui.postgis_fetcher import PyramidCounts

    counts = PyramidCounts()
    fetcher = fetchers(events_uri, counts=counts)
    expected = server_count(postgis, WIDE)
    first = fetch(qtbot, fetcher, WIDE)
    assert abs(first.counts.sum() - expected) <= 0.05 * expected
    qtbot.waitUntil(lambda: counts._source is not None and counts._source.ready, timeout=10_000)
    assert counts._source.pyramid_error is None
    again = fetch(qtbot, fetcher, OTHER_WIDE)
    assert abs(again.counts.sum() - server_count(postgis, OTHER_WIDE)) <= 0.05 * expected
    assert backends(events_uri) == 2  # the worker's and the pyramid's
    assert fetcher.close()
    assert counts._source is None
    assert not [t for t in threading.enumerate() if t.name == "pyramid"]
    qtbot.waitUntil(lambda: backends(events_uri) == 0, timeout=5_000)
