"""What the visible themes draw on the session's date: everywhere, or inside a map's extent."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from explorer.model.atlas import Atlas
from explorer.model.records import Route, Sourced
from explorer.model.session import Session
from explorer.model.theme_style import theme_style

Inside = Callable[[np.ndarray, np.ndarray], np.ndarray]  # lon, lat arrays -> bool mask
_ROUTE_STEP = 0.25  # degrees between the points at which a route is tested against the extent


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
    world), top layer first: memberships shaded (of the chosen organizations, by countries in
    view), bases, routes, places and recent events."""
    found: list[Sourced] = []
    for layer in reversed(session.themes.layers):
        if layer.visible and layer.opacity > 0:
            found += drawn_records(session, layer.key, extent)
    return found


def drawn_records(session: Session, theme: str, extent: MapExtent | None) -> list[Sourced]:
    """The records one theme draws on the session's date inside the extent (None: anywhere),
    whether or not the theme is visible."""
    return _PICKERS[theme](session, extent)


def _memberships(session: Session, extent: MapExtent | None) -> list[Sourced]:
    options = session.themes.alliances
    chosen = {org for org in options.organizations if org in session.atlas.actors}
    return [m for m in session.active.memberships.values()
            if m.organization in chosen and (extent is None or m.actor in extent.countries)
            and (options.mode == "colours" or m.role == "member")]


def _points(records: list, extent: MapExtent | None) -> list[Sourced]:
    if not records or extent is None:
        return records
    lon = np.array([r.lon for r in records], float)
    lat = np.array([r.lat for r in records], float)
    return [r for r, shown in zip(records, extent.inside(lon, lat), strict=True) if shown]


def _bases(session: Session, extent: MapExtent | None) -> list[Sourced]:
    return _points(list(session.active.bases.values()), extent)


def _places(session: Session, extent: MapExtent | None) -> list[Sourced]:
    kinds = extent.place_kinds if extent is not None else None
    return _points([p for p in session.atlas.places.values() if kinds is None or p.kind in kinds],
                   extent)


def _events(session: Session, extent: MapExtent | None) -> list[Sourced]:
    places = session.atlas.places
    window = session.themes.event_window_days
    recent = [e for e in session.atlas.events.values()
              if e.place in places and e.active_on(session.date, window)]
    at = _points([places[e.place] for e in recent], extent)
    shown = {p.id for p in at}
    return [e for e in recent if e.place in shown]


def _routes(session: Session, extent: MapExtent | None) -> list[Sourced]:
    hidden = {s for s, look in theme_style().route_status.items() if look == "hidden"}
    places = session.atlas.places
    routes = [r for r in session.active.routes.values()
              if r.status not in hidden and all(w in places for w in r.waypoints)]
    if extent is None:
        return routes
    return [r for r, shown in zip(routes, _routes_in_view(routes, session.atlas, extent),
                                  strict=True) if shown]


def _routes_in_view(routes: list[Route], atlas: Atlas, extent: MapExtent) -> np.ndarray:
    """Whether any point along each route's legs (every ~0.25°) lies inside the extent (all
    the routes' points tested at once)."""
    points, owner = [], []
    for k, route in enumerate(routes):
        coords = np.array([(atlas.places[w].lon, atlas.places[w].lat) for w in route.waypoints])
        steps = np.maximum(np.ceil(np.abs(np.diff(coords, axis=0)).max(axis=1) / _ROUTE_STEP),
                           1).astype(int)
        t = np.concatenate([np.arange(n) / n for n in steps] + [np.ones(1)])
        leg = np.concatenate([np.full(n, i) for i, n in enumerate(steps)] + [[len(steps) - 1]])
        points.append(coords[leg] + t[:, None] * (coords[leg + 1] - coords[leg]))
        owner.append(np.full(len(t), k))
    shown = np.zeros(len(routes), bool)
    if points:
        xy, owner_of = np.concatenate(points), np.concatenate(owner)
        shown[owner_of[extent.inside(xy[:, 0], xy[:, 1])]] = True
    return shown


_PICKERS: dict[str, Callable[[Session, MapExtent | None], list[Sourced]]] = {
    "alliances": _memberships, "routes": _routes, "bases": _bases, "places": _places,
    "events": _events}
