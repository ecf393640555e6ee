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

from explorer.io.geometry_guard import MAX_NESTING, first_too_deep_wkb
from explorer.io.read_errors import VectorReadError

CONNECT_TIMEOUT_S = 5
OUR_PARAMETERS = ("table", "geom", "time")
LonLatBox = tuple[float, float, float, float]  # west, south, east, north (degrees)


class PostgisError(VectorReadError):
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


_TABLES = (
    "SELECT g.f_table_schema, g.f_table_name, g.f_geometry_column, g.srid, g.type, "
    "coalesce(c.reltuples, -1)::bigint FROM geometry_columns g "
    "LEFT JOIN pg_namespace n ON n.nspname = g.f_table_schema "
    "LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = g.f_table_name "
    "WHERE has_table_privilege(quote_ident(g.f_table_schema) || '.' || "
    "quote_ident(g.f_table_name), 'SELECT')")


def geometry_tables(connection) -> list[GeometryTable]:
    """The tables with a geometry column that this connection may read."""
    with connection.cursor() as cur:
        cur.execute(_TABLES + " ORDER BY 1, 2, 3")
        return [GeometryTable(*row) for row in cur.fetchall()]


def resolve(connection, ref: PostgisRef) -> GeometryTable:
    """The table the reference names, with its geometry column and SRID."""
    with connection.cursor() as cur:
        cur.execute(_TABLES + " AND g.f_table_schema = %s AND g.f_table_name = %s "
                    "AND (%s::text IS NULL OR g.f_geometry_column = %s) ORDER BY 3",
                    (ref.schema, ref.table, ref.geometry, ref.geometry))
        found = cur.fetchone()
    if found is None:
        raise PostgisError(f"{ref.display}: no table {ref.schema}.{ref.table} with a geometry "
                           "column that you may read (see the tables File → Add PostGIS "
                           "Layer… lists)")
    return GeometryTable(*found)


def _lonlat_point(table: GeometryTable):
    """SQL for a feature's point in lon/lat: the geometry itself for a point table in lon/lat
    (no function a row), else a point on its surface, transformed."""
    from psycopg import sql

    point = sql.Identifier(table.column)
    if table.kind.upper() != "POINT":
        point = sql.SQL("ST_PointOnSurface({})").format(point)
    if table.srid != 4326:
        point = sql.SQL("ST_Transform({}, 4326)").format(point)
    return point


@dataclass(frozen=True)
class Fetched:
    """Points of a view: lon/lat (degrees) and the columns asked for, one array each."""

    lon: np.ndarray
    lat: np.ndarray
    columns: dict[str, np.ndarray]


def _where(table: GeometryTable, ref: PostgisRef, box: LonLatBox, day: dt.date | None):
    """The view's filter as SQL with its values inlined (COPY takes no parameters): the box
    on the table's own SRID (`&&`: the GiST index) and the date."""
    from psycopg import sql

    envelope = sql.SQL("ST_MakeEnvelope({}, {}, {}, {}, 4326)").format(
        *(sql.Literal(float(v)) for v in box))
    if table.srid != 4326:
        # the box's edges bend in the table's SRID: densified before it is transformed, and
        # grown a little, it covers every point inside
        srid, step = sql.Literal(int(table.srid)), sql.Literal(max(box[2] - box[0],
                                                                   box[3] - box[1]) / 64)
        envelope = sql.SQL("ST_Expand(ST_Transform(ST_Segmentize({e}, {step}), {srid}), 0.001 "
                           "* ST_Perimeter(ST_Transform({e}, {srid})))").format(
            e=envelope, step=step, srid=srid)
    clauses = [sql.SQL("{} && {}").format(sql.Identifier(table.column), envelope)]
    if day is not None and ref.time:
        clauses.append(sql.SQL("{} <= {}").format(sql.Identifier(ref.time), sql.Literal(day)))
    return sql.SQL(" AND ").join(clauses)


def count_in_view(connection, table: GeometryTable, ref: PostgisRef, box: LonLatBox,
                  day: dt.date | None, limit: int | None = None) -> int:
    """How many features meet the box (as fetch_points picks them); with a `limit`, counted up
    to it only: cheap on a huge table, enough to choose between points and counts."""
    from psycopg import sql

    query = sql.SQL("SELECT count(*) FROM (SELECT 1 FROM {}.{} WHERE {}{}) AS q").format(
        sql.Identifier(table.schema), sql.Identifier(table.table), _where(table, ref, box, day),
        sql.SQL(" LIMIT {}").format(sql.Literal(int(limit))) if limit else sql.SQL(""))
    with connection.cursor() as cur:
        cur.execute(query)
        return int(cur.fetchone()[0])


def fetch_points(connection, ref: PostgisRef, box: LonLatBox, columns: tuple[str, ...] = (),
                 day: dt.date | None = None, limit: int | None = None) -> Fetched:
    """A point for each feature (itself, or one on its surface) whose bounding box meets the
    view's box (in the table's SRID: a margin more for a projected one), with `columns`, on or
    before `day` by the reference's date column (if any)."""
    from psycopg import sql

    table = resolve(connection, ref)
    query = sql.SQL(
        "SELECT ST_X(p), ST_Y(p){cols} FROM (SELECT {point} AS p{cols} FROM {schema}.{table} "
        "WHERE {where}{limit}) AS q").format(
        point=_lonlat_point(table), schema=sql.Identifier(table.schema),
        table=sql.Identifier(table.table), where=_where(table, ref, box, day),
        cols=sql.SQL("").join(sql.SQL(", {}").format(sql.Identifier(c)) for c in columns),
        limit=sql.SQL(" LIMIT {}").format(sql.Literal(int(limit))) if limit else sql.SQL(""))
    values = _by_column(connection, ref, query, 2 + len(columns))
    return Fetched(np.asarray(values[0], float), np.asarray(values[1], float),
                   {c: np.asarray(v) for c, v in zip(columns, values[2:], strict=True)})


def _by_column(connection, ref: PostgisRef, query, count: int) -> list[tuple]:
    """The query's `count` result columns, each a tuple of its values (binary transfer); a
    column the table lacks is a PostgisError."""
    from psycopg import errors

    try:
        with connection.cursor(binary=True) as cur:
            cur.execute(query)
            rows = cur.fetchall()
    except errors.UndefinedColumn as exc:
        raise PostgisError(f"{ref.display}: {exc.diag.message_primary}") from exc
    return list(zip(*rows, strict=True)) if rows else [()] * count


def is_points(table: GeometryTable) -> bool:
    """Whether every feature is one point (fetched as coordinates): else shapes, as WKB."""
    return table.kind.upper() == "POINT"


@dataclass(frozen=True)
class FetchedShapes:
    """Lines, polygons (any geometry) of a view: shapely geometries in lon/lat and the columns
    asked for, one array each."""

    geoms: np.ndarray
    columns: dict[str, np.ndarray]


def fetch_shapes(connection, ref: PostgisRef, box: LonLatBox, columns: tuple[str, ...] = (),
                 day: dt.date | None = None, tolerance: float = 0.0) -> FetchedShapes:
    """Each feature whose bounding box meets the view's box (as `fetch_points` picks them) as
    its whole geometry, not clipped: in lon/lat, simplified by the server to `tolerance`
    degrees (topology kept: no polygon collapses), sent as WKB and parsed here; a
    PostgisError if one is nested too deep for GEOS (explorer.io.geometry_guard)."""
    import shapely
    from psycopg import sql

    table = resolve(connection, ref)
    geom = sql.Identifier(table.column)
    if table.srid != 4326:
        geom = sql.SQL("ST_Transform({}, 4326)").format(geom)
    if tolerance > 0:
        geom = sql.SQL("ST_SimplifyPreserveTopology({}, {})").format(
            geom, sql.Literal(float(tolerance)))
    query = sql.SQL("SELECT ST_AsBinary({geom}){cols} FROM {schema}.{table} WHERE {where}").format(
        geom=geom, schema=sql.Identifier(table.schema), table=sql.Identifier(table.table),
        where=_where(table, ref, box, day),
        cols=sql.SQL("").join(sql.SQL(", {}").format(sql.Identifier(c)) for c in columns))
    values = _by_column(connection, ref, query, 1 + len(columns))
    wkb = [bytes(v) if v is not None else None for v in values[0]]
    deep = first_too_deep_wkb(wkb)
    if deep is not None:
        raise PostgisError(f"{ref.display}: a feature's geometry in the view is nested more "
                           f"than {MAX_NESTING} levels deep (geometry collections within "
                           "collections); the view was not read")
    try:
        geoms = shapely.from_wkb(np.array(wkb, dtype=object))
    except shapely.errors.GEOSException as exc:
        raise PostgisError(f"{ref.display}: unreadable geometry ({exc})") from exc
    return FetchedShapes(np.asarray(geoms, dtype=object),
                         {c: np.asarray(v) for c, v in zip(columns, values[1:], strict=True)})


# A point's lon/lat (p) rounded to 1e-9 degrees (0.1 mm) before it is cut into cells: one a
# transform leaves a rounding error off a cell line then falls on the same side of it however
# the cell is computed (here, and from -180/90 in explorer.io.postgis_pyramid)
CELL_LON = "(round(ST_X(p) * 1e9) / 1e9)"
CELL_LAT = "(round(ST_Y(p) * 1e9) / 1e9)"

_CELL = np.dtype([("i", ">i4"), ("n", ">i8")])  # int4send(i) || int8send(n)


def read_cells(connection, query, shape: tuple[int, int]) -> np.ndarray:
    """The (h, w) counts of a query of (i, j, n) rows (int4, int4, int8; one a cell). The
    server packs each row of cells into one bytea read straight into numpy: a message, and a
    Python object, a row of the grid rather than a cell."""
    from psycopg import sql

    counts = np.zeros(shape, np.int64)
    with connection.cursor(binary=True) as cur:
        cur.execute(sql.SQL("SELECT j, string_agg(int4send(i) || int8send(n), ''::bytea) FROM "
                            "({}) AS c (i, j, n) GROUP BY j").format(query))
        for j, cells in cur:
            row = np.frombuffer(cells, dtype=_CELL)
            counts[j, row["i"]] = row["n"]
    return counts


def cells_query(table: GeometryTable, ref: PostgisRef, box: LonLatBox, size: tuple[int, int],
                day: dt.date | None = None, sample_percent: float | None = None):
    """SQL counting the table's points (or points on surface) per cell of a `size` (w, h) grid
    over the lon/lat box, as (i, j, count) rows, row 0 at the north; with `sample_percent`,
    counting only a repeatable sample of the table's pages (TABLESAMPLE SYSTEM)."""
    from psycopg import sql

    w, h = size
    west, south, east, north = box
    sample = sql.SQL("") if sample_percent is None else sql.SQL(
        " TABLESAMPLE SYSTEM ({}) REPEATABLE (15)").format(sql.Literal(float(sample_percent)))
    return sql.SQL(
        "SELECT i, j, count(*) FROM (SELECT floor(({lon} - {west}) * {sx})::int4 AS i, "
        "floor(({north} - {lat}) * {sy})::int4 AS j FROM (SELECT {point} AS p FROM "
        "{schema}.{table}{sample} WHERE {where}) AS q) AS c WHERE i >= 0 AND i < {w} AND j >= 0 "
        "AND j < {h} GROUP BY i, j").format(
        west=sql.Literal(float(west)), sx=sql.Literal(w / (east - west)),
        north=sql.Literal(float(north)), sy=sql.Literal(h / (north - south)),
        point=_lonlat_point(table), schema=sql.Identifier(table.schema),
        table=sql.Identifier(table.table), sample=sample, where=_where(table, ref, box, day),
        w=sql.Literal(int(w)), h=sql.Literal(int(h)), lon=sql.SQL(CELL_LON),
        lat=sql.SQL(CELL_LAT))


def grid_counts(connection, ref: PostgisRef, box: LonLatBox, size: tuple[int, int],
                day: dt.date | None = None) -> np.ndarray:
    """How many points fall in each cell of a `size` (w, h) grid over the lon/lat box, row 0
    at the north, counted by the server: what crosses the wire is bounded by the grid."""
    table = resolve(connection, ref)
    return read_cells(connection, cells_query(table, ref, box, size, day), (size[1], size[0]))


def attribute_columns(connection, table: GeometryTable) -> list[str]:
    """The table's columns other than its geometry, in their order."""
    with connection.cursor() as cur:
        cur.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = %s "
                    "AND table_name = %s AND column_name <> %s ORDER BY ordinal_position",
                    (table.schema, table.table, table.column))
        return [row[0] for row in cur.fetchall()]


def read_view(uri: str, box: LonLatBox, max_features: int | None = None):
    """The table's features in the lon/lat box as a user layer (explorer.io.vector_reader's
    VectorData: points, or whole shapes not simplified, every attribute column), for a one-view
    export; TooLarge when they are over the read limits (explorer.io.read_limits) and
    `max_features`."""

    from explorer.io.read_errors import TooLarge
    from explorer.io.read_limits import LayerSize

    ref = parse_uri(uri)
    with connect(ref) as connection:
        table = resolve(connection, ref)
        count = count_in_view(connection, table, ref, box, None)
        size = LayerSize(count, count * 64)
        if size.exceeds(max_features):
            raise TooLarge(f"{ref.display} has {count:,} features in the view: reading them "
                           "may take minutes and gigabytes of memory", size)
        columns = tuple(attribute_columns(connection, table))
        fetch = fetch_points if is_points(table) else fetch_shapes
        data = layer_data(fetch(connection, ref, box, columns), ref.table)
    data.details.append(f"{len(data):,} features of {ref.display} in the view")
    return data


def layer_data(got: Fetched | FetchedShapes, name: str):
    """A view's fetched features as a user layer's data (explorer.model.layer_data.VectorData):
    coordinates for points, shapes for lines and polygons, a column an attribute."""
    import pandas as pd

    from explorer.geo.layer_geometry import PointCoords, from_shapes
    from explorer.model.layer_data import VectorData

    geometry = (PointCoords(got.lon, got.lat) if isinstance(got, Fetched)
                else from_shapes(got.geoms))
    attributes = pd.DataFrame(dict(got.columns), index=pd.RangeIndex(len(geometry)))
    return VectorData(attributes, geometry, name, "EPSG:4326")
