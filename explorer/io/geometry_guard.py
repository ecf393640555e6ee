"""Cheap nesting-depth scans of WKT and WKB, run before GEOS parses them (deep nesting crashes it).

GEOS parses nested geometry collections recursively: 25,000 levels of
`GEOMETRYCOLLECTION(` kill the process with a stack overflow. These scans count the depth
without recursion, so a reader refuses such a row with a clear message instead. GDAL's own
readers stop at 32 levels, so only the paths that hand text or WKB straight to shapely (CSV
WKT columns, GeoParquet) need them.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable

import numpy as np

MAX_NESTING = 64  # geometry levels; real data rarely nests collections more than 2 or 3 deep
WKB_HEADER = 9  # bytes of the smallest collection header: byte order, type, member count
LEAF_KINDS = frozenset({1, 2, 3, 8, 17})  # point, line, polygon, circular string, triangle
COLLECTION_KINDS = frozenset({4, 5, 6, 7, 9, 10, 11, 12, 15, 16})
EWKB_Z, EWKB_M, EWKB_SRID = 0x80000000, 0x40000000, 0x20000000


def wkt_depth(text: str) -> int:
    """The deepest parenthesis nesting in a WKT text (POINT 1, POLYGON 2, and so on)."""
    codes = np.frombuffer(text.encode("utf-8", "replace"), dtype=np.uint8)
    steps = (codes == ord("(")).astype(np.int64) - (codes == ord(")"))
    return int(np.cumsum(steps).max(initial=0))


def _dimensions(code: int) -> int:
    """Coordinates per vertex of an ISO or EWKB geometry type code."""
    iso = (code & 0x0FFFFFFF) // 1000  # 1: Z, 2: M, 3: ZM
    return 2 + (iso in (1, 2)) + 2 * (iso == 3) + bool(code & EWKB_Z) + bool(code & EWKB_M)


def wkb_depth(data: bytes, limit: int = MAX_NESTING) -> int:
    """The nesting depth of a WKB geometry (a point, line or polygon is 1, a collection of them
    2), walking the headers with a stack of member counts, never recursing. Stops once past
    `limit`; a truncated or unknown geometry ends the walk (GEOS then refuses it cleanly)."""
    remaining: list[int] = []  # members still to read at each open collection
    pos = deepest = 0
    try:
        while True:
            order = "<" if data[pos] == 1 else ">"
            (code,) = struct.unpack_from(order + "I", data, pos + 1)
            pos += 5 + 4 * bool(code & EWKB_SRID)
            kind, width = (code & 0x0FFFFFFF) % 1000, 8 * _dimensions(code)
            deepest = max(deepest, len(remaining) + 1)
            if deepest > limit or kind not in LEAF_KINDS | COLLECTION_KINDS:
                return deepest
            if kind in COLLECTION_KINDS:
                (count,) = struct.unpack_from(order + "I", data, pos)
                pos += 4
                if count:
                    remaining.append(count)
                    continue
            else:
                pos += _leaf_bytes(data, order, kind, pos, width)
            while remaining:  # this geometry is done: so may be its collections
                remaining[-1] -= 1
                if remaining[-1]:
                    break
                remaining.pop()
            if not remaining:
                return deepest
    except (struct.error, IndexError):
        return deepest


def _leaf_bytes(data: bytes, order: str, kind: int, pos: int, width: int) -> int:
    """The bytes after the type code of a point, line or polygon."""
    if kind == 1:
        return width
    (count,) = struct.unpack_from(order + "I", data, pos)
    if kind not in (3, 17):  # a line's (or circular string's) vertices
        return 4 + count * width
    end = pos + 4
    for _ in range(count):  # a polygon's rings
        (points,) = struct.unpack_from(order + "I", data, end)
        end += 4 + points * width
    return end - pos


def first_too_deep_wkt(values: Iterable[object]) -> int | None:
    """The index of the first WKT text nested deeper than MAX_NESTING, or None. Only texts
    with more than MAX_NESTING opening parentheses are scanned."""
    for row, value in enumerate(values):
        if isinstance(value, str) and value.count("(") > MAX_NESTING \
                and wkt_depth(value) > MAX_NESTING:
            return row
    return None


def first_too_deep_wkb(values: Iterable[object]) -> int | None:
    """The index of the first WKB geometry nested deeper than MAX_NESTING, or None. Only
    geometries long enough to hold that many collection headers are walked."""
    for row, value in enumerate(values):
        if isinstance(value, bytes | bytearray) and len(value) > WKB_HEADER * MAX_NESTING \
                and wkb_depth(value) > MAX_NESTING:
            return row
    return None


def too_deep_message(name: str, row: int) -> str:
    """The error for a file whose row (counted from 1) nests too deep."""
    return (f"{name}: the geometry in row {row:,} is nested more than {MAX_NESTING} levels "
            "deep (geometry collections within collections); the file was not read")
