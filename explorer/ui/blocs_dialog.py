"""Analysis > Blocs on This Date…: the co-membership heat map (states × organizations, coloured by
role, in cluster order) on the timeline's date, saved as CSV or PNG; and the states in rival
blocs at once, as a table and on the map (the Rival Blocs layer)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from explorer.analysis.blocs import (
    BLOC_NAMES,
    BLOCS,
    CoMembership,
    co_membership,
    overlap_rows,
)
from explorer.io.atlas_report import csv_text
from explorer.model.atlas_themes.overlap import COLOURS, describe, overlaps
from explorer.model.detail_page import format_day
from explorer.model.session import Session
from explorer.render.history_chart import ROLE_COLOURS
from explorer.render.model_signals import follow
from explorer.render.themes.overlap import FILL_ALPHA
from explorer.ui.file_output import save_image, save_whole
from explorer.ui.layer_check import mirror_visibility


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
        self.overlap = QTableWidget()
        self.overlap.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.overlap.setToolTip("The states with a role (not suspended) in the organizations of "
                                "two or three of the blocs at once; see docs/alignment.md for "
                                "whose organizations are whose")
        self.on_map = QCheckBox("Show on the map")
        self.on_map.setToolTip("Shade these states by the blocs they sit in at once (the Rival "
                               "blocs at once layer); it follows the timeline")
        self.on_map.toggled.connect(self._show_on_map)
        rival = QWidget()
        column = QVBoxLayout(rival)
        column.addWidget(self.overlap, 1)
        column.addWidget(self.on_map)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.grid, "Who belongs to what")
        self.tabs.addTab(rival, "In rival blocs at once")
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
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(980, 640)
        follow(self, session.time.events.date, self.refresh)
        mirror_visibility(self, session, "overlap", self.on_map)
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
        self._fill_overlap()

    def _fill_overlap(self) -> None:
        """A row per state in rival blocs: its organizations in each bloc, shaded as on the map."""
        atlas = self.session.atlas
        found = overlaps(self.session)
        table = self.overlap
        table.clear()
        table.setRowCount(len(found))
        table.setColumnCount(len(BLOCS) + 1)
        table.setHorizontalHeaderLabels([*(f"{BLOC_NAMES[b][0].upper()}{BLOC_NAMES[b][1:]} bloc"
                                           for b in BLOCS), "At once"])
        table.setVerticalHeaderLabels([atlas.actors[s].name for s in found])
        for i, blocs in enumerate(found.values()):
            for j, bloc in enumerate(BLOCS):
                names = [atlas.actors[o].short_name for o in blocs.get(bloc, ())]
                table.setItem(i, j, QTableWidgetItem(", ".join(names)))
            combo = tuple(blocs)
            cell = QTableWidgetItem(describe(combo))
            shade = QColor(COLOURS[combo])
            shade.setAlpha(FILL_ALPHA)
            cell.setBackground(QBrush(shade))
            table.setItem(i, len(BLOCS), cell)
        table.resizeColumnsToContents()
        self.tabs.setTabText(1, f"In rival blocs at once ({len(found)})")

    def _show_on_map(self, on: bool) -> None:
        self.session.themes.layer("overlap").visible = on

    def save(self, kind: str) -> Path | None:
        """Ask where, then write the tab shown: its table (CSV) or its picture (PNG)."""
        name = "blocs" if self.tabs.currentIndex() == 0 else "rival-blocs"
        suggested = f"{name}-{self.session.date.isoformat()}.{kind}"
        path, _ = QFileDialog.getSaveFileName(self, f"Save {kind.upper()}", suggested,
                                              f"{kind.upper()} (*.{kind})")
        return self.write(Path(path), kind) if path else None

    def write(self, path: Path, kind: str) -> Path | None:
        """The tab shown, its table as CSV or its grid as PNG, written whole or not at all."""
        heat_map = self.tabs.currentIndex() == 0

        def write(out: Path) -> None:
            if kind == "csv":
                rows = (self.table.csv_rows() if heat_map
                        else overlap_rows(overlaps(self.session)))
                out.write_text(csv_text(rows), encoding="utf-8")
            else:
                save_image(self.grid if heat_map else self.overlap, out)

        return save_whole(self, path, write)
