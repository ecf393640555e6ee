"""Analysis > Blocs on This Date…: the co-membership heat map (states × organizations, coloured by
role, in cluster order) on the timeline's date, saved as CSV or PNG."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.analysis.blocs import CoMembership, co_membership
from explorer.model.detail_page import format_day
from explorer.model.session import Session
from explorer.render.history_chart import ROLE_COLOURS
from explorer.render.model_signals import follow
from explorer.ui.file_output import save_image, save_whole


class BlocsDialog(QDialog):
    """Follows the timeline's date; writes files only through atomic paths."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Blocs on This Date")
        self.session = session
        self.table: CoMembership | None = None
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.grid = QTableWidget()
        self.grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.grid.setToolTip("Each state's role in each organization (member dark, observer or "
                             "partner light, suspended grey); states that share the most "
                             "organizations side by side")
        save_csv = QPushButton("Save CSV…")
        save_csv.clicked.connect(lambda: self.save("csv"))
        save_png = QPushButton("Save PNG…")
        save_png.clicked.connect(lambda: self.save("png"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(save_csv, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(save_png, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.grid, 1)
        layout.addWidget(buttons)
        self.resize(980, 640)
        follow(self, session.time.events.date, self.refresh)
        self.refresh()

    def refresh(self, *args: object) -> None:
        self.table = found = co_membership(self.session.atlas, self.session.date)
        self.heading.setText(f"Who belonged to what on {format_day(found.day)}: "
                             f"{len(found.states)} states, {len(found.organizations)} "
                             "organizations")
        atlas = self.session.atlas
        grid = self.grid
        grid.clear()
        grid.setRowCount(len(found.states))
        grid.setColumnCount(len(found.organizations))
        grid.setHorizontalHeaderLabels([atlas.actors[o].short_name for o in found.organizations])
        grid.setVerticalHeaderLabels([atlas.actors[s].name for s in found.states])
        for i, row in enumerate(found.roles):
            for j, role in enumerate(row):
                cell = QTableWidgetItem(role.replace("_", " "))
                if role:
                    colour = QColor(ROLE_COLOURS.get(role, "#777777"))
                    cell.setBackground(QBrush(colour))
                    cell.setForeground(QBrush(QColor("white" if colour.lightnessF() < 0.5
                                                     else "black")))
                grid.setItem(i, j, cell)
        grid.resizeColumnsToContents()

    def save(self, kind: str) -> Path | None:
        """Ask where, then write the table (CSV) or the heat map as shown (PNG)."""
        suggested = f"blocs-{self.session.date.isoformat()}.{kind}"
        path, _ = QFileDialog.getSaveFileName(self, f"Save {kind.upper()}", suggested,
                                              f"{kind.upper()} (*.{kind})")
        return self.write(Path(path), kind) if path else None

    def write(self, path: Path, kind: str) -> Path | None:
        """The table as CSV, or the grid as PNG, written whole or not at all."""
        def write(out: Path) -> None:
            if kind == "csv":
                text = io.StringIO()
                csv.writer(text, lineterminator="\n").writerows(self.table.csv_rows())
                out.write_text(text.getvalue(), encoding="utf-8")
            else:
                save_image(self.grid, out)

        return save_whole(self, path, write)
