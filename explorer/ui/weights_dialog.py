"""The History panel's Weights… dialog: every weight of the alignment lines shown beside what it
counts, each adjustable, with a way back to the documented defaults (docs/alignment.md)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from explorer.analysis.blocs import AlignmentWeights
from explorer.model.alignment_choice import weight_values
from explorer.model.session import Session
from explorer.render.model_signals import follow

# what each weight counts, as the method says it
MEANINGS = {"member": "a membership of one of the bloc's organizations",
            "associate": "an associate membership", "observer": "an observer's seat",
            "partner": "a partnership (NATO's Partnership for Peace counts as the West's)",
            "dialogue_partner": "a dialogue partnership",
            "suspended": "a suspended membership",
            "alliance": "an alliance with one of the bloc's powers",
            "strategic_partnership": "a strategic partnership with one of its powers",
            "security_cooperation": "security cooperation with one of its powers",
            "basing": "a basing tie with one of its powers (the base counts already)",
            "hostility": "hostility toward one of its powers",
            "base": "each base of one of the bloc's powers on the state's soil"}
SECTIONS = {"member": "Roles in the bloc's organizations",
            "alliance": "Ties with the bloc's powers", "base": "The powers' bases"}
INTRO = ("A state's score toward a bloc on 1 July of each year is the sum of these weights over "
         "what the atlas records (docs/alignment.md explains the method; explorer analyze "
         "alignment --weight NAME=VALUE takes the same weights).")


class WeightsDialog(QDialog):
    """Writes only through `session.alignment`; follows it (a reset elsewhere)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Alignment Weights")
        self.session = session
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        self.boxes: dict[str, QDoubleSpinBox] = {}
        defaults = weight_values(AlignmentWeights())
        for name, meaning in MEANINGS.items():
            if name in SECTIONS:
                heading = QLabel(SECTIONS[name])
                heading.setStyleSheet("font-weight: bold; padding-top: 6px;")
                form.addRow(heading)
            box = QDoubleSpinBox()
            box.setRange(-5.0, 5.0)
            box.setSingleStep(0.25)
            box.setDecimals(2)
            box.setToolTip(f"{meaning}; the method's default: {defaults[name]:g}")
            box.valueChanged.connect(lambda value, name=name: session.alignment.set(name, value))
            self.boxes[name] = box
            form.addRow(f"{name.replace('_', ' ').capitalize()}:", box)
            form.labelForField(box).setToolTip(meaning)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            session.alignment.reset)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.setMinimumWidth(460)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        follow(self, session.alignment.changed, self.refresh)
        self.refresh()

    def refresh(self, *args: object) -> None:
        for name, value in weight_values(self.session.alignment.weights).items():
            box = self.boxes[name]
            if box.value() != value:
                box.blockSignals(True)
                box.setValue(value)
                box.blockSignals(False)
