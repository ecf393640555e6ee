"""The questions asked while opening users' files: file picker, layer, columns and CRS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QObject, QSettings, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from explorer.io.csv_points import LAT_NAMES, LON_NAMES, WKT_NAMES
from explorer.io.read_errors import one_line
from explorer.io.vector_reader import SUFFIXES

LAST_DIR_KEY = "open/last_dir"
CRS_HINT = "EPSG:"


def file_filter() -> str:
    """The file dialog's name filters: all supported files first, then one per format."""
    groups: dict[str, list[str]] = {}
    for suffix, label in SUFFIXES.items():
        groups.setdefault(label, []).append(f"*{suffix}")
    every = " ".join(f"*{s} *{s.upper()}" for s in SUFFIXES)
    filters = [f"Vector data ({every})"]
    filters += [f"{label} ({' '.join(patterns)})" for label, patterns in groups.items()]
    filters.append("All files (*)")
    return ";;".join(filters)


def open_file_dialog(parent: QWidget | None) -> list[str]:
    """Ask for files to open, starting in (and remembering) the last folder used."""
    settings = QSettings("CentralAsiaExplorer", "explorer")
    start = str(settings.value(LAST_DIR_KEY, "") or "")
    if not start or not Path(start).is_dir():
        start = str(Path.home())
    paths, _ = QFileDialog.getOpenFileNames(parent, "Open Layers", start, file_filter())
    if paths:
        settings.setValue(LAST_DIR_KEY, str(Path(paths[0]).parent))
    return [str(p) for p in paths]


def _plain(widget: QWidget) -> QWidget:
    """The widget with every label showing plain text (a file name is never rich text)."""
    for label in widget.findChildren(QLabel):
        label.setTextFormat(Qt.TextFormat.PlainText)
    return widget


def _ask_text(dialog: QInputDialog, title: str, label: str) -> str | None:
    """The text the user entered or chose in an input dialog, or None if they cancelled."""
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    _plain(dialog)
    try:
        return dialog.textValue() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def ask_layer(parent: QWidget | None, path: Path, layers: list[str]) -> str | None:
    """The layer of a multi-layer file the user chose, or None if they cancelled."""
    dialog = QInputDialog(parent)
    dialog.setComboBoxItems(layers)
    dialog.setComboBoxEditable(False)
    layer = _ask_text(dialog, "Choose a Layer",
                      f"{one_line(path.name)} holds several layers. Open:")
    return layer or None


def normalise_crs(text: str) -> str | None:
    """The user's CRS text, with a bare EPSG number made 'EPSG:n'; None when empty."""
    text = text.strip()
    if not text or text.upper() == CRS_HINT:
        return None
    return f"EPSG:{text}" if text.isdigit() else text


def ask_crs(parent: QWidget | None, path: Path, reason: str) -> str | None:
    """The CRS the user says a file's coordinates are in, or None if they cancelled."""
    prompt = (
        f"{reason}.\n\nEnter the coordinate reference system as an EPSG code or a CRS string,\n"
        "e.g. EPSG:32642 (UTM zone 42N), EPSG:3857 (Web Mercator) or EPSG:4326 (lon/lat):"
    )
    dialog = QInputDialog(parent)
    dialog.setTextValue(CRS_HINT)
    text = _ask_text(dialog, f"CRS of {one_line(path.name)}", prompt)
    return None if text is None else normalise_crs(text)


def _first(columns: list[str], names: frozenset[str], default: int | None) -> int | None:
    for i, column in enumerate(columns):
        if column.strip().lower() in names:
            return i
    return default


class ColumnsDialog(QDialog):
    """Asks which columns hold longitude and latitude, or which one holds WKT geometry."""

    def __init__(self, path: Path, columns: list[str], reason: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Coordinates of {one_line(path.name)}")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{reason}.\nWhich columns hold the coordinates?"))
        self.pair_button = QRadioButton("&Longitude and latitude columns")
        self.wkt_button = QRadioButton("One column of &WKT geometry")
        self.lon_combo, self.lat_combo, self.wkt_combo = QComboBox(), QComboBox(), QComboBox()
        for combo in (self.lon_combo, self.lat_combo, self.wkt_combo):
            combo.addItems(columns)
        lon = _first(columns, LON_NAMES, 0)
        lat = _first(columns, LAT_NAMES, min(1, len(columns) - 1))
        wkt = _first(columns, WKT_NAMES, None)
        self.lon_combo.setCurrentIndex(lon or 0)
        self.lat_combo.setCurrentIndex(lat or 0)
        self.wkt_combo.setCurrentIndex(wkt or 0)
        form = QFormLayout()
        form.addRow("Longitude (x):", self.lon_combo)
        form.addRow("Latitude (y):", self.lat_combo)
        layout.addWidget(self.pair_button)
        layout.addLayout(form)
        layout.addWidget(self.wkt_button)
        layout.addWidget(self.wkt_combo)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        use_wkt = wkt is not None and _first(columns, LON_NAMES, None) is None
        (self.wkt_button if use_wkt else self.pair_button).setChecked(True)
        for signal in (self.pair_button.toggled, self.lon_combo.currentIndexChanged,
                       self.lat_combo.currentIndexChanged):
            signal.connect(self._update)
        self._update()
        _plain(self)

    def _update(self, *_args: object) -> None:
        pair = self.pair_button.isChecked()
        for combo in (self.lon_combo, self.lat_combo):
            combo.setEnabled(pair)
        self.wkt_combo.setEnabled(not pair)
        same = pair and self.lon_combo.currentIndex() == self.lat_combo.currentIndex()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not same)

    def choice(self) -> dict[str, str]:
        """The read_vector keyword arguments for the chosen columns."""
        if self.pair_button.isChecked():
            return {"lon_column": self.lon_combo.currentText(),
                    "lat_column": self.lat_combo.currentText()}
        return {"wkt_column": self.wkt_combo.currentText()}


def ask_columns(parent: QWidget | None, path: Path, columns: list[str],
                reason: str) -> dict[str, str] | None:
    """The coordinate columns the user chose (read_vector keywords), or None if cancelled."""
    dialog = ColumnsDialog(path, columns, reason, parent)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.choice()
        return None
    finally:
        dialog.deleteLater()


def paths_from_mime(mime: QMimeData) -> list[str]:
    """The local files among dragged URLs (remote URLs and plain text are ignored)."""
    if not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


class DropFilter(QObject):
    """Opens files dropped on a widget with `opener.open_paths`: `DropFilter(opener).install(w)`."""

    def __init__(self, opener: Any) -> None:
        super().__init__(opener if isinstance(opener, QObject) else None)
        self.opener = opener

    def install(self, widget: QWidget) -> None:
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, (QDragEnterEvent, QDragMoveEvent)):
            if paths_from_mime(event.mimeData()):
                event.acceptProposedAction()
                return True
            return False
        if isinstance(event, QDropEvent):
            paths = paths_from_mime(event.mimeData())
            if paths:
                event.acceptProposedAction()
                self.opener.open_paths(paths)
                return True
        return super().eventFilter(watched, event)
