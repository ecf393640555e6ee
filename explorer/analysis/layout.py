"""Network layouts: force-directed that stays put across dates, geographic, circular, bipartite."""

from __future__ import annotations

import networkx as nx
import numpy as np

from explorer.analysis.network import simple_graph
from explorer.model.atlas import Atlas

Positions = dict[str, tuple[float, float]]
LAYOUTS = ("force", "geographic", "circular", "bipartite")
SEED = 1991


class StableForceLayout:
    """Fruchterman–Reingold, seeded, warm-started from the last positions so that a date step
    moves nodes a little instead of reshuffling the picture."""

    def __init__(self, seed: int = SEED) -> None:
        self.seed = seed
        self.positions: Positions = {}

    def __call__(self, graph: nx.MultiDiGraph) -> Positions:
        simple = simple_graph(graph)
        if len(simple) == 0:
            return {}
        known = {n: self.positions[n] for n in simple if n in self.positions}
        start = {n: self._start(n, known, simple) for n in simple}
        warm = len(known) > len(simple) // 2
        result = nx.spring_layout(simple, pos=start, iterations=25 if warm else 80,
                                  seed=self.seed, weight=None, threshold=1e-4)
        self.positions.update({n: (float(x), float(y)) for n, (x, y) in result.items()})
        return {n: self.positions[n] for n in simple}

    def _start(self, node: str, known: Positions, graph: nx.Graph) -> tuple[float, float]:
        """A known node keeps its place; a new one starts among its known neighbours."""
        if node in known:
            return known[node]
        around = [known[m] for m in graph.neighbors(node) if m in known]
        rng = np.random.default_rng(abs(hash(node)) % (2**32) ^ self.seed)
        jitter = rng.normal(0, 0.05, 2)
        if around:
            x, y = np.mean(around, axis=0) + jitter
        else:
            x, y = rng.uniform(-1, 1, 2)
        return float(x), float(y)


def geographic_layout(graph: nx.MultiDiGraph, atlas: Atlas) -> Positions:
    """States at their capitals (lon, lat); organizations and others at the mean position of
    the states they are tied to, so a bloc sits among its members."""
    capitals = {p.country: (p.lon, p.lat) for p in atlas.places.values() if p.kind == "capital"}
    positions = {n: capitals[n] for n in graph.nodes if n in capitals}
    undirected = simple_graph(graph)
    for node in graph.nodes:
        if node in positions:
            continue
        around = [capitals[m] for m in undirected.neighbors(node) if m in capitals]
        positions[node] = tuple(np.mean(around, axis=0)) if around else (65.0, 30.0)
    return {n: (float(x), float(y)) for n, (x, y) in positions.items()}


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
