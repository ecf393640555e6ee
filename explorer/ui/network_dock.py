"""The network dock: the actor network on the session's date, its toolbar and the selection."""

from __future__ import annotations

import dataclasses

import pyqtgraph as pg
from PySide6.QtCore import QSettings, Qt
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
from explorer.model.network_options import METRICS, NETWORK_FILTERS, NetworkOptions, shows_kind
from explorer.model.project import NetworkSettings
from explorer.model.records import ACTOR_KINDS, RELATION_TYPES
from explorer.model.session import Session
from explorer.render.model_signals import follow
from explorer.render.network_style import EDGE_STYLES, node_style
from explorer.render.network_view import NetworkView

LAYOUT_CHOICES = {"force": "Force-directed", "linlog": "LinLog (clusters)",
                  "geographic": "Geographic",
                  "circular": "Circular", "bipartite": "States | orgs"}
SIZE_CHOICES = {"fixed": "Same size", **{key: f"Size: {metric.short}"
                                          for key, metric in METRICS.items()}}
EGO_CHOICES = {1: "Focus: 1 step", 2: "Focus: 2 steps", 0: "No focus"}
SETTINGS_KEY = "network/options"


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
    """Shows `view` (a NetworkView, following the session) with two compact toolbars. Every
    control writes the session's network options (`session.network`) and nothing else; the
    view and the controls follow that model's `changed` (an `_updating` guard keeps a change
    from echoing). Clicks write the session's selection. With `settings`, the options are
    remembered between runs."""

    def __init__(self, session: Session, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__("Network", parent)
        self.setObjectName("NetworkDock")
        self.session = session
        self.model = session.network
        self.settings = settings
        self._updating = False
        if settings is not None:
            self.model.update(**_remembered(settings, self.model.options))
        self.view = NetworkView(session, self.model.options, animate=True, parent=self)
        self.canvas = NetworkCanvas(self.view)
        self.canvas.setToolTip("Actors and their ties on the timeline's date. Click an actor to "
                               "select it (shift adds, ctrl toggles), Esc clears; drag to move "
                               "an actor, the wheel zooms")
        self.toolbar, self.focus_bar = _toolbar("Network"), _toolbar("Network focus")
        self._build_controls()
        self._show(self.model.options)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.focus_bar)
        layout.addWidget(self.canvas, 1)
        self.setWidget(body)
        follow(self, self.model.changed, self._on_options_changed)

    @property
    def options(self) -> NetworkOptions:
        return self.model.options

    def _write(self, **changes: object) -> None:
        """A control's change, into the model (not while the controls follow the model)."""
        if not self._updating:
            self.model.update(**changes)

    def _on_options_changed(self, new: NetworkOptions, old: NetworkOptions) -> None:
        self.view.set_options(**dataclasses.asdict(new))
        self._show(new)
        if self.settings is not None:
            self.settings.setValue(SETTINGS_KEY, NetworkSettings.of(
                dataclasses.asdict(new)).model_dump_json(exclude={"positions"}))

    def _show(self, options: NetworkOptions) -> None:
        """Set every control to the options, writing nothing back."""
        self._updating = True
        try:
            for combo, value in ((self.layout_combo, options.layout),
                                 (self.size_combo, options.size_by),
                                 (self.ego_combo, options.ego)):
                combo.setCurrentIndex(combo.findData(value))
            toggles = [(self.membership_toggle, options.memberships),
                       (self.isolated_action, options.isolated),
                       (self.periphery_action, options.periphery),
                       (self.legend_toggle, options.legend),
                       (self.hide_rest_toggle, options.hide_rest),
                       (self.central_asia_toggle, options.central_asia)]
            toggles += [(a, options.relation_types is None or t in options.relation_types)
                        for t, a in self.relation_actions.items()]
            toggles += [(a, shows_kind(options.actor_kinds, k))
                        for k, a in self.kind_actions.items()]
            for action, checked in toggles:
                action.setChecked(checked)
            self.hide_rest_toggle.setEnabled(options.ego > 0)
        finally:
            self._updating = False

    def _build_controls(self) -> None:
        self.layout_combo = _combo(LAYOUT_CHOICES, "Layout: force-directed (stays put across "
                                   "dates), LinLog (force-directed that draws communities "
                                   "apart), geographic (capitals), circular, or states against "
                                   "organizations")
        self.layout_combo.currentIndexChanged.connect(
            lambda _: self._write(layout=self.layout_combo.currentData()))
        self.size_combo = _combo(SIZE_CHOICES, "Node size: the same for all, or by a centrality "
                                 "(number of ties, betweenness, eigenvector)")
        self.size_combo.currentIndexChanged.connect(
            lambda _: self._write(size_by=self.size_combo.currentData()))
        self.legend_toggle = self._toggle("Legend", "Show the legend of tie and actor styles "
                                          "over a corner of the graph", "legend")
        self.fit_action = QAction("Fit", self)
        self.fit_action.setToolTip("Show the whole network")
        self.fit_action.triggered.connect(self.view.fit)
        self.ego_combo = _combo(EGO_CHOICES, "When something is selected: show its ego network "
                                "(the selection and its neighbours within 1 or 2 steps), or "
                                "the whole network with the selection lit")
        self.ego_combo.currentIndexChanged.connect(
            lambda _: self._write(ego=self.ego_combo.currentData()))
        self.hide_rest_toggle = self._toggle("Hide rest", "Hide the actors outside the "
                                             "selection's ego network (else they are faded)",
                                             "hide_rest")
        self.central_asia_toggle = self._toggle("Central Asia", "Only the five Central Asian "
                                                "states, their ties to each other and the "
                                                "organizations they belong to", "central_asia")
        self.membership_toggle = self._toggle("Memberships", "Show the thin grey ties from "
                                              "states to the organizations they belong to",
                                              "memberships")
        self.relation_actions = {t: self._check_action(EDGE_STYLES[t].label, t)
                                 for t in RELATION_TYPES if t != MEMBERSHIP}
        self.relations_button = _menu_button("Ties", "Which ties to show: memberships and "
                                             "each relation type",
                                             [self.membership_toggle, None,
                                              *self.relation_actions.values()], self)
        for action in self.relation_actions.values():
            action.toggled.connect(self._on_relations_toggled)
        self.kind_actions = {k: self._check_action(node_style(k).label, k) for k in ACTOR_KINDS}
        self.isolated_action = self._toggle("Actors without ties", "Also show the actors with "
                                            "no tie on the date", "isolated")
        self.periphery_action = self._toggle(
            "States tied only by memberships", "Also show the states whose only ties are "
            "memberships (most of NATO, the EU, the OSCE); without them each organization "
            "stands for its members", "periphery")
        self.kinds_button = _menu_button("Actors", "Which kinds of actor to show",
                                         [*self.kind_actions.values(), None,
                                          self.isolated_action, self.periphery_action], self)
        for action in self.kind_actions.values():
            action.toggled.connect(self._on_kinds_toggled)
        _fill(self.toolbar, [self.layout_combo, self.size_combo, self.legend_toggle,
                             self.fit_action])
        _fill(self.focus_bar, [self.ego_combo, self.hide_rest_toggle, self.central_asia_toggle,
                               self.relations_button, self.kinds_button])
        self.fit_button = self.toolbar.widgetForAction(self.fit_action)

    def _toggle(self, text: str, tip: str, option: str) -> QAction:
        """A checkable action writing a boolean option."""
        action = QAction(text, self)
        action.setCheckable(True)
        action.setToolTip(tip)
        action.toggled.connect(lambda on: self._write(**{option: on}))
        return action

    def _check_action(self, text: str, key: str) -> QAction:
        action = QAction(text, self)
        action.setCheckable(True)
        action.setChecked(True)
        action.setData(key)
        return action

    def _on_relations_toggled(self, *args) -> None:
        chosen = frozenset(t for t, a in self.relation_actions.items() if a.isChecked())
        every = len(chosen) == len(self.relation_actions)
        self._write(relation_types=None if every else chosen)

    def _on_kinds_toggled(self, *args) -> None:
        chosen = frozenset(k for k, a in self.kind_actions.items() if a.isChecked())
        usual = frozenset(k for k in self.kind_actions if shows_kind(None, k))
        self._write(actor_kinds=None if chosen == usual else chosen)


def _remembered(settings: QSettings, fallback: NetworkOptions) -> dict:
    """The options saved by the last run (less the filters, which start open), or the
    fallback's when there are none or they no longer read."""
    text = settings.value(SETTINGS_KEY)
    try:
        values = NetworkSettings.model_validate_json(str(text)).option_values()
    except ValueError:
        return dataclasses.asdict(fallback)
    return {**values, **{name: getattr(fallback, name) for name in NETWORK_FILTERS}}


def _toolbar(title: str) -> QToolBar:
    bar = QToolBar(title)
    bar.setFloatable(False)
    bar.setMovable(False)
    return bar


def _fill(bar: QToolBar, items: list) -> None:
    for item in items:
        if isinstance(item, QAction):
            bar.addAction(item)
        else:
            bar.addWidget(item)


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
