"""The actor network on a date (networkx): relations and memberships, filters, focus, metrics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import networkx as nx

from explorer.model.atlas import Atlas
from explorer.model.network_options import CENTRAL_ASIA, NetworkOptions, shows_kind

MEMBERSHIP = "membership"


def build_network(atlas: Atlas, day: dt.date | None = None, memberships: bool = True,
                  relation_types: Iterable[str] | None = None,
                  actor_kinds: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """Actors as nodes (id = actor id), relations and memberships as edges, on `day` (or
    everything, with their intervals, when day is None).

    Node attributes: name, kind, start, end (ISO strings or ""). Edge keys are record ids;
    edge attributes: type (a relation type, or "membership"), directed, sign, weight, label,
    role (memberships), start, end. Undirected relations are stored once, source -> target.
    """
    source = atlas if day is None else atlas.active_on(day)
    kinds = None if actor_kinds is None else frozenset(actor_kinds)
    types = None if relation_types is None else set(relation_types)
    graph = nx.MultiDiGraph()
    for actor in source.actors.values():
        if shows_kind(kinds, actor.kind):
            graph.add_node(actor.id, name=actor.name, kind=actor.kind,
                           start=_iso(actor.start), end=_iso(actor.end))
    for r in source.relations.values():
        if (types is None or r.type in types) and r.source in graph and r.target in graph:
            graph.add_edge(r.source, r.target, key=r.id, type=r.type, directed=r.directed,
                           sign=r.sign, weight=1.0 if r.weight is None else r.weight,
                           label=r.label, start=_iso(r.start), end=_iso(r.end))
    if memberships and (types is None or MEMBERSHIP in types):
        for m in source.memberships.values():
            if m.actor in graph and m.organization in graph:
                graph.add_edge(m.actor, m.organization, key=m.id, type=MEMBERSHIP,
                               directed=True, sign=1, weight=1.0, label=m.role, role=m.role,
                               start=_iso(m.start), end=_iso(m.end))
    return graph


def filtered_network(atlas: Atlas, day: dt.date | None,
                     options: NetworkOptions) -> nx.MultiDiGraph:
    """The network the options' filters make (build_network's, less the states tied only by
    memberships unless `periphery`, less the actors without ties unless `isolated`): what the
    panel lays out and every centrality is computed on."""
    types = None
    if options.relation_types is not None:
        types = set(options.relation_types) | ({MEMBERSHIP} if options.memberships else set())
    graph = build_network(atlas, day, memberships=options.memberships, relation_types=types,
                          actor_kinds=options.actor_kinds)
    if not options.periphery:
        graph.remove_nodes_from(peripheral_states(graph))
    if not options.isolated:
        graph.remove_nodes_from([n for n, d in graph.degree() if d == 0])
    return graph


def peripheral_states(graph: nx.MultiDiGraph) -> list[str]:
    """The states outside Central Asia whose every tie is a membership (an organization's
    other members, which its node stands for)."""
    return [n for n, data in graph.nodes(data=True)
            if data.get("kind") == "state" and n not in CENTRAL_ASIA and graph.degree(n)
            and all(d["type"] == MEMBERSHIP for *_, d in graph.edges(n, data=True))
            and all(d["type"] == MEMBERSHIP for *_, d in graph.in_edges(n, data=True))]


def network_metrics(atlas: Atlas, day: dt.date | None,
                    options: NetworkOptions) -> dict[str, dict[str, float]]:
    """node_metrics of the filtered network: the numbers the panel, the inspector and the
    exports give."""
    return node_metrics(filtered_network(atlas, day, options))


def _iso(date) -> str:
    return "" if date is None else date.isoformat()


def simple_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph behind the network (for layouts and centralities)."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    for u, v in graph.edges():
        if u != v:
            weight = simple.get_edge_data(u, v, {"weight": 0.0})["weight"]
            simple.add_edge(u, v, weight=weight + 1.0)
    return simple


def ego_nodes(graph: nx.MultiDiGraph, centres: Iterable[str], radius: int) -> set[str]:
    """The centres and every node within `radius` steps of them (either direction)."""
    undirected = simple_graph(graph)
    found: set[str] = set()
    for centre in centres:
        if centre in undirected:
            found |= set(nx.single_source_shortest_path_length(undirected, centre, radius))
    return found


def central_asia_nodes(graph: nx.MultiDiGraph) -> set[str]:
    """The five Central Asian states in the graph and the organizations any of them belongs
    to (by a membership tie in the graph)."""
    states = CENTRAL_ASIA & set(graph)
    return states | {v for u, v, kind in graph.edges(data="type")
                     if u in states and kind == MEMBERSHIP}


def focus(graph: nx.MultiDiGraph, options: NetworkOptions,
          lit: set[str] | frozenset[str]) -> tuple[set[str], set[str] | None]:
    """What of the network is drawn, and what of that stands out around the lit actors (None
    with nothing lit among it): Central Asia only narrows the network; the lit actors' ego
    network stands out, the rest faded (or hidden with `hide_rest`); without an ego focus
    everything drawn stands out."""
    shown = central_asia_nodes(graph) if options.central_asia else set(graph)
    centres = set(lit) & shown
    if not centres:
        return shown, None
    if not options.ego:
        return shown, shown
    near = ego_nodes(graph.subgraph(shown), centres, options.ego)
    return (near if options.hide_rest else shown), near


def node_metrics(graph: nx.MultiDiGraph) -> dict[str, dict[str, float]]:
    """Degree (distinct neighbours), betweenness and eigenvector centrality of every node, on
    the undirected simple graph, unweighted. Call it on filtered_network's graph (or through
    network_metrics) so that every view gives the same numbers."""
    simple = simple_graph(graph)
    degree = dict(simple.degree())
    betweenness = nx.betweenness_centrality(simple) if len(simple) > 2 else {}
    eigenvector: dict[str, float] = {}
    for component in nx.connected_components(simple):
        sub = simple.subgraph(component)
        if len(sub) > 2:
            try:
                values = nx.eigenvector_centrality_numpy(sub)
            except (nx.NetworkXException, ArithmeticError):
                values = {}
            eigenvector.update(values)
    return {n: {"degree": float(degree.get(n, 0)), "betweenness": betweenness.get(n, 0.0),
                "eigenvector": abs(eigenvector.get(n, 0.0))} for n in graph.nodes}
