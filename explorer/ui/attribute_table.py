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
    QSortFilterProxyModel,
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
from explorer.model.user_layers import UserLayer

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole  # the feature's row position in the layer's frame


def _text(value: Any) -> str:
    if value is None or (np.isscalar(value) and pd.isna(value)):
        return ""
    if isinstance(value, float | np.floating):
        return f"{value:.10g}"
    return str(value)


class AttributeTableModel(QAbstractTableModel):
    """A frame's attribute columns (not the geometry), read lazily from the column arrays.

    Sorting is done here with numpy (`sort`), filtering by a mask (`set_filter`); view rows map
    to frame rows through `frame_row(row)`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_frame(None)

    def set_frame(self, frame: pd.DataFrame | None) -> None:
        self.beginResetModel()
        frame = pd.DataFrame() if frame is None else frame
        names = [c for c in frame.columns if str(frame[c].dtype) != "geometry"]
        self._columns: list[str] = [str(c) for c in names]
        self._values: list[np.ndarray] = [frame[c].to_numpy() for c in names]
        self._numeric: list[bool] = [pd.api.types.is_numeric_dtype(frame[c]) and
                                     not pd.api.types.is_bool_dtype(frame[c]) for c in names]
        self._lower: dict[int, np.ndarray] = {}
        self._order = np.arange(len(frame))
        self.mask = np.ones(len(frame), dtype=bool)
        self.endResetModel()

    @property
    def columns(self) -> list[str]:
        return list(self._columns)

    def frame_row(self, row: int) -> int:
        return int(self._order[row])

    def view_rows(self, frame_rows: np.ndarray) -> np.ndarray:
        """The model rows showing these frame rows."""
        inverse = np.empty_like(self._order)
        inverse[self._order] = np.arange(len(self._order))
        return inverse[frame_rows]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = int(self._order[index.row()])
        if role == Qt.ItemDataRole.DisplayRole:
            return _text(self._values[index.column()][row])
        if role == Qt.ItemDataRole.TextAlignmentRole and self._numeric[index.column()]:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ROW_ROLE:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._columns[section] if 0 <= section < len(self._columns) else None
        return str(int(self._order[section]) + 1) if 0 <= section < len(self._order) else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Numeric columns by value (empty last), others by case-folded text; -1 unsorts."""
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()
        frame_rows = np.array([self._order[i.row()] for i in kept], dtype=np.int64)
        if not 0 <= column < len(self._columns):
            self._order = np.arange(len(self._order))
        else:
            values = self._values[column]
            if self._numeric[column]:
                keys = np.asarray(values, dtype=float)
                ranked = np.argsort(keys, kind="stable")
                ranked = ranked[~np.isnan(keys[ranked])]
                empty = np.flatnonzero(np.isnan(keys))
            else:
                ranked = np.argsort(self._lowered(column), kind="stable")
                empty = np.arange(0)
            if order == Qt.SortOrder.DescendingOrder:
                ranked = ranked[::-1]
            self._order = np.concatenate([ranked, empty]).astype(np.int64)
        moved = self.view_rows(frame_rows)
        self.changePersistentIndexList(
            kept, [self.index(int(r), i.column()) for r, i in zip(moved, kept, strict=True)])
        self.layoutChanged.emit()

    def _lowered(self, column: int) -> np.ndarray:
        if column not in self._lower:
            self._lower[column] = np.array([_text(v).lower() for v in self._values[column]],
                                           dtype=str)
        return self._lower[column]

    def set_filter(self, text: str) -> None:
        """Frame rows kept: "column=value" (case-insensitive, numbers by value) or a
        case-insensitive substring of any column; empty keeps all."""
        text = text.strip()
        rows = len(self._order)
        mask = np.ones(rows, dtype=bool)
        name, sep, wanted = text.partition("=")
        columns = {c.lower(): i for i, c in enumerate(self._columns)}
        if sep and name.strip().lower() in columns:
            column, wanted = columns[name.strip().lower()], wanted.strip().lower()
            mask = self._lowered(column) == wanted
            if self._numeric[column]:
                try:
                    number = float(wanted)
                except ValueError:
                    pass
                else:
                    mask |= np.asarray(self._values[column], dtype=float) == number
        elif text:
            needle = text.lower()
            mask = np.zeros(rows, dtype=bool)
            for column in range(len(self._columns)):
                mask |= np.char.find(self._lowered(column), needle) >= 0
        self.mask = mask


class AttributeFilterProxy(QSortFilterProxyModel):
    """Hands sorting to the source model (numpy, fast) and filters by its mask."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def apply_filter(self, text: str) -> None:
        self.beginFilterChange()
        self.sourceModel().set_filter(text)  # type: ignore[attr-defined]
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model: AttributeTableModel = self.sourceModel()  # type: ignore[assignment]
        return bool(model.mask[model.frame_row(source_row)])


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
        self.proxy = AttributeFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
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
        self.table.selectionModel().selectionChanged.connect(self._on_rows_selected)
        self._connect_model(session.user_layers.added, self._on_layer_added)
        self._connect_model(session.user_layers.removed, self._on_layer_removed)
        self._connect_model(session.selection.changed, self.follow_selection)
        for layer in session.user_layers:
            self._on_layer_added(layer)

    def _connect_model(self, signal, slot: Callable) -> None:
        signal.connect(slot)
        self.destroyed.connect(lambda *_: signal.disconnect(slot, missing_ok=True))

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

    def _on_layer_removed(self, layer: UserLayer) -> None:
        index = self.layer_combo.findData(layer.id)
        if index >= 0:
            self.layer_combo.removeItem(index)
        if self.layer_combo.count() == 0:
            self._on_layer_chosen()

    def _on_layer_chosen(self, *_: object) -> None:
        layer = self.layer
        with self._quiet():
            self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            self.model.set_frame(None if layer is None else layer.frame)
            self.proxy.apply_filter(self.filter_edit.text())
        self._update_count()
        self.follow_selection()

    def _on_filter(self, text: str) -> None:
        with self._quiet():
            self.proxy.apply_filter(text)
        self._update_count()
        self.follow_selection()

    def _update_count(self) -> None:
        self.count_label.setText(f"{self.proxy.rowCount()} of {self.model.rowCount()}")

    def _on_rows_selected(self, *_: object) -> None:
        layer = self.layer
        if self._syncing or layer is None:
            return
        rows = sorted({self.proxy.mapToSource(i).row()
                       for i in self.table.selectionModel().selectedRows()})
        refs = [FeatureRef("user", f"{layer.id}:{self.model.frame_row(r)}") for r in rows]
        with self._quiet():
            self.session.selection.select(refs, "replace")

    def follow_selection(self) -> None:
        """Select and show the rows of the shown layer that are in the session's selection."""
        layer = self.layer
        if self._syncing or layer is None:
            return
        prefix = f"{layer.id}:"
        wanted = [int(ref.id[len(prefix):]) for ref in self.session.selection.features
                  if ref.kind == "user" and ref.id.startswith(prefix)
                  and ref.id[len(prefix):].isdigit()]
        wanted = np.array([r for r in wanted if r < self.model.rowCount()], dtype=np.int64)
        selection, last = QItemSelection(), max(self.model.columnCount() - 1, 0)
        proxy_rows = sorted(r for r in (self.proxy.mapFromSource(self.model.index(int(row), 0))
                                        .row() for row in self.model.view_rows(wanted)) if r >= 0)
        for start, stop in _runs(proxy_rows):
            selection.select(self.proxy.index(start, 0), self.proxy.index(stop, last))
        with self._quiet():
            self.table.selectionModel().select(
                selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if proxy_rows:
            self.table.scrollTo(self.proxy.index(proxy_rows[0], 0),
                                QAbstractItemView.ScrollHint.EnsureVisible)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Consecutive rows as (first, last) ranges, so that big selections stay cheap."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs

