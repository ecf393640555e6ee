"""A count pyramid of a PostGIS table in TEMPORARY tables: points per cell of lon/lat grids."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass

import numpy as np

from explorer.io.postgis import (
    CELL_LAT,
    CELL_LON,
    GeometryTable,
    LonLatBox,
    PostgisRef,
    _lonlat_point,
    _where,
    read_cells,
)

MAX_LEVEL = 16  # cells of 2**-16 degrees (~1.7 m): keys fit int4
ROWS_PER_CELL = 4  # the finest level has no more cells over the table's extent than rows / 4
# ... but is never coarser than this: a Central Asia view (45 x 32 degrees) at 1920 x 1080 in
# cells of 3 px snaps to cells of 1/16 degree, and a level finer than the table's density costs
# no more than the table (it has at most a row a point), while counting the view's rows from the
# table instead takes twice the time of a pan (1M rows: 0.59 s)
VIEW_LEVEL = 4
Keys = tuple[int, int, int, int]  # qx0, qy0, qx1, qy1: a block of cells of one level
_names = itertools.count()


@dataclass(frozen=True)
class Pyramid:
    """The temporary tables of one pyramid (its connection's own, dropped when it closes):
    `{prefix}_a{l}` (qy, qx, n) of every row and, for a dated table, `{prefix}_d{l}` (qy, qx,
    b, n) by month (`b`, months since year 0), for levels 0 to `finest`.

    Level `l` has square cells of 2**-l degrees keyed `qx = floor((lon + 180) * 2**l)`,
    `qy = floor((90 - lat) * 2**l)` (row 0 north, as `grid_counts`). The finest level is
    counted from the table in one `CREATE TABLE pg_temp.… AS SELECT … GROUP BY`, each coarser
    one from the level below. A day's counts are the months before it from the pyramid plus
    the rows of its own month up to the day counted exactly from the table. Nothing is
    written outside `pg_temp`: the user's data and schema are never touched."""

    prefix: str
    finest: int
    dated: bool
    first_month: int | None = None  # of the dated rows (None: none dated)
    last_month: int | None = None


def month(day: dt.date) -> int:
    """The month bucket of a day (months since year 0)."""
    return day.year * 12 + day.month - 1


def keys(box: LonLatBox, level: int) -> Keys:
    """The cells of a level that cover the box (grown outward to the level's grid)."""
    s = 2.0 ** level
    west, south, east, north = box
    return (math.floor((west + 180) * s), math.floor((90 - north) * s),
            math.ceil((east + 180) * s), math.ceil((90 - south) * s))


def keys_box(block: Keys, level: int) -> LonLatBox:
    s = 2.0 ** level
    return (block[0] / s - 180, 90 - block[3] / s, block[2] / s - 180, 90 - block[1] / s)


def finest_level(extent: LonLatBox | None, rows: int) -> int:
    """The finest level with no more cells over the extent than rows / ROWS_PER_CELL, or
    VIEW_LEVEL if that is finer."""
    west, south, east, north = extent or (-180.0, -90.0, 180.0, 90.0)
    level = 0
    while level < MAX_LEVEL:
        f = 2.0 ** -(level + 1)
        if (east - west + f) * (north - south + f) / f / f > max(rows, 1) / ROWS_PER_CELL:
            break
        level += 1
    return max(level, VIEW_LEVEL)


def _sql(connection, query) -> None:
    with connection.cursor() as cur:
        cur.execute(query)


def extent_and_rows(connection, table: GeometryTable) -> tuple[LonLatBox | None, int]:
    """The table's lon/lat extent and row count as the planner's statistics have them (no
    scan of the table); None and -1 when it was never analysed."""
    import psycopg
    from psycopg import sql

    box = sql.SQL("ST_EstimatedExtent({}, {}, {})").format(
        sql.Literal(table.schema), sql.Literal(table.table), sql.Literal(table.column))
    if table.srid != 4326:
        box = sql.SQL("ST_Transform(ST_Segmentize(ST_SetSRID({}::geometry, {}), "
                      "greatest(ST_XMax({}) - ST_XMin({}), 1) / 64), 4326)").format(
            box, sql.Literal(int(table.srid)), box, box)
    with connection.cursor() as cur:
        try:
            cur.execute(sql.SQL("SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM "
                                "(SELECT ({})::box2d AS e) AS q").format(box))
            found = cur.fetchone()
        except psycopg.Error:  # never analysed: the whole world will do
            found = None
    extent = tuple(float(v) for v in found) if found and None not in found else None
    return extent, table.rows


def build(connection, ref: PostgisRef, table: GeometryTable,
          finest: int | None = None) -> Pyramid:
    """Count the table into a new pyramid on this connection (it must not be in a read-only
    transaction: temporary tables are still tables to PostgreSQL). `finest` (a level) is
    chosen from the table's extent and size when not given."""
    from psycopg import sql

    if finest is None:
        finest = finest_level(*extent_and_rows(connection, table))
    prefix = f"explorer_counts_{next(_names)}"
    dated = ref.time is not None
    s = sql.Literal(2.0 ** finest)
    rows = sql.SQL("SELECT {point} AS p{date} FROM {schema}.{table}").format(
        point=_lonlat_point(table), schema=sql.Identifier(table.schema),
        table=sql.Identifier(table.table),
        date=sql.SQL(", {} AS d").format(sql.Identifier(ref.time)) if dated else sql.SQL(""))
    cells = sql.SQL(
        "SELECT floor((90 - {lat}) * {s})::int4 AS qy, floor(({lon} + 180) * {s})::int4 AS "
        "qx{b} FROM ({rows}) AS r").format(
        s=s, rows=rows, lon=sql.SQL(CELL_LON), lat=sql.SQL(CELL_LAT),
        b=sql.SQL(", (extract(year FROM d)::int4 * 12 + extract(month FROM d)"
                                  "::int4 - 1) AS b") if dated else sql.SQL(""))
    first = f"{prefix}_{'d' if dated else 'a'}{finest}"
    group = sql.SQL("qy, qx, b" if dated else "qy, qx")
    _sql(connection, sql.SQL(
        "CREATE TABLE pg_temp.{} AS SELECT {g}, count(*)::int8 AS n FROM ({}) AS c WHERE qx IS "
        "NOT NULL AND qy IS NOT NULL GROUP BY {g} ORDER BY {g}").format(
        sql.Identifier(first), cells, g=group))
    for kind in ("d", "a") if dated else ("a",):
        group = sql.SQL("qy, qx, b" if kind == "d" else "qy, qx")
        for level in range(finest, -1, -1):
            name = f"{prefix}_{kind}{level}"
            if name != first:
                below, shift = ((f"{prefix}_{kind}{level + 1}", 1) if level < finest
                                else (first, 0))
                _sql(connection, sql.SQL(
                    "CREATE TABLE pg_temp.{} AS SELECT {g}, sum(n)::int8 AS n FROM (SELECT "
                    "qy >> {s} AS qy, qx >> {s} AS qx{b}, n FROM pg_temp.{}) AS c GROUP BY {g} "
                    "ORDER BY {g}").format(
                    sql.Identifier(name), sql.Identifier(below), g=group, s=sql.Literal(shift),
                    b=sql.SQL(", b" if kind == "d" else "")))
            _sql(connection, sql.SQL("CREATE INDEX ON pg_temp.{} (qy, qx)").format(
                sql.Identifier(name)))
            _sql(connection, sql.SQL("ANALYZE pg_temp.{}").format(sql.Identifier(name)))
    months = (None, None)
    if dated:
        with connection.cursor() as cur:
            cur.execute(sql.SQL("SELECT min(b), max(b) FROM pg_temp.{}").format(
                sql.Identifier(f"{prefix}_d0")))
            months = cur.fetchone()
    return Pyramid(prefix, finest, dated, *months)


def _in_block(block: Keys):
    from psycopg import sql

    return sql.SQL("qy >= {} AND qy < {} AND qx >= {} AND qx < {}").format(
        *(sql.Literal(int(v)) for v in (block[1], block[3], block[0], block[2])))


def pyramid_cells(connection, pyramid: Pyramid, level: int, block: Keys,
                  before: int | None = None) -> np.ndarray:
    """The level's counts over a block of its cells: every row's, or (a dated pyramid) those
    of the months before the month bucket `before`."""
    from psycopg import sql

    kind = "a" if before is None else "d"
    query = sql.SQL("SELECT qx - {x0}, qy - {y0}, {n} FROM pg_temp.{t} WHERE {inside}{b}").format(
        x0=sql.Literal(block[0]), y0=sql.Literal(block[1]),
        t=sql.Identifier(f"{pyramid.prefix}_{kind}{level}"), inside=_in_block(block),
        n=sql.SQL("n" if before is None else "sum(n)::int8"),
        b=sql.SQL("") if before is None else sql.SQL(" AND b < {} GROUP BY qx, qy").format(
            sql.Literal(before)))
    return read_cells(connection, query, (block[3] - block[1], block[2] - block[0]))


def table_cells(connection, ref: PostgisRef, table: GeometryTable, level: int, block: Keys,
                since: dt.date, day: dt.date) -> np.ndarray:
    """The level's counts over a block of its cells counted from the table itself: the rows
    dated from `since` to `day` (the part of a month the pyramid cannot split)."""
    from psycopg import sql

    s = sql.Literal(2.0 ** level)
    query = sql.SQL(
        "SELECT qx - {x0}, qy - {y0}, count(*) FROM (SELECT floor(({lon} + 180) * {s})::int4 "
        "AS qx, floor((90 - {lat}) * {s})::int4 AS qy FROM (SELECT {point} AS p FROM "
        "{schema}.{table} WHERE {where} AND {d} >= {since} AND {d} <= {day}) AS r) AS c WHERE "
        "{inside} GROUP BY qx, qy").format(
        x0=sql.Literal(block[0]), y0=sql.Literal(block[1]), s=s, point=_lonlat_point(table),
        schema=sql.Identifier(table.schema), table=sql.Identifier(table.table),
        where=_where(table, ref, keys_box(block, level), None), d=sql.Identifier(ref.time),
        since=sql.Literal(since), day=sql.Literal(day), inside=_in_block(block),
        lon=sql.SQL(CELL_LON), lat=sql.SQL(CELL_LAT))
    return read_cells(connection, query, (block[3] - block[1], block[2] - block[0]))


def estimated_rows(connection, pyramid: Pyramid, box: LonLatBox) -> int:
    """At most how many rows lie in the box: the sum of a coarse level's cells around it."""
    from psycopg import sql

    span = max(box[2] - box[0], box[3] - box[1], 2.0 ** -MAX_LEVEL)
    level = min(max(math.floor(math.log2(4 / span)), 0), pyramid.finest)
    with connection.cursor() as cur:
        cur.execute(sql.SQL("SELECT coalesce(sum(n), 0)::int8 FROM pg_temp.{} WHERE {}").format(
            sql.Identifier(f"{pyramid.prefix}_a{level}"), _in_block(keys(box, level))))
        return int(cur.fetchone()[0])
