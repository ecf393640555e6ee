"""PostGIS layers against a real server: a table named by a URI, fetched a view at a time,
counted per grid cell by the server; bad servers, credentials and tables are clear errors."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from explorer.io.postgis import (
    PostgisError,
    connect,
    fetch_points,
    geometry_tables,
    grid_counts,
    parse_uri,
)
from tests.postgis.sample import BOX, N, inside, lonlat


def test_the_uri_names_the_table_and_keeps_no_password() -> None:
    ref = parse_uri("postgresql://ana:s3cret@db.example:5433/atlas?table=field.events&time=day"
                    "&sslmode=require")
    assert (ref.schema, ref.table, ref.time) == ("field", "events", "day")
    assert "s3cret" in ref.conninfo and "sslmode=require" in ref.conninfo
    assert "table=" not in ref.conninfo  # libpq would refuse a parameter of ours
    assert "s3cret" not in ref.display and ref.display.startswith("postgresql://ana@db.example")
    assert parse_uri("postgresql://h/db?table=events").schema == "public"
    with pytest.raises(PostgisError, match="names no table"):
        parse_uri("postgresql://h/db")


def test_the_tables_with_geometry_are_listed(tables) -> None:
    with connect(parse_uri(f"{tables}?table=field.events")) as conn:
        found = {(t.schema, t.table): t for t in geometry_tables(conn)}
    assert found[("field", "events")].srid == 4326 and found[("field", "events")].rows == N
    assert found[("field", "utm")].srid == 32642


@pytest.mark.parametrize("table", ["events", "utm"])
def test_only_the_view_crosses_the_wire(tables, table) -> None:
    lon, lat = lonlat(N)
    ref = parse_uri(f"{tables}?table=field.{table}")
    with connect(ref) as conn:
        got = fetch_points(conn, ref, BOX)
    expected = int(inside(lon, lat).sum())
    if table == "events":
        assert len(got.lon) == expected
        assert inside(got.lon, got.lat).all()
    else:  # the box in UTM is a curved quad: its bounding box takes in a margin more
        assert expected <= len(got.lon) < 1.3 * expected
        assert inside(got.lon, got.lat, (53.0, 36.0, 75.0, 46.0)).all()
    assert len(got.lon) < 0.2 * N


def test_columns_and_the_date_are_pushed_down(tables) -> None:
    ref = parse_uri(f"{tables}?table=field.events&time=day")
    day = dt.date(2000, 1, 1)
    with connect(ref) as conn:
        got = fetch_points(conn, ref, BOX, ("kind", "day"), day)
    assert len(got.lon) and set(got.columns["kind"]) == {"battle", "protest"}
    assert max(got.columns["day"]) <= day
    lon, lat = lonlat(N)
    days = np.array([dt.date(1991, 1, 1) + dt.timedelta(days=int(i % 12000)) for i in range(N)])
    assert len(got.lon) == int((inside(lon, lat) & (days <= day)).sum())


def test_the_server_counts_per_cell(tables) -> None:
    ref = parse_uri(f"{tables}?table=field.events")
    with connect(ref) as conn:
        counts = grid_counts(conn, ref, BOX, (36, 16))
        points = fetch_points(conn, ref, BOX)
    assert counts.shape == (16, 36)
    column = np.floor((points.lon - BOX[0]) * 2).astype(int)
    row = np.floor((BOX[3] - points.lat) * 2).astype(int)
    keep = (column < 36) & (row < 16)
    expected = np.zeros((16, 36), int)
    np.add.at(expected, (row[keep], column[keep]), 1)
    assert (counts == expected).all() and counts.sum() > 1000


def test_bad_tables_columns_and_servers_are_clear_errors(tables) -> None:
    with pytest.raises(PostgisError, match=r"no table field\.nothing"):
        ref = parse_uri(f"{tables}?table=field.nothing")
        with connect(ref) as conn:
            fetch_points(conn, ref, BOX)
    hostile = parse_uri(f"{tables}?table=field.events; DROP TABLE field.events")
    with pytest.raises(PostgisError, match="no table"), connect(hostile) as conn:
        fetch_points(conn, hostile, BOX)
    ref = parse_uri(f"{tables}?table=field.events")
    with pytest.raises(PostgisError, match="nope"), connect(ref) as conn:
        fetch_points(conn, ref, BOX, ("nope",))
    with connect(ref) as conn:  # the hostile name was a name, never SQL
        assert len(fetch_points(conn, ref, BOX).lon)
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    with pytest.raises(PostgisError, match=r"cannot connect to postgresql://"):
        connect(parse_uri(f"postgresql://nobody:pw@127.0.0.1:{dead}/x?table=t"))
