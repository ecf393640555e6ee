"""Analysis > Find a Way…: the cheapest way from a place to a place or to the open sea on the
timeline's date, around countries or through one; drawn on the map (the Way layer) and listed
leg by leg with sources; it follows the timeline. Under it, the first place's way to the sea
year by year."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.analysis.transport import SEA, SNAP_KM, sea_access
from explorer.model.atlas_themes.way import COLOUR, current_way, line_layers, way_atlas
from explorer.model.detail_page import format_day
from explorer.model.features import FeatureRef
from explorer.model.session import TIMELINE_START, Session
from explorer.model.themes import WayQuery
from explorer.render.model_signals import follow

SEA_TEXT = "the open sea (any port)"
SEA_PLOT_PX = 150


class WayDialog(QDialog):
    """Writes the query to the session (themes.way) and lists what the map draws."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Find a Way")
        self.session = session
        places = sorted(session.atlas.places.values(), key=lambda p: p.name)
        self.origin, self.destination = QComboBox(), QComboBox()
        for box in (self.origin, self.destination):
            box.setEditable(True)
            box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            for place in places:
                box.addItem(place.name, place.id)
        self.destination.insertItem(0, SEA_TEXT, SEA)
        query = session.themes.way
        self._choose(self.origin, query.origin if query else "tashkent")
        self._choose(self.destination, query.destination if query else SEA)
        self.avoid = QLineEdit(",".join(query.avoid) if query else "")
        self.avoid.setPlaceholderText("e.g. RUS,AFG")
        self.avoid.setToolTip("Countries the way must not enter (ISO3 codes)")
        self.via = QLineEdit(query.via or "" if query else "")
        self.via.setPlaceholderText("e.g. TKM")
        self.via.setToolTip("A country the way must go through (ISO3 code)")
        self.planned = QCheckBox("Count lines being built or planned")
        self.planned.setChecked(bool(query and query.planned))
        self.user_lines = QCheckBox("Over my line layers too")
        self.user_lines.setToolTip("Your own line layers (files) as railways in operation: a "
                                   f"line joins the atlas's places within {SNAP_KM:g} km of its "
                                   "ends, and "
                                   "the lines of a layer join where their ends meet")
        self.user_lines.setChecked(bool(query and query.user_lines))
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.legs = QTreeWidget()
        self.legs.setHeaderLabels(["From", "To", "km", "Line (status)", "Sources"])
        self.sea_plot = pg.PlotWidget(background="w")
        self.sea_plot.setFixedHeight(SEA_PLOT_PX)
        self.sea_plot.setToolTip("The length of the first place's way to the open sea on 1 July "
                                 "of each year: the way that costs least when each border "
                                 "crossing and each transshipment counts as 100 km, so a "
                                 "longer way with fewer of them may win (a gap: no way over "
                                 "the lines the atlas holds)")
        plot = self.sea_plot.getPlotItem()
        plot.setLabel("left", "km to the sea")
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        plot.setMenuEnabled(False)
        self.sea_curve = plot.plot(pen=pg.mkPen(COLOUR, width=2), symbol="o", symbolSize=4,
                                   symbolBrush=COLOUR, connect="finite")
        self.sea_date = pg.InfiniteLine(angle=90, pen=pg.mkPen("#c0392b", width=1))
        plot.addItem(self.sea_date)
        self.picks: list[QPushButton] = []
        form = QFormLayout()
        for label, box in (("From", self.origin), ("To", self.destination)):
            pick = QPushButton("Selected place")
            pick.setToolTip("Take the city, port or crossing selected on the map (click one, "
                            "or find it with the search box)")
            pick.clicked.connect(lambda checked=False, box=box: self._choose(
                box, self._selected_place() or box.currentData()))
            self.picks.append(pick)
            row = QHBoxLayout()
            row.addWidget(box, 1)
            row.addWidget(pick)
            form.addRow(label, row)
        form.addRow("Avoid", self.avoid)
        form.addRow("Through", self.via)
        form.addRow("", self.planned)
        form.addRow("", self.user_lines)
        buttons = QDialogButtonBox()
        show = buttons.addButton("Show on the Map", QDialogButtonBox.ButtonRole.ApplyRole)
        show.clicked.connect(self.apply)
        clear = buttons.addButton("Clear", QDialogButtonBox.ButtonRole.ResetRole)
        clear.clicked.connect(self.clear)
        buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.legs, 1)
        layout.addWidget(self.sea_plot)
        layout.addWidget(buttons)
        self.resize(820, 640)
        follow(self, session.time.events.date, self.refresh)
        follow(self, session.themes.events.way, self.refresh)
        for signal in (session.user_layers.added, session.user_layers.removed):
            follow(self, signal, self.refresh)
            follow(self, signal, self._on_layers)
        self._on_layers()
        follow(self, session.selection.changed, self._on_selection)
        self._on_selection()
        self.origin.currentIndexChanged.connect(self.chart_sea_access)
        self.chart_sea_access()
        self.refresh()

    @staticmethod
    def _choose(box: QComboBox, value: str) -> None:
        index = box.findData(value)
        box.setCurrentIndex(max(index, 0))

    def _on_layers(self, *args: object) -> None:
        """Over my line layers: only when there is a layer of shapes to take lines from."""
        self.user_lines.setEnabled(bool(line_layers(self.session)))

    def _selected_place(self) -> str | None:
        current = self.session.selection.current
        kind = getattr(current, "kind", None)
        return current.id if kind == "place" and current.id in self.session.atlas.places else None

    def _on_selection(self) -> None:
        for pick in self.picks:
            pick.setEnabled(self._selected_place() is not None)

    def _code(self, text: str) -> list[str]:
        return [c.strip().upper() for c in text.split(",") if c.strip()]

    def apply(self) -> None:
        """The query from the boxes to the session; the Way layer shown."""
        atlas = self.session.atlas
        avoid, via = self._code(self.avoid.text()), self._code(self.via.text())[:1]
        codes = avoid + via
        unknown = [c for c in codes if c not in atlas.actors or atlas.actors[c].kind != "state"]
        origin, destination = self.origin.currentData(), self.destination.currentData()
        if unknown or origin is None or destination is None:
            self.status.setText(f"{unknown[0]} is not a state's ISO3 code in the atlas."
                                if unknown else "Choose a place from each list.")
            return
        self.session.themes.way = WayQuery(origin=origin, destination=destination,
                                           avoid=tuple(avoid),
                                           via=via[0] if via else None,
                                           planned=self.planned.isChecked(),
                                           user_lines=self.user_lines.isChecked())
        self.session.themes.layer("way").visible = True
        self.session.selection.select(FeatureRef("way", "way"))  # the inspector lists it

    def clear(self) -> None:
        self.session.themes.way = None
        self.session.themes.layer("way").visible = False

    def chart_sea_access(self, *args: object) -> None:
        """The first place's way to the open sea, year by year, as a line."""
        origin = self.origin.currentData()
        if origin is None:
            return
        years = range(TIMELINE_START.year, self.session.time.last.year + 1)
        series = sea_access(self.session.atlas, [origin], years)[origin]
        km = [way.km if way else np.nan for _, way in series]
        if all(way is None for _, way in series):  # no way in any year: nothing to draw
            self.sea_curve.setData([], [])
        else:
            self.sea_curve.setData([float(year) for year, _ in series], km)
        self.sea_plot.getPlotItem().setTitle(f"{self.origin.currentText()} to the open sea")

    def refresh(self, *args: object) -> None:
        day = self.session.date
        self.sea_date.setValue(day.year + (day.timetuple().tm_yday - 1) / 365.25)
        self.legs.clear()
        query, atlas = self.session.themes.way, way_atlas(self.session)
        if query is None:
            self.status.setText("Choose where from and where to, then Show on the Map.")
            return
        way = current_way(self.session)
        day = format_day(self.session.date)
        if way is None:
            self.status.setText(f"No way on {day} with these conditions over the lines the "
                                "atlas holds.")
            return
        places = atlas.places
        self.status.setText(f"On {day}: {way.km:,.0f} km through {', '.join(way.countries)}, "
                            f"{len(way.crossings)} border crossings, "
                            f"{len(way.transfers)} transshipments between ship and land.")
        for leg in way.legs:
            self.legs.addTopLevelItem(QTreeWidgetItem([
                places[leg.start].name, places[leg.end].name, f"{leg.km:,.0f}",
                f"{atlas.routes[leg.route].name} ({leg.status.replace('_', ' ')})",
                ", ".join(leg.sources)]))
        for column in range(4):
            self.legs.resizeColumnToContents(column)
