"""What the visible themes draw on the session's date: everywhere, or inside a map's extent."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from explorer.model.records import Sourced
from explorer.model.session import Session
from explorer.model.theme_specs import theme as theme_spec

Inside = Callable[[np.ndarray, np.ndarray], np.ndarray]  # lon, lat arrays -> bool mask
_LINE_STEP = 0.25  # degrees between the points at which a line is tested against the extent


@dataclass(frozen=True)
class MapExtent:
    """The part of the world a map shows: `inside(lon, lat)` tells which points it shows,
    `countries` are the ISO3 codes of the countries whose land it shows, `place_kinds`
    the kinds of place drawn at its zoom (None: every kind), and `dense` the user's layers
    whose points it shades by count."""

    inside: Inside
    countries: frozenset[str]
    place_kinds: frozenset[str] | None = None
    # the user's point layers drawn as counts per cell, each with its most crowded cell's count
    dense: Mapping[str, int] = field(default_factory=dict)


def lonlat_box(west: float, south: float, east: float, north: float) -> Inside:
    """An `inside` test for a lon/lat box (W, S, E, N degrees)."""
    return lambda lon, lat: ((lon >= west) & (lon <= east) & (lat >= south) & (lat <= north))


def visible_records(session: Session, extent: MapExtent | None) -> list[Sourced]:
    """What the visible themes draw on the session's date inside the extent (None: the whole
    world), top layer first."""
    found: list[Sourced] = []
    for layer in reversed(session.themes.layers):
        if layer.visible and layer.opacity > 0:
            found += drawn_records(session, layer.key, extent)
    return found


def drawn_records(session: Session, theme: str, extent: MapExtent | None) -> list[Sourced]:
    """The records one theme draws on the session's date inside the extent (None: anywhere),
    whether or not the theme is visible."""
    return theme_spec(theme).drawn(session, extent)


def points_in(records: list, extent: MapExtent | None) -> list:
    """The records (with lon and lat) whose point lies in the extent (None: all of them)."""
    if not records or extent is None:
        return records
    lon = np.array([r.lon for r in records], float)
    lat = np.array([r.lat for r in records], float)
    return [r for r, shown in zip(records, extent.inside(lon, lat), strict=True) if shown]


def lines_in(lines: list, points: Mapping, extent: MapExtent | None) -> list:
    """The lines (records with waypoints, ids of `points`) whose every waypoint is known and
    some stretch of which lies in the extent (None: anywhere)."""
    lines = [line for line in lines if all(w in points for w in line.waypoints)]
    if extent is None or not lines:
        return lines
    return [line for line, shown in zip(lines, _lines_in_view(lines, points, extent),
                                        strict=True) if shown]


def line_coords(line, points: Mapping) -> np.ndarray:
    """A line's (n, 2) lon/lat as drawn: its course if it has one, else its waypoints joined."""
    if getattr(line, "course", None):
        return np.array(line.course, float)
    return np.array([(points[w].lon, points[w].lat) for w in line.waypoints], float)


def _lines_in_view(lines: list, points: Mapping, extent: MapExtent) -> np.ndarray:
    """Whether any point along each line's legs (every ~0.25°) lies inside the extent (all
    the lines' points tested at once)."""
    samples, owner = [], []
    for k, line in enumerate(lines):
        coords = line_coords(line, points)
        steps = np.maximum(np.ceil(np.abs(np.diff(coords, axis=0)).max(axis=1) / _LINE_STEP),
                           1).astype(int)
        t = np.concatenate([np.arange(n) / n for n in steps] + [np.ones(1)])
        leg = np.concatenate([np.full(n, i) for i, n in enumerate(steps)] + [[len(steps) - 1]])
        samples.append(coords[leg] + t[:, None] * (coords[leg + 1] - coords[leg]))
        owner.append(np.full(len(t), k))
    shown = np.zeros(len(lines), bool)
    xy, owner_of = np.concatenate(samples), np.concatenate(owner)
    shown[owner_of[extent.inside(xy[:, 0], xy[:, 1])]] = True
    return shown
