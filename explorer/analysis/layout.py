"""Network layouts: force-directed that stays put across dates, geographic, circular, bipartite."""

from __future__ import annotations

import zlib

import networkx as nx
import numpy as np

from explorer.analysis.network import simple_graph
from explorer.model.atlas import Atlas

Positions = dict[str, tuple[float, float]]
LAYOUTS = ("force", "geographic", "circular", "bipartite")
SEED = 1991
COLD_ITERATIONS = 90  # a first layout: from seeded random places to a settled picture
WARM_ITERATIONS = 30  # a date step: the last picture, nudged
COLD_TEMPERATURE = 0.12  # the largest first move, as a share of the layout's span
WARM_TEMPERATURE = 0.03
GRAVITY = 0.35  # a weak pull to the origin keeps separate components and lone actors near


def fruchterman_reingold(edges: np.ndarray, start: np.ndarray, iterations: int = COLD_ITERATIONS,
                         temperature: float = COLD_TEMPERATURE, gravity: float = GRAVITY,
                         fixed: np.ndarray | None = None) -> np.ndarray:
    """Fruchterman–Reingold on n points (start, (n, 2)) joined by edges ((m, 2) indices).

    Why our own and not networkx's spring_layout: at 500+ nodes spring_layout switches to its
    scipy-sparse variant (a Python loop over the nodes in every iteration: ~1.1–1.5 s for 500
    nodes and 2,000 edges) and its dense variant computes in float64 with (n, n, 2) temporaries
    and moves every node by the full temperature for 50–80 iterations (~0.6 s). Here, in
    float32: repulsion k²/d from (n, n) arrays only, attraction d²/k summed along the edges with
    bincount, a move of min(|force|, t) (the classic rule: settled nodes stay settled), a
    geometric cooling that spends its iterations where the picture still changes, an early
    stop once nothing moves, and no rescaling, so a warm start keeps its frame. The same
    500 / 2,000 graph lays out in ~0.08 s (tests/bench/bench_network.py).
    """
    pos = np.asarray(start, np.float32).copy()
    n = len(pos)
    if n < 2 or iterations <= 0:
        return pos.astype(float)
    edges = np.asarray(edges, np.intp).reshape(-1, 2)
    u, v = edges[:, 0], edges[:, 1]
    k = np.float32(1.0 / np.sqrt(n))
    k2, min_d2 = k * k, np.float32((0.01 * k) ** 2)
    span = float(max(np.ptp(pos[:, 0]), np.ptp(pos[:, 1]), k))
    t0 = temperature * span
    cooling = (0.02 ** (1.0 / max(iterations - 1, 1)))  # the last step moves 2 % of the first
    moving = np.ones(n, bool) if fixed is None else ~np.asarray(fixed, bool)
    t = t0
    for _ in range(iterations):
        dx = pos[:, 0, None] - pos[None, :, 0]
        dy = pos[:, 1, None] - pos[None, :, 1]
        weight = dx * dx + dy * dy
        np.maximum(weight, min_d2, out=weight)
        np.divide(k2, weight, out=weight)  # repulsion k²/d along the unit vector: (k²/d²)·delta
        np.fill_diagonal(weight, 0.0)
        fx = np.einsum("ij,ij->i", weight, dx)
        fy = np.einsum("ij,ij->i", weight, dy)
        ex, ey = pos[u, 0] - pos[v, 0], pos[u, 1] - pos[v, 1]
        pull = np.sqrt(ex * ex + ey * ey) / k  # attraction d²/k along the unit vector
        ax, ay = ex * pull, ey * pull
        fx += np.bincount(v, ax, n) - np.bincount(u, ax, n)
        fy += np.bincount(v, ay, n) - np.bincount(u, ay, n)
        fx -= gravity * pos[:, 0]
        fy -= gravity * pos[:, 1]
        length = np.sqrt(fx * fx + fy * fy)
        step = np.minimum(length, t) / np.maximum(length, 1e-9)
        step[~moving] = 0.0
        pos[:, 0] += fx * step
        pos[:, 1] += fy * step
        t *= cooling
        if float(np.mean(length * step)) < 1e-5 * span:
            break
    return pos.astype(float)


class StableForceLayout:
    """Fruchterman–Reingold, seeded, warm-started from the last positions so that a date step
    moves nodes a little instead of reshuffling the picture."""

    def __init__(self, seed: int = SEED) -> None:
        self.seed = seed
        self.positions: Positions = {}

    def __call__(self, graph: nx.MultiDiGraph | nx.Graph) -> Positions:
        simple = simple_graph(graph) if graph.is_multigraph() else graph
        if len(simple) == 0:
            return {}
        nodes = list(simple)
        known = {n: self.positions[n] for n in nodes if n in self.positions}
        start = np.array([self._start(n, known, simple) for n in nodes])
        index = {n: i for i, n in enumerate(nodes)}
        edges = np.array([(index[a], index[b]) for a, b in simple.edges() if a != b], np.intp)
        warm = len(known) > len(nodes) // 2
        result = fruchterman_reingold(
            edges, start, WARM_ITERATIONS if warm else COLD_ITERATIONS,
            WARM_TEMPERATURE if warm else COLD_TEMPERATURE)
        self.positions.update({n: (float(x), float(y)) for n, (x, y) in zip(nodes, result,
                                                                            strict=True)})
        return {n: self.positions[n] for n in nodes}

    def _start(self, node: str, known: Positions, graph: nx.Graph) -> tuple[float, float]:
        """A known node keeps its place; a new one starts among its known neighbours (or at a
        place drawn from its id, the same in every run)."""
        if node in known:
            return known[node]
        around = [known[m] for m in graph.neighbors(node) if m in known]
        rng = np.random.default_rng(zlib.crc32(node.encode()) ^ self.seed)
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


SCHEMATIC_CENTRE = (65.0, 42.0)  # lon, lat: Central Asia
SCHEMATIC_POWER = 0.55


def schematic(lonlat: Positions, centre: tuple[float, float] = SCHEMATIC_CENTRE,
              power: float = SCHEMATIC_POWER) -> Positions:
    """Lon/lat positions as a network panel wants them: directions from Central Asia kept,
    distances compressed (r**power), so Washington and Beijing stay on the page without
    squeezing the five Central Asian capitals into one spot."""
    if not lonlat:
        return {}
    lon0, lat0 = centre
    xy = np.array(list(lonlat.values()), float)
    dx = (xy[:, 0] - lon0) * np.cos(np.radians(lat0))
    dy = xy[:, 1] - lat0
    r = np.hypot(dx, dy)
    shrink = np.where(r > 0, np.power(np.maximum(r, 1e-9), power) / np.maximum(r, 1e-9), 1.0)
    return {n: (float(x), float(y)) for n, x, y in zip(lonlat, dx * shrink, dy * shrink,
                                                        strict=True)}


def declutter(positions: Positions, movable: list[str], share: float = 0.035,
              rounds: int = 30) -> Positions:
    """Push the movable nodes (organizations placed among their members) off any node closer
    than `share` of the layout's span; the others stay where geography put them."""
    if not movable or len(positions) < 2:
        return positions
    nodes = list(positions)
    xy = np.array([positions[n] for n in nodes], float)
    span = float(max(np.ptp(xy[:, 0]), np.ptp(xy[:, 1]), 1e-9))
    gap = share * span
    index = {n: i for i, n in enumerate(nodes)}
    moving = np.array([index[n] for n in movable if n in index])
    rng = np.random.default_rng(SEED)
    for _ in range(rounds):
        delta = xy[moving, None, :] - xy[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1])
        dist[np.arange(len(moving)), moving] = 2 * gap  # not itself
        close = dist < gap
        if not close.any():
            break
        same = dist < 1e-9 * span  # exactly on top: a seeded nudge picks a side
        delta[same] = rng.normal(0, 1, (int(same.sum()), 2))
        dist = np.where(same, np.hypot(delta[..., 0], delta[..., 1]), dist)
        push = np.where(close, (gap - dist) / np.maximum(dist, 1e-12), 0.0)
        xy[moving] += 0.5 * (delta * push[..., None]).sum(axis=1)
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, xy, strict=True)}


class LayoutKeeper:
    """The positions of one network view in each layout: the force layout warm across date
    steps, a layout recomputed only when the graph's nodes or ties change, and dragged nodes
    remembered per layout."""

    def __init__(self, atlas: Atlas) -> None:
        self.atlas = atlas
        self.force = StableForceLayout()
        self.dragged: dict[str, Positions] = {}
        self._last: dict[str, tuple[object, Positions]] = {}
        self.computed = 0  # layouts actually run (tests, benchmark)

    def positions(self, graph: nx.MultiDiGraph, kind: str) -> Positions:
        if kind not in LAYOUTS:
            raise ValueError(f"no layout {kind!r}; the layouts are {', '.join(LAYOUTS)}")
        signature = (frozenset(graph.nodes), frozenset((u, v) for u, v in graph.edges()))
        last = self._last.get(kind)
        if last is not None and last[0] == signature:
            return dict(last[1])
        self.computed += 1
        if kind == "force":
            found = self.force(graph)
        elif kind == "geographic":
            found = schematic(geographic_layout(graph, self.atlas))
            capitals = {p.country for p in self.atlas.places.values() if p.kind == "capital"}
            found = declutter(found, [n for n in found if n not in capitals])
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
        if kind == "force":
            self.force.positions[node] = xy
        else:
            self.dragged.setdefault(kind, {})[node] = xy
        last = self._last.get(kind)
        if last is not None and node in last[1]:
            last[1][node] = xy
