"""The force layout: our vectorized Fruchterman–Reingold is seeded, quick, and settles."""

from __future__ import annotations

import subprocess
import sys
import time

import networkx as nx
import numpy as np

from explorer.analysis.layout import StableForceLayout, fruchterman_reingold, schematic


def test_connected_nodes_end_closer_than_unconnected_ones() -> None:
    graph = nx.relabel_nodes(nx.connected_caveman_graph(6, 6), str)
    positions = StableForceLayout()(graph)
    xy = {n: np.array(p) for n, p in positions.items()}
    near = np.mean([np.linalg.norm(xy[u] - xy[v]) for u, v in graph.edges])
    nodes = list(graph)
    far = np.mean([np.linalg.norm(xy[u] - xy[v]) for i, u in enumerate(nodes)
                   for v in nodes[i + 1:] if not graph.has_edge(u, v)])
    assert near < 0.5 * far


def test_the_same_picture_in_every_process() -> None:
    """Start positions come from the node ids (crc32), not Python's per-process hash."""
    code = ("from explorer.analysis.layout import StableForceLayout; import networkx as nx; "
            "g = nx.relabel_nodes(nx.path_graph(6), str); "
            "print(sorted(StableForceLayout()(g).items()))")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env={"PYTHONHASHSEED": seed}, check=True).stdout
            for seed in ("1", "2")}
    assert len(runs) == 1


def test_fixed_nodes_stay_and_a_warm_start_moves_little() -> None:
    edges = np.array([(0, 1), (1, 2), (2, 3)])
    start = np.array([[0.0, 0.0], [0.3, 0.1], [0.5, -0.2], [0.9, 0.0]])
    fixed = np.array([True, False, False, False])
    pinned = fruchterman_reingold(edges, start, fixed=fixed)
    assert tuple(pinned[0]) == (0.0, 0.0) and np.abs(pinned[1:] - start[1:]).max() > 0.01
    settled = fruchterman_reingold(edges, start)
    again = fruchterman_reingold(edges, settled, iterations=30, temperature=0.03)
    assert np.abs(again - settled).max() < 0.02


def test_500_nodes_and_2000_edges_in_well_under_half_a_second() -> None:
    graph = nx.relabel_nodes(nx.gnm_random_graph(500, 2000, seed=7), str)
    StableForceLayout()(graph)  # warm up numpy
    start = time.perf_counter()
    StableForceLayout()(graph)
    assert time.perf_counter() - start < 0.5


def test_schematic_keeps_directions_and_compresses_distance() -> None:
    lonlat = {"TAS": (69.24, 41.31), "WAS": (-77.04, 38.9), "PEK": (116.4, 39.9)}
    xy = schematic(lonlat)
    assert xy["WAS"][0] < xy["TAS"][0] < xy["PEK"][0]
    assert abs(xy["WAS"][0]) < 20  # ~105 degrees away becomes ~13 units
