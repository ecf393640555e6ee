"""The PostGIS server the tests in this folder use: $EXPLORER_TEST_POSTGIS (a connection URI)
if set, else a throwaway cluster started here. Where no server is installed the tests are
skipped, unless $EXPLORER_REQUIRE_POSTGIS is set (CI sets it: there they must run)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.postgis.cluster import server_bin, throwaway_cluster


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
