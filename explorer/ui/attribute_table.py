"""The attribute table dock: one user layer's attributes, sortable, filterable, selectable."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from explorer.model.features import FeatureRef
from explorer.model.session import Session
from explorer.model.table_view import TableView
from explorer.model.user_layers import UserLayer
from explorer.render.model_signals import follow
from explorer.ui.plain_text import plain_tooltip

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole  # the feature's row position in the layer's frame


class AttributeTableModel(QAbstractTableModel):
    """A layer's attribute columns through a `TableView`: sorted and
    filtered there, vectorised; only the cells the view asks for are formatted. A sort or a
    filter resets the model (the selection is the session's: the dock selects it again)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = TableView()

    def set_frame(self, frame: pd.DataFrame | None, filter_text: str = "") -> None:
        self.beginResetModel()
        self.table = TableView(frame)
        self.table.filter(filter_text)
        self.endResetModel()

    @property
    def columns(self) -> list[str]:
        return [column.name for column in self.table.columns]

    def frame_row(self, row: int) -> int:
        return self.table.frame_row(row)

    def view_rows(self, frame_rows: np.ndarray) -> np.ndarray:
        """The model rows showing these frame rows, -1 for those filtered out."""
        return self.table.view_rows(frame_rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.table.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and self.table.columns[index.column()].numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ROW_ROLE:
            return self.table.frame_row(index.row())
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            columns = self.table.columns
            return columns[section].name if 0 <= section < len(columns) else None
        return str(self.table.frame_row(section) + 1) if 0 <= section < len(self.table) else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Numbers and dates by value, others by case-folded text, empty last; -1 unsorts.
        Sorting again as sorted does nothing (QTableView.sortByColumn asks twice)."""
        descending = order == Qt.SortOrder.DescendingOrder
        if self.table.sorted_by == ((column, descending) if column >= 0 else (-1, False)):
            return
        self.beginResetModel()
        self.table.sort(column, descending)
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        """Rows kept: "column=value" or a substring of any column (see `TableView.filter`)."""
        self.beginResetModel()
        self.table.filter(text)
        self.endResetModel()


class AttributeTableDock(QDockWidget):
    """One user layer at a time; selected rows are the session's selection and the reverse."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Attribute table", parent)
        self.setObjectName("AttributeTableDock")
        self.session = session
        self._syncing = False
        self.layer_combo = QComboBox()
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter: text, or column=value")
        self.filter_edit.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.model = AttributeTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setDefaultSectionSize(22)
        top = QHBoxLayout()
        top.addWidget(self.layer_combo, 1)
        top.addWidget(self.filter_edit, 2)
        top.addWidget(self.count_label)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.setWidget(body)

        self.layer_combo.currentIndexChanged.connect(self._on_layer_chosen)
        self.filter_edit.textChanged.connect(self._on_filter)
        self.model.modelReset.connect(self._on_model_reset)
        self.table.selectionModel().selectionChanged.connect(self._on_rows_selected)
        self._data_slots: dict[str, Callable[[], None]] = {}  # layer id: its `changed` slot
        follow(self, session.user_layers.added, self._on_layer_added)
        follow(self, session.user_layers.removed, self._on_layer_removed)
        follow(self, session.selection.changed, self.follow_selection)
        for layer in session.user_layers:
            self._on_layer_added(layer)


    @contextmanager
    def _quiet(self) -> Iterator[None]:
        """Changes made inside are not echoed between the table and the session's selection."""
        self._syncing = True
        try:
            yield
        finally:
            self._syncing = False

    @property
    def layer(self) -> UserLayer | None:
        layer_id = self.layer_combo.currentData()
        return next((la for la in self.session.user_layers if la.id == layer_id), None)

    def show_layer(self, layer_id: str) -> None:
        index = self.layer_combo.findData(layer_id)
        if index >= 0:
            self.layer_combo.setCurrentIndex(index)

    def _on_layer_added(self, layer: UserLayer) -> None:
        self.layer_combo.addItem(layer.style.name, layer.id)
        self.show_layer(layer.id)
        self._data_slots[layer.id] = lambda: self._on_data_changed(layer.id)
        layer.changed.connect(self._data_slots[layer.id])

    def _on_data_changed(self, layer_id: str) -> None:
        """A database layer's new view: its rows, sorted and filtered as before."""
        layer = self.layer
        if layer is None or layer.id != layer_id:
            return
        header = self.table.horizontalHeader()
        self._show_rows(layer)
        if header.sortIndicatorSection() >= 0:
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def _on_layer_removed(self, layer: UserLayer) -> None:
        layer.changed.disconnect(self._data_slots.pop(layer.id, None), missing_ok=True)
        index = self.layer_combo.findData(layer.id)
        if index >= 0:
            self.layer_combo.removeItem(index)
        if self.layer_combo.count() == 0:
            self._on_layer_chosen()

    def _on_layer_chosen(self, *_: object) -> None:
        layer = self.layer
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.scrollToTop()
        self._show_rows(layer)

    def _show_rows(self, layer: UserLayer | None) -> None:
        """The layer's attribute rows in the table, or the reason they cannot be read."""
        try:
            rows = None if layer is None else layer.data.attributes
        except ValueError as error:  # a file read column by column changed since it was opened
            self.model.set_frame(None)
            self.count_label.setText("Attributes unreadable")
            self.count_label.setToolTip(plain_tooltip(str(error)))
            return
        self.count_label.setToolTip("")
        self.model.set_frame(rows, self.filter_edit.text())

    def _on_filter(self, text: str) -> None:
        # From the top: the first rows found show, and Qt takes seconds to bring a scroll far
        # down a table of 200,000 rows back within one of 100,000.
        self.table.scrollToTop()
        self.model.set_filter(text)

    def _on_model_reset(self) -> None:
        """A new layer, sort or filter: the count, and the selection shown again."""
        self.count_label.setText(f"{self.model.rowCount():,} of {self.model.table.total:,}")
        self.follow_selection()

    def _on_rows_selected(self, *_: object) -> None:
        layer = self.layer
        if self._syncing or layer is None:
            return
        ranges = self.table.selectionModel().selection()
        rows = np.unique(np.concatenate(
            [np.arange(r.top(), r.bottom() + 1) for r in ranges] or [np.arange(0)]))
        refs = [FeatureRef.user(layer.id, row) for row in self.model.table.rows[rows]]
        with self._quiet():
            self.session.selection.select(refs, "replace")

    def follow_selection(self) -> None:
        """Select and show the rows of the shown layer that are in the session's selection."""
        layer = self.layer
        if self._syncing or layer is None:
            return
        wanted = [found[1] for found in (ref.user_row() for ref in self.session.selection.features)
                  if found is not None and found[0] == layer.id]
        wanted = np.array([r for r in wanted if r < self.model.table.total], dtype=np.int64)
        rows = np.sort(self.model.view_rows(wanted))
        rows = rows[rows >= 0]
        selection, last = QItemSelection(), max(self.model.columnCount() - 1, 0)
        for start, stop in _runs(rows):
            selection.select(self.model.index(start, 0), self.model.index(stop, last))
        with self._quiet():
            self.table.selectionModel().select(
                selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if len(rows):
            self.table.scrollTo(self.model.index(int(rows[0]), 0),
                                QAbstractItemView.ScrollHint.EnsureVisible)


def _runs(rows: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive sorted rows as (first, last) ranges, so that big selections stay cheap."""
    if not len(rows):
        return []
    breaks = np.flatnonzero(np.diff(rows) != 1)
    firsts, lasts = rows[np.r_[0, breaks + 1]], rows[np.r_[breaks, len(rows) - 1]]
    return list(zip(firsts.tolist(), lasts.tolist(), strict=True))
