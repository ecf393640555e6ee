"""Analysis > Compare…: what changed between two dates, grouped by actor, each change with its day
and sources; double-click one to go to its day and select its record."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.analysis.diff import Change, Diff, diff
from explorer.model.features import FeatureRef
from explorer.model.session import Session
from explorer.model.theme_specs import feature_themes
from explorer.ui.date_box import ERROR_STYLE, typed_day
from explorer.ui.layer_check import mirror_visibility


class CompareDialog(QDialog):
    """Compares the atlas on two dates (the earlier typed, the later the timeline's date)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare Two Dates")
        self.session = session
        first, last = session.time.first, session.time.last
        since = session.themes.changes_since  # a comparison already on the map goes on
        self.start_box = QLineEdit((since or max(first, session.date.replace(
            year=session.date.year - 10, day=1))).isoformat())
        self.end_box = QLineEdit(session.date.isoformat())
        for box in (self.start_box, self.end_box):
            box.setToolTip("YYYY, YYYY-MM or YYYY-MM-DD, between "
                           f"{first.isoformat()} and {last.isoformat()}")
            box.editingFinished.connect(self.refresh)
        self.selected_only = QCheckBox("Only the selected actors")
        self.selected_only.setChecked(bool(session.selection.actors))
        self.selected_only.setToolTip("List only the changes that concern the actors selected "
                                      "now (as explorer diff --select)")
        self.selected_only.toggled.connect(self.refresh)
        self.on_map = QCheckBox("Show on the map")
        self.on_map.setToolTip("Shade the states by the blocs they joined or left since the "
                               "first date, and mark the bases, lines and sites that opened or "
                               "closed (the Changes layer; the map shows the second date)")
        self.on_map.setChecked(since is not None)
        self.on_map.toggled.connect(self.refresh)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet(ERROR_STYLE)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Day", "What changed", "Sources"])
        self.tree.setToolTip("Double-click a change to go to its day and select it")
        self.tree.itemActivated.connect(self._go_to)
        row = QHBoxLayout()
        for text, widget in (("From", self.start_box), ("to", self.end_box)):
            row.addWidget(QLabel(text))
            row.addWidget(widget)
        row.addWidget(self.selected_only)
        row.addWidget(self.on_map)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(900, 560)
        self.refresh()
        mirror_visibility(self, session, "changes", self.on_map)

    def refresh(self) -> None:
        time = self.session.time
        try:
            start = typed_day(self.start_box.text(), time.first, time.last)
            end = typed_day(self.end_box.text(), time.first, time.last)
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        self.error.setText("")
        themes = self.session.themes
        themes.changes_since = min(start, end) if self.on_map.isChecked() else None
        themes.layer("changes").visible = self.on_map.isChecked()
        if self.on_map.isChecked():
            self.session.time.date = max(start, end)
        found = diff(self.session.atlas, start, end)
        actors = sorted(self.session.selection.actors)
        if self.selected_only.isChecked() and actors:
            found = found.concerning(actors)
        self._fill(found, actors if self.selected_only.isChecked() else [])

    def _fill(self, found: Diff, only: list[str]) -> None:
        atlas = self.session.atlas
        self.tree.clear()
        grouped = found.by_actor()
        for actor, changes in grouped.items():
            if only and actor not in only:
                continue
            name = atlas.actors[actor].name if actor in atlas.actors else actor
            group = QTreeWidgetItem([f"{name} ({actor})", f"{len(changes)} changes", ""])
            for change in changes:
                item = QTreeWidgetItem([change.date or "", change.text,
                                        ", ".join(change.sources)])
                item.setData(0, Qt.ItemDataRole.UserRole, change)
                item.setToolTip(1, change.text)
                group.addChild(item)
            self.tree.addTopLevelItem(group)
        self.tree.expandToDepth(0 if len(grouped) > 3 else 1)
        for column in (0, 1):
            self.tree.resizeColumnToContents(column)

    def _go_to(self, item: QTreeWidgetItem) -> None:
        change = item.data(0, Qt.ItemDataRole.UserRole)
        if not isinstance(change, Change):
            return
        if change.date:
            self.session.time.date = typed_day(change.date, self.session.time.first,
                                               self.session.time.last)
        if change.subject in feature_themes():  # a feature of the map's (a base, a route…)
            self.session.selection.select(FeatureRef(change.subject, change.record))
        else:
            self.session.selection.select(list(change.actors))
