"""Add PostGIS Layer…'s server side: URIs kept without password, geometry tables, date columns."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from explorer.io.postgis import (
    OUR_PARAMETERS,
    GeometryTable,
    PostgisError,
    PostgisRef,
    connect,
    geometry_tables,
    parse_uri,
)
from explorer.io.read_errors import one_line

DATE_TYPES = ("date", "timestamp without time zone", "timestamp with time zone")
_DATE_COLUMNS = (
    "SELECT c.table_schema, c.table_name, c.column_name FROM information_schema.columns c "
    "WHERE c.data_type = ANY(%s) AND EXISTS (SELECT 1 FROM geometry_columns g WHERE "
    "g.f_table_schema = c.table_schema AND g.f_table_name = c.table_name) "
    "ORDER BY 1, 2, c.ordinal_position")


@dataclass(frozen=True)
class PostgisChoice:
    """The chosen table: `uri` (postgresql://…?table=schema.table&geom=…[&time=…]) holds no
    password and is what a project keeps; `password` is what was typed, if anything (None:
    libpq finds it in ~/.pgpass or PGPASSWORD)."""

    uri: str
    password: str | None = None

    def ref(self) -> PostgisRef:
        """The table to connect to, the password in its conninfo (never in `display`)."""
        return parse_uri(with_password(self.uri, self.password))


def without_password(uri: str) -> tuple[str, str | None]:
    """The URI with no password in it, and the password it had (None if none)."""
    parts = urlsplit(uri)
    users, at, host = parts.netloc.rpartition("@")
    user, colon, password = users.partition(":")
    if not colon:
        return uri, None
    return urlunsplit(parts._replace(netloc=f"{user}{at}{host}")), unquote(password)


def with_password(uri: str, password: str | None) -> str:
    """The URI with `password` in place of any it has (as is, when None or blank)."""
    if not password:
        return uri
    bare, _ = without_password(uri)
    parts = urlsplit(bare)
    user, _, host = parts.netloc.rpartition("@")
    return urlunsplit(parts._replace(netloc=f"{user}:{quote(password, safe='')}@{host}"))


def server_uri(host: str, port: int, database: str, user: str) -> str:
    """postgresql://user@host:port/database, each part quoted; blank parts left to libpq."""
    host = f"[{host}]" if ":" in host and not host.startswith("[") else quote(host, safe="")
    who = f"{quote(user, safe='')}@" if user else ""
    return f"postgresql://{who}{host}:{port}/{quote(database, safe='')}"


def server_part(uri: str) -> str:
    """The URI without our table parameters (libpq refuses them), its others kept."""
    parts = urlsplit(uri.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k not in OUR_PARAMETERS]
    return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


def table_uri(server: str, table: GeometryTable, time: str | None) -> str:
    parts = urlsplit(server)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query += [("table", f"{table.schema}.{table.table}"), ("geom", table.column)]
    query += [("time", time)] if time else []
    return urlunsplit(parts._replace(query=urlencode(query)))


def message(text: str) -> str:
    """A server's message fit for one line: its first line (libpq adds hints on the next
    ones), whitespace (libpq's tabs) collapsed."""
    lines = [line for line in str(text).strip().splitlines() if line.strip()]
    return one_line(" ".join(lines[0].split())) if lines else ""


@dataclass(frozen=True)
class Listing:
    """A server's tables with geometry, and each table's date columns ((schema, table) ->
    column names, in the table's order)."""

    tables: list[GeometryTable]
    dates: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def date_columns(self, table: GeometryTable) -> list[str]:
        return self.dates.get((table.schema, table.table), [])


def date_columns(connection) -> dict[tuple[str, str], list[str]]:
    """The date and timestamp columns of the tables that have a geometry column."""
    found: dict[tuple[str, str], list[str]] = {}
    with connection.cursor() as cur:
        cur.execute(_DATE_COLUMNS, (list(DATE_TYPES),))
        for schema, table, column in cur.fetchall():
            found.setdefault((schema, table), []).append(column)
    return found


def list_server(conninfo: str, display: str) -> Listing:
    """Connect, list, disconnect; a PostgisError naming `display` (the server, no password)
    when the server, the credentials or PostGIS are not there."""
    import psycopg

    ref = PostgisRef(conninfo, "", "")
    try:
        with connect(ref) as connection:
            return Listing(geometry_tables(connection), date_columns(connection))
    except PostgisError as exc:
        raise PostgisError(str(exc).replace(ref.display, display)) from exc
    except psycopg.errors.UndefinedTable as exc:  # no geometry_columns view
        raise PostgisError(f"{display}: PostGIS is not installed in this database (ask its "
                           "administrator for CREATE EXTENSION postgis)") from exc
    except psycopg.Error as exc:
        reason = message(str(exc)) or type(exc).__name__
        raise PostgisError(f"{display}: {reason}") from exc
