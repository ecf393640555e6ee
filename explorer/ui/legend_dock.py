"""The legend dock: what the user's layers and the visible themes draw in the map's view on the
current date, with their symbols."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QSize, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QDockWidget, QScrollArea, QWidget

from explorer.model.drawn import MapExtent
from explorer.model.legend import LegendEntry, legend_entries
from explorer.model.session import Session
from explorer.render.legend import legend_size, paint_legend

VIEW_SETTLE_MS = 150  # the legend follows a pan or zoom once the view has been still this long


class LegendView(QWidget):
    """Paints the session's legend with the same model and painter code as the exports;
    `extent_of()` gives the part of the world the map shows (None: all of it)."""

    def __init__(self, session: Session, parent: QWidget | None = None,
                 extent_of: Callable[[], MapExtent | None] = lambda: None) -> None:
        super().__init__(parent)
        self.session = session
        self.extent_of = extent_of
        self.entries: list[LegendEntry] = []
        self._listened: list = []  # (signal, slot) pairs to let go of when they are replaced
        session.time.events.date.connect(self.refresh)
        session.themes.events.connect(self._listen)
        for signal in (session.user_layers.added, session.user_layers.removed,
                       session.user_layers.moved):
            signal.connect(self._listen)
        self._listen()

    def _listen(self, *args) -> None:
        """Follow the current theme layers, alliance options and user layers' styles (and a
        database layer's new view)."""
        for signal, slot in self._listened:
            signal.disconnect(slot, missing_ok=True)
        themes = self.session.themes
        self._listened = [(model.events, self.refresh) for model in (
            themes.alliances, *themes.layers, *(layer.style for layer in self.session.user_layers))]
        self._listened += [(layer.changed, self.refresh) for layer in self.session.user_layers]
        for signal, slot in self._listened:
            signal.connect(slot)
        self.refresh()

    def refresh(self, *args) -> None:
        self.entries = legend_entries(self.session, self.extent_of())
        size = legend_size(self.entries, title=None)
        self.setMinimumSize(QSize(int(size.width()) + 4, int(size.height()) + 4))
        self.setToolTip("" if self.entries else "Nothing is drawn in the map's view")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint_legend(painter, QPointF(2, 2), self.entries, title=None, panel=False)
        painter.end()


class LegendDock(QDockWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Legend", parent)
        self.setObjectName("legend_dock")
        self.view = LegendView(session)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(VIEW_SETTLE_MS)
        self._settle.timeout.connect(self.view.refresh)
        scroll = QScrollArea()
        scroll.setWidget(self.view)
        scroll.setWidgetResizable(False)
        scroll.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setWidget(scroll)

    def follow_view(self, extent_of: Callable[[], MapExtent | None], changed) -> None:
        """List what the map shows: `extent_of()` is its view's extent, re-read a moment after
        `changed` (the view's range signal) last fires."""
        self.view.extent_of = extent_of
        changed.connect(self._settle.start)
        self.view.refresh()
