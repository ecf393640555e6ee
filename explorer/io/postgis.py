"""PostGIS layers: a table named by a connection URI, fetched a view at a time (psycopg 3).

`postgresql://user@host:5432/db?table=public.events` names the table (and, optionally,
`geom=` its geometry column and `time=` a date column). The password, if the URI has one, is
used but never kept in `display` nor in a project: libpq reads ~/.pgpass and the PG*
variables itself. Only what a view needs crosses the wire: the rows whose geometry meets the
view's box (`&&`, a GiST index), the columns asked for, the date filter pushed down; at a low
zoom the server counts the points per grid cell and sends the counts, not the points."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

CONNECT_TIMEOUT_S = 5
OUR_PARAMETERS = ("table", "geom", "time")
LonLatBox = tuple[float, float, float, float]  # west, south, east, north (degrees)


class PostgisError(RuntimeError):
    """The server, the credentials or the table will not do; the message says which."""


@dataclass(frozen=True)
class PostgisRef:
    """A PostGIS table: the connection string (password kept only in `conninfo`), where the
    table is and, if given, its geometry and date columns."""

    conninfo: str
    schema: str
    table: str
    geometry: str | None = None
    time: str | None = None

    @property
    def display(self) -> str:
        """The URI without its password: for titles, messages and projects."""
        parts = urlsplit(self.conninfo)
        netloc = parts.netloc.rpartition("@")
        user = netloc[0].partition(":")[0]
        where = f"{user}@{netloc[2]}" if netloc[1] else netloc[2]
        query = {"table": f"{self.schema}.{self.table}"}
        query.update({k: v for k, v in (("geom", self.geometry), ("time", self.time)) if v})
        return urlunsplit((parts.scheme, where, parts.path, urlencode(query), ""))


def is_postgis_uri(text: str) -> bool:
    return text.startswith(("postgresql://", "postgres://"))


def parse_uri(uri: str) -> PostgisRef:
    """The table a `postgresql://…?table=schema.table` URI names (schema `public` if none)."""
    parts = urlsplit(uri)
    if parts.scheme not in ("postgresql", "postgres"):
        raise PostgisError(f"not a PostgreSQL URI: {uri[:80]!r} (postgresql://user@host/db"
                           "?table=schema.table)")
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    table = query.get("table", "")
    if not table:
        raise PostgisError("the URI names no table: add ?table=schema.table (e.g. "
                           "?table=public.events)")
    schema, _, name = table.rpartition(".")
    rest = urlencode({k: v for k, v in query.items() if k not in OUR_PARAMETERS})
    conninfo = urlunsplit((parts.scheme, parts.netloc, parts.path, rest, ""))
    return PostgisRef(conninfo, schema or "public", name, query.get("geom") or None,
                      query.get("time") or None)


def connect(ref: PostgisRef):
    """A connection (read-only, autocommit) or a PostgisError that says what went wrong."""
    import psycopg

    try:
        connection = psycopg.connect(ref.conninfo, connect_timeout=CONNECT_TIMEOUT_S,
                                     autocommit=True)
    except psycopg.OperationalError as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else "no answer"
        raise PostgisError(f"cannot connect to {ref.display}: {reason}") from exc
    connection.read_only = True
    return connection


@dataclass(frozen=True)
class GeometryTable:
    """A table with a geometry column, as PostGIS lists it."""

    schema: str
    table: str
    column: str
    srid: int
    kind: str
    rows: int  # the planner's estimate (-1: never analysed)


def geometry_tables(connection) -> list[GeometryTable]:
    """The tables with a geometry column that this connection may read."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT g.f_table_schema, g.f_table_name, g.f_geometry_column, g.srid, g.type, "
            "coalesce(c.reltuples, -1)::bigint FROM geometry_columns g "
            "LEFT JOIN pg_namespace n ON n.nspname = g.f_table_schema "
            "LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = g.f_table_name "
            "WHERE has_table_privilege(quote_ident(g.f_table_schema) || '.' || "
            "quote_ident(g.f_table_name), 'SELECT') ORDER BY 1, 2, 3")
        return [GeometryTable(*row) for row in cur.fetchall()]


def resolve(connection, ref: PostgisRef) -> GeometryTable:
    """The table the reference names, with its geometry column and SRID."""
    found = [t for t in geometry_tables(connection)
             if (t.schema, t.table) == (ref.schema, ref.table)
             and (ref.geometry is None or t.column == ref.geometry)]
    if not found:
        raise PostgisError(f"{ref.display}: no table {ref.schema}.{ref.table} with a geometry "
                           "column that you may read (see the tables File → Add PostGIS "
                           "Layer… lists)")
    return found[0]


@dataclass(frozen=True)
class Fetched:
    """Points of a view: lon/lat (degrees) and the columns asked for, one array each."""

    lon: np.ndarray
    lat: np.ndarray
    columns: dict[str, np.ndarray]


def _where(table: GeometryTable, ref: PostgisRef, box: LonLatBox,
           day: dt.date | None) -> tuple[object, list]:
    from psycopg import sql

    geometry = sql.Identifier(table.column)
    clauses = [sql.SQL("{} && ST_Transform(ST_MakeEnvelope(%s, %s, %s, %s, 4326), %s)").format(
        geometry)]
    params: list = [*box, table.srid]
    if day is not None and ref.time:
        clauses.append(sql.SQL("{} <= %s").format(sql.Identifier(ref.time)))
        params.append(day)
    return sql.SQL(" AND ").join(clauses), params


def fetch_points(connection, ref: PostgisRef, box: LonLatBox, columns: tuple[str, ...] = (),
                 day: dt.date | None = None, limit: int | None = None) -> Fetched:
    """A point for each feature (itself, or one on its surface) whose bounding box meets the
    view's box (in the table's SRID: a margin more for a projected one), with `columns`, on or
    before `day` by the reference's date column (if any)."""
    from psycopg import errors, sql

    table = resolve(connection, ref)
    where, params = _where(table, ref, box, day)
    query = sql.SQL(
        "SELECT ST_X(p), ST_Y(p){cols} FROM (SELECT ST_Transform(ST_PointOnSurface({geom}), "
        "4326) AS p{cols} FROM {schema}.{table} WHERE {where}{limit}) AS q").format(
        geom=sql.Identifier(table.column), schema=sql.Identifier(table.schema),
        table=sql.Identifier(table.table), where=where,
        cols=sql.SQL("").join(sql.SQL(", {}").format(sql.Identifier(c)) for c in columns),
        limit=sql.SQL(" LIMIT {}").format(sql.Literal(int(limit))) if limit else sql.SQL(""))
    try:
        with connection.cursor(binary=True) as cur:
            cur.execute(query, params)
            rows = cur.fetchall()
    except errors.UndefinedColumn as exc:
        raise PostgisError(f"{ref.display}: {exc.diag.message_primary}") from exc
    values = list(zip(*rows, strict=True)) if rows else [()] * (2 + len(columns))
    return Fetched(np.asarray(values[0], float), np.asarray(values[1], float),
                   {c: np.asarray(v) for c, v in zip(columns, values[2:], strict=True)})


def grid_counts(connection, ref: PostgisRef, box: LonLatBox, size: tuple[int, int],
                day: dt.date | None = None) -> np.ndarray:
    """How many points fall in each cell of a `size` (w, h) grid over the lon/lat box, row 0
    at the north, counted by the server: what crosses the wire is bounded by the grid."""
    from psycopg import sql

    table = resolve(connection, ref)
    where, params = _where(table, ref, box, day)
    w, h = size
    west, south, east, north = box
    query = sql.SQL(
        "SELECT i, j, count(*) FROM (SELECT floor((ST_X(p) - %s) * %s)::int AS i, "
        "floor((%s - ST_Y(p)) * %s)::int AS j FROM (SELECT ST_Transform(ST_PointOnSurface("
        "{geom}), 4326) AS p FROM {schema}.{table} WHERE {where}) AS q) AS c "
        "WHERE i >= 0 AND i < %s AND j >= 0 AND j < %s GROUP BY i, j").format(
        geom=sql.Identifier(table.column), schema=sql.Identifier(table.schema),
        table=sql.Identifier(table.table), where=where)
    scale = (west, w / (east - west), north, h / (north - south))
    with connection.cursor(binary=True) as cur:
        cur.execute(query, [*scale, *params, w, h])
        cells = np.array(cur.fetchall(), dtype=np.int64).reshape(-1, 3)
    counts = np.zeros((h, w), np.int64)
    counts[cells[:, 1], cells[:, 0]] = cells[:, 2]
    return counts
