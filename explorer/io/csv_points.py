"""Read CSV/TSV tables of points (lon/lat columns) or WKT geometries, detecting the layout."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from explorer.geo.layer_geometry import LayerGeometry, PointCoords, from_shapes
from explorer.io.geometry_guard import first_too_deep_wkt, too_deep_message
from explorer.io.raw_layer import RawLayer
from explorer.io.read_errors import ColumnChoiceNeeded, TooLarge, VectorReadError
from explorer.io.read_limits import table_size

DELIMITERS = ",;\t|"
LON_NAMES = frozenset({"lon", "lng", "long", "longitude", "x"})
LAT_NAMES = frozenset({"lat", "latitude", "y"})
WKT_NAMES = frozenset({"wkt", "geometry", "geom", "the_geom"})
SAMPLE_BYTES = 64 * 1024
DECIMAL_COMMA = re.compile(r"[+-]?(\d+,?\d*|,\d+)([eE][+-]?\d+)?")


def _encoding(path: Path) -> str:
    """utf-8 (with or without BOM) when the file decodes as such, else Windows-1252."""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            while handle.read(1 << 20):
                pass
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "cp1252"


def detect_delimiter(sample: str) -> str:
    """The delimiter among , ; tab | that the sample uses (comma if it has a single column)."""
    lines = [line for line in sample.splitlines() if line.strip()][:50]
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        header = lines[0] if lines else ""
        counts = {d: header.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _pick(columns: list[str], names: frozenset[str]) -> list[str]:
    return [c for c in columns if c.strip().lower() in names]


def choose_columns(
    columns: list[str],
    lon_column: str | None = None,
    lat_column: str | None = None,
    wkt_column: str | None = None,
) -> tuple[str, str] | str:
    """The (lon, lat) pair or the WKT column to use; explicit arguments win over detection."""
    label = "the table"
    for given in (lon_column, lat_column, wkt_column):
        if given is not None and given not in columns:
            raise VectorReadError(
                f"{label} has no column {given!r} (columns: {', '.join(columns)})"
            )
    if wkt_column is not None:
        return wkt_column
    lons = [lon_column] if lon_column else _pick(columns, LON_NAMES)
    lats = [lat_column] if lat_column else _pick(columns, LAT_NAMES)
    wkts = _pick(columns, WKT_NAMES)
    if len(lons) == 1 and len(lats) == 1 and lons[0] != lats[0]:
        return lons[0], lats[0]
    if not lons and not lats and len(wkts) == 1:
        return wkts[0]
    candidates = list(dict.fromkeys(lons + lats + wkts))
    if not candidates:
        reason = "no longitude/latitude or WKT column found"
    else:
        reason = f"the coordinate columns are ambiguous ({', '.join(candidates)})"
    raise ColumnChoiceNeeded(reason, candidates=candidates, columns=columns)


def _numbers(values: pd.Series, decimal_comma: bool) -> pd.Series:
    text = values.astype("string").str.strip()
    if decimal_comma:
        text = text.str.replace(",", ".", regex=False)
    return pd.to_numeric(text, errors="coerce").astype("float64")


def _decimal_commas(table: pd.DataFrame, skip: tuple[str, ...]) -> pd.DataFrame:
    """The table with its decimal-comma number columns ("1,5") as floats; a column with any
    other text, or with no comma at all, stays as it is."""
    for column in table.columns.difference(list(skip), sort=False):
        text = table[column].astype("string").str.strip()
        filled = text[text != ""]
        if len(filled) and filled.str.contains(",", regex=False).any() \
                and filled.str.fullmatch(DECIMAL_COMMA).all():
            table[column] = _numbers(text, decimal_comma=True)
    return table


def _from_wkt(values: np.ndarray) -> np.ndarray:
    """Geometries from WKT, None where the text is invalid or a curve (shapely has no curves).
    NaN coordinates parse (and are counted when the geometries are cleaned)."""
    with np.errstate(invalid="ignore"):
        try:
            return shapely.from_wkt(values, on_invalid="ignore")
        except NotImplementedError:
            out = np.empty(len(values), dtype=object)
            for i, value in enumerate(values):
                try:
                    out[i] = shapely.from_wkt(value, on_invalid="ignore")
                except NotImplementedError:
                    out[i] = None
            return out


def read_table(
    path: Path,
    lon_column: str | None = None,
    lat_column: str | None = None,
    wkt_column: str | None = None,
    max_features: int | None = None,
) -> tuple[RawLayer, list[str], int]:
    """The table's rows and geometry (no CRS: a table has none), what was detected (which
    columns hold the geometry) and the number of rows without valid coordinates, which are
    skipped. TooLarge when its rows (estimated) are over the read limits and `max_features`."""
    with path.open("rb") as handle:
        size = table_size(path, handle.read(SAMPLE_BYTES))
    if size.exceeds(max_features):  # before reading it all (even to find its encoding)
        raise TooLarge(f"{path.name} holds about {size.describe()}: reading it may take "
                       "minutes and gigabytes of memory", size)
    encoding = _encoding(path)
    with path.open(encoding=encoding, newline="") as handle:
        sample = handle.read(SAMPLE_BYTES)
    if not sample.strip():
        raise VectorReadError(f"{path.name} is empty")
    delimiter = detect_delimiter(sample)
    try:
        table = pd.read_csv(
            path,
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            encoding=encoding,
            skipinitialspace=True,
        )
    except (pd.errors.ParserError, ValueError, UnicodeDecodeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise VectorReadError(f"{path.name} could not be read as a table: {first}") from exc
    if table.empty:
        raise VectorReadError(f"{path.name} has no rows")
    columns = [str(c) for c in table.columns]
    table.columns = columns
    try:
        choice = choose_columns(columns, lon_column, lat_column, wkt_column)
    except ColumnChoiceNeeded as exc:
        exc.args = (f"{path.name}: {exc.args[0]}",)
        raise
    except VectorReadError as exc:
        raise VectorReadError(str(exc).replace("the table", path.name, 1)) from None
    if isinstance(choice, str):
        text = np.array(table[choice].astype(object).str.strip(), dtype=object)
        text[(text == "") | pd.isna(text)] = None
        deep = first_too_deep_wkt(text)
        if deep is not None:
            raise VectorReadError(too_deep_message(path.name, deep + 1))
        geometry = _from_wkt(text)
        keep = ~shapely.is_missing(geometry)
        what = f"WKT column {choice!r}"
        kept: LayerGeometry = from_shapes(geometry[keep])
    else:
        lon = _numbers(table[choice[0]], decimal_comma=delimiter != ",")
        lat = _numbers(table[choice[1]], decimal_comma=delimiter != ",")
        finite = lon.notna() & lat.notna() & lon.abs().lt(float("inf")) & lat.abs().lt(float("inf"))
        keep = finite.to_numpy()
        kept = PointCoords(lon.to_numpy()[keep], lat.to_numpy()[keep])
        what = f"columns {choice[0]!r} (x) and {choice[1]!r} (y)"
    if not keep.any():
        raise VectorReadError(f"{path.name} has no row with valid coordinates in the {what}")
    attributes = table.loc[keep].reset_index(drop=True)
    if delimiter != ",":
        attributes = _decimal_commas(attributes, (choice,) if isinstance(choice, str) else choice)
    if choice == "geometry":  # the WKT is the geometry, not an attribute
        attributes = attributes.drop(columns="geometry")
    return (RawLayer(attributes, kept, None), [f"Geometry read from the {what}."],
            int((~keep).sum()))
