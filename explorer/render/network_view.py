"""The actor network view: the session's network on its date, for the dock and the exporter."""

from __future__ import annotations

import dataclasses
import datetime as dt

import networkx as nx
import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QElapsedTimer, QObject, QPointF, Qt, QTimer, Signal

from explorer.analysis.layout import LayoutKeeper, Positions
from explorer.analysis.links import actors_of
from explorer.analysis.network import filtered_network, focus, node_metrics
from explorer.model.details import format_day, metrics_lines
from explorer.model.network_options import NETWORK_FILTERS, NetworkOptions
from explorer.model.session import Session
from explorer.render.model_signals import follow
from explorer.render.network_diff import (
    NetworkDiffItem,
    diff_styles,
    drawn_pairs,
    tie_changes,
)
from explorer.render.network_drawing import (
    Look,
    NodeArrays,
    column_bends,
    edge_groups,
    labels,
    legend_content,
    look_of,
    node_arrays,
)
from explorer.render.network_fit import corner_squeeze, fit_frame, separated
from explorer.render.network_items import NODE_EDGE, Drawing, EdgesItem, LabelsItem, NodesItem
from explorer.render.network_legend import CORNERS, NetworkLegendItem
from explorer.render.network_style import node_style

ANIMATION_MS = 250
FRAME_MS = 16
BACKGROUND = "#fbfbf8"
_REBUILD = ("layout", *NETWORK_FILTERS)
_REFIT = ("layout", "ego", "hide_rest", "central_asia", "legend")
SHAPE_GAP = 2.0  # px (at scale 1) the fit keeps between two nodes' shapes
LEGEND_SLACK = 4.0  # px (at scale 1) beyond the legend's clearance that the fit keeps clear


class NetworkView(QObject):
    """Nodes (a scatter), edges (one path per pen) and labels in a view box; follows the
    session's date (rebuild, warm re-layout, ~250 ms of motion when `animate`) and restyles on
    its selection. Click selects (shift adds, ctrl toggles), drag moves a node."""

    sigRedrawn = Signal()

    def __init__(self, session: Session, options: NetworkOptions | None = None,
                 scale: float = 1.0, animate: bool = False, vector: bool = False,
                 layouts: LayoutKeeper | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.options = options or NetworkOptions()
        self.scale = scale
        self.animate = animate
        self.viewbox = pg.ViewBox(enableMenu=False, defaultPadding=0.0, invertY=False)
        self.viewbox.setBackgroundColor(BACKGROUND)
        self.nodes = NodesItem(tip=self._tip, cache=not vector)
        self.viewbox.addItem(self.nodes, ignoreBounds=True)
        self.edges = EdgesItem(self.viewbox, -10.0, scale)
        self.changes = NetworkDiffItem(scale)  # the diff map's ties, under the edges
        self.changes.setZValue(-11.0)
        self.viewbox.addItem(self.changes, ignoreBounds=True)
        self.labels = LabelsItem(self.viewbox, 500.0, scale)
        self.legend = NetworkLegendItem(self.viewbox, scale)
        self.labels.reserved = lambda: [self.legend.panel()] if self.legend.isVisible() else []
        self.layouts = layouts or LayoutKeeper(session.atlas)
        self.network = nx.MultiDiGraph()  # the filtered network on the date
        self.graph = nx.MultiDiGraph()  # what is drawn (the ego filter applied)
        self.order: list[str] = []  # drawn nodes, in the scatter's order
        self.positions: Positions = {}  # where each node of the network goes
        self.look = Look()
        self._arrays = NodeArrays()
        self._drawn: Positions = {}  # where each node is on screen now (mid-motion too)
        self._units: np.ndarray | None = None  # data units per px (x, y) at the last fit
        self._metrics: dict[str, dict[str, float]] | None = None
        self._from = self._to = np.empty((0, 2))
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._on_frame)
        self.nodes.sigClicked.connect(self._on_nodes_clicked)
        self.nodes.sigNodeDragged.connect(self._on_node_dragged)
        follow(self, session.time.events.date, self._on_date_changed)
        follow(self, session.selection.changed, self._on_selection_changed)
        follow(self, session.themes.events.changes_since, self._on_selection_changed)
        self.viewbox.setAspectLocked(self.options.layout == "geographic")
        # Until the user pans or zooms, the view fits the network whenever its frame resizes.
        self.auto_fit = True
        # A window's legend may fold to its title (the pointer opens it); a file's cannot: it
        # is drawn whole or left out (`legend_left_out`).
        self.legend_folds = animate
        self.legend_left_out = False
        self.viewbox.sigResized.connect(self._on_resized)
        self.viewbox.sigRangeChangedManually.connect(self._on_range_changed_manually)
        self.viewbox.sigTransformChanged.connect(self._place_legend)
        self.refresh()


    # State for the dock and the tests -------------------------------------------------------

    @property
    def animating(self) -> bool:
        return self._timer.isActive()

    @property
    def emphasised(self) -> frozenset[str]:
        """The lit actors drawn (selected, or standing for selected map features)."""
        return frozenset(n for n in self.look.lit if n in self.graph)

    @property
    def faded(self) -> frozenset[str]:
        return frozenset(n for n in self.order if self.look.faded(n))

    @property
    def metrics(self) -> dict[str, dict[str, float]]:
        """Degree, betweenness and eigenvector centrality in the filtered network (lazy; the
        numbers analysis.network.network_metrics gives everywhere else)."""
        if self._metrics is None:
            self._metrics = node_metrics(self.network)
        return self._metrics

    def position_of(self, node: str) -> QPointF:
        """Where a node is drawn, in the view box's data coordinates."""
        x, y = self._drawn[node]
        return QPointF(x, y)

    # Following the model ---------------------------------------------------------------------

    def set_options(self, **changes: object) -> None:
        """Change options (NetworkOptions fields): rebuild, re-layout or restyle as needed."""
        old = self.options
        self.options = dataclasses.replace(old, **changes)
        if self.options == old:
            return
        changed = {f.name for f in dataclasses.fields(old)
                   if getattr(old, f.name) != getattr(self.options, f.name)}
        if "layout" in changed:
            self._timer.stop()
            self._drawn = {}
            self.viewbox.setAspectLocked(self.options.layout == "geographic")
        if changed & set(_REBUILD):
            self.refresh(animate="layout" not in changed)
        else:
            self._restyle()
        if changed & set(_REFIT):
            self.fit()

    def refresh(self, animate: bool = False) -> None:
        """Rebuild the network on the session's date, lay it out (warm) and redraw."""
        # The session's atlas on the date is shared with the map: no second active_on.
        self.network = filtered_network(self.session.active, None, self.options)
        self._metrics = None
        self.positions = self.layouts.positions(self.network, self.options.layout)
        self._restyle(animate)

    def _on_resized(self, *args) -> None:
        if self.auto_fit:
            self.fit()

    def _on_range_changed_manually(self, *args) -> None:
        self.auto_fit = False

    def _on_date_changed(self, day: dt.date) -> None:
        self.refresh(animate=True)

    def _on_selection_changed(self) -> None:
        self._restyle()
        if self.options.ego and self.options.hide_rest:
            self.fit()

    def _lit(self) -> set[str]:
        selection = self.session.selection
        lit = set(selection.actors)
        for ref in selection.features:
            lit |= actors_of(self.session.atlas, ref)
        return {n for n in lit if n in self.network}

    def _restyle(self, animate: bool = False) -> None:
        opts = self.options
        lit = self._lit()
        shown, near = focus(self.network, opts, lit)
        self.graph = self.network.subgraph(shown)
        self.order = [n for n in self.network if n in shown]
        index = {n: i for i, n in enumerate(self.order)}
        self.look = look_of(self.graph, lit)
        if near is not None:  # what stands out: the ego network, however many steps wide
            self.look = Look(self.look.lit, frozenset(near - self.look.lit))
        metric = None
        if opts.size_by != "fixed":
            metric = {n: m[opts.size_by] for n, m in self.metrics.items()}
        self._arrays = node_arrays(self.graph, self.order, self.look, metric, self.scale)
        bends = column_bends(self.graph, self.positions) if opts.layout == "bipartite" else {}
        groups = edge_groups(self.graph, index, self.look, bends, self.scale)
        texts = (labels(self.graph, self.order, self.look, metric,
                        self.session.themes.alliances.organizations) if opts.labels else [])
        target = self._target()
        start = np.array([self._drawn.get(n, self.positions[n]) for n in self.order],
                         float).reshape(-1, 2)
        self.edges.drawing = self.labels.drawing = Drawing(start, self._arrays.radius, groups,
                                                           texts)
        since = self.session.themes.changes_since
        self.changes.set_pairs(*([drawn_pairs(pairs, index) for pairs in tie_changes(
            self.session.atlas, since, self.session.date)] if since is not None else ([], [])))
        self.legend.setVisible(opts.legend)
        content = legend_content(self.graph, format_day(self.session.date))
        if since is not None and (self.changes.formed or self.changes.ended):
            content.edges = [*(content.edges or []), *diff_styles(format_day(since))]
        self.legend.set_content(content)
        self._timer.stop()
        if animate and self.animate and len(start) and not np.allclose(start, target):
            self._from, self._to = start, target
            self._clock.start()
            self._timer.start()
            self._set_xy(start)
        else:
            self._set_xy(target)
        self.sigRedrawn.emit()

    # Drawing and motion ------------------------------------------------------------------------

    def _set_xy(self, xy: np.ndarray) -> None:
        self._drawn.update({n: (float(x), float(y)) for n, (x, y) in zip(self.order, xy,
                                                                         strict=True)})
        a = self._arrays
        self.nodes.setData(pos=xy, data=np.array(self.order, dtype=object), symbol=a.symbols,
                           brush=a.brushes, pen=a.pens, size=a.sizes)
        self.edges.drawing.xy = self.labels.drawing.xy = self.changes.xy = xy
        self.edges.update()
        self.changes.prepareGeometryChange()
        self.changes.update()
        self.labels.update()
        self._place_legend()

    def _place_legend(self, *args) -> None:
        if self.legend.isVisible() and len(self.edges.drawing.xy):
            self.legend.avoid(*self.edges.frame_points())

    def _on_frame(self) -> None:
        share = min(1.0, self._clock.elapsed() / ANIMATION_MS)
        eased = share * share * (3 - 2 * share)
        self._set_xy(self._from + (self._to - self._from) * eased)
        if share >= 1.0:
            self._timer.stop()

    def finish_motion(self) -> None:
        """Jump to the end of a running motion (export, tests)."""
        if self._timer.isActive():
            self._timer.stop()
            self._set_xy(self._to)

    def fit(self) -> None:
        """Show every drawn node, clear of the frame's edges (labels) and of the legend: in a
        corner that covers none, else the graph slid or shrunk (to no less than
        network_fit.MIN_KEPT of its area) away from the corner it takes, else the same with
        the legend collapsed to its title (in a window; a file's is left out); the nodes'
        shapes apart at the scale shown."""
        self.auto_fit = True  # and keep fitting when the frame resizes, until a pan or zoom
        xy = np.array([self.positions[n] for n in self.order], float).reshape(-1, 2)
        s, locked = self.scale, self.options.layout == "geographic"
        margins = ((150 if self.options.layout == "bipartite" else 70) * s, 30 * s, 70 * s,
                   30 * s)
        width, height = self.viewbox.width(), self.viewbox.height()
        frame = fit_frame(xy, (width, height), margins, locked)
        if self.legend_left_out:  # at the last fit: tried again at this size
            self.legend.setVisible(True)
            self.legend_left_out = False
        if self.legend.isVisible() and len(xy) and width > 0 and height > 0:
            usable = (margins[0], margins[1], width - margins[2], height - margins[3])
            corners = sorted(CORNERS, key=lambda c: c != self.legend.corner)  # stay if clear
            for collapsed in (False, True) if self.legend_folds else (False,):
                self.legend.set_collapsed(collapsed)
                covers = {c: self.legend.cover(c, LEGEND_SLACK * s).getCoords()
                          for c in corners}
                squeeze = corner_squeeze(frame.pixels(xy), usable, covers, locked)
                if squeeze is not None:
                    corner, scale, offset = squeeze
                    self.legend.move_to(corner)
                    frame = frame.mapped(scale, offset)
                    break
            else:
                if not self.legend_folds:
                    self.legend.setVisible(False)
                    self.legend_left_out = True
        self._units = frame.units
        self.viewbox.setRange(xRange=frame.x_range, yRange=frame.y_range, padding=0)
        self.viewbox.updateMatrix()  # now, not at the next paint: the legend goes by it
        if self._timer.isActive():
            self._to = self._target()
        else:
            self._set_xy(self._target())

    def _target(self) -> np.ndarray:
        """Where the drawn nodes go: their layout's positions, moved apart by the least that
        keeps their shapes clear of each other at the last fit's scale."""
        xy = np.array([self.positions[n] for n in self.order], float).reshape(-1, 2)
        if self._units is None:
            return xy
        return separated(xy, self._units, self._arrays.radius + NODE_EDGE * self.scale,
                         SHAPE_GAP * self.scale)

    # Interaction -------------------------------------------------------------------------------

    def _on_nodes_clicked(self, item, points, ev) -> None:
        node = str(points[0].data())
        modifiers = ev.modifiers()
        mode = ("add" if modifiers & Qt.KeyboardModifier.ShiftModifier else
                "toggle" if modifiers & Qt.KeyboardModifier.ControlModifier else "replace")
        self.session.selection.select(node, mode)

    def _on_node_dragged(self, node: str, x: float, y: float, finished: bool) -> None:
        if node not in self.positions:
            return
        self.finish_motion()
        self.layouts.move(self.options.layout, node, (x, y))
        self.positions[node] = (x, y)
        xy = np.array([self._drawn.get(n, self.positions[n]) for n in self.order], float)
        xy[self.order.index(node)] = (x, y)
        self._set_xy(xy)

    def _tip(self, x: float, y: float, data: object) -> str:
        node = str(data)
        if node not in self.network:
            return node
        attrs = self.network.nodes[node]
        lines = [f"{label}: {value}" for label, value in metrics_lines(self.metrics[node])]
        return "\n".join([f"{attrs.get('name', node)} ({node})",
                          node_style(attrs.get("kind", "")).label, *lines])
