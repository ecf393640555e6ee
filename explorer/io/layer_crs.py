"""Bring a layer to lon/lat (EPSG:4326): its CRS, a guess, or the user's; refuse what is not.

Out-of-range coordinates (a latitude of 1e308, metres in a file that says CRS84) are dealt with
here, never left for the map to choke on: when most features lie within ±180/±90 the others
are dropped with a notice that counts them and gives their extent; when most do not, the file
is refused with the extent found and the advice to declare the file's CRS (the window asks for
it: `assume_crs` then overrides a geographic CRS that does not fit the coordinates).
"""

from __future__ import annotations

import numpy as np
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from explorer.geo.layer_geometry import LayerGeometry
from explorer.io.geometry_clean import inside_lonlat
from explorer.io.read_errors import CrsNeeded, VectorReadError

WGS84 = "EPSG:4326"
MIN_INSIDE_SHARE = 0.5  # below this share of features within lon/lat, the CRS is wrong
GUESSED_WGS84 = "No CRS in the file; the coordinates fit WGS84, read as WGS84."


def _extent(geometry: LayerGeometry) -> str:
    xmin, ymin, xmax, ymax = geometry.total_bounds()
    return f"x {xmin:g} to {xmax:g}, y {ymin:g} to {ymax:g}"


def _crs(label: str, crs: str) -> CRS:
    try:
        return CRS.from_user_input(crs)
    except CRSError as exc:
        raise VectorReadError(f"{label}: unknown CRS {crs!r}") from exc


def _guess(geometry: LayerGeometry, label: str, table: bool) -> None:
    """Nothing if coordinates without CRS are mostly lon/lat (not swapped); CrsNeeded if not."""
    inside = inside_lonlat(geometry)
    if inside.mean() >= MIN_INSIDE_SHARE and (inside.all() or not table):
        return
    swapped = inside_lonlat(geometry, swapped=True)
    if inside.mean() >= MIN_INSIDE_SHARE and not swapped.all():
        return
    hint = "choose the CRS they are in"
    if table:
        hint = ("the longitude and latitude columns look swapped" if swapped.all() else
                "the columns may be swapped or the coordinates projected: choose the CRS")
    raise CrsNeeded(f"{label} has no CRS and its coordinates ({_extent(geometry)}) are not "
                    f"longitude/latitude; {hint}")


def _keep_lonlat(geometry: LayerGeometry, label: str, source: str | None
                 ) -> tuple[LayerGeometry, np.ndarray | None, list[str], int]:
    """The features within lon/lat, which rows they are (None: all), a notice for the others;
    CrsNeeded if they are most."""
    inside = inside_lonlat(geometry)
    if inside.all():
        return geometry, None, [], 0
    outside = geometry.take(~inside)
    if inside.mean() < MIN_INSIDE_SHARE:
        said = f"the file declares {source} but its" if source else "its"
        raise CrsNeeded(f"{label}: {said} coordinates ({_extent(outside)}) are not "
                        "longitude/latitude; declare the file's CRS (e.g. EPSG:32642 for UTM "
                        "zone 42N)")
    notice = (f"{len(outside)} features outside longitude ±180 / latitude ±90 "
              f"({_extent(outside)}) skipped.")
    return geometry.take(inside), inside, [notice], len(outside)


def _is_lonlat(crs: CRS) -> bool:
    """EPSG:4326 or OGC:CRS84 (the same coordinates, read x first as everywhere here)."""
    return crs.equals(CRS.from_user_input(WGS84), ignore_axis_order=True)


def to_wgs84(geometry: LayerGeometry, declared: CRS | None, label: str, assume_crs: str | None,
             table: bool) -> tuple[LayerGeometry, np.ndarray | None, str | None, list[str], int]:
    """The geometry in EPSG:4326 with only features within lon/lat, which rows it keeps (None:
    all), the CRS it was read in (None if guessed), notices and the number of features
    dropped."""
    notices: list[str] = []
    crs = declared
    if declared is not None and assume_crs is not None and declared.is_geographic \
            and inside_lonlat(geometry).mean() < MIN_INSIDE_SHARE:
        crs = _crs(label, assume_crs)
        notices.append(f"The file's CRS does not fit its coordinates; read as {assume_crs}.")
    elif declared is None and assume_crs is not None:
        crs = _crs(label, assume_crs)
        notices.append(f"No CRS in the file; read as {assume_crs}.")
    elif declared is None:
        _guess(geometry, label, table)
        notices.append(GUESSED_WGS84)
    source: str | None = None
    if crs is not None:
        authority = crs.to_authority()
        source = ":".join(authority) if authority else crs.to_string()
        if not _is_lonlat(crs):
            transformer = Transformer.from_crs(crs, WGS84, always_xy=True)
            with np.errstate(all="ignore"):
                geometry = geometry.transformed(transformer.transform)
            notices.append(f"Reprojected from {source} to WGS84.")
    geometry, keep, dropped, count = _keep_lonlat(geometry, label, source)
    return geometry, keep, source, notices + dropped, count
