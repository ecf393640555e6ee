"""The history strip chart: the actors' lanes as bars on a time axis (pyqtgraph), their events as
ticks, the date as a cursor; the same plot in the History panel and in exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter

from explorer.model.history import History
from explorer.model.selection import Item
from explorer.model.session import TIMELINE_START
from explorer.render import style
from explorer.render.network_style import EDGE_STYLES

ROLE_COLOURS = {"member": "#2e5c8a", "observer": "#8fb3d9", "partner": "#6aa84f",
                "dialogue_partner": "#b6d7a8", "associate": "#b48ecf", "suspended": "#b7b7b7"}
BASE_COLOURS = {"hosted": "#e07b00", "operated": "#b03a2e"}
# what the colours say, for the panel's key
KEY = (("member", ROLE_COLOURS["member"]), ("observer", ROLE_COLOURS["observer"]),
       ("partner", ROLE_COLOURS["partner"]), ("suspended", ROLE_COLOURS["suspended"]),
       ("base hosted", BASE_COLOURS["hosted"]), ("base operated", BASE_COLOURS["operated"]),
       ("event", "#d4ac0d"))
BAR_HEIGHT = 0.64
LABEL_YEARS_PER_CHAR = 0.2  # a bar this many years a character long has room for its label
ROW_PX = 17  # the least height of a row on screen: the panel scrolls rather than squeeze
AXIS_PX = 150  # the lane titles' column
HEADER_PX = 13.0  # an actor's name over its lanes
HEADER = "header"  # a row naming the actor whose lanes follow
EVENTS_TITLE = "Events"


def year(day: dt.date) -> float:
    """A date as a decimal year, the chart's x."""
    start = dt.date(day.year, 1, 1)
    return day.year + (day - start).days / (dt.date(day.year + 1, 1, 1) - start).days


def day_of(x: float) -> dt.date:
    """The date at decimal year x."""
    whole = int(np.floor(x))
    start = dt.date(whole, 1, 1)
    return start + dt.timedelta(days=int((x - whole) * (dt.date(whole + 1, 1, 1) - start).days))


def bar_colour(style: str) -> str:
    if style in ROLE_COLOURS:
        return ROLE_COLOURS[style]
    if style in BASE_COLOURS:
        return BASE_COLOURS[style]
    found = EDGE_STYLES.get(style)
    return found.colour if found is not None else "#777777"


def chart_widget() -> pg.PlotWidget:
    """A plot for the chart whose axes draw straight onto any painter (see DirectAxis): the
    panel, an SVG saved from it and a page's strip look alike."""
    return pg.PlotWidget(background="w", axisItems={
        side: DirectAxis(side) for side in ("left", "bottom", "top")})


class DirectAxis(pg.AxisItem):
    """An axis drawn straight onto the painter: pyqtgraph's own records itself in a QPicture,
    which a device of another dpi (a page, an SVG) replays moved and scaled."""

    def paint(self, painter: QPainter, *args) -> None:
        painter.save()
        if self.style["tickFont"]:
            painter.setFont(self.style["tickFont"])
        specs = self.generateDrawSpecs(painter)
        if specs is not None:
            self.drawPicture(painter, *specs)
        painter.restore()


class DirectBars(pg.BarGraphItem):
    """Bars drawn straight onto the painter, not through a QPicture (see DirectAxis)."""

    def paint(self, painter: QPainter, *args) -> None:
        self._render(painter)  # what pyqtgraph records into its picture (pyqtgraph 0.14)


@dataclass(frozen=True)
class Row:
    """A row of the chart: its title, whether it heads an actor, and its bars' spans."""

    title: str
    kind: str  # HEADER, a lane group, or "events"
    x0: np.ndarray
    x1: np.ndarray
    items: tuple[Item, ...]


class HistoryChart:
    """The plot of some actors' histories (`show`), with the date as a movable cursor; clicks
    on a bar or tick call `on_pick(item)`, drags of the cursor `on_date(day)`."""

    label_pt = 7.5  # the bars' labels

    def __init__(self, widget: pg.PlotWidget, today: dt.date) -> None:
        self.widget, self.plot, self.today = widget, widget.getPlotItem(), today
        plot = self.plot
        self.rows: list[Row] = []
        self.on_pick: Callable[[Item], None] = lambda item: None
        self.on_date: Callable[[dt.date], None] = lambda day: None
        plot.invertY(True)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.showGrid(x=True, y=False, alpha=0.15)
        plot.getAxis("bottom").setLabel("Year")
        plot.getViewBox().setMouseEnabled(x=True, y=False)
        left = plot.getAxis("left")
        left.setStyle(hideOverlappingLabels=False, tickTextOffset=4)
        left.setWidth(AXIS_PX)
        plot.showAxis("top")  # the years stay in sight when the panel scrolls
        self.cursor = pg.InfiniteLine(angle=90, movable=True, pen=pg.mkPen("#c0392b", width=2),
                                      hoverPen=pg.mkPen("#e74c3c", width=3))
        self.cursor.setZValue(10)
        self.cursor.sigPositionChangeFinished.connect(
            lambda line: self.on_date(day_of(line.value())))
        widget.scene().sigMouseClicked.connect(self._on_click)

    def show(self, histories: Sequence[History]) -> None:
        """Draw these actors' histories, one block under the other."""
        plot = self.plot
        plot.clear()
        self.rows = []
        end = year(self.today)
        self._pending: list[tuple[float, float, int, str]] = []  # x0, x1, row, colour
        self._texts: list[tuple[float, int, str, bool]] = []  # x, row, text, on a dark bar
        for history in histories:
            self._header(history.name)
            for lane in history.lanes:
                for k, bars in enumerate(lane.rows()):
                    self._bars(lane.title if k == 0 else "", lane.group, bars, end)
            if history.events:
                days = np.array([year(t.day) for t in history.events])
                y = len(self.rows)
                ticks = pg.ScatterPlotItem(
                    x=days, y=np.full(len(days), y), symbol="t1", size=11,
                    brush=pg.mkBrush("#d4ac0d"), pen=pg.mkPen("#7d6608"), hoverable=True,
                    hoverSize=15, data=[t.title for t in history.events],
                    useCache=False,  # each tick a path: an SVG keeps them as vectors
                    tip=lambda x, y, data: f"{day_of(x).isoformat()}: {data}")
                plot.addItem(ticks)
                self.rows.append(Row(EVENTS_TITLE, "events", days, days,
                                     tuple(t.item for t in history.events)))
        if self._pending:  # every bar in one item, every label in another: a fast rebuild
            x0, x1, y, colours = zip(*self._pending, strict=True)
            plot.addItem(DirectBars(x0=np.array(x0), x1=np.array(x1), y=np.array(y),
                                         height=BAR_HEIGHT,
                                         brushes=[QColor(c) for c in colours],
                                         pens=[pg.mkPen("w", width=0.5)] * len(x0)))
            plot.addItem(BarLabels(self._texts, self.label_pt))
        plot.addItem(self.cursor)
        left = plot.getAxis("left")
        left.setTicks([[(k, row.title) for k, row in enumerate(self.rows)]])
        plot.setXRange(year(TIMELINE_START), end + 0.5, padding=0.01)
        plot.setYRange(-0.6, max(len(self.rows), 1) - 0.4, padding=0)
        plot.setLimits(xMin=year(TIMELINE_START) - 1, xMax=end + 1)

    def _header(self, name: str) -> None:
        """The row that names the actor whose lanes follow, in bold over the chart."""
        label = pg.TextItem(name, color="#000000", anchor=(0, 0.5))
        # in px (10 pt on a screen): a page drawn at a higher dpi scales it once, not twice
        label.setFont(style.font(HEADER_PX, bold=True))
        label.setPos(year(TIMELINE_START), len(self.rows))
        self.plot.addItem(label)
        self.rows.append(Row("", HEADER, np.empty(0), np.empty(0), ()))

    def _bars(self, title: str, group: str, bars: list, end: float) -> None:
        """One row of bars (a lane, or the continuation of one)."""
        first = year(TIMELINE_START)
        x0 = np.array([max(year(b.start), first) if b.start else first for b in bars])
        x1 = np.array([year(b.end) if b.end else end for b in bars])
        y = len(self.rows)
        for bar, left, right in zip(bars, x0, x1, strict=True):
            colour = bar_colour(bar.style)
            self._pending.append((left, right, y, colour))
            # who or what each bar is, where the bar has room for it
            if group != "memberships" and right - left >= LABEL_YEARS_PER_CHAR * len(bar.label):
                self._texts.append((left, y, bar.label, QColor(colour).lightnessF() < 0.45))
        self.rows.append(Row(title, group, x0, x1, tuple(b.item for b in bars)))

    def set_date(self, day: dt.date) -> None:
        self.cursor.setValue(year(day))

    def item_at(self, x: float, y: float, tolerance: float = 0.25) -> Item | None:
        """What the bar or tick at chart point (x, y) selects (None: nothing there)."""
        row = round(y)
        if not 0 <= row < len(self.rows) or abs(y - row) > BAR_HEIGHT / 2:
            return None
        found = self.rows[row]
        if found.kind == "events":
            near = np.flatnonzero(np.abs(found.x0 - x) <= tolerance)
            return found.items[near[np.argmin(np.abs(found.x0[near] - x))]] if len(near) else None
        inside = np.flatnonzero((found.x0 <= x) & (x < found.x1))
        return found.items[inside[-1]] if len(inside) else None

    def _on_click(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = self.plot.getViewBox().mapSceneToView(QPointF(event.scenePos()))
        item = self.item_at(point.x(), point.y())
        if item is not None:
            self.on_pick(item)


class BarLabels(pg.GraphicsObject):
    """The bars' labels, drawn in device pixels at the start of each bar (one item for all:
    a TextItem each would cost more than the chart)."""

    def __init__(self, texts: list[tuple[float, int, str, bool]], points: float) -> None:
        super().__init__()
        self.texts = texts
        self.font = QFont()
        self.font.setPointSizeF(points)  # in points: drawn in device pixels, at their dpi
        xs = [x for x, *_ in texts] or [0.0]
        ys = [y for _, y, *_ in texts] or [0]
        self._rect = QRectF(min(xs), min(ys) - 0.5, max(xs) - min(xs) + 40, max(ys) - min(ys) + 1)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, *args) -> None:
        transform = painter.transform()
        painter.save()
        painter.resetTransform()
        painter.setFont(self.font)
        ascent = painter.fontMetrics().ascent() / 2 - 1
        for x, y, text, on_dark in self.texts:
            point = transform.map(QPointF(x, y))
            painter.setPen(QColor("#ffffff" if on_dark else "#1b1b1b"))
            painter.drawText(QPointF(point.x() + 4, point.y() + ascent), text)
        painter.restore()
