"""The network dock: clicks write the session's selection, the toolbars its network options."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, QSettings, Qt
from PySide6.QtWidgets import QToolButton

from explorer.model.features import FeatureRef
from explorer.model.session import Session
from explorer.render.labels import LEADER_BELOW
from explorer.render.style import CENTRAL_ASIA
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
    assert view.options == dock.model.options
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


def test_focus_from_the_toolbar(dock, session) -> None:
    session.selection.select("USA")
    assert dock.ego_combo.currentData() == 1  # the default focus: the selection and 1 step
    dock.hide_rest_toggle.setChecked(True)
    assert session.network.options.hide_rest
    graph = dock.view.graph
    assert {"USA", "UZB", "AFG"} <= set(graph)
    assert "GUAM" not in graph and "CSTO" not in graph
    assert all(n in ("USA", *graph.successors("USA"), *graph.predecessors("USA"))
               for n in graph)
    dock.ego_combo.setCurrentIndex(dock.ego_combo.findData(0))
    assert not dock.hide_rest_toggle.isEnabled() and set(dock.view.graph) == set(
        dock.view.network)
    dock.central_asia_toggle.setChecked(True)
    assert set(dock.view.graph) >= {"KAZ", "KGZ", "TJK", "TKM", "UZB", "CSTO"}
    assert "USA" not in dock.view.graph


def test_the_dock_writes_only_through_the_model_and_a_change_makes_no_echo(qtbot,
                                                                           dock) -> None:
    heard, redrawn = [], []
    dock.model.changed.connect(lambda new, old: heard.append(new))
    dock.view.sigRedrawn.connect(lambda: redrawn.append(1))
    dock.size_combo.setCurrentIndex(dock.size_combo.findData("betweenness"))
    assert [o.size_by for o in heard] == ["betweenness"] and len(redrawn) == 1
    assert dock.view.options.size_by == "betweenness"
    dock.model.update(central_asia=True, legend=True)  # from elsewhere (a project, a test)
    assert len(heard) == 2 and len(redrawn) == 1 + 1
    assert dock.central_asia_toggle.isChecked() and dock.legend_toggle.isChecked()
    assert dock.view.options == dock.model.options
    dock.relation_actions["trade"].setChecked(False)
    assert len(heard) == 3 and "trade" not in dock.model.options.relation_types
    dock.model.update(relation_types=None)
    assert dock.relation_actions["trade"].isChecked() and len(heard) == 4


def test_controls_fit_the_panel_at_400_px(qtbot, session) -> None:
    narrow = shown(qtbot, NetworkDock(session), (400, 600))
    for bar in (narrow.toolbar, narrow.focus_bar):
        extension = bar.findChild(QToolButton, "qt_toolbar_ext_button")
        assert extension is None or not extension.isVisible()
        for action in bar.actions():
            widget = bar.widgetForAction(action)
            assert widget.isVisible()
            assert widget.geometry().right() <= bar.width()


def test_the_options_are_remembered(qtbot, session, atlas, tmp_path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first = NetworkDock(session, settings=settings)
    qtbot.addWidget(first)
    first.layout_combo.setCurrentIndex(first.layout_combo.findData("circular"))
    first.ego_combo.setCurrentIndex(first.ego_combo.findData(2))
    first.central_asia_toggle.setChecked(True)
    first.kind_actions["organization"].setChecked(False)
    later = NetworkDock(Session(atlas, dt.date(2003, 6, 1)), settings=settings)
    qtbot.addWidget(later)
    options = later.model.options
    assert (options.layout, options.ego, options.central_asia) == ("circular", 2, True)
    assert options.actor_kinds is None  # the filters start open
    assert later.layout_combo.currentData() == "circular" and later.central_asia_toggle.isChecked()
    assert later.view.options == options


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
    assert view.layouts.warm["force"].positions["IRN"] == pytest.approx(view.positions["IRN"])
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


def node_pixels(dock: NetworkDock) -> tuple[np.ndarray, np.ndarray]:
    """Where the drawn nodes are in the view box's frame (px), from its current range."""
    view = dock.view
    rect, box = view.viewbox.viewRect(), view.viewbox.rect()
    xy = np.array([(p.x(), p.y()) for p in map(view.position_of, view.order)])
    return ((xy[:, 0] - rect.left()) / rect.width() * box.width(),
            (rect.bottom() - xy[:, 1]) / rect.height() * box.height())


def drawn_area(dock: NetworkDock) -> float:
    """The area (px²) of the box around the drawn nodes."""
    x, y = node_pixels(dock)
    assert x.min() >= 0 and x.max() <= dock.view.viewbox.width()
    return float((x.max() - x.min()) * (y.max() - y.min()))


def under_legend(dock: NetworkDock) -> list[str]:
    """The nodes whose centres the legend's panel covers, as it lies."""
    x, y = node_pixels(dock)
    box = dock.view.legend.panel()
    return [n for n, inside in zip(dock.view.order, (x >= box.left()) & (x <= box.right())
                                   & (y >= box.top()) & (y <= box.bottom()), strict=True)
            if inside]


def named(dock: NetworkDock) -> set[str]:
    """The actors whose labels must be drawn and are."""
    must = {label.actor for label in dock.view.labels.drawing.labels
            if label.priority < LEADER_BELOW}
    return must & {candidate.feature for candidate, _ in dock.view.labels.place()}


COLLAPSED = {(420, "force")}  # a whole legend would cover nodes


@pytest.mark.parametrize("width, day, layout", [
    (900, dt.date(2003, 6, 1), "force"), (900, dt.date(2012, 1, 1), "force"),
    (900, dt.date(2003, 6, 1), "geographic"), (900, dt.date.today(), "geographic"),
    (420, dt.date(2012, 1, 1), "force"), (420, dt.date(2003, 6, 1), "geographic"),
    (560, dt.date(2012, 1, 1), "geographic"),
])
def test_the_legend_hides_no_node_and_costs_the_graph_little(qtbot, session, width, day,
                                                             layout) -> None:
    session.time.date = day
    session.selection.select("UZB")
    panel = shown(qtbot, NetworkDock(session), (width, 600))
    panel.model.update(layout=layout)
    qtbot.waitUntil(lambda: not panel.view.animating)
    without, names = drawn_area(panel), named(panel)
    panel.legend_toggle.setChecked(True)
    legend = panel.view.legend
    assert legend.isVisible()
    assert drawn_area(panel) >= 0.7 * without
    assert under_legend(panel) == []
    # the selection and the Central Asian states stay named; no label under the legend
    assert named(panel) >= names & (CENTRAL_ASIA | {"UZB"})
    box = legend.panel()
    assert not [c for c, spot in panel.view.labels.place()
                if any(box.intersects(QRectF(QPointF(*b[:2]), QPointF(*b[2:])))
                       for b in spot.boxes)]
    # whole where there is room; collapsed to its title (the whole on hover) where not
    assert legend.collapsed == ((width, layout) in COLLAPSED)
    if legend.collapsed:
        whole = legend.size(whole=True)
        assert legend.size().height() < 0.4 * whole.height()
        centre = legend.mapToScene(legend.panel().center())
        qtbot.mouseMove(panel.canvas.viewport(), panel.canvas.mapFromScene(centre))
        qtbot.waitUntil(lambda: legend.boundingRect().height() > whole.height())


def test_no_two_node_shapes_overlap_in_the_panel(qtbot, session) -> None:
    session.time.date = dt.date.today()
    panel = shown(qtbot, NetworkDock(session), (420, 370))
    for layout in ("geographic", "force"):
        panel.model.update(layout=layout)
        qtbot.waitUntil(lambda: not panel.view.animating)
        x, y = node_pixels(panel)
        half = np.asarray(panel.view.nodes.data["size"], float) / 2
        reach = half[:, None] + half[None, :]
        apart = (np.abs(x[:, None] - x[None, :]) >= reach) | (
            np.abs(y[:, None] - y[None, :]) >= reach)
        np.fill_diagonal(apart, True)
        assert apart.all(), layout
