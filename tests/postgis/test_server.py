"""The test server is a real PostgreSQL with PostGIS: spatial SQL with a GiST index answers."""

from __future__ import annotations


def test_postgis_answers_a_bbox_query_on_an_index(postgis) -> None:
    with postgis.cursor() as cur:
        cur.execute("SELECT postgis_lib_version()")
        assert cur.fetchone()[0].startswith("3.")
        cur.execute("CREATE TEMP TABLE pts (id int, geom geometry(Point, 4326))")
        cur.execute("INSERT INTO pts SELECT i, ST_SetSRID(ST_MakePoint(40 + i % 60, 20 + i % 35),"
                    " 4326) FROM generate_series(0, 9999) AS i")
        cur.execute("CREATE INDEX ON pts USING gist (geom)")
        cur.execute("SELECT count(*) FROM pts WHERE geom && ST_MakeEnvelope(55, 37, 73, 45, "
                    "4326)")
        inside = cur.fetchone()[0]
    expected = sum(1 for i in range(10000) if 55 <= 40 + i % 60 <= 73 and 37 <= 20 + i % 35 <= 45)
    assert inside == expected > 0
