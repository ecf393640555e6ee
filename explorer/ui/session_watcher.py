"""Tells the project controller when anything a project saves may have changed."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from explorer.model.map_view import MapViewState
from explorer.model.session import Session
from explorer.model.user_layers import UserLayer
from explorer.render.model_signals import follow


class SessionWatcher(QObject):
    """`changed` once a turn of the event loop after the date, the selection, the layers and
    their styles, the themes and their options, the records, the map's state or the network
    panel's drawing changed (the controller then compares what it would save)."""

    changed = Signal()

    def __init__(self, session: Session, state: MapViewState, network_redrawn=None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.changed)
        for signal in (session.time.events.date, session.selection.changed,
                       session.user_layers.removed, session.user_layers.moved,
                       session.atlas_changed, session.alignment.changed, state.events):
            follow(self, signal, self._schedule)
        follow(self, session.themes.events, self._on_themes_changed)
        follow(self, session.user_layers.added, self._on_layer_added)
        for layer in session.user_layers:
            follow(self, layer.style.events, self._schedule)
        if network_redrawn is not None:
            network_redrawn.connect(self._schedule)
        self._theme_events: list[tuple] = []  # (events, slot): replaced with the themes' objects
        self.destroyed.connect(lambda *_, held=self._theme_events: _let_go(held))
        self._on_themes_changed()

    def _schedule(self, *args: object) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def _on_themes_changed(self, *args: object) -> None:
        """Follow the options inside the themes too (their objects may have been replaced)."""
        _let_go(self._theme_events)
        themes = self.session.themes
        for events in (themes.alliances.events, *(layer.events for layer in themes.layers)):
            events.connect(self._schedule)
            self._theme_events.append((events, self._schedule))
        self._schedule()

    def _on_layer_added(self, layer: UserLayer) -> None:
        follow(self, layer.style.events, self._schedule)
        self._schedule()


def _let_go(held: list[tuple]) -> None:
    for events, slot in held:
        events.disconnect(slot, missing_ok=True)
    held.clear()
