"""File → Export Map Image…: format, page size, extent, text and page elements, with a preview."""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from explorer.ui.export_memory import CUSTOM, WINDOW, remember, restore
from explorer.ui.export_preview import PREVIEW, PagePreview
from explorer.ui.messages import warn

if TYPE_CHECKING:
    from explorer.render.export import ExportOptions

FORMATS = {".png": "PNG image", ".jpg": "JPEG image", ".svg": "SVG drawing (vector)",
           ".pdf": "PDF document (vector)"}


def paper(width_mm: float, height_mm: float, dpi: int) -> tuple[int, int, int]:
    """A paper size in pixels at a resolution: (width, height, dpi)."""
    return round(width_mm / 25.4 * dpi), round(height_mm / 25.4 * dpi), dpi


# key: (label, (width px, height px, dpi)); the window's size and Custom come from elsewhere.
PRESETS: dict[str, tuple[str, tuple[int, int, int]]] = {
    "screen": ("Screen 1920 × 1080", (1920, 1080, 96)),
    **{f"{name.lower()}-{way}-{dpi}": (f"{name} {way}, {dpi} dpi",
                                       paper(*(size if way == "landscape" else size[::-1]), dpi))
       for name, size in (("A4", (297, 210)), ("A3", (420, 297)))
       for way in ("landscape", "portrait") for dpi in (150, 300)},
}
DEBOUNCE_MS = 200
_ELEMENTS = {  # ExportOptions field: (label, tooltip)
    "legend": ("Legend", "What the visible themes draw on the date, with their symbols"),
    "scale_bar": ("Scale bar", "A scale bar true at the centre of the map"),
    "north_arrow": ("North arrow", "Points to true north at the map's centre (on a conic map "
                    "it leans away from the central meridian)"),
    "date_stamp": ("Date stamp", "The date the map shows, top left (left out when the title "
                   "or subtitle writes it with {date})"),
    "attribution": ("Data credit", "Natural Earth for the borders, and the atlas"),
    "footnotes": ("Source footnotes", "The numbered sources of what the map shows on its date, "
                  "under the map"),
    "briefing": ("Briefing layout (map + network)", "The actor network on the same date and "
                 "selection beside the map, drawn as the network panel draws it"),
    "history": ("History strip (briefing)", "Under a briefing's map and network: the selected "
                "actors' leaders, bases and changes of membership through time, as the History "
                "panel draws them (as many lanes as the page has room for)"),
}



class ExportDialog(QDialog):
    """Builds ExportOptions from its controls on top of `base` (the window's session, view,
    projection and network panel); shows a live thumbnail of the page drawn by the exporter's
    own paint_page; Export checks the output and emits `sigExport(path, options)`."""

    sigExport = Signal(object, object)  # Path, ExportOptions

    def __init__(self, base: ExportOptions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Map Image")
        self.base = base
        self.preview_image = QImage()
        self.previewer = PagePreview()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.render_preview)

        self.path = QLineEdit()
        self.path.setToolTip("The file to write; its suffix follows the format")
        browse = QPushButton("Browse…")
        browse.setToolTip("Choose where to save the image")
        browse.clicked.connect(self._browse)
        self.format = QComboBox()
        for suffix, label in FORMATS.items():
            self.format.addItem(label, suffix)
        self.format.setToolTip("PNG and JPEG are pictures; SVG and PDF keep lines and text as "
                               "vectors, for journals and print")

        self.preset = QComboBox()
        width, height = base.size
        self.preset.addItem(f"Map window {width} × {height}", WINDOW)
        for key, (label, _) in PRESETS.items():
            self.preset.addItem(label, key)
        self.preset.addItem("Custom", CUSTOM)
        self.preset.setToolTip("The page's size in pixels and its resolution")
        self.width_box, self.height_box, self.dpi_box = QSpinBox(), QSpinBox(), QSpinBox()
        for box, tip in ((self.width_box, "Width in pixels"),
                         (self.height_box, "Height in pixels")):
            box.setRange(16, 20_000)
            box.setSuffix(" px")
            box.setToolTip(tip)
        self.dpi_box.setRange(24, 1200)
        self.dpi_box.setSuffix(" dpi")
        self.dpi_box.setToolTip("The resolution written into the file; lines and text grow "
                                "with it, so a 300-dpi page reads like a 96-dpi screen")
        self.size_label = QLabel()
        self.fit_note = QLabel()
        self.fit_note.setTextFormat(Qt.TextFormat.PlainText)
        self.fit_note.setWordWrap(True)
        self.transparent = QCheckBox("Transparent background")
        self.transparent.setToolTip("No page or map background (PNG, SVG, PDF; JPEG has none)")

        self.current_view = QRadioButton("Current view")
        self.current_view.setToolTip("What the map window shows now")
        self.chosen_extent = QRadioButton("Extent (degrees)")
        self.chosen_extent.setToolTip("A longitude/latitude box: west, south, east, north")
        extent_group = QButtonGroup(self)
        extent_group.addButton(self.current_view)
        extent_group.addButton(self.chosen_extent)
        self.bbox_boxes = []
        for name, limit in (("West", 180), ("South", 90), ("East", 180), ("North", 90)):
            box = QDoubleSpinBox()
            box.setRange(-limit, limit)
            box.setDecimals(2)
            box.setSuffix("°")
            box.setToolTip(f"{name} edge of the extent, in degrees")
            self.bbox_boxes.append(box)

        self.title = QLineEdit()
        self.title.setPlaceholderText("No title")
        self.title.setToolTip("A bold title above the map; {date} stands for the map's date, "
                              "and the date is remembered that way")
        self.subtitle = QLineEdit()
        self.subtitle.setPlaceholderText("No subtitle")
        self.subtitle.setToolTip("A smaller line under the title")
        self.elements: dict[str, QCheckBox] = {}
        for key, (label, tip) in _ELEMENTS.items():
            box = QCheckBox(label)
            box.setToolTip(tip)
            self.elements[key] = box
        if base.session is None:  # no atlas: no network, no sources
            for key in ("briefing", "history", "footnotes"):
                self.elements[key].setEnabled(False)

        self.preview = QLabel()
        self.preview.setMinimumSize(PREVIEW)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setToolTip("The page as it will be written, drawn small")

        self._build_layout(browse)
        restore(self)
        self._connect()
        self._on_format_changed()
        self._on_preset_chosen()
        self._on_extent_mode()
        self.render_preview()

    def _build_layout(self, browse: QPushButton) -> None:
        output = QGroupBox("Output")
        form = QFormLayout(output)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        form.addRow("Save as:", path_row)
        form.addRow("Format:", self.format)

        page = QGroupBox("Page")
        form = QFormLayout(page)
        form.addRow("Size:", self.preset)
        size_row = QHBoxLayout()
        for widget in (self.width_box, QLabel("×"), self.height_box, self.dpi_box):
            size_row.addWidget(widget)
        form.addRow("", size_row)
        form.addRow("", self.size_label)
        form.addRow("", self.fit_note)
        form.addRow("", self.transparent)

        extent = QGroupBox("Extent")
        grid = QGridLayout(extent)
        grid.addWidget(self.current_view, 0, 0, 1, 4)
        grid.addWidget(self.chosen_extent, 1, 0, 1, 4)
        for i, box in enumerate(self.bbox_boxes):
            grid.addWidget(box, 2, i)

        text = QGroupBox("Text")
        form = QFormLayout(text)
        form.addRow("Title:", self.title)
        form.addRow("Subtitle:", self.subtitle)

        elements = QGroupBox("Page elements")
        grid = QGridLayout(elements)
        for i, box in enumerate(self.elements.values()):
            grid.addWidget(box, i // 2, i % 2)

        controls = QVBoxLayout()
        for group in (output, page, extent, text, elements):
            controls.addWidget(group)
        controls.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setToolTip("Write the file (nothing is written if it fails)")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        preview = QVBoxLayout()
        preview.addWidget(QLabel("Preview"))
        preview.addWidget(self.preview)
        preview.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(controls)
        columns.addLayout(preview)
        outer = QVBoxLayout(self)
        outer.addLayout(columns)
        outer.addWidget(buttons)

    def _connect(self) -> None:
        self.format.currentIndexChanged.connect(self._on_format_changed)
        self.preset.currentIndexChanged.connect(self._on_preset_chosen)
        self.current_view.toggled.connect(self._on_extent_mode)
        for box in (self.width_box, self.height_box, self.dpi_box):
            box.valueChanged.connect(self._on_size_edited)
        changes = [self.transparent.toggled, self.title.textChanged, self.subtitle.textChanged,
                   *(box.valueChanged for box in self.bbox_boxes),
                   *(box.toggled for box in self.elements.values())]
        for signal in changes:
            signal.connect(self.schedule_preview)
        briefing, history = self.elements["briefing"], self.elements["history"]
        briefing.toggled.connect(lambda on: history.setEnabled(on and briefing.isEnabled()))
        history.setEnabled(briefing.isChecked() and briefing.isEnabled())

    # --- the options ---------------------------------------------------------------------------
    def options(self) -> ExportOptions:
        """The options the controls describe, on the window's session and projection."""
        west, south, east, north = (box.value() for box in self.bbox_boxes)
        chosen = self.chosen_extent.isChecked()
        flags = {key: box.isChecked() and box.isEnabled() for key, box in self.elements.items()}
        return dataclasses.replace(
            self.base, size=(self.width_box.value(), self.height_box.value()),
            dpi=float(self.dpi_box.value()),
            transparent=self.transparent.isChecked() and self.transparent.isEnabled(),
            title=self.title.text().strip() or None,
            subtitle=self.subtitle.text().strip() or None,
            view_rect=None if chosen else self.base.view_rect,
            bbox=(west, south, east, north) if chosen else self.base.bbox, **flags)

    def output_path(self) -> Path:
        return Path(self.path.text().strip()).expanduser()

    def accept(self) -> None:
        """Check the output and the extent; a problem is shown and the dialog stays open."""
        from explorer.render.export import ExportError, check_output_path

        try:
            check_output_path(self.output_path())
            self._check_extent()
            self.options().check_size()
        except ExportError as exc:
            warn(self, "Export Map Image", f"The map cannot be exported: {exc}.")
            return
        remember(self)
        super().accept()
        self.sigExport.emit(self.output_path(), self.options())

    def _check_extent(self) -> None:
        from explorer.render.export import ExportError

        west, south, east, north = (box.value() for box in self.bbox_boxes)
        if self.chosen_extent.isChecked() and not (west < east and south < north):
            raise ExportError("the extent needs west < east and south < north")

    # --- reacting to the controls --------------------------------------------------------------
    def _on_format_changed(self) -> None:
        suffix = self.format.currentData()
        text = self.path.text().strip()
        with contextlib.suppress(ValueError):  # a folder, not yet a file name: left as typed
            self.path.setText(str(Path(text).with_suffix(suffix)))
        self.transparent.setEnabled(suffix != ".jpg")
        self.schedule_preview()

    def _on_preset_chosen(self) -> None:
        key = self.preset.currentData()
        if key == WINDOW:
            width, height, dpi = (*self.base.size, 96)
        elif key in PRESETS:
            width, height, dpi = PRESETS[key][1]
        else:
            width, height, dpi = (self.width_box.value(), self.height_box.value(),
                                  self.dpi_box.value())
        for box, value in ((self.width_box, width), (self.height_box, height),
                           (self.dpi_box, dpi)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        self._on_size_edited()

    def _on_size_edited(self) -> None:
        """Typing a size makes it Custom; the label tells the page's printed size."""
        key = self.preset.currentData()
        preset = ((*self.base.size, 96) if key == WINDOW else
                  PRESETS[key][1] if key in PRESETS else None)
        values = (self.width_box.value(), self.height_box.value(), self.dpi_box.value())
        if preset is not None and values != preset:
            self.preset.blockSignals(True)
            self.preset.setCurrentIndex(self.preset.findData(CUSTOM))
            self.preset.blockSignals(False)
        width, height, dpi = values
        self.size_label.setText(f"{width / dpi * 2.54:.1f} × {height / dpi * 2.54:.1f} cm at "
                                f"{dpi} dpi")
        self.schedule_preview()

    def _on_extent_mode(self) -> None:
        for box in self.bbox_boxes:
            box.setEnabled(self.chosen_extent.isChecked())
        self.schedule_preview()

    def _browse(self) -> None:
        suffix = self.format.currentData()
        filters = ";;".join(f"{label} (*{s})" for s, label in FORMATS.items())
        path, _ = QFileDialog.getSaveFileName(self, "Export Map Image", self.path.text(),
                                              filters, f"{FORMATS[suffix]} (*{suffix})")
        if path:
            self.path.setText(path)
            index = self.format.findData(Path(path).suffix.lower().replace(".jpeg", ".jpg"))
            if index >= 0:
                self.format.setCurrentIndex(index)

    # --- the preview ---------------------------------------------------------------------------
    def schedule_preview(self) -> None:
        """Redraw the thumbnail once the controls have been still for a moment."""
        self._timer.start()

    def render_preview(self) -> QImage:
        """Draw the page small with the exporter's paint_page (see export_preview)."""
        from explorer.render.export import ExportError

        self._timer.stop()
        try:
            self._check_extent()
            page = self.previewer.draw(self.options())
        except (ExportError, ValueError) as exc:
            self.preview.setText(f"No preview: {exc}")
            self.preview_image = QImage()
            return self.preview_image
        self._note_fit(page.widened_to, page.unsourced)
        self.preview_image = page.image
        self.preview.setPixmap(QPixmap.fromImage(page.image).scaled(
            PREVIEW, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))  # a widened page, drawn smaller
        return page.image

    def _note_fit(self, width: int | None, unsourced: int) -> None:
        """Say, before anything is written, that the page will be wider than asked (`width`)
        or has no room for a single one of its `unsourced` sources."""
        notes = []
        if width is not None:
            notes.append(f"The legend does not fit on this page: it gets a column of its own, "
                         f"which makes the page about {width} × {self.height_box.value()} px. "
                         "Untick Legend or choose a larger page to keep the size.")
        if unsourced:
            notes.append(f"No room for a single one of the {unsourced} sources of what the "
                         "page shows: choose a larger page or fewer themes, or untick Legend.")
        self.fit_note.setText(" ".join(notes))

    def date_text(self) -> str:
        from explorer.model.details import format_day

        session = self.base.session
        return format_day(session.date if session is not None else self.base.date)
