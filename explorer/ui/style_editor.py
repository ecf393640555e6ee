"""The style editor of a user layer: colours by a field, symbols, labels and timeline fields."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from explorer.model.layer_styling import RAMPS, classify, time_filter
from explorer.model.user_layers import UserLayer

NONE = "(none)"
MODES = {"single": "Single colour", "categorized": "Categorized by a field",
         "graduated": "Graduated (numeric field)"}
_EDITED = ("mode", "field", "classes", "method", "ramp", "label_field", "point_shape",
           "point_size", "line_width", "line_dash", "colour", "time_start_field",
           "time_end_field")


def _combo(items: list[tuple[str, Any]], tip: str) -> QComboBox:
    combo = QComboBox()
    for text, data in items:
        combo.addItem(text, data)
    combo.setToolTip(tip)
    return combo


def _select(combo: QComboBox, data: Any) -> None:
    index = combo.findData(data)
    combo.setCurrentIndex(max(index, 0))


class StyleEditorDialog(QDialog):
    """Edits layer.style live (the map follows as you edit); Cancel puts the old style back."""

    def __init__(self, layer: UserLayer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer = layer
        self.setWindowTitle(f"Style of {layer.style.name}")
        self._original = {name: getattr(layer.style, name) for name in _EDITED}
        columns = layer.data.columns
        fields = [(str(c), str(c)) for c in columns]
        optional = [(NONE, None), *fields]
        self.mode = _combo([(text, key) for key, text in MODES.items()],
                           "Single: one colour for every feature. Categorized: one colour per "
                           "distinct value of a field. Graduated: classes of a numeric field "
                           "on a colour ramp")
        self.field = _combo(fields, "The attribute that chooses each feature's colour")
        self.classes = QSpinBox()
        self.classes.setRange(2, 9)
        self.classes.setToolTip("How many classes the numeric field is cut into (2 to 9)")
        self.method = _combo([("Equal intervals", "equal"), ("Quantiles", "quantile")],
                             "Equal intervals: classes of the same width. Quantiles: about "
                             "the same number of features in each class")
        self.ramp = _combo([(name, name) for name in RAMPS],
                           "The colour ramp of the classes, light (low) to dark (high)")
        self.colour = QPushButton()
        self.colour.setToolTip("The layer's colour in single-colour mode: click to choose")
        self.label_field = _combo(optional, "Draw each feature's value of this field as a "
                                            "label (labels that would overlap are skipped)")
        self.point_shape = _combo([(s.capitalize(), s) for s in
                                   ("circle", "square", "diamond", "triangle", "star")],
                                  "The symbol drawn at each point")
        self.point_size = QDoubleSpinBox()
        self.point_size.setRange(1.0, 60.0)
        self.point_size.setToolTip("The size of point symbols, in pixels")
        self.line_width = QDoubleSpinBox()
        self.line_width.setRange(0.2, 20.0)
        self.line_width.setSingleStep(0.2)
        self.line_width.setToolTip("The width of lines, in pixels")
        self.line_dash = _combo([("Solid", "solid"), ("Dashed", "dash"), ("Dotted", "dot")],
                                "How lines are stroked")
        self.time_start = _combo(optional, "A field with the date each feature begins "
                                           "(YYYY, YYYY-MM or YYYY-MM-DD): the layer then "
                                           "follows the timeline. Empty values: since always")
        self.time_end = _combo(optional, "A field with the date each feature ends (exclusive, "
                                         "like the atlas). None or empty: still so")
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # it quotes fields and values
        self.status.setWordWrap(True)
        self.status.setToolTip("Problems with the chosen fields, if any")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setToolTip("Keep this style")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip(
            "Put back the style from before the dialog opened")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        for text, widget in (("Colour by", self.mode), ("Field", self.field),
                             ("Classes", self.classes), ("Method", self.method),
                             ("Ramp", self.ramp), ("Colour", self.colour),
                             ("Labels from", self.label_field), ("Point shape", self.point_shape),
                             ("Point size", self.point_size), ("Line width", self.line_width),
                             ("Line style", self.line_dash), ("Starts", self.time_start),
                             ("Ends", self.time_end)):
            form.addRow(text, widget)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.status)
        column.addWidget(buttons)
        self._load()
        for combo in (self.mode, self.field, self.method, self.ramp, self.label_field,
                      self.point_shape, self.line_dash, self.time_start, self.time_end):
            combo.currentIndexChanged.connect(self._apply)
        for spin in (self.classes, self.point_size, self.line_width):
            spin.valueChanged.connect(self._apply)
        self.colour.clicked.connect(self._choose_colour)
        self._refresh()

    def _load(self) -> None:
        st = self.layer.style
        _select(self.mode, st.mode)
        _select(self.field, st.field)
        self.classes.setValue(st.classes)
        _select(self.method, st.method)
        _select(self.ramp, st.ramp)
        _select(self.label_field, st.label_field)
        _select(self.point_shape, st.point_shape)
        self.point_size.setValue(st.point_size)
        self.line_width.setValue(st.line_width)
        _select(self.line_dash, st.line_dash)
        _select(self.time_start, st.time_start_field)
        _select(self.time_end, st.time_end_field)
        self._show_colour(st.colour)

    def _show_colour(self, colour: str) -> None:
        self.colour.setText(colour)
        self.colour.setStyleSheet(f"background-color: {colour};")

    def values(self) -> dict[str, Any]:
        """The style the controls describe."""
        return {"mode": self.mode.currentData(), "field": self.field.currentData(),
                "classes": self.classes.value(), "method": self.method.currentData(),
                "ramp": self.ramp.currentData(), "label_field": self.label_field.currentData(),
                "point_shape": self.point_shape.currentData(),
                "point_size": self.point_size.value(), "line_width": self.line_width.value(),
                "line_dash": self.line_dash.currentData(), "colour": self.colour.text(),
                "time_start_field": self.time_start.currentData(),
                "time_end_field": self.time_end.currentData()}

    def _apply(self, *args) -> None:
        """Write the controls into the model: the map previews the style at once."""
        self.layer.style.update(self.values())
        self._refresh()

    def _choose_colour(self) -> None:
        colour = QColorDialog.getColor(QColor(self.colour.text()), self, "Layer colour")
        if colour.isValid():
            self.set_colour(colour.name())

    def set_colour(self, colour: str) -> None:
        self._show_colour(colour)
        self._apply()

    def _refresh(self) -> None:
        """Enable what the mode uses; say what is wrong with the fields, if anything."""
        mode = self.mode.currentData()
        self.field.setEnabled(mode != "single" and self.field.count() > 0)
        for widget in (self.classes, self.method, self.ramp):
            widget.setEnabled(mode == "graduated")
        self.colour.setEnabled(mode == "single")
        problems = []
        try:
            classify(self.layer.data, self.layer.style)
        except (ValueError, KeyError) as error:
            problems.append(f"Colours: {error}. The layer is drawn in one colour meanwhile.")
        st = self.layer.style
        found = time_filter(self.layer.data, st.time_start_field, st.time_end_field)
        if found is not None and found.unparseable:
            problems.append(f"Dates: {found.unparseable} feature(s) have dates that are not "
                            f"YYYY, YYYY-MM or YYYY-MM-DD; they are always shown.")
        self.status.setText("\n".join(problems))
        self.status.setStyleSheet("color: #b03a2e;" if problems else "")

    def reject(self) -> None:
        """Cancel: put back the style from before the dialog opened."""
        self.layer.style.update(self._original)
        super().reject()
