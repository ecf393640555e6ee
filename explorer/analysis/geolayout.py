"""The geographic network layout: states at their capitals as the map projects them, blocs
among their members, the placeless in a margin, and no two nodes on top of each other."""

from __future__ import annotations

import zlib
from collections.abc import Mapping

import networkx as nx
import numpy as np

from explorer.analysis.footprint import Footprints, boxes, footprint_array
from explorer.analysis.network import simple_graph
from explorer.analysis.overlap import remove_overlaps
from explorer.geo.projection import DEFAULT_PROJECTION, get_projection
from explorer.io.basemap import BasemapError, read_level
from explorer.model.atlas import Atlas

LonLat = dict[str, tuple[float, float]]
CENTRE = (65.0, 42.0)  # lon, lat: Central Asia, the middle of the picture
CORE_KM = 1200.0  # within this of the centre, distances as the map draws them...
COMPRESSION = 0.45  # ...beyond it, r -> core * (r / core) ** COMPRESSION: the world stays on
SPAN = 760.0  # layout units across the located states (a panel's width, in px at scale 1)
WIDE_BLOC = 0.15  # of SPAN: an organization whose members spread wider goes to the ring
RING = 1.0  # the ring of wide blocs, in core radii from the centre
RING_GAP = 2.2  # the least distance between two blocs on the ring, in footprint heights
MARGIN_GAP = 60.0  # layout units between the located actors and the margin column
PADDING = 3.0  # layout units between two nodes' discs


def geographic_layout(graph: nx.MultiDiGraph, atlas: Atlas) -> LonLat:
    """Where each state in the graph is on the globe (lon, lat): its capital, or for a state
    whose capital the atlas lacks, Natural Earth's label point of the country."""
    capitals = {p.country: (p.lon, p.lat) for p in atlas.places.values() if p.kind == "capital"}
    states = [n for n, kind in graph.nodes(data="kind") if kind == "state"]
    found = {n: capitals[n] for n in states if n in capitals}
    missing = [n for n in states if n not in found]
    if missing:
        points = _label_points()
        found.update({n: points[n] for n in missing if n in points})
    return {n: (float(x), float(y)) for n, (x, y) in found.items()}


def _label_points() -> LonLat:
    try:
        countries = read_level("countries_z0", geometry=False)
    except BasemapError:
        return {}
    out: LonLat = {}
    points = list(zip(countries["label_x"].tolist(), countries["label_y"].tolist(), strict=True))
    for code in ("adm0_a3", "iso_a3"):  # iso_a3 wins; adm0_a3 covers its -99s
        out.update(zip(countries[code], points, strict=True))
    return out


def geographic_positions(graph: nx.MultiDiGraph, lonlat: Mapping[str, tuple[float, float]],
                         projection: str = DEFAULT_PROJECTION,
                         footprints: Footprints | None = None) -> dict[str, tuple[float, float]]:
    """Positions in layout units: located actors (lonlat) projected, distances beyond
    Central Asia compressed; each organization at the centroid of its located members, or on a
    ring around the region when they are far apart; everyone else in a column at the right;
    then overlapping discs pushed apart by the least that separates them."""
    nodes = list(graph)
    if not nodes:
        return {}
    anchors, scale = project_anchors({n: lonlat[n] for n in nodes if n in lonlat}, projection)
    simple = simple_graph(graph)
    placed = dict(anchors)
    ring: dict[str, float] = {}  # wide blocs: their bearing from the centre
    for node in nodes:
        if graph.nodes[node].get("kind") == "organization" and node not in placed:
            members = [anchors[m] for m in simple.neighbors(node) if m in anchors]
            if members:
                where = _bloc(node, np.array(members))
                if isinstance(where, float):
                    ring[node] = where
                else:
                    placed[node] = where
    footprint = footprint_array(nodes, graph, footprints)
    height = float(np.max(np.maximum(2 * footprint[:, 0], footprint[:, 2])))
    placed.update(_ring(ring, CORE_KM * scale * RING, RING_GAP * height))
    placed.update(_margin([n for n in nodes if n not in placed], graph, placed,
                          dict(zip(nodes, footprint, strict=True))))
    xy = remove_overlaps(np.array([placed[n] for n in nodes]), boxes(footprint, labels=False),
                         PADDING)
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, xy, strict=True)}


def project_anchors(lonlat: Mapping[str, tuple[float, float]], projection: str
               ) -> tuple[dict[str, np.ndarray], float]:
    """Projected, compressed beyond the core, scaled to SPAN units across (y up); and the
    scale, in units per km of the core."""
    if not lonlat:
        return {}, SPAN / (2 * CORE_KM)
    proj = get_projection(projection)
    names = list(lonlat)
    lon, lat = np.array([lonlat[n] for n in names], float).T
    x, y = proj.forward(np.append(lon, CENTRE[0]), np.append(lat, CENTRE[1]))
    dx, dy = (x[:-1] - x[-1]) / 1000.0, (y[:-1] - y[-1]) / 1000.0  # km from the centre
    r = np.hypot(dx, dy)
    far = r > CORE_KM
    shrink = np.ones_like(r)
    shrink[far] = CORE_KM * (r[far] / CORE_KM) ** COMPRESSION / r[far]
    xy = np.column_stack([dx * shrink, dy * shrink])
    scale = SPAN / float(max(np.ptp(xy[:, 0]), np.ptp(xy[:, 1]), 2 * CORE_KM))
    return dict(zip(names, xy * scale, strict=True)), scale


def _bloc(node: str, members: np.ndarray) -> np.ndarray | float:
    """An organization among its members: their centroid, or when they are far apart, the
    bearing of their centroid from the centre for the ring (or one drawn from its id when the
    centroid is the centre)."""
    centroid = members.mean(axis=0)
    spread = float(np.sqrt(np.mean(np.sum((members - centroid) ** 2, axis=1))))
    if spread <= WIDE_BLOC * SPAN:
        return centroid
    if np.hypot(*centroid) > 0.01 * SPAN:
        return float(np.arctan2(centroid[1], centroid[0]))
    return zlib.crc32(node.encode()) / 2**32 * 2 * np.pi


def _ring(bearings: Mapping[str, float], radius: float, gap: float
          ) -> dict[str, np.ndarray]:
    """Blocs on a circle about the centre, each at its bearing, spread to `gap` apart."""
    if not bearings:
        return {}
    names = sorted(bearings, key=lambda n: (bearings[n], n))
    angle = np.array([bearings[n] for n in names])
    least = min(gap / radius, 2 * np.pi / len(names))
    for _ in range(100):
        ahead = np.diff(np.append(angle, angle[0] + 2 * np.pi))  # to the next, around
        short = np.maximum(least - ahead, 0.0)
        if short.max() < 1e-6:
            break
        angle += 0.5 * (np.roll(short, 1) - short)  # each pair too close: half back, half on
    return {n: radius * np.array([np.cos(a), np.sin(a)]) for n, a in zip(names, angle,
                                                                         strict=True)}


def _margin(rest: list[str], graph: nx.MultiDiGraph, placed: Mapping[str, np.ndarray],
            footprint: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The actors with no place, in a column at the right of the others, by kind and name."""
    if not rest:
        return {}
    xy = np.array(list(placed.values())).reshape(-1, 2)
    x = (float(xy[:, 0].max()) if len(xy) else 0.0) + MARGIN_GAP
    y = float(xy[:, 1].max()) if len(xy) else 0.0
    out = {}
    for node in sorted(rest, key=lambda n: (graph.nodes[n].get("kind", ""),
                                            graph.nodes[n].get("name", n))):
        radius, _, height = footprint[node]
        step = max(2 * radius, height) + PADDING
        out[node] = np.array([x, y - step / 2])
        y -= step
    return out
