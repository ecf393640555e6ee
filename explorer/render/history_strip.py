"""A briefing page's history strip: the selected actors' histories, condensed to the rows the
page has, drawn by the History panel's chart under the map and the network."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainter

from explorer.model.atlas import Atlas
from explorer.model.history import History, actor_history, charted_actors, condensed
from explorer.model.records import Sourced
from explorer.model.session import Session
from explorer.render import style
from explorer.render.history_chart import AXIS_PX, KEY, HistoryChart, chart_widget
from explorer.render.page_layout import STRIP_AXIS, STRIP_ROW

MOST_ACTORS = 3  # a strip charts the first actors selected, up to this many
NAME_PX = 220  # px at scale 1 kept for the actor's name left of the key
TEXT_PX = 9.5  # the strip's lane titles, years and key, in px at scale 1 (7 pt on a screen)


def strip_histories(session: Session | None) -> list[History]:
    """The histories a strip charts: those of the first actors selected."""
    if session is None:
        return []
    actors = charted_actors(session.atlas, session.selection.items)[:MOST_ACTORS]
    return [actor_history(session.atlas, a) for a in actors]


def wanted_rows(histories: Sequence[History]) -> int:
    """The rows the strip takes with every lane it would ever show."""
    return sum(condensed(h, 10**6)[0].row_count for h in histories)


def shown_histories(histories: Sequence[History], height: float,
                    scale: float) -> tuple[list[History], int]:
    """The histories as a strip `height` device px high shows them, each in an equal share of
    the rows that fit; and how many lanes they leave out."""
    rows = max(int((height / scale - STRIP_AXIS) / STRIP_ROW), 0)
    shown, left = [], 0
    for history in histories:
        kept, dropped = condensed(history, rows // len(histories))
        shown.append(kept)
        left += dropped
    return shown, left


def strip_records(atlas: Atlas, histories: Sequence[History], height: float,
                  scale: float) -> list[Sourced]:
    """The records behind what a strip `height` px high draws: its bars' memberships, bases
    and ties, and its events (their sources are the page's too)."""
    found: list[Sourced] = []
    for history in shown_histories(histories, height, scale)[0]:
        for lane in history.lanes:
            for bar in lane.bars:
                record = (atlas.memberships.get(bar.record) or atlas.bases.get(bar.record)
                          or atlas.relations.get(bar.record))
                if record is not None:
                    found.append(record)
        found += [atlas.events[t.item.id] for t in history.events if t.item.id in atlas.events]
    return found


def paint_strip(painter: QPainter, target: QRectF, histories: Sequence[History], day: dt.date,
                scale: float) -> None:
    """The histories in `target` (device px at `scale`) as `shown_histories` has them, the day
    as a line, a key of the colours and a count of the lanes left out."""
    shown, left = shown_histories(histories, target.height(), scale)
    width, height = target.width() / scale, target.height() / scale
    widget = chart_widget()
    try:
        chart = PageChart(widget, day if day > dt.date.today() else dt.date.today())
        plot = chart.plot
        plot.hideAxis("top")
        font = style.font(TEXT_PX)  # in px: the page's scale alone scales it, not its dpi
        for side in ("left", "bottom"):
            plot.getAxis(side).setStyle(tickFont=font)
        plot.getAxis("bottom").showLabel(False)
        chart.show(shown)
        chart.set_date(day)
        chart.cursor.setMovable(False)
        widget.resize(round(width), round(height))
        plot.setGeometry(QRectF(0, 0, width, height))
        widget.scene().render(painter, target, QRectF(0, 0, width, height))
    finally:
        widget.deleteLater()
    _paint_key(painter, target, scale, left, sum(len(h.lanes) for h in histories))


class PageChart(HistoryChart):
    """The History panel's chart as a page's strip draws it."""

    label_pt = 6.0  # a strip's rows are lower than the panel's


def _paint_key(painter: QPainter, target: QRectF, scale: float, left: int,
               total: int) -> None:
    """The bars' colours, right-aligned over the strip's first row, and the lanes left out:
    as much of them as keeps clear of the actor's name (a long note, a short one, the key
    alone; on a narrow page, nothing)."""
    painter.save()
    painter.setFont(style.font(TEXT_PX * scale))
    metrics = painter.fontMetrics()
    swatch, gap = 9 * scale, 4 * scale
    key = sum(metrics.horizontalAdvance(label) + swatch + 4 * gap for label, _ in KEY)
    room = target.width() - (AXIS_PX + NAME_PX) * scale
    notes = ([f"{left} of {total} lanes left out for room (the History panel shows them all)",
              f"{left} of {total} lanes left out"] if left else []) + [""]
    note = next((n for n in notes if key + metrics.horizontalAdvance(n) <= room), None)
    if note is not None:
        x = target.right() - 6 * scale
        baseline = target.top() + STRIP_ROW * scale * 0.5 + metrics.ascent() / 2 - scale
        for label, colour in reversed(KEY):
            x -= metrics.horizontalAdvance(label)
            painter.setPen(QColor("#333333"))
            painter.drawText(QPointF(x, baseline), label)
            x -= swatch + gap
            painter.fillRect(QRectF(x, baseline - swatch * 0.9, swatch, swatch * 0.8),
                             QColor(colour))
            x -= 3 * gap
        painter.setPen(QColor("#666666"))
        painter.drawText(QPointF(x - metrics.horizontalAdvance(note), baseline), note)
    painter.restore()
