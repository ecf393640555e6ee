"""The map widget: a pyqtgraph view of the map scene: navigation, hover, clicks that select."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QToolTip

from explorer.model.atlas import Atlas
from explorer.model.features import FeatureRef
from explorer.model.selection import Item, Mode, Selection
from explorer.render.map_scene import MapScene
from explorer.ui.plain_text import plain_tooltip

ZOOM_STEP = 1.5
PAN_STEP = 0.2
PICK_PIXELS = 7  # how near the cursor a point or line counts as under it
CLICK_SLOP = 4  # a press and release closer than this are a click, not a drag


def selection_item(ref: FeatureRef, atlas: Atlas | None) -> Item:
    """What a click on a map feature selects: a country is its state's actor id (ISO3, the id
    the network uses) when the atlas knows that state, else the country feature itself (it
    still lights up its territory); bases, routes, places and events are their FeatureRef."""
    if ref.kind == "country" and (atlas is None or ref.id in atlas.actors):
        return ref.id
    return ref


def selection_mode(modifiers: Qt.KeyboardModifier) -> Mode:
    """Ctrl (Cmd on macOS) toggles, Shift adds, a plain click replaces."""
    if modifiers & Qt.KeyboardModifier.ControlModifier:
        return "toggle"
    if modifiers & Qt.KeyboardModifier.ShiftModifier:
        return "add"
    return "replace"


class MapCanvas(pg.GraphicsView):
    """Shows a MapScene; drag pans, the wheel zooms about the cursor, keys zoom and pan.

    With a `selection` (the session's shared one), clicks write into it: a click on a feature
    selects it (replacing), Shift+click adds, Ctrl+click toggles, a plain click on the sea
    clears, and Esc clears. Every click also emits `sigFeatureClicked(ref, name)` as before
    (the window's inspector follows it); the map's highlight follows the selection itself.
    """

    sigCursorMoved = Signal(object)  # (lon, lat) or None
    sigScaleChanged = Signal(float)  # ground metres per screen pixel
    sigFeatureClicked = Signal(object, object)  # FeatureRef or None, country name or None

    def __init__(self, scene: MapScene, parent=None,
                 describe: Callable[[FeatureRef, str | None], str] | None = None, *,
                 selection: Selection | None = None) -> None:
        super().__init__(parent, background=None)
        self.map_scene = scene
        self.selection = selection
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
            QToolTip.showText(event.globalPosition().toPoint(),
                              plain_tooltip(self._describe(ref, name)), self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position() if event.button() == Qt.MouseButton.LeftButton else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if (event.position() - press).manhattanLength() <= CLICK_SLOP:
            ref, name = self.feature_under(event.position())
            self._select(ref, selection_mode(event.modifiers()))
            self.sigFeatureClicked.emit(ref, name)

    def set_selection(self, selection: Selection | None) -> None:
        """Write clicks into this selection from now on (None: clicks select nothing)."""
        self.selection = selection

    def _select(self, ref: FeatureRef | None, mode: Mode) -> None:
        if self.selection is None:
            return
        if ref is None:
            if mode == "replace":
                self.selection.clear()
            return
        session = self.map_scene.session
        self.selection.select(selection_item(ref, None if session is None else session.atlas),
                              mode)

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
        if (event.key() == Qt.Key.Key_Escape and self.selection is not None
                and self.selection):
            self.selection.clear()
            event.accept()
            return
        if event.key() in moves:
            self.map_scene.pan(*moves[event.key()])
            event.accept()
            return
        super().keyPressEvent(event)
