"""The network dock: the actor network on the session's date, its toolbar and the selection."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QMenu,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from explorer.analysis.network import MEMBERSHIP
from explorer.model.records import ACTOR_KINDS, RELATION_TYPES
from explorer.model.session import Session
from explorer.render.network_style import EDGE_STYLES, node_style
from explorer.render.network_view import NetworkOptions, NetworkView

LAYOUT_CHOICES = {"force": "Force-directed", "geographic": "Geographic",
                  "circular": "Circular", "bipartite": "States | organizations"}
SIZE_CHOICES = {"fixed": "Same size", "degree": "Size: ties", "betweenness": "Size: betweenness",
                "eigenvector": "Size: eigenvector"}
EGO_CHOICES = {0: "All actors", 1: "Selection + 1 step", 2: "Selection + 2 steps"}


class NetworkCanvas(pg.GraphicsView):
    """The view's widget; Esc clears the session's selection."""

    def __init__(self, view: NetworkView, parent: QWidget | None = None) -> None:
        super().__init__(parent, background=None)
        self.network_view = view
        self.setCentralItem(view.viewbox)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.network_view.session.selection.clear()
            event.accept()
            return
        super().keyPressEvent(event)


class NetworkDock(QDockWidget):
    """Shows `view` (a NetworkView, following the session) with a compact toolbar; every
    control writes the view's options, clicks write the session's selection."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Network", parent)
        self.setObjectName("NetworkDock")
        self.session = session
        self.view = NetworkView(session, NetworkOptions(), animate=True, parent=self)
        self.canvas = NetworkCanvas(self.view)
        self.canvas.setToolTip("Actors and their ties on the timeline's date. Click an actor to "
                               "select it (shift adds, ctrl toggles), Esc clears; drag to move "
                               "an actor, the wheel zooms")
        self.toolbar = QToolBar("Network")
        self.toolbar.setFloatable(False)
        self.toolbar.setMovable(False)
        self._build_controls()
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.canvas, 1)
        self.setWidget(body)

    @property
    def options(self) -> NetworkOptions:
        return self.view.options

    def _build_controls(self) -> None:
        self.layout_combo = _combo(LAYOUT_CHOICES, "Layout: force-directed (stays put across "
                                   "dates), geographic (capitals), circular, or states against "
                                   "organizations")
        self.layout_combo.currentIndexChanged.connect(
            lambda _: self.view.set_options(layout=self.layout_combo.currentData()))
        self.membership_toggle = QAction("Memberships", self)
        self.membership_toggle.setCheckable(True)
        self.membership_toggle.setChecked(self.view.options.memberships)
        self.membership_toggle.setToolTip("Show the thin grey ties from states to the "
                                          "organizations they belong to")
        self.membership_toggle.toggled.connect(
            lambda on: self.view.set_options(memberships=on))
        self.relation_actions = {t: self._check_action(EDGE_STYLES[t].label, t)
                                 for t in RELATION_TYPES if t != MEMBERSHIP}
        self.relations_button = _menu_button("Ties", "Which relation types to show",
                                             self.relation_actions.values(), self)
        for action in self.relation_actions.values():
            action.toggled.connect(self._on_relations_toggled)
        self.kind_actions = {k: self._check_action(node_style(k).label, k) for k in ACTOR_KINDS}
        self.isolated_action = QAction("Actors without ties", self)
        self.isolated_action.setCheckable(True)
        self.isolated_action.setToolTip("Also show the actors with no tie on the date")
        self.isolated_action.toggled.connect(lambda on: self.view.set_options(isolated=on))
        self.kinds_button = _menu_button("Actors", "Which kinds of actor to show",
                                         [*self.kind_actions.values(), None,
                                          self.isolated_action], self)
        for action in self.kind_actions.values():
            action.toggled.connect(self._on_kinds_toggled)
        self.size_combo = _combo(SIZE_CHOICES, "Node size: the same for all, or by a centrality "
                                 "(number of ties, betweenness, eigenvector)")
        self.size_combo.currentIndexChanged.connect(
            lambda _: self.view.set_options(size_by=self.size_combo.currentData()))
        self.ego_combo = _combo(EGO_CHOICES, "Show every actor, or only the selected actors "
                                "and their neighbours within 1 or 2 steps")
        self.ego_combo.currentIndexChanged.connect(
            lambda _: self.view.set_options(ego=self.ego_combo.currentData()))
        self.legend_toggle = QAction("Legend", self)
        self.legend_toggle.setCheckable(True)
        self.legend_toggle.setToolTip("Show the legend of tie and actor styles")
        self.legend_toggle.toggled.connect(lambda on: self.view.set_options(legend=on))
        self.fit_action = QAction("Fit", self)
        self.fit_action.setToolTip("Show the whole network")
        self.fit_action.triggered.connect(self.view.fit)
        for item in (self.layout_combo, self.membership_toggle, self.relations_button,
                     self.kinds_button, self.size_combo, self.ego_combo, self.legend_toggle,
                     self.fit_action):
            if isinstance(item, QAction):
                self.toolbar.addAction(item)
            else:
                self.toolbar.addWidget(item)
        self.fit_button = self.toolbar.widgetForAction(self.fit_action)

    def _check_action(self, text: str, key: str) -> QAction:
        action = QAction(text, self)
        action.setCheckable(True)
        action.setChecked(True)
        action.setData(key)
        return action

    def _on_relations_toggled(self, *args) -> None:
        chosen = frozenset(t for t, a in self.relation_actions.items() if a.isChecked())
        every = len(chosen) == len(self.relation_actions)
        self.view.set_options(relation_types=None if every else chosen)

    def _on_kinds_toggled(self, *args) -> None:
        chosen = frozenset(k for k, a in self.kind_actions.items() if a.isChecked())
        every = len(chosen) == len(self.kind_actions)
        self.view.set_options(actor_kinds=None if every else chosen)


def _combo(choices: dict, tip: str) -> QComboBox:
    combo = QComboBox()
    for key, text in choices.items():
        combo.addItem(text, key)
    combo.setToolTip(tip)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


def _menu_button(text: str, tip: str, actions, parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setToolTip(tip)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(button)
    for action in actions:
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)
    button.setMenu(menu)
    return button
