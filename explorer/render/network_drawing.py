"""From a graph, its positions and the selection to what the network items draw."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QPen

from explorer.analysis.network import MEMBERSHIP
from explorer.model.records import short_name
from explorer.render.labels import LEADER_BELOW
from explorer.render.network_items import EdgeGroup, NodeLabel
from explorer.render.network_legend import LegendContent
from explorer.render.network_style import (
    BASE_NODE_SIZE,
    EDGE_ALPHA,
    EDGE_STYLES,
    FADED_ALPHA,
    METRIC_SIZE,
    NODE_STYLES,
    SELECTED_GROWTH,
    SELECTED_RING,
    EdgeStyle,
    colour,
    edge_style,
    node_style,
)
from explorer.render.style import CENTRAL_ASIA

BEND_SPACING = 11.0  # px between parallel ties of one pair of actors
GREAT_POWERS = frozenset({"RUS", "CHN", "USA", "IRN", "TUR", "IND", "PAK", "AFG"})
# Label priorities (lower first): labels that must be drawn, by class, each class spread over
# one unit by ties; then the rest over ROOM units; faded actors after every other.
URGENT = {"lit": 0.0, "Central Asia": 4.0, "neighbour": 8.0, "great power": 12.0,
          "organization": 16.0}
ROOM = 50.0
FADED_LAST = 100.0
_TYPE_ORDER = {t: i for i, t in enumerate(EDGE_STYLES)}


@dataclass(frozen=True)
class Look:
    """The selection as the network shows it: lit actors, their neighbours, and the rest
    faded (nothing is faded when nothing is lit)."""

    lit: frozenset[str] = frozenset()
    neighbours: frozenset[str] = frozenset()

    def faded(self, node: str) -> bool:
        return bool(self.lit) and node not in self.lit and node not in self.neighbours


def look_of(graph: nx.MultiDiGraph, lit: set[str] | frozenset[str]) -> Look:
    lit = frozenset(n for n in lit if n in graph)
    around = {m for n in lit for m in (*graph.successors(n), *graph.predecessors(n))}
    return Look(lit, frozenset(around - lit))


@dataclass
class NodeArrays:
    """Per drawn node, in the view's order: what the scatter needs, and radii in px."""

    symbols: list[str] = field(default_factory=list)
    brushes: list[QBrush] = field(default_factory=list)
    pens: list[QPen] = field(default_factory=list)
    sizes: np.ndarray = field(default_factory=lambda: np.empty(0))

    @property
    def radius(self) -> np.ndarray:
        return self.sizes / 2


def node_arrays(graph: nx.MultiDiGraph, order: list[str], look: Look,
                metric: dict[str, float] | None, scale: float) -> NodeArrays:
    out = NodeArrays()
    top = max(metric.values(), default=0.0) if metric else 0.0
    sizes = []
    for node in order:
        st = node_style(graph.nodes[node].get("kind", ""))
        if metric is not None:
            share = math.sqrt(max(metric.get(node, 0.0), 0.0) / top) if top > 0 else 0.0
            size = METRIC_SIZE[0] + share * (METRIC_SIZE[1] - METRIC_SIZE[0])
        else:
            size = BASE_NODE_SIZE * st.size
        faded = look.faded(node)
        alpha = FADED_ALPHA if faded else 255
        if node in look.lit:
            size *= SELECTED_GROWTH
            pen = QPen(SELECTED_RING, 3.0 * scale)
        else:
            pen = QPen(colour(st.outline, alpha), 1.3 * scale)
        pen.setCosmetic(True)  # pyqtgraph scales symbols by their size: keep the width in px
        sizes.append(size * scale)
        out.symbols.append(st.symbol)
        out.brushes.append(QBrush(colour(st.fill, alpha)))
        out.pens.append(pen)
    out.sizes = np.array(sizes, float)
    return out


def bends(graph: nx.MultiDiGraph) -> dict[str, float]:
    """Parallel ties of a pair of actors spread apart (px, to the left of source -> target)."""
    pairs: dict[tuple[str, str], list[tuple[int, str, str, str]]] = defaultdict(list)
    for u, v, key, data in graph.edges(keys=True, data=True):
        pair = (u, v) if u <= v else (v, u)
        pairs[pair].append((_TYPE_ORDER.get(data.get("type", ""), 99), key, u, v))
    out: dict[str, float] = {}
    for (a, _), ties in pairs.items():
        ties.sort()
        middle = (len(ties) - 1) / 2
        for i, (_, key, u, _) in enumerate(ties):
            offset = (i - middle) * BEND_SPACING
            out[key] = offset if u == a else -offset
    return out


def edge_groups(graph: nx.MultiDiGraph, index: dict[str, int], look: Look,
                shares: dict[str, float], scale: float) -> list[EdgeGroup]:
    """The drawn edges grouped by pen, memberships and faded ties first, lit ties on top."""
    spread = bends(graph)
    grouped: dict[tuple, list[tuple[int, int, float, float]]] = defaultdict(list)
    pens: dict[tuple, tuple[QPen, bool]] = {}
    for u, v, key, data in graph.edges(keys=True, data=True):
        if u not in index or v not in index or u == v:
            continue
        kind = data.get("type", "")
        st = edge_style(kind, int(data.get("sign", 1) or 1))
        weight = float(data.get("weight", 1.0) or 1.0)
        width = st.width * min(max(math.sqrt(weight), 0.6), 2.5)
        alpha = EDGE_ALPHA
        rank = 1
        if look.lit:
            if u in look.lit or v in look.lit:
                alpha, width, rank = 255, width * 1.4, 2
            else:
                alpha, rank = FADED_ALPHA - 15, 0
        if kind == MEMBERSHIP:
            rank -= 0.5
        arrow = st.arrow and bool(data.get("directed")) and kind != MEMBERSHIP
        group_key = (rank, _TYPE_ORDER.get(kind, 99), kind, st.label, round(width, 1), alpha,
                     arrow)
        if group_key not in pens:
            pens[group_key] = (_pen(st, width * scale, alpha), arrow)
        grouped[group_key].append((index[u], index[v], spread.get(key, 0.0),
                                   shares.get(key, 0.0)))
    groups = []
    for group_key in sorted(grouped, key=lambda k: (k[0], -k[1])):
        rows = np.array(grouped[group_key], float)
        pen, arrow = pens[group_key]
        groups.append(EdgeGroup(pen, rows[:, 0].astype(int), rows[:, 1].astype(int), rows[:, 2],
                                rows[:, 3], arrow, group_key[2]))
    return groups


def _pen(st: EdgeStyle, width: float, alpha: int) -> QPen:
    solid = st.dash == Qt.PenStyle.SolidLine
    pen = QPen(colour(st.colour, alpha), width, st.dash,
               Qt.PenCapStyle.RoundCap if solid else Qt.PenCapStyle.FlatCap,
               Qt.PenJoinStyle.RoundJoin)
    return pen


def labels(graph: nx.MultiDiGraph, order: list[str], look: Look,
           metric: dict[str, float] | None = None,
           organizations: Collection[str] = ()) -> list[NodeLabel]:
    """A label per node, with its placement priority: the lit actors, the five Central Asian
    states, the lit actors' neighbours, the great powers and the organizations the themes
    show must be drawn (placed in that order, each class by its ties, or by `metric` when the
    nodes are sized by one); the others as room allows, by their ties or `metric`, faded ones
    last. Lit actors and the Central Asian states are bold."""
    weight = metric if metric is not None else dict(graph.degree())
    top = max(weight.values(), default=0.0) or 1.0
    must = {node: URGENT["organization"] for node in organizations}
    must.update({node: URGENT["great power"] for node in GREAT_POWERS})
    must.update({node: URGENT["neighbour"] for node in look.neighbours})
    must.update({node: URGENT["Central Asia"] for node in CENTRAL_ASIA})
    must.update({node: URGENT["lit"] for node in look.lit})
    out = []
    for i, node in enumerate(order):
        data = graph.nodes[node]
        faded = look.faded(node)
        lesser = 1.0 - max(weight.get(node, 0.0), 0.0) / top  # 0 for the most tied
        if node in must:
            priority = must[node] + lesser
        else:
            priority = LEADER_BELOW + ROOM * lesser + (FADED_LAST if faded else 0.0)
        text = short_name(node, data.get("name", node), data.get("kind", ""))
        out.append(NodeLabel(i, node, text, priority, node in look.lit or node in CENTRAL_ASIA,
                             faded, node in look.lit))
    return sorted(out, key=lambda label: label.priority)


def legend_content(graph: nx.MultiDiGraph, title: str) -> LegendContent:
    """The styles of the ties and actors in the graph, in the styles' order."""
    used_edges = {edge_style(d.get("type", ""), int(d.get("sign", 1) or 1))
                  for *_, d in graph.edges(data=True)}
    edges = [st for st in EDGE_STYLES.values() if st in used_edges]
    edges += sorted((st for st in used_edges if st not in edges), key=lambda st: st.label)
    kinds = {d.get("kind", "") for _, d in graph.nodes(data=True)}
    nodes = [st for kind, st in NODE_STYLES.items() if kind in kinds]
    if kinds - set(NODE_STYLES):
        nodes.append(node_style(""))
    return LegendContent(title, edges, nodes)


def column_bends(graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]]
                 ) -> dict[str, float]:
    """Bipartite ties within a column bulge outwards (a share of their length) instead of
    running along the column over its nodes."""
    out = {}
    for u, v, key in graph.edges(keys=True):
        (xu, yu), (xv, yv) = positions[u], positions[v]
        if xu == xv:
            left = xu <= 1.0
            out[key] = 0.25 if (yu > yv) == left else -0.25
    return out

