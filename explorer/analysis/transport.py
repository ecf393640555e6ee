"""Corridor routing: the atlas's lines on a date as a transport graph (places joined by the legs
of the routes in force), and the shortest ways through it — to a place or to the open sea,
around countries to avoid or through one required, with the k best alternatives.

What a way costs is its length plus two documented penalties: BORDER_KM for each border it
crosses, and TRANSFER_KM for each transshipment between ship and land. For the second, each
place is two nodes of the routing graph, its land side and its sea side, joined by an edge of
that cost; a way that only passes through a port on land (or stays on board) pays nothing."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

import networkx as nx
import numpy as np
from pyproj import Geod

from explorer.model.atlas import Atlas
from explorer.model.dates import DayLike, as_day
from explorer.model.drawn import line_coords

MODES = {"rail": ("railway",), "road": ("road", "corridor"), "sea": ("maritime",)}
BORDER_KM = 100.0  # what a border crossing costs, in km of travel (a documented choice)
TRANSFER_KM = 100.0  # what loading onto or off a ship costs, likewise
LAND, WATER = "land", "sea"  # a place's two sides in the routing graph
SEA = "open sea"  # the destination that is any port on the open sea
MAX_EXAMINED = 200  # ways looked at, cheapest first, for k alternatives through `via`
# The Caspian is a lake: its ports are no way to the sea (lon, lat box of its shores).
# a user's line layer (analysis.user_lines) is taken for one of LINE_KINDS; an end of one of its
# lines this close to a place (or to another line's end) joins it. Here, not there, so that the
# command line and the dialog can say so without loading what joins the lines.
LINE_KINDS = ("railway", "road", "maritime")
SNAP_KM = 10.0
CASPIAN = (46.5, 36.5, 55.5, 47.5)
_GEOD = Geod(ellps="WGS84")
_LEGS: WeakKeyDictionary[Atlas, dict[str, list[Leg]]] = WeakKeyDictionary()  # by route id


@dataclass(frozen=True)
class Leg:
    """One leg of a route in force: between two consecutive waypoints."""

    start: str
    end: str
    route: str
    status: str
    km: float
    countries: tuple[str, ...]
    sources: tuple[str, ...]
    coords: tuple[tuple[float, float], ...] = ()  # lon, lat along the line, start to end
    side: str = LAND  # WATER for a sea leg


@dataclass(frozen=True)
class Path:
    """A way from `places[0]` to `places[-1]`: its legs, length and cost (km, with border
    crossings costed), the countries in order and where it crosses borders."""

    places: tuple[str, ...]
    legs: tuple[Leg, ...]
    km: float
    cost: float
    countries: tuple[str, ...]
    crossings: tuple[tuple[str, str], ...]
    sources: tuple[str, ...] = field(default=())
    transfers: tuple[str, ...] = ()  # the places where it goes from land to ship or back


def find_place(atlas: Atlas, name: str) -> str | None:
    """A place's id from its id or its name (either case); None if the atlas has none."""
    wanted = name.strip().casefold()
    if wanted in atlas.places:
        return wanted
    return next((p.id for p in atlas.places.values()
                 if wanted in (p.name.casefold(), p.name.split(" (")[0].casefold())), None)


def open_sea_ports(atlas: Atlas) -> list[str]:
    """The ports on the open sea (the Caspian's are not)."""
    west, south, east, north = CASPIAN
    return [p.id for p in atlas.places.values() if p.kind == "port"
            and not (west <= p.lon <= east and south <= p.lat <= north)]


def transport_graph(atlas: Atlas, day: DayLike, modes: Iterable[str] = tuple(MODES),
                    planned: bool = False) -> nx.MultiGraph:
    """The legs of the routes in force on `day` (of these modes; with `planned`, those under
    construction or planned too), each an edge between its two places weighted by its length
    along the line as drawn, plus BORDER_KM where it crosses a border."""
    kinds = {kind for mode in modes for kind in MODES[mode]}
    statuses = {"operating"} | ({"under_construction", "planned"} if planned else set())
    graph = nx.MultiGraph()
    places = atlas.places
    known = _LEGS.setdefault(atlas, {})
    for route in atlas.active_on(day).routes.values():
        if route.kind not in kinds or route.status not in statuses:
            continue
        if not all(w in places for w in route.waypoints):
            continue
        if route.id not in known:  # a line's legs are the same on every date
            known[route.id] = _legs(route, places)
        for leg in known[route.id]:
            crossing = places[leg.start].country != places[leg.end].country
            graph.add_edge(leg.start, leg.end, key=route.id, leg=leg,
                           cost=leg.km + (BORDER_KM if crossing else 0.0))
    for node in graph:
        graph.nodes[node]["country"] = places[node].country
    return graph


def _legs(route, places) -> list[Leg]:
    """The route's legs, each as long as the line as drawn between its two waypoints."""
    coords = line_coords(route, places)
    stops = [(places[w].lon, places[w].lat) for w in route.waypoints]
    at = [int(np.argmin(np.hypot(coords[:, 0] - x, coords[:, 1] - y))) for x, y in stops]
    legs = []
    for k, (a, b) in enumerate(itertools.pairwise(route.waypoints)):
        lo, hi = sorted((at[k], at[k + 1]))
        part = coords[lo:hi + 1] if hi > lo else np.array([stops[k], stops[k + 1]])
        km = float(_GEOD.line_length(part[:, 0], part[:, 1])) / 1000
        ends = (places[a].country, places[b].country)
        legs.append(Leg(a, b, route.id, route.status, km, tuple(dict.fromkeys(ends)),
                        tuple(route.sources),
                        tuple(map(tuple, part if at[k] <= at[k + 1] else part[::-1])),
                        WATER if route.kind == "maritime" else LAND))
    return legs


def shortest_paths(atlas: Atlas, origin: str, destination: str, day: DayLike,
                   avoid: Sequence[str] = (), via: str | None = None, k: int = 1,
                   modes: Iterable[str] = tuple(MODES), planned: bool = False) -> list[Path]:
    """Up to k best ways (cheapest first) from a place to a place, or to SEA (any open-sea
    port), on a day, through no country in `avoid` and, with `via`, through that country;
    [] when there is none. ValueError for a place the atlas does not know."""
    for place in (origin, destination):
        if place != SEA and place not in atlas.places:
            raise ValueError(f"{place!r} is not a place in the atlas")
    simple = _routing_graph(atlas, transport_graph(atlas, as_day(day), modes, planned), avoid,
                            destination == SEA)
    return _ways(atlas, simple, origin, SEA_NODE if destination == SEA else destination, via, k)


SEA_NODE = "\0sea"  # joined to every open-sea port at no cost
START = "\0start"  # joined to the origin's two sides at no cost while a query runs


def _routing_graph(atlas: Atlas, graph: nx.MultiGraph, avoid: Sequence[str],
                   sea: bool) -> nx.Graph:
    """The cheapest leg between each two places' sides (LAND or WATER: (place, side) nodes),
    without the avoided countries' places; each place's two sides joined at TRANSFER_KM;
    with `sea`, every open-sea port joined to SEA_NODE."""
    banned = set(avoid)
    simple = nx.Graph()
    for a, b, data in graph.edges(data=True):
        if banned and (graph.nodes[a]["country"] in banned or graph.nodes[b]["country"] in banned):
            continue
        u, v = (a, data["leg"].side), (b, data["leg"].side)
        if not simple.has_edge(u, v) or data["cost"] < simple.edges[u, v]["cost"]:
            simple.add_edge(u, v, cost=data["cost"], leg=data["leg"])
    places = {place for place, _ in simple}
    for place in places:
        if (place, LAND) in simple and (place, WATER) in simple:
            simple.add_edge((place, LAND), (place, WATER), cost=TRANSFER_KM, leg=None)
    if sea:
        for port in open_sea_ports(atlas):
            for side in (LAND, WATER):
                if (port, side) in simple:
                    simple.add_edge((port, side), SEA_NODE, cost=0.0, leg=None)
    return simple


def _ways(atlas: Atlas, simple: nx.Graph, origin: str, target: str, via: str | None,
          k: int) -> list[Path]:
    """Up to k cheapest ways (through `via` if given) from origin to target, no place twice."""
    sides = [(origin, side) for side in (LAND, WATER) if (origin, side) in simple]
    ends = ([SEA_NODE] if target == SEA_NODE else
            [(target, side) for side in (LAND, WATER) if (target, side) in simple])
    if not sides or not ends or not simple.has_node(ends[0]):
        return []
    goal = "\0goal"
    for side in sides:
        simple.add_edge(START, side, cost=0.0, leg=None)
    for end in ends:
        simple.add_edge(end, goal, cost=0.0, leg=None)
    found: list[Path] = []
    seen: set[tuple[str, ...]] = set()
    try:
        paths = nx.shortest_simple_paths(simple, START, goal, weight="cost")
        for nodes in itertools.islice(paths, MAX_EXAMINED):
            path = _path(nodes[1:-1], simple, atlas)
            if path is None or path.places in seen:
                continue
            seen.add(path.places)
            if via is None or via in path.countries:
                found.append(path)
                if len(found) >= k:
                    break
    except nx.NetworkXNoPath:
        pass
    finally:
        simple.remove_nodes_from([START, goal])
    return found


def _path(nodes: list, graph: nx.Graph, atlas: Atlas) -> Path | None:
    """The way through these nodes ((place, side), then SEA_NODE if it ends at sea); None if
    it comes back to a place it left."""
    steps = [n for n in nodes if n != SEA_NODE]
    places = [place for k, (place, _) in enumerate(steps) if k == 0 or steps[k - 1][0] != place]
    if len(set(places)) < len(places):
        return None
    legs, transfers, cost = [], [], 0.0
    for u, v in itertools.pairwise(steps):
        edge = graph.edges[u, v]
        cost += edge["cost"]
        if edge["leg"] is None:
            transfers.append(u[0])
        else:
            legs.append(_oriented(edge["leg"], u[0], v[0]))
    countries = tuple(dict.fromkeys(atlas.places[p].country for p in places))
    crossings = tuple((a, b) for a, b in itertools.pairwise(places)
                      if atlas.places[a].country != atlas.places[b].country)
    sources = tuple(dict.fromkeys(s for leg in legs for s in leg.sources))
    return Path(tuple(places), tuple(legs), sum(leg.km for leg in legs), cost, countries,
                crossings, sources, tuple(transfers))


def _oriented(leg: Leg, a: str, b: str) -> Leg:
    if leg.start == a:
        return leg
    return Leg(a, b, leg.route, leg.status, leg.km, leg.countries[::-1], leg.sources,
               leg.coords[::-1], leg.side)


def sea_access(atlas: Atlas, origins: Sequence[str], years: Iterable[int],
               modes: Iterable[str] = tuple(MODES)) -> dict[str, list[tuple[int, Path | None]]]:
    """Each place's shortest way to the open sea on 1 July of each year (None: none); the
    year's graph built once for all the places."""
    series: dict[str, list[tuple[int, Path | None]]] = {origin: [] for origin in origins}
    for year in years:
        graph = transport_graph(atlas, dt.date(year, 7, 1), modes)
        simple = _routing_graph(atlas, graph, (), sea=True)
        for origin in series:
            ways = _ways(atlas, simple, origin, SEA_NODE, None, 1)
            series[origin].append((year, ways[0] if ways else None))
    return series
