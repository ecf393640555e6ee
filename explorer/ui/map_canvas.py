"""The map widget: a pyqtgraph view of the map scene, with keyboard, hover and cursor readout."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QToolTip

from explorer.model.features import FeatureRef
from explorer.render.map_scene import MapScene

ZOOM_STEP = 1.5
PAN_STEP = 0.2
PICK_PIXELS = 7  # how near the cursor a point or line counts as under it
CLICK_SLOP = 4  # a press and release closer than this are a click, not a drag


class MapCanvas(pg.GraphicsView):
    """Shows a MapScene; drag pans, the wheel zooms about the cursor, keys zoom and pan."""

    sigCursorMoved = Signal(object)  # (lon, lat) or None
    sigScaleChanged = Signal(float)  # ground metres per screen pixel
    sigFeatureClicked = Signal(object, object)  # FeatureRef or None, country name or None

    def __init__(self, scene: MapScene, parent=None,
                 describe: Callable[[FeatureRef, str | None], str] | None = None) -> None:
        super().__init__(parent, background=None)
        self.map_scene = scene
        self._describe = describe or (lambda ref, name: name or ref.id)
        self._press: QPointF | None = None
        self.setCentralItem(scene.viewbox)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip("")
        scene.viewbox.sigRangeChanged.connect(self._on_range_changed)

    def _on_range_changed(self, *args) -> None:
        self.sigScaleChanged.emit(self.map_scene.metres_per_pixel())

    def map_point(self, widget_pos: QPointF) -> QPointF:
        return self.map_scene.viewbox.mapSceneToView(self.mapToScene(widget_pos.toPoint()))

    def feature_under(self, widget_pos: QPointF) -> tuple[FeatureRef | None, str | None]:
        """The feature drawn under a widget position, and the basemap name if it is a country."""
        point = self.map_point(widget_pos)
        tolerance = PICK_PIXELS * self.map_scene.viewbox.viewPixelSize()[0]
        ref = self.map_scene.feature_at(point.x(), point.y(), tolerance)
        if ref is None or ref.kind != "country":
            return ref, None
        country = self.map_scene.countries.country_at(point.x(), point.y())
        return ref, None if country is None else country[1]

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        point = self.map_point(event.position())
        self.sigCursorMoved.emit(self.map_scene.lonlat_at(point.x(), point.y()))
        if event.buttons() != Qt.MouseButton.NoButton:
            return
        ref, name = self.feature_under(event.position())
        if ref is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self._describe(ref, name), self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position() if event.button() == Qt.MouseButton.LeftButton else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if (event.position() - press).manhattanLength() <= CLICK_SLOP:
            self.sigFeatureClicked.emit(*self.feature_under(event.position()))

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
