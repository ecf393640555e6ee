"""What a network node takes up on the page: its disc and its label, in layout units."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import networkx as nx
import numpy as np

from explorer.model.records import short_name

# Layout units are meant as pixels of the network panel at scale 1 (the view's BASE_NODE_SIZE
# is 17 px, its labels 11.5 px type, bold 12.5 px for the Central Asian states).
DEFAULT_RADIUS = 8.5
CHAR_WIDTH = 0.6  # of the type size: an average character of a sans-serif label
TYPE_SIZE = 11.5
LINE_HEIGHT = 1.3  # of the type size
LABEL_GAP = 2.0  # between a disc and its label


class Footprint(NamedTuple):
    """A node's disc (radius) and its label box (width, height; 0 for none), in layout
    units; the label is taken to sit at the disc's right, where the view tries it first."""

    radius: float = DEFAULT_RADIUS
    label_width: float = 0.0
    label_height: float = 0.0


Footprints = Mapping[str, Footprint | tuple[float, float, float]]


def estimated(graph: nx.Graph) -> dict[str, Footprint]:
    """A footprint per node from its short name, as the view would draw it at scale 1."""
    out = {}
    for node, data in graph.nodes(data=True):
        text = short_name(node, data.get("name", node), data.get("kind", ""))
        out[node] = Footprint(DEFAULT_RADIUS, CHAR_WIDTH * TYPE_SIZE * len(text),
                              LINE_HEIGHT * TYPE_SIZE)
    return out


def footprint_array(nodes: Sequence[str], graph: nx.Graph,
                    given: Footprints | None = None) -> np.ndarray:
    """(n, 3) radius, label width, label height per node: the given footprints, estimated
    from the names for nodes not given."""
    given = given or {}
    guess = None if all(n in given for n in nodes) else estimated(graph)
    return np.array([given[n] if n in given else guess[n] for n in nodes],
                    float).reshape(-1, 3)


def boxes(footprints: np.ndarray, labels: bool = True) -> np.ndarray:
    """(n, 4) left, bottom, right, top of each node's box about its centre: the disc, and with
    `labels` the label box at its right."""
    radius, width, height = footprints.T
    if not labels:
        return np.column_stack([-radius, -radius, radius, radius])
    right = radius + np.where(width > 0, LABEL_GAP + width, 0.0)
    half = np.maximum(radius, height / 2)
    return np.column_stack([-radius, -half, right, half])
