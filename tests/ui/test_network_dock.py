"""The network dock: clicks write the session's selection, the toolbar writes the view's options."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from explorer.model.features import FeatureRef
from explorer.ui.network_dock import NetworkDock
from tests.ui.helpers import shown


@pytest.fixture
def dock(qtbot, session) -> NetworkDock:
    widget = shown(qtbot, NetworkDock(session), (900, 650))
    qtbot.waitUntil(lambda: not widget.view.animating)
    return widget


def widget_pos(dock: NetworkDock, node: str) -> QPoint:
    """Where a node is drawn, in the canvas viewport's pixels."""
    scene = dock.view.viewbox.mapViewToScene(dock.view.position_of(node))
    return dock.canvas.mapFromScene(scene)


def click(qtbot, dock: NetworkDock, pos: QPoint,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.mouseClick(dock.canvas.viewport(), Qt.MouseButton.LeftButton, modifier, pos)


def empty_spot(dock: NetworkDock) -> QPoint:
    """A viewport pixel at least 40 px from every node."""
    nodes = [widget_pos(dock, n) for n in dock.view.order]
    for x in range(20, dock.canvas.width() - 20, 15):
        for y in range(20, dock.canvas.height() - 20, 15):
            if all(abs(p.x() - x) + abs(p.y() - y) > 40 for p in nodes):
                return QPoint(x, y)
    raise AssertionError("no empty spot")


def test_clicking_a_node_selects_the_actor_in_the_session(qtbot, dock, session) -> None:
    click(qtbot, dock, widget_pos(dock, "UZB"))
    assert session.selection.items == ("UZB",)
    click(qtbot, dock, widget_pos(dock, "USA"))
    assert session.selection.items == ("USA",)
    click(qtbot, dock, widget_pos(dock, "UZB"), Qt.KeyboardModifier.ShiftModifier)
    assert session.selection.actors == {"USA", "UZB"}
    assert dock.view.emphasised == {"USA", "UZB"}


def test_empty_space_keeps_the_selection_and_esc_clears_it(qtbot, dock, session) -> None:
    session.selection.select("UZB")
    click(qtbot, dock, empty_spot(dock))
    assert session.selection.items == ("UZB",)
    dock.canvas.setFocus()
    qtbot.keyClick(dock.canvas, Qt.Key.Key_Escape)
    assert not session.selection
    assert dock.view.emphasised == frozenset()


def test_a_map_feature_in_the_selection_lights_its_actors(dock, session) -> None:
    session.selection.select(FeatureRef("base", "base_karshi_khanabad"))
    assert dock.view.emphasised == {"USA", "UZB"}
    assert "CSTO" in dock.view.faded


def test_every_control_has_a_tooltip(dock) -> None:
    controls = [dock.layout_combo, dock.relations_button, dock.kinds_button, dock.size_combo,
                dock.ego_combo, dock.fit_button, dock.canvas]
    assert all(c.toolTip() for c in controls)
    actions = [dock.membership_toggle, dock.legend_toggle, dock.fit_action,
               dock.isolated_action]
    assert all(a.toolTip() for a in actions)


def test_controls_write_the_view_options(qtbot, dock) -> None:
    view = dock.view
    dock.layout_combo.setCurrentIndex(dock.layout_combo.findData("circular"))
    assert view.options.layout == "circular"
    radius = {round((x * x + y * y) ** 0.5, 6) for x, y in view.positions.values()}
    assert radius == {1.0}
    dock.membership_toggle.setChecked(False)
    assert all(d["type"] != "membership" for *_, d in view.graph.edges(data=True))
    assert "CSTO" not in view.graph  # an organization with no other tie is left out
    dock.membership_toggle.setChecked(True)
    assert "CSTO" in view.graph
    dock.relation_actions["diplomatic"].setChecked(False)
    assert view.options.relation_types is not None
    assert "diplomatic" not in {d["type"] for *_, d in view.graph.edges(data=True)}
    dock.kind_actions["organization"].setChecked(False)
    assert all(view.graph.nodes[n]["kind"] != "organization" for n in view.graph)
    dock.size_combo.setCurrentIndex(dock.size_combo.findData("degree"))
    assert view.options.size_by == "degree"
    dock.legend_toggle.setChecked(True)
    assert view.legend.isVisible()


def test_ego_filter_from_the_toolbar(dock, session) -> None:
    session.selection.select("USA")
    dock.ego_combo.setCurrentIndex(dock.ego_combo.findData(1))
    graph = dock.view.graph
    assert {"USA", "UZB", "AFG"} <= set(graph)
    assert "GUAM" not in graph and "CSTO" not in graph
    assert all(n in ("USA", *graph.successors("USA"), *graph.predecessors("USA"))
               for n in graph)


def test_fit_shows_every_node(qtbot, dock) -> None:
    dock.view.viewbox.setRange(xRange=(50, 60), yRange=(50, 60), padding=0)
    dock.fit_action.trigger()
    rect = dock.view.viewbox.viewRect()
    assert all(rect.contains(QPointF(*dock.view.positions[n])) for n in dock.view.order)


def test_dragging_a_node_moves_it_and_the_layout_remembers(qtbot, dock, session) -> None:
    view = dock.view
    start = widget_pos(dock, "IRN")
    end = start + QPoint(-60, 45)
    viewport = dock.canvas.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, 11):
        qtbot.mouseMove(viewport, start + (end - start) * (i / 10))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    moved = widget_pos(dock, "IRN")
    assert abs(moved.x() - end.x()) <= 3 and abs(moved.y() - end.y()) <= 3
    assert view.layouts.force.positions["IRN"] == pytest.approx(view.positions["IRN"])
    assert not session.selection  # a drag is not a click


def test_the_dock_follows_the_date(qtbot, dock, session) -> None:
    session.time.date = dt.date(2008, 6, 1)
    qtbot.waitUntil(lambda: not dock.view.animating, timeout=2000)
    assert dock.view.graph.has_edge("UZB", "CSTO")


def test_a_deleted_dock_stops_listening(qtbot, session) -> None:
    widget = NetworkDock(session)
    widget.deleteLater()
    qtbot.wait(10)
    session.time.date = dt.date(2010, 1, 1)
    session.selection.select("UZB")
    assert session.selection.items == ("UZB",)


def test_hovering_a_node_shows_its_name_kind_and_metrics(qtbot, dock) -> None:
    qtbot.mouseMove(dock.canvas.viewport(), widget_pos(dock, "UZB"))
    tip = dock.view.viewbox.toolTip()
    assert "Uzbekistan (UZB)" in tip and "State" in tip
    assert "Betweenness" in tip and "Eigenvector" in tip
