"""The user's loaded layers in the Layers dock: show/hide, rename, fade, zoom to, remove."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from explorer.io.postgis import parse_uri
from explorer.model.user_layers import UserLayer, UserLayers
from explorer.ui.plain_text import plain_tooltip
from explorer.ui.style_editor import StyleEditorDialog


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class UserLayersPanel(QGroupBox):
    """Lists session.user_layers (top of the list = drawn on top); writes only to the model."""

    sigZoomTo = Signal(object)  # the UserLayer the user asked to see whole

    def __init__(self, layers: UserLayers, parent: QWidget | None = None) -> None:
        super().__init__("Your layers", parent)
        self.layers = layers
        self.list = QListWidget()
        self.list.setToolTip("Your files: tick to show, double-click to rename, drag to change "
                             "which is drawn on top. Open more with "
                             "File → Open Layer… or by dropping files on the window")
        self.opacity_slider = QSlider(Qt.Orientation.Horizontal)
        self.opacity_slider.setRange(0, 100)
        self.opacity_slider.setToolTip("Opacity of the selected layer")
        self.style_button = QPushButton("Style…")
        self.style_button.setToolTip("Colours by a field, symbols, labels and timeline fields "
                                     "of the selected layer")
        self.zoom_button = QPushButton("Zoom to")
        self.zoom_button.setToolTip("Show the whole of the selected layer")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove the selected layer from the map (the file is not "
                                      "touched)")
        buttons = QHBoxLayout()
        for button in (self.style_button, self.zoom_button, self.remove_button):
            buttons.addWidget(button)
        column = QVBoxLayout(self)
        column.addWidget(self.list)
        column.addWidget(self.opacity_slider)
        column.addLayout(buttons)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.model().rowsMoved.connect(self._on_rows_moved)
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.currentRowChanged.connect(self._on_current_changed)
        self.opacity_slider.valueChanged.connect(self._on_opacity)
        self.style_button.clicked.connect(self.open_style_editor)
        self.zoom_button.clicked.connect(self._on_zoom)
        self.remove_button.clicked.connect(self._on_remove)
        layers.added.connect(self._refresh)
        layers.removed.connect(self._refresh)
        layers.moved.connect(self._refresh)
        self._refresh()

    def current(self) -> UserLayer | None:
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def _refresh(self, *args) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for layer in reversed(list(self.layers)):
            item = QListWidgetItem(_swatch(layer.style.colour), layer.style.name)
            item.setData(Qt.ItemDataRole.UserRole, layer)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable
                          | Qt.ItemFlag.ItemIsEditable)
            item.setCheckState(Qt.CheckState.Checked if layer.style.visible
                               else Qt.CheckState.Unchecked)
            item.setToolTip(plain_tooltip(_describe(layer)))  # a name or path is never markup
            self.list.addItem(item)
            layer.style.events.connect(self._on_style_changed, unique=True)
        self.list.blockSignals(False)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.setVisible(self.list.count() > 0)
        self._on_current_changed()

    def _on_style_changed(self, *args) -> None:
        self.list.blockSignals(True)
        for row in range(self.list.count()):
            item = self.list.item(row)
            layer = item.data(Qt.ItemDataRole.UserRole)
            item.setText(layer.style.name)
            item.setIcon(_swatch(layer.style.colour))
            item.setCheckState(Qt.CheckState.Checked if layer.style.visible
                               else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._on_current_changed()

    def _on_rows_moved(self, *args) -> None:
        """Dragged in the list (top = drawn on top): write the new order into the model."""
        ids = [self.list.item(row).data(Qt.ItemDataRole.UserRole).id
               for row in reversed(range(self.list.count()))]
        current = self.current()

        def apply() -> None:  # after the drop: the list is rebuilt from the model
            self.layers.reorder(ids)
            if current is not None:
                self._select(current)

        QTimer.singleShot(0, apply)

    def _select(self, layer: UserLayer) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) is layer:
                self.list.setCurrentRow(row)

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        layer = item.data(Qt.ItemDataRole.UserRole)
        layer.style.visible = item.checkState() == Qt.CheckState.Checked
        name = item.text().strip()
        if name:
            layer.style.name = name

    def _on_current_changed(self, *args) -> None:
        layer = self.current()
        for widget in (self.opacity_slider, self.style_button, self.zoom_button,
                       self.remove_button):
            widget.setEnabled(layer is not None)
        if layer is not None:
            self.opacity_slider.blockSignals(True)
            self.opacity_slider.setValue(round(layer.style.opacity * 100))
            self.opacity_slider.blockSignals(False)

    def _on_opacity(self, value: int) -> None:
        layer = self.current()
        if layer is not None:
            layer.style.opacity = value / 100

    def open_style_editor(self) -> StyleEditorDialog | None:
        """Open the style editor of the current layer (non-modal; the map previews edits)."""
        layer = self.current()
        if layer is None:
            return None
        dialog = StyleEditorDialog(layer, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _on_zoom(self) -> None:
        layer = self.current()
        if layer is not None:
            self.sigZoomTo.emit(layer)

    def _on_remove(self) -> None:
        layer = self.current()
        if layer is not None:
            self.layers.remove(layer.id)


def _describe(layer: UserLayer) -> str:
    if layer.source is not None:  # a database table: what the view holds changes as it moves
        return f"{layer.style.name}: {parse_uri(layer.source).display}, fetched a view at a time"
    return f"{layer.style.name}: {len(layer.data)} features" + (
        f" from {layer.path}" if layer.path else "")
