"""The network view follows the session: its date, its selection, and the view's options."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from explorer.model.features import FeatureRef
from explorer.render.network_view import NetworkOptions, NetworkView


@pytest.fixture
def view(qapp, session) -> NetworkView:
    return NetworkView(session)


def edge_types(graph, u, v) -> set[str]:
    return {d["type"] for a, b, d in graph.edges(data=True) if {a, b} == {u, v}}


def test_the_network_on_the_date(view) -> None:
    assert {"USA", "UZB", "RUS", "CSTO", "SCO"} <= set(view.graph)
    assert "basing" in edge_types(view.graph, "USA", "UZB")
    assert "membership" not in edge_types(view.graph, "UZB", "CSTO")
    assert len(view.order) == len(view.graph) == len(view.nodes.data)
    assert all(view.graph.degree(n) > 0 for n in view.graph)  # lone actors are left out


def test_a_date_step_rebuilds_the_graph(view, session) -> None:
    session.time.date = dt.date(2007, 6, 1)
    assert "basing" not in edge_types(view.graph, "USA", "UZB")
    session.time.date = dt.date(2008, 6, 1)
    assert "membership" in edge_types(view.graph, "UZB", "CSTO")
    assert len(view.nodes.data) == len(view.graph)


def test_selecting_an_actor_restyles_the_view(view, session) -> None:
    assert view.emphasised == frozenset() and view.faded == frozenset()
    size = dict(zip(view.order, view.nodes.data["size"], strict=True))
    session.selection.select("UZB")
    assert view.emphasised == {"UZB"}
    assert "USA" not in view.faded and "KGZ" not in view.faded  # neighbours stay
    assert "GUAM" not in view.faded  # UZB was a GUAM member in 2003
    assert {"ARM", "BLR"} <= view.faded  # in the CSTO, which Uzbekistan had left
    grown = dict(zip(view.order, view.nodes.data["size"], strict=True))
    assert grown["UZB"] > size["UZB"] and grown["USA"] == size["USA"]
    lit = [g for g in view.edges.drawing.groups if g.pen.color().alpha() == 255]
    uzb = view.order.index("UZB")
    assert lit and all(((g.source == uzb) | (g.target == uzb)).all() for g in lit)
    session.selection.clear()
    assert view.emphasised == frozenset() and view.faded == frozenset()


def test_k2_on_the_map_lights_usa_and_uzbekistan(view, session) -> None:
    session.selection.select(FeatureRef("base", "base_karshi_khanabad"))
    assert view.emphasised == {"USA", "UZB"}


def neighbours_of(graph, node: str) -> set[str]:
    return {node, *graph.successors(node), *graph.predecessors(node)}


def test_ego_focus_hides_the_rest_when_asked(view, session) -> None:
    view.set_options(ego=1, hide_rest=True)
    assert set(view.graph) == set(view.network)  # nothing selected: everyone
    session.selection.select("TKM")
    neighbours = neighbours_of(view.network, "TKM")
    assert set(view.graph) == set(view.order) == neighbours == {
        "TKM", "CIS", "ECO", "IRN", "OSCE", "PFP", "RUS"}
    view.set_options(ego=2)
    two_steps = set().union(*(neighbours_of(view.network, n) for n in neighbours))
    assert set(view.graph) == two_steps and neighbours < two_steps
    view.set_options(ego=0)
    assert set(view.graph) == set(view.network)


def test_ego_focus_fades_the_rest_by_default(view, session) -> None:
    assert view.options.ego == 1 and not view.options.hide_rest
    session.selection.select("TKM")
    assert set(view.graph) == set(view.network)  # everyone drawn
    assert view.faded == set(view.network) - neighbours_of(view.network, "TKM")
    view.set_options(ego=2)
    two_steps = set().union(*(neighbours_of(view.network, n)
                              for n in neighbours_of(view.network, "TKM")))
    assert view.faded == set(view.network) - two_steps  # the second ring stands out too
    assert {"KAZ", "UZB"} <= two_steps - neighbours_of(view.network, "TKM")
    view.set_options(ego=0)  # no focus: the selection is lit, nothing fades
    assert view.emphasised == {"TKM"} and view.faded == frozenset()


def test_central_asia_only(view, session) -> None:
    view.set_options(central_asia=True)
    states = {"KAZ", "KGZ", "TJK", "TKM", "UZB"}
    organizations = {v for u, v, d in view.network.edges(data=True)
                     if u in states and d["type"] == "membership"}
    assert {"CIS", "CSTO", "SCO", "GUAM", "PFP"} <= organizations  # 1 June 2003
    assert set(view.graph) == states | organizations
    assert not {"RUS", "USA", "CHN", "AFG"} & set(view.graph)
    assert view.graph.has_edge("KAZ", "CSTO") and view.graph.has_edge("UZB", "GUAM")
    session.selection.select("UZB")  # the ego focus works within Central Asia
    view.set_options(hide_rest=True)
    assert set(view.graph) == neighbours_of(view.network.subgraph(states | organizations), "UZB")
    session.selection.select("RUS")  # a selection outside it: Central Asia stays drawn
    assert set(view.graph) == states | organizations


def test_filters_and_node_size_by_metric(view) -> None:
    view.set_options(memberships=False)
    assert all(d["type"] != "membership" for *_, d in view.graph.edges(data=True))
    view.set_options(memberships=True, relation_types=frozenset({"basing"}))
    assert {d["type"] for *_, d in view.graph.edges(data=True)} == {"basing", "membership"}
    view.set_options(relation_types=None, actor_kinds=frozenset({"state"}))
    assert {view.graph.nodes[n]["kind"] for n in view.graph} == {"state"}
    view.set_options(actor_kinds=None, size_by="degree")
    size = dict(zip(view.order, view.nodes.data["size"], strict=True))
    assert size["UZB"] > size["IRN"]
    assert "Betweenness" in view._tip(0, 0, "UZB") and "Uzbekistan" in view._tip(0, 0, "UZB")


def test_layouts(view) -> None:
    for name in ("geographic", "circular", "bipartite", "force"):
        view.set_options(layout=name)
        assert set(view.positions) == set(view.network)
        assert bool(view.viewbox.state["aspectLocked"]) == (name == "geographic")
    geo = NetworkView(view.session, NetworkOptions(layout="geographic")).positions
    assert geo["RUS"][1] > geo["UZB"][1] > geo["AFG"][1]  # north to south
    assert geo["CHN"][0] > geo["UZB"][0] > geo["TKM"][0]  # east to west


def test_date_steps_move_nodes_smoothly(qtbot, session) -> None:
    view = NetworkView(session, animate=True)
    before = dict(view.positions)
    session.time.date = dt.date(2005, 12, 1)  # K2 closed: the network rewires
    assert view.animating
    target = dict(view.positions)
    moving = [n for n in view.order if n in before and before[n] != target[n]]
    assert moving
    qtbot.wait(80)
    mid = {n: (view.position_of(n).x(), view.position_of(n).y()) for n in moving}
    assert any(mid[n] != target[n] for n in moving)  # on its way, not jumped
    qtbot.waitUntil(lambda: not view.animating, timeout=2000)
    for n in view.order:
        assert view.position_of(n).x() == pytest.approx(target[n][0])
    span = np.ptp(np.array(list(before.values())), axis=0).max()
    steps = [np.hypot(before[n][0] - target[n][0], before[n][1] - target[n][1])
             for n in moving]
    assert max(steps) < 0.5 * span  # warm start: the picture stays recognisable


def test_a_drag_survives_a_date_step_with_the_same_ties(view, session) -> None:
    view._on_node_dragged("IRN", 3.0, -2.0, True)
    assert view.positions["IRN"] == (3.0, -2.0)
    session.time.date = dt.date(2003, 7, 1)  # nothing changed between the two dates
    assert view.positions["IRN"] == (3.0, -2.0)


def test_the_diff_map_shows_the_ties_formed_and_ended(view, session) -> None:
    session.time.date = dt.date(2013, 1, 1)
    assert view.changes.formed == view.changes.ended == []
    session.themes.changes_since = dt.date(2005, 1, 1)
    index = {n: i for i, n in enumerate(view.order)}
    ended = {frozenset((view.order[i], view.order[j])) for i, j in view.changes.ended}
    formed = {frozenset((view.order[i], view.order[j])) for i, j in view.changes.formed}
    assert frozenset(("USA", "UZB")) in ended  # K2's basing ended in 2005
    assert frozenset(("RUS", "UZB")) in formed  # the 2005 alliance treaty
    assert all(i in index.values() and j in index.values() for i, j in view.changes.formed)
    assert len(view.changes.xy) == len(view.order)
    view.set_options(legend=True)
    labels = [e.label for e in view.legend.content.edges]
    assert "Formed since 1 January 2005" in labels and "Ended since 1 January 2005" in labels
    session.themes.changes_since = None
    assert view.changes.formed == view.changes.ended == []
