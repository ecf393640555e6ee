"""The layers dock: the atlas themes' order, visibility and opacity, and the Alliances options."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from explorer.model.details import interval_text
from explorer.model.session import Session
from explorer.model.theme_style import theme_style
from explorer.model.themes import ThemeLayer
from explorer.render.model_signals import follow
from explorer.ui.plain_text import plain_tooltip
from explorer.ui.user_layers_panel import UserLayersPanel

KEY_ROLE = Qt.ItemDataRole.UserRole
ALLIANCE_MODES = (("colours", "Each organization in its colour"),
                  ("count", "Count of chosen blocs per country"))


def swatch(colour: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class LayerList(QListWidget):
    """The themes, top of the list = top of the drawing; drag and drop to reorder."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def keys(self) -> list[str]:
        return [self.item(row).data(KEY_ROLE) for row in range(self.count())]


class LayersDock(QDockWidget):
    """Edits `session.themes` only; every widget follows the themes' events."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Layers", parent)
        self.setObjectName("LayersDock")
        self.session = session
        self.themes = session.themes
        self._updating = False
        self._layer_slots: list[tuple[ThemeLayer, Callable]] = []
        self._alliance_slots: list[tuple[object, Callable]] = []
        self._build_widgets()
        self._build_layout()
        follow(self, self.themes.events.layers, self._on_layers_changed)
        follow(self, self.themes.events.alliances, self._on_alliances_replaced)
        follow(self, self.themes.events.show_history, self._on_show_history_changed)
        follow(self, self.themes.events.event_window_days, self._on_window_changed)
        self.destroyed.connect(lambda *_, slots=self._layer_slots: _disconnect_all(slots))
        self.destroyed.connect(lambda *_, slots=self._alliance_slots: _disconnect_all(slots))
        self._on_layers_changed()
        self._on_alliances_replaced()
        self._on_show_history_changed()
        self._on_window_changed()
        if self.layer_list.count():
            self.layer_list.setCurrentRow(0)

    # --- construction ------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.layer_list = LayerList()
        self.layer_list.setToolTip("Themes drawn on the map, top over bottom: tick to show, drag "
                                   "or Ctrl+Up/Ctrl+Down to reorder")
        self.layer_list.itemChanged.connect(self._on_item_changed)
        self.layer_list.currentItemChanged.connect(self._on_current_changed)
        self.layer_list.model().rowsMoved.connect(self._on_rows_dropped)
        self.move_up_action = self._action("Move Up", "Ctrl+Up", "Draw the selected theme "
                                           "above the one over it", lambda: self.move_selected(1))
        self.move_down_action = self._action("Move Down", "Ctrl+Down", "Draw the selected theme "
                                             "below the one under it",
                                             lambda: self.move_selected(-1))
        self.opacity_slider = QSlider(Qt.Orientation.Horizontal)
        self.opacity_slider.setRange(0, 100)
        self.opacity_slider.setSingleStep(5)
        self.opacity_slider.setPageStep(20)
        self.opacity_slider.setToolTip("Opacity of the selected theme")
        self.opacity_slider.valueChanged.connect(self._on_opacity_moved)
        self.opacity_label = QLabel()
        self.opacity_label.setMinimumWidth(self.opacity_label.fontMetrics().horizontalAdvance(
            "100 %"))

        self.organization_list = QListWidget()
        self.organization_list.setToolTip("Organizations the Alliances theme shades")
        for actor in self.session.atlas.actors.values():
            if actor.kind != "organization":
                continue
            item = QListWidgetItem(swatch(theme_style().organization(actor.id)),
                                   actor.short_name)
            item.setData(KEY_ROLE, actor.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(plain_tooltip(  # the user's records name some
                f"{actor.name} ({interval_text(actor.start, actor.end)})"))
            self.organization_list.addItem(item)
        self.organization_list.itemChanged.connect(self._on_organization_checked)
        self.mode_combo = QComboBox()
        for mode, text in ALLIANCE_MODES:
            self.mode_combo.addItem(text, mode)
        self.mode_combo.setToolTip("Shade members in each organization's colour, or shade "
                                   "countries by how many of the chosen blocs they belong to")
        self.mode_combo.currentIndexChanged.connect(self._on_mode_chosen)
        self.history_check = QCheckBox("Show history (inactive items faint)")
        self.history_check.setToolTip("Also draw, faintly, what is not active on the date")
        self.history_check.toggled.connect(self._on_history_toggled)
        self.window_spin = QSpinBox()
        self.window_spin.setRange(1, 36500)
        self.window_spin.setSuffix(" days")
        self.window_spin.setToolTip("Mark events that happened this many days before the date")
        self.window_spin.valueChanged.connect(self._on_window_edited)

    def _action(self, text: str, key: str, tip: str, slot: Callable) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{tip} ({key})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_layout(self) -> None:
        self.user_layers = UserLayersPanel(self.session.user_layers)
        moves = QHBoxLayout()
        for action in (self.move_up_action, self.move_down_action):
            button = QToolButton()
            button.setDefaultAction(action)
            moves.addWidget(button)
        moves.addStretch(1)
        opacity = QHBoxLayout()
        opacity.addWidget(QLabel("Opacity:"))
        opacity.addWidget(self.opacity_slider, 1)
        opacity.addWidget(self.opacity_label)
        alliances = QGroupBox("Alliances")
        form = QVBoxLayout(alliances)
        form.addWidget(self.organization_list)
        form.addWidget(self.mode_combo)
        options = QFormLayout()
        options.addRow(self.history_check)
        options.addRow("Mark events of the last", self.window_spin)
        column = QVBoxLayout()
        column.addWidget(self.user_layers)
        column.addWidget(self.layer_list)
        column.addLayout(moves)
        column.addLayout(opacity)
        column.addWidget(alliances, 1)
        column.addLayout(options)
        body = QWidget()
        body.setLayout(column)
        self.setWidget(body)
        rows = len(self.themes.layers) + 1
        self.layer_list.setMaximumHeight(self.layer_list.fontMetrics().height() * rows * 3 // 2)

    # --- commands (write to session.themes only) ---------------------------------------------
    def selected_key(self) -> str | None:
        item = self.layer_list.currentItem()
        return None if item is None else item.data(KEY_ROLE)

    def move_selected(self, steps: int) -> None:
        """Move the selected theme up (+) or down (-) the drawing order."""
        key = self.selected_key()
        if key is None:
            return
        order = [layer.key for layer in self.themes.layers]
        position = order.index(key) + steps
        if 0 <= position < len(order):
            self.themes.move(key, position)

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if not self._updating:
            visible = item.checkState() == Qt.CheckState.Checked
            self.themes.layer(item.data(KEY_ROLE)).visible = visible

    def _on_rows_dropped(self, *_: object) -> None:
        """A drag moved a row: write the new order once the drop is over."""
        if not self._updating:
            QTimer.singleShot(0, self._write_list_order)

    def _write_list_order(self) -> None:
        """Make the drawing order that of the list (list top = drawing top)."""
        wanted = self.layer_list.keys()[::-1]
        current = [layer.key for layer in self.themes.layers]
        if wanted == current:
            return
        moved = next((k for k in wanted if [x for x in wanted if x != k]
                      == [x for x in current if x != k]), None)
        if moved is not None:
            self.themes.move(moved, wanted.index(moved))
        else:
            self.themes.layers = tuple(self.themes.layer(k) for k in wanted)

    def _on_opacity_moved(self, value: int) -> None:
        key = self.selected_key()
        if not self._updating and key is not None:
            self.themes.layer(key).opacity = value / 100

    def _on_organization_checked(self, item: QListWidgetItem) -> None:
        if self._updating:
            return
        org = item.data(KEY_ROLE)
        chosen = [o for o in self.themes.alliances.organizations if o != org]
        if item.checkState() == Qt.CheckState.Checked:
            chosen.append(org)
        self.themes.alliances.organizations = tuple(chosen)

    def _on_mode_chosen(self) -> None:
        if not self._updating:
            self.themes.alliances.mode = self.mode_combo.currentData()

    def _on_history_toggled(self, checked: bool) -> None:
        if not self._updating:
            self.themes.show_history = checked

    def _on_window_edited(self, days: int) -> None:
        if not self._updating:
            self.themes.event_window_days = days

    # --- views (follow the model) ------------------------------------------------------------
    def _quietly(self, update: Callable[[], None]) -> None:
        self._updating = True
        try:
            update()
        finally:
            self._updating = False

    def _on_layers_changed(self, *_: object) -> None:
        """Rebuild the list from the drawing order and listen to each layer."""
        _disconnect_all(self._layer_slots)
        for layer in self.themes.layers:
            slot = self._layer_slot(layer.key)
            layer.events.connect(slot)
            self._layer_slots.append((layer, slot))
        selected = self.selected_key()

        def rebuild() -> None:
            self.layer_list.clear()
            for layer in reversed(self.themes.layers):
                item = QListWidgetItem(layer.title)
                item.setData(KEY_ROLE, layer.key)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                              | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled)
                item.setCheckState(Qt.CheckState.Checked if layer.visible
                                   else Qt.CheckState.Unchecked)
                item.setToolTip(f"{layer.title}: tick to show, drag to reorder")
                self.layer_list.addItem(item)
                if layer.key == selected:
                    self.layer_list.setCurrentItem(item)

        self._quietly(rebuild)
        self._on_current_changed()

    def _layer_slot(self, key: str) -> Callable:
        return lambda *_: self._on_layer_changed(key)

    def _on_layer_changed(self, key: str) -> None:
        layer = self.themes.layer(key)
        row = self.layer_list.keys().index(key)
        state = Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked
        self._quietly(lambda: self.layer_list.item(row).setCheckState(state))
        if key == self.selected_key():
            self._on_current_changed()

    def _on_current_changed(self, *_: object) -> None:
        key = self.selected_key()
        order = [layer.key for layer in self.themes.layers]
        self.move_up_action.setEnabled(key is not None and order.index(key) < len(order) - 1)
        self.move_down_action.setEnabled(key is not None and order.index(key) > 0)
        self.opacity_slider.setEnabled(key is not None)
        if key is None:
            self.opacity_label.setText("")
            return
        percent = round(self.themes.layer(key).opacity * 100)
        self._quietly(lambda: self.opacity_slider.setValue(percent))
        self.opacity_label.setText(f"{percent} %")

    def _on_alliances_replaced(self, *_: object) -> None:
        _disconnect_all(self._alliance_slots)
        alliances = self.themes.alliances
        alliances.events.connect(self._on_alliance_options_changed)
        self._alliance_slots.append((alliances, self._on_alliance_options_changed))
        self._on_alliance_options_changed()

    def _on_alliance_options_changed(self, *_: object) -> None:
        alliances = self.themes.alliances

        def update() -> None:
            for row in range(self.organization_list.count()):
                item = self.organization_list.item(row)
                checked = item.data(KEY_ROLE) in alliances.organizations
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.mode_combo.setCurrentIndex(self.mode_combo.findData(alliances.mode))

        self._quietly(update)

    def _on_show_history_changed(self, *_: object) -> None:
        self._quietly(lambda: self.history_check.setChecked(self.themes.show_history))

    def _on_window_changed(self, *_: object) -> None:
        self._quietly(lambda: self.window_spin.setValue(self.themes.event_window_days))


def _disconnect_all(slots: list) -> None:
    for model, slot in slots:
        model.events.disconnect(slot, missing_ok=True)
    slots.clear()
