"""The map widget: a pyqtgraph view of the map scene, with keyboard, hover and cursor readout."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QToolTip

from explorer.render.map_scene import MapScene

ZOOM_STEP = 1.5
PAN_STEP = 0.2


class MapCanvas(pg.GraphicsView):
    """Shows a MapScene; drag pans, the wheel zooms about the cursor, keys zoom and pan."""

    sigCursorMoved = Signal(object)  # (lon, lat) or None
    sigScaleChanged = Signal(float)  # ground metres per screen pixel

    def __init__(self, scene: MapScene, parent=None) -> None:
        super().__init__(parent, background=None)
        self.map_scene = scene
        self.setCentralItem(scene.viewbox)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip("")
        scene.viewbox.sigRangeChanged.connect(self._on_range_changed)

    def _on_range_changed(self, *args) -> None:
        self.sigScaleChanged.emit(self.map_scene.metres_per_pixel())

    def map_point(self, widget_pos: QPointF) -> QPointF:
        return self.map_scene.viewbox.mapSceneToView(self.mapToScene(widget_pos.toPoint()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        point = self.map_point(event.position())
        self.sigCursorMoved.emit(self.map_scene.lonlat_at(point.x(), point.y()))
        if event.buttons() != Qt.MouseButton.NoButton:
            return
        country = self.map_scene.countries.country_at(point.x(), point.y())
        if country is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), country[1], self)

    def leaveEvent(self, event) -> None:
        self.sigCursorMoved.emit(None)
        super().leaveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        moves = {
            Qt.Key.Key_Left: (-PAN_STEP, 0.0),
            Qt.Key.Key_Right: (PAN_STEP, 0.0),
            Qt.Key.Key_Up: (0.0, PAN_STEP),
            Qt.Key.Key_Down: (0.0, -PAN_STEP),
        }
        if event.key() in moves:
            self.map_scene.pan(*moves[event.key()])
            event.accept()
            return
        super().keyPressEvent(event)
