"""Bring a layer to lon/lat (EPSG:4326): its CRS, a guess, or the user's; refuse what is not.

Out-of-range coordinates (a latitude of 1e308, metres in a file that says CRS84) are dealt with
here, never left for the map to choke on: when most features lie within ±180/±90 the others
are dropped with a notice that counts them and gives their extent; when most do not, the file
is refused with the extent found and the advice to declare the file's CRS (the window asks for
it: `assume_crs` then overrides a geographic CRS that does not fit the coordinates).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
from pyproj import CRS
from pyproj.exceptions import CRSError

from explorer.io.geometry_clean import inside_lonlat
from explorer.io.read_errors import CrsNeeded, VectorReadError

WGS84 = "EPSG:4326"
MIN_INSIDE_SHARE = 0.5  # below this share of features within lon/lat, the CRS is wrong
GUESSED_WGS84 = "No CRS in the file; the coordinates fit WGS84, read as WGS84."


def _extent(frame: gpd.GeoDataFrame) -> str:
    xmin, ymin, xmax, ymax = frame.total_bounds
    return f"x {xmin:g} to {xmax:g}, y {ymin:g} to {ymax:g}"


def _geoms(frame: gpd.GeoDataFrame) -> np.ndarray:
    return np.asarray(frame.geometry.array, dtype=object)


def _mostly_lonlat(frame: gpd.GeoDataFrame) -> bool:
    return bool(inside_lonlat(_geoms(frame)).mean() >= MIN_INSIDE_SHARE)


def _set_crs(frame: gpd.GeoDataFrame, label: str, crs: str) -> gpd.GeoDataFrame:
    try:
        return frame.set_crs(CRS.from_user_input(crs), allow_override=True)
    except CRSError as exc:
        raise VectorReadError(f"{label}: unknown CRS {crs!r}") from exc


def _guess(frame: gpd.GeoDataFrame, label: str, table: bool) -> gpd.GeoDataFrame:
    """A frame without CRS as WGS84 if its coordinates are mostly lon/lat (not swapped)."""
    inside = inside_lonlat(_geoms(frame))
    if inside.mean() >= MIN_INSIDE_SHARE and (inside.all() or not table):
        return frame.set_crs(WGS84)
    swapped = inside_lonlat(_geoms(frame), swapped=True)
    if inside.mean() >= MIN_INSIDE_SHARE and not swapped.all():
        return frame.set_crs(WGS84)
    hint = "choose the CRS they are in"
    if table:
        hint = ("the longitude and latitude columns look swapped" if swapped.all() else
                "the columns may be swapped or the coordinates projected: choose the CRS")
    raise CrsNeeded(f"{label} has no CRS and its coordinates ({_extent(frame)}) are not "
                    f"longitude/latitude; {hint}")


def _keep_lonlat(frame: gpd.GeoDataFrame, label: str,
                 source: str | None) -> tuple[gpd.GeoDataFrame, list[str], int]:
    """The features within lon/lat, a notice for the others; CrsNeeded if they are most."""
    inside = inside_lonlat(_geoms(frame))
    if inside.all():
        return frame, [], 0
    outside = frame.loc[~inside]
    if inside.mean() < MIN_INSIDE_SHARE:
        said = f"the file declares {source} but its" if source else "its"
        raise CrsNeeded(f"{label}: {said} coordinates ({_extent(outside)}) are not "
                        "longitude/latitude; declare the file's CRS (e.g. EPSG:32642 for UTM "
                        "zone 42N)")
    notice = (f"{len(outside)} features outside longitude ±180 / latitude ±90 "
              f"({_extent(outside)}) skipped.")
    return frame.loc[inside].reset_index(drop=True), [notice], len(outside)


def to_wgs84(frame: gpd.GeoDataFrame, label: str, assume_crs: str | None,
             table: bool) -> tuple[gpd.GeoDataFrame, str | None, list[str], int]:
    """The frame in EPSG:4326 with only features within lon/lat, the CRS it was read in (None
    if guessed), notices and the number of features dropped."""
    notices: list[str] = []
    declared = frame.crs
    if declared is not None and assume_crs is not None and declared.is_geographic \
            and not _mostly_lonlat(frame):
        frame = _set_crs(frame, label, assume_crs)
        notices.append(f"The file's CRS does not fit its coordinates; read as {assume_crs}.")
    elif declared is None and assume_crs is not None:
        frame = _set_crs(frame, label, assume_crs)
        notices.append(f"No CRS in the file; read as {assume_crs}.")
    elif declared is None:
        frame = _guess(frame, label, table)
        notices.append(GUESSED_WGS84)
    source: str | None = None
    if declared is not None or assume_crs is not None:
        authority = frame.crs.to_authority()
        source = ":".join(authority) if authority else frame.crs.to_string()
    if not frame.crs.equals(CRS.from_user_input(WGS84)):
        frame = frame.to_crs(WGS84)
        notices.append(f"Reprojected from {source} to WGS84.")
    frame, dropped, count = _keep_lonlat(frame, label, source)
    return frame, source, notices + dropped, count
