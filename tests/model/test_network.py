"""The actor network on a date, its metrics and its layouts."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from explorer.analysis.layout import (
    StableForceLayout,
    bipartite_layout,
    circular_layout,
    geographic_layout,
)
from explorer.analysis.network import build_network, ego_nodes, node_metrics


def edge_types(graph, u, v) -> set[str]:
    return {d["type"] for _, w, d in graph.out_edges(u, data=True) if w == v} | {
        d["type"] for _, w, d in graph.out_edges(v, data=True) if w == u}


def test_basing_in_2003_not_2007_and_csto_in_2008_not_2003(atlas) -> None:
    g2003, g2007 = build_network(atlas, dt.date(2003, 6, 1)), build_network(atlas,
                                                                            dt.date(2007, 6, 1))
    assert "basing" in edge_types(g2003, "USA", "UZB")
    assert "basing" not in edge_types(g2007, "USA", "UZB")
    assert "membership" not in edge_types(g2003, "UZB", "CSTO")
    assert "membership" in edge_types(build_network(atlas, dt.date(2008, 6, 1)), "UZB", "CSTO")


def test_filters(atlas) -> None:
    day = dt.date(2003, 6, 1)
    no_members = build_network(atlas, day, memberships=False)
    assert all(d["type"] != "membership" for *_, d in no_members.edges(data=True))
    states = build_network(atlas, day, actor_kinds={"state"})
    assert all(states.nodes[n]["kind"] == "state" for n in states)
    hostile = build_network(atlas, day, relation_types={"hostility"}, memberships=False)
    assert {d["type"] for *_, d in hostile.edges(data=True)} == {"hostility"}


def test_metrics_and_ego(atlas) -> None:
    graph = build_network(atlas, dt.date(2003, 6, 1))
    metrics = node_metrics(graph)
    assert metrics["UZB"]["degree"] > metrics["QAT"]["degree"]
    assert 0 <= metrics["UZB"]["betweenness"] <= 1
    assert {"UZB", "USA", "RUS"} <= ego_nodes(graph, ["UZB"], 1) < ego_nodes(graph, ["UZB"], 2)


def test_force_layout_is_seeded_and_stable_across_a_date_step(atlas) -> None:
    first = StableForceLayout()(build_network(atlas, dt.date(2003, 6, 1)))
    again = StableForceLayout()(build_network(atlas, dt.date(2003, 6, 1)))
    assert first == again
    layout = StableForceLayout()
    before = layout(build_network(atlas, dt.date(2003, 6, 1)))
    after = layout(build_network(atlas, dt.date(2003, 7, 1)))
    span = max(abs(x) for x, _ in before.values())
    moved = max(abs(before[n][0] - after[n][0]) + abs(before[n][1] - after[n][1])
                for n in before if n in after)
    assert moved < 0.5 * span


def test_other_layouts(atlas) -> None:
    graph = build_network(atlas, dt.date(2003, 6, 1))
    geo = geographic_layout(graph, atlas)
    assert geo["UZB"] == pytest.approx((69.24, 41.31), abs=0.2)  # Tashkent
    assert set(circular_layout(graph)) == set(graph)
    bip = bipartite_layout(graph)
    assert bip["UZB"][0] < bip["CSTO"][0]
    assert isinstance(graph, nx.MultiDiGraph)


def test_people_are_drawn_only_when_asked_for(atlas) -> None:
    """A head of state `leads` their state; the network has people only when the actor-kind
    filter names them."""
    from dataclasses import replace

    from explorer.model.records import Actor, Relation

    person = Actor(id="KARIMOV_TEST", name="Islam Karimov", kind="person", sources=("x",))
    tie = Relation(id="rel_test_leads", source="KARIMOV_TEST", target="UZB", type="leads",
                   directed=True, sign=1, start="1991-08-31", end="2016-09-02", sources=("x",))
    with_people = replace(atlas, actors={**atlas.actors, person.id: person},
                          relations={**atlas.relations, tie.id: tie})
    day = dt.date(2003, 6, 1)
    assert "KARIMOV_TEST" not in build_network(with_people, day)
    asked = build_network(with_people, day, actor_kinds={"state", "person"})
    assert "leads" in edge_types(asked, "KARIMOV_TEST", "UZB")


def test_states_tied_only_by_memberships_are_drawn_when_asked_for(atlas) -> None:
    """Lithuania is in NATO, the EU and the OSCE and nothing else of the story: the panel lets
    the organizations stand for it, unless asked to show such states."""
    from explorer.analysis.network import filtered_network
    from explorer.model.network_options import CENTRAL_ASIA, NetworkOptions

    day = dt.date(2020, 1, 1)
    usual = filtered_network(atlas, day, NetworkOptions())
    every = filtered_network(atlas, day, NetworkOptions(periphery=True))
    assert "LTU" in every and "LTU" not in usual
    assert {"NATO", "EU", "OSCE"} <= set(usual)
    assert set(usual) >= CENTRAL_ASIA
    assert all(any(d["type"] != "membership" for *_, d in [*usual.edges(n, data=True),
                                                            *usual.in_edges(n, data=True)])
               for n in usual if usual.nodes[n]["kind"] == "state" and n not in CENTRAL_ASIA)
