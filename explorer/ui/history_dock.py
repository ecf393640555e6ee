"""The History panel: the selected actors' lives on one strip chart, the date as a cursor that
moves the timeline and follows it, a click on a bar or tick selects its record."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from explorer.analysis.blocs import alignment_series
from explorer.model.history import History, actor_history, charted_actors
from explorer.model.selection import Item
from explorer.model.session import TIMELINE_START, Session
from explorer.render.alignment_plot import show_alignment
from explorer.render.history_chart import AXIS_PX, KEY, ROW_PX, HistoryChart, chart_widget
from explorer.render.model_signals import follow
from explorer.render.page_files import write_svg
from explorer.ui.file_output import save_image, save_whole
from explorer.ui.messages import warn
from explorer.ui.weights_dialog import WeightsDialog
from explorer.ui.window_menus import show_modeless

SVG_DPI = 72  # QSvgGenerator's own default: the chart's pixels are the SVG's points

SHOWN_PX = 420  # the panel's height when shown, at most half the window's
ALIGNMENT_MIN_PX = 90  # the alignment lines' strip under the chart, at the least
ALIGNMENT_TIP = ("Alignment toward the blocs led by Russia, China and the West: see "
                 "docs/alignment.md for how it is counted (explorer analyze alignment)")
HINT = ("Select a country or an organization (on the map, in the network or with the search "
        "box) to see its memberships, bases, ties and events through time.")


class HistoryDock(QDockWidget):
    """Follows the session's selection and date; writes only through the session."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("History", parent)
        self.setObjectName("HistoryDock")
        self.session = session
        self.plot_widget = chart_widget()
        self.plot_widget.setToolTip("The selected actors through time: drag the red line to "
                                    "change the date, click a bar or an event to select it; "
                                    "ties are coloured as in the network panel")
        self.chart = HistoryChart(self.plot_widget, dt.date.today())
        self.chart.on_pick = self._pick
        self.chart.on_date = self._move_date
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.plot_widget)
        self.alignment_widget = pg.PlotWidget(background="w")
        self.alignment_widget.setMinimumHeight(ALIGNMENT_MIN_PX)
        alignment = self.alignment_widget.getPlotItem()
        alignment.setXLink(self.plot_widget.getPlotItem())
        alignment.getAxis("left").setWidth(AXIS_PX)
        alignment.getAxis("left").setLabel("alignment")
        alignment.setMouseEnabled(x=True, y=False)
        alignment.hideButtons()
        alignment.setMenuEnabled(False)
        chart = QWidget()
        column = QVBoxLayout(chart)
        column.setContentsMargins(0, 0, 0, 0)
        key = _key()
        save = QPushButton("Save…")
        save.setToolTip("Save the chart as PNG or SVG (SVG keeps its bars and text as vectors)")
        save.clicked.connect(self.save)
        key.addWidget(save)
        weights = QPushButton("Weights…")
        weights.setToolTip("Show and change what each tie counts toward a bloc in the alignment "
                           "lines")
        weights.clicked.connect(self.edit_weights)
        key.addWidget(weights)
        column.addLayout(key)
        split = QSplitter(Qt.Orientation.Vertical)  # the user shares the height out
        split.addWidget(self.scroll)
        split.addWidget(self.alignment_widget)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        column.addWidget(split, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(hint)
        self.stack.addWidget(chart)
        self.setWidget(self.stack)
        self.histories: list[History] = []
        self.curves: list[pg.PlotDataItem] = []
        self.shown: list[str] = []  # the actors charted
        self._picking = False  # a selection made on the chart keeps the chart as it is
        self._stale = False  # changed while hidden: drawn again when shown
        follow(self, session.selection.changed, self._on_selection)
        follow(self, session.atlas_changed, self.refresh)
        follow(self, session.time.events.date, self._on_date)
        follow(self, session.alignment.changed, self.refresh)
        self.refresh()

    def showEvent(self, event) -> None:
        """Shown: tall enough to read a few lanes over the alignment lines."""
        super().showEvent(event)
        if self._stale:
            self.refresh()
        window = self.parentWidget()
        if isinstance(window, QMainWindow) and self.height() < SHOWN_PX:
            window.resizeDocks([self], [min(SHOWN_PX, window.height() // 2)],
                               Qt.Orientation.Vertical)

    def actors(self) -> list[str]:
        """The selected actors and countries, in the order they were selected."""
        return charted_actors(self.session.atlas, self.session.selection.items)

    def _on_selection(self) -> None:
        if not self._picking:
            self.refresh()

    def refresh(self, *args: object) -> None:
        atlas = self.session.atlas
        self.shown = self.actors() or [a for a in self.shown if a in atlas.actors]
        self._stale = not self.isVisible()  # hidden (as it starts): the histories can wait
        if self._stale:
            return
        self.histories = [actor_history(atlas, a) for a in self.shown]
        if self.histories:
            self.chart.show(self.histories)
            self.chart.set_date(self.session.date)
            # tall enough for every row to be read; the panel scrolls
            self.plot_widget.setMinimumHeight(len(self.chart.rows) * ROW_PX + 60)
            states = [a for a in self.shown if atlas.actors[a].kind == "state"]
            self.alignment_widget.setVisible(bool(states))
            years = range(TIMELINE_START.year, self.chart.today.year + 1)
            weights = self.session.alignment.weights
            self.curves = show_alignment(self.alignment_widget.getPlotItem(),
                                         alignment_series(atlas, states, years, weights),
                                         {a: atlas.actors[a].short_name for a in states})
            changed = self.session.alignment.changes
            self.alignment_widget.setToolTip(ALIGNMENT_TIP + (
                "\nChanged weights: " + ", ".join(f"{k} {v:g}" for k, v in changed.items())
                if changed else "\nThe method's default weights (Weights… changes them)"))
        self.stack.setCurrentIndex(1 if self.histories else 0)

    def save(self) -> Path | None:
        """Ask where, then write the chart (PNG or SVG, by the name's suffix)."""
        suggested = "-".join(self.shown) or "history"
        path, _ = QFileDialog.getSaveFileName(self, "Save the History Chart",
                                              f"{suggested}-history.png",
                                              "PNG image (*.png);;SVG drawing (*.svg)")
        return self.write(Path(path)) if path else None

    def write(self, path: Path) -> Path | None:
        """The chart as PNG (as shown, every row) or SVG, written whole or not at all."""
        if path.suffix.lower() not in (".png", ".svg"):
            warn(self, "Not Saved", f"Choose a name ending in .png or .svg, not {path.name}.")
            return None
        chart = self.plot_widget

        def svg(out: Path) -> None:  # its bars and text stay vectors
            write_svg(out, (chart.width(), chart.height()), SVG_DPI, "History",
                      lambda painter, _area: chart.render(painter))

        return save_whole(self, path, svg if path.suffix.lower() == ".svg"
                          else lambda out: save_image(chart, out))

    def edit_weights(self) -> WeightsDialog:
        """Open the weights of the alignment lines (one dialog, raised if open)."""
        dialog = self.findChild(WeightsDialog)
        if dialog is None:
            dialog = show_modeless(WeightsDialog(self.session, self))
        dialog.raise_()
        return dialog

    def _on_date(self, day: dt.date) -> None:
        self.chart.set_date(day)

    def _move_date(self, day: dt.date) -> None:
        self.session.time.date = day

    def _pick(self, item: Item) -> None:
        self._picking = True
        try:
            self.session.selection.select(item)
        finally:
            self._picking = False


def _key() -> QHBoxLayout:
    """What the colours mean: a swatch and a word for each."""
    row = QHBoxLayout()
    row.setContentsMargins(6, 2, 6, 2)
    for label, colour in KEY:
        if colour:
            swatch = QPixmap(14, 10)
            swatch.fill(QColor(colour))
            icon = QLabel()
            icon.setPixmap(swatch)
            row.addWidget(icon)
        text = QLabel(label)
        text.setTextFormat(Qt.TextFormat.PlainText)
        row.addWidget(text)
        row.addSpacing(8)
    row.addStretch(1)
    return row
