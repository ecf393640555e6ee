"""Network layouts: force-directed (linear or LinLog) that stays put across dates, geographic,
circular, bipartite."""

from __future__ import annotations

import dataclasses
import zlib

import networkx as nx
import numpy as np

from explorer.analysis.footprint import Footprints, boxes, footprint_array
from explorer.analysis.forceatlas import ForceAtlas2, forceatlas2
from explorer.analysis.geolayout import geographic_layout, geographic_positions
from explorer.analysis.network import simple_graph
from explorer.analysis.overlap import remove_overlaps
from explorer.geo.projection import DEFAULT_PROJECTION
from explorer.model.atlas import Atlas

Positions = dict[str, tuple[float, float]]
LAYOUTS = ("force", "linlog", "geographic", "circular", "bipartite")
SEED = 1991
SCALING = 0.2  # kr, in units of a typical node box: about a panel's width for 50 actors
# A first layout: from seeded random places to a settled picture.
COLD = ForceAtlas2(iterations=130, overlap_iterations=40, scaling=SCALING)
# A date step: new nodes settle among the others held still, then everything relaxes a little.
SETTLE = ForceAtlas2(iterations=60, overlap_iterations=20, scaling=SCALING)
WARM = ForceAtlas2(iterations=40, overlap_iterations=40, scaling=SCALING, max_step=0.25)
# LinLog (Noack): attraction log(1+d) draws communities apart; it wants more repulsion
LINLOG_SCALING = 1.0
FORCE_LAYOUTS = ("force", "linlog")  # warm across date steps, each its own places


class StableForceLayout:
    """ForceAtlas2 with boxes kept apart, seeded, warm-started from the last positions so that
    a date step moves nodes a little instead of reshuffling the picture; positions in the
    footprints' units (pixels of the panel at scale 1 by default)."""

    def __init__(self, seed: int = SEED, linlog: bool = False) -> None:
        self.seed = seed
        self.positions: Positions = {}
        changes = {"linlog": True, "scaling": LINLOG_SCALING} if linlog else {}
        self._cold, self._settle, self._warm = (dataclasses.replace(settings, **changes)
                                                for settings in (COLD, SETTLE, WARM))

    def __call__(self, graph: nx.MultiDiGraph | nx.Graph,
                 footprints: Footprints | None = None) -> Positions:
        simple = simple_graph(graph) if graph.is_multigraph() else graph
        if len(simple) == 0:
            return {}
        nodes = list(simple)
        box = boxes(footprint_array(nodes, graph, footprints))
        unit = float(np.median(np.hypot(box[:, 2] - box[:, 0], box[:, 3] - box[:, 1]))) / 2
        known = _in_scale({n: self.positions[n] for n in nodes if n in self.positions},
                          unit * np.sqrt(len(nodes)))
        start = np.array([self._start(n, known, simple, unit) for n in nodes])
        index = {n: i for i, n in enumerate(nodes)}
        edges = np.array([(index[a], index[b]) for a, b in simple.edges() if a != b],
                         np.intp).reshape(-1, 2)
        weights = np.array([simple.edges[nodes[a], nodes[b]].get("weight", 1.0)
                            for a, b in edges], float)
        if len(known) > len(nodes) // 2:
            held = np.array([n in known for n in nodes])
            xy = forceatlas2(edges, start, box, self._settle, weights, held, unit)
            xy = forceatlas2(edges, xy, box, self._warm, weights, unit=unit)
        else:
            xy = forceatlas2(edges, start, box, self._cold, weights, unit=unit)
        xy = remove_overlaps(xy, box)
        self.positions.update({n: (float(x), float(y)) for n, (x, y) in zip(nodes, xy,
                                                                            strict=True)})
        return {n: self.positions[n] for n in nodes}

    def _start(self, node: str, known: Positions, graph: nx.Graph,
               unit: float) -> tuple[float, float]:
        """A known node keeps its place; a new one starts among its known neighbours (or at a
        place drawn from its id, the same in every run)."""
        if node in known:
            return known[node]
        around = [known[m] for m in graph.neighbors(node) if m in known]
        rng = np.random.default_rng(zlib.crc32(node.encode()) ^ self.seed)
        if around:
            x, y = np.mean(around, axis=0) + rng.normal(0, 0.5 * unit, 2)
        else:
            x, y = rng.uniform(-1, 1, 2) * unit * np.sqrt(len(graph))
        return float(x), float(y)


def _in_scale(known: Positions, size: float) -> Positions:
    """Positions of another scale (a project saved with the Fruchterman–Reingold layout, whose
    units spanned about 2) spread to `size` across, their shape kept."""
    if len(known) < 2:
        return known
    xy = np.array(list(known.values()))
    width = float(np.ptp(xy, axis=0).max())
    if width <= 0 or width >= size / 10:
        return known
    xy = (xy - xy.mean(axis=0)) * (size / width)
    return {n: (float(x), float(y)) for n, (x, y) in zip(known, xy, strict=True)}


def circular_layout(graph: nx.MultiDiGraph) -> Positions:
    nodes = sorted(graph.nodes, key=lambda n: (graph.nodes[n].get("kind", ""), n))
    angles = np.linspace(0, 2 * np.pi, len(nodes), endpoint=False)
    return {n: (float(np.cos(a)), float(np.sin(a))) for n, a in zip(nodes, angles, strict=True)}


def bipartite_layout(graph: nx.MultiDiGraph) -> Positions:
    """States in the left column, organizations in the right, others in the middle."""
    columns = {"state": 0.0, "organization": 2.0}
    groups: dict[float, list[str]] = {}
    for n in sorted(graph.nodes):
        groups.setdefault(columns.get(graph.nodes[n].get("kind", ""), 1.0), []).append(n)
    positions: Positions = {}
    for x, nodes in groups.items():
        for i, n in enumerate(nodes):
            positions[n] = (x, 1.0 - 2.0 * i / max(len(nodes) - 1, 1))
    return positions


class LayoutKeeper:
    """The positions of one network view in each layout: the force layout warm across date
    steps, a layout recomputed only when the graph's nodes or ties change, and dragged nodes
    remembered per layout. Positions are in the footprints' units (see footprint.Footprint;
    estimated from the names, in px at scale 1, when the view gives none); the geographic
    layout projects with `projection`, a key of explorer.geo.projection.PROJECTIONS."""

    def __init__(self, atlas: Atlas, projection: str = DEFAULT_PROJECTION) -> None:
        self.atlas = atlas
        self.projection = projection
        self.warm = {"force": StableForceLayout(), "linlog": StableForceLayout(linlog=True)}
        self.dragged: dict[str, Positions] = {}
        self._last: dict[str, tuple[object, Positions]] = {}
        self.computed = 0  # layouts actually run (tests, benchmark)

    def positions(self, graph: nx.MultiDiGraph, kind: str,
                  footprints: Footprints | None = None) -> Positions:
        """Where each node of the graph goes in a layout (one of LAYOUTS), leaving each node's
        footprint room (a mapping node -> (radius, label width, label height))."""
        if kind not in LAYOUTS:
            raise ValueError(f"no layout {kind!r}; the layouts are {', '.join(LAYOUTS)}")
        signature = (frozenset(graph.nodes), frozenset((u, v) for u, v in graph.edges()),
                     None if footprints is None else frozenset(footprints.items()),
                     self.projection)
        last = self._last.get(kind)
        if last is not None and last[0] == signature:
            return dict(last[1])
        self.computed += 1
        if kind in FORCE_LAYOUTS:
            found = self.warm[kind](graph, footprints)
        elif kind == "geographic":
            found = geographic_positions(graph, geographic_layout(graph, self.atlas),
                                         self.projection, footprints)
        elif kind == "circular":
            found = circular_layout(graph)
        else:
            found = bipartite_layout(graph)
        found.update({n: xy for n, xy in self.dragged.get(kind, {}).items() if n in found})
        self._last[kind] = (signature, found)
        return dict(found)

    def move(self, kind: str, node: str, xy: tuple[float, float]) -> None:
        """A node dragged to xy: it stays there in this layout (the force layout goes on from
        there at the next date step)."""
        if kind in FORCE_LAYOUTS:
            self.warm[kind].positions[node] = xy
        else:
            self.dragged.setdefault(kind, {})[node] = xy
        last = self._last.get(kind)
        if last is not None and node in last[1]:
            last[1][node] = xy
