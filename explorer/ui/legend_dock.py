"""The legend dock: what the visible themes draw on the current date, with their symbols."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QDockWidget, QScrollArea, QWidget

from explorer.model.legend import LegendEntry, legend_entries
from explorer.model.session import Session
from explorer.render.legend import legend_size, paint_legend


class LegendView(QWidget):
    """Paints the session's legend with the same painter code as the exports."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.entries: list[LegendEntry] = []
        session.time.events.date.connect(self.refresh)
        session.themes.events.connect(self.refresh)
        session.themes.alliances.events.connect(self.refresh)
        for layer in session.themes.layers:
            layer.events.connect(self.refresh)
        self.refresh()

    def refresh(self, *args) -> None:
        self.entries = legend_entries(self.session)
        size = legend_size(self.entries, title=None)
        self.setMinimumSize(QSize(int(size.width()) + 4, int(size.height()) + 4))
        self.setToolTip("" if self.entries else "No theme is visible")
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
        scroll = QScrollArea()
        scroll.setWidget(self.view)
        scroll.setWidgetResizable(False)
        scroll.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setWidget(scroll)
