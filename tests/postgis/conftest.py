"""The PostGIS server the tests in this folder use: $EXPLORER_TEST_POSTGIS (a connection URI)
if set, else a throwaway cluster started here. Where no server is installed the tests are
skipped, unless $EXPLORER_REQUIRE_POSTGIS is set (CI sets it: there they must run)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

import pytest

from tests.postgis.cluster import server_bin, throwaway_cluster
from tests.postgis.sample import N, lonlat


@pytest.fixture(scope="session")
def postgis_uri() -> Iterator[str]:
    given = os.environ.get("EXPLORER_TEST_POSTGIS")
    if given:
        yield given
        return
    if server_bin() is None and not os.environ.get("EXPLORER_REQUIRE_POSTGIS"):
        pytest.skip("no PostgreSQL server installed; .ci/run installs one")
    with throwaway_cluster() as uri:
        yield uri


@pytest.fixture
def postgis(postgis_uri: str):
    """A connection to the test database, rolled back after the test."""
    psycopg = pytest.importorskip("psycopg")
    with psycopg.connect(postgis_uri) as connection:
        yield connection
        connection.rollback()


@pytest.fixture(scope="session")
def tables(postgis_uri: str):
    """A table of N dated points in lon/lat and the same points in UTM zone 42N, indexed."""
    import psycopg

    lon, lat = lonlat(N)
    with psycopg.connect(postgis_uri, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute("DROP SCHEMA IF EXISTS field CASCADE; CREATE SCHEMA field")
        cur.execute("CREATE TABLE field.events (id int, kind text, day date, "
                    "geom geometry(Point, 4326))")
        with cur.copy("COPY field.events (id, kind, day, geom) FROM STDIN") as copy:
            for i in range(N):
                day = dt.date(1991, 1, 1) + dt.timedelta(days=int(i % 12000))
                copy.write_row((i, ("battle", "protest")[i % 2], day,
                                f"SRID=4326;POINT({lon[i]} {lat[i]})"))
        cur.execute("CREATE INDEX ON field.events USING gist (geom); ANALYZE field.events")
        cur.execute("CREATE TABLE field.utm AS SELECT id, ST_Transform(geom, 32642)::"
                    "geometry(Point, 32642) AS geom FROM field.events")
        cur.execute("CREATE INDEX ON field.utm USING gist (geom)")
    yield postgis_uri
    with psycopg.connect(postgis_uri, autocommit=True) as conn:
        conn.execute("DROP SCHEMA field CASCADE")
