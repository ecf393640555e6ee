"""The timeline dock: a month slider from 1991 to today with event ticks, stepping and play."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from explorer.model.details import format_day, format_partial
from explorer.model.session import Session, add_months
from explorer.render.model_signals import follow
from explorer.ui.date_box import DateBox
from explorer.ui.event_slider import EventTickSlider, event_jump_icon

SPEEDS = ((1, "1 month/s"), (2, "2 months/s"), (4, "4 months/s"), (12, "1 year/s"))
TICK_TIP_EVENTS = 8  # events listed in a tick's tooltip


def month_index(first: dt.date, day: dt.date) -> int:
    """Months from first's month to day's month (the slider's value for day)."""
    return (day.year - first.year) * 12 + day.month - first.month


class TimelineDock(QDockWidget):
    """The session's date as a month slider; writes only through `session.time` and follows
    `session.time.events`."""

    sigPlayingChanged = Signal(bool)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Timeline", parent)
        self.setObjectName("TimelineDock")
        self.session = session
        self._updating = False
        self.play_timer = QTimer(self)
        self.play_timer.timeout.connect(self._on_play_tick)

        self.slider = EventTickSlider()
        self.slider.setSingleStep(1)
        self.slider.setPageStep(12)
        self.slider.setToolTip("The date: click or drag, or Left/Right for a month, "
                               "PageUp/PageDown for a year, Home/End for the ends; ticks mark "
                               "events")
        self.slider.valueChanged.connect(self._on_slider_moved)
        self.date_label = QLabel()
        self.date_label.setToolTip("The date every view shows")
        self.date_label.setTextFormat(Qt.TextFormat.PlainText)
        self.date_box = DateBox(session.time)
        font = self.date_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.date_label.setFont(font)
        self.date_label.setMinimumWidth(self.date_label.fontMetrics().horizontalAdvance(
            "30 September 2000 "))
        self.first_label, self.last_label = QLabel(), QLabel()
        self.first_label.setToolTip("The timeline starts here (Home)")
        self.last_label.setToolTip("The timeline ends today (End)")
        self.speed_combo = QComboBox()
        for months, text in SPEEDS:
            self.speed_combo.addItem(text, months)
        self.speed_combo.setToolTip("Playback speed")
        self.speed_combo.setAccessibleName("Playback speed")
        self.speed_combo.currentIndexChanged.connect(self._on_speed_changed)
        self._build_actions()
        self._build_layout()

        time = session.time
        follow(self, time.events.date, self._on_date_changed)
        follow(self, time.events.first, self._on_range_changed)
        follow(self, time.events.last, self._on_range_changed)
        self._on_range_changed()

    # --- construction ------------------------------------------------------------------------

    def _action(self, text: str, icon: QStyle.StandardPixmap | QIcon, slot: Callable,
                keys: tuple, tip: str) -> QAction:
        if not isinstance(icon, QIcon):
            icon = self.style().standardIcon(icon)
        action = QAction(icon, text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut = " or ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText)
                               for k in keys)
        action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        pixmap = QStyle.StandardPixmap
        time = self.session.time
        arrow = self.palette().color(QPalette.ColorRole.ButtonText)
        self.first_action = self._action(
            "First date", pixmap.SP_MediaSkipBackward, self.go_to_first,
            ("Home",), "Go to the first date of the timeline")
        self.previous_event_action = self._action(
            "Previous event", event_jump_icon(False, arrow), self.previous_event, ("Ctrl+Left",),
            "Jump to the previous event")
        self.year_back_action = self._action(
            "Back one year", pixmap.SP_MediaSeekBackward, lambda: time.step(years=-1),
            ("Shift+Left",), "Step back one year (PageDown on the slider)")
        self.month_back_action = self._action(
            "Back one month", pixmap.SP_ArrowLeft, lambda: time.step(months=-1), (),
            "Step back one month (Left on the slider)")
        self.play_action = self._action(
            "Play", pixmap.SP_MediaPlay, lambda: self.set_playing(not self.playing),
            ("Space",), "Play or pause: advance a month at a time")
        self.month_forward_action = self._action(
            "Forward one month", pixmap.SP_ArrowRight, lambda: time.step(months=1), (),
            "Step forward one month (Right on the slider)")
        self.year_forward_action = self._action(
            "Forward one year", pixmap.SP_MediaSeekForward, lambda: time.step(years=1),
            ("Shift+Right",), "Step forward one year (PageUp on the slider)")
        self.next_event_action = self._action(
            "Next event", event_jump_icon(True, arrow), self.next_event, ("Ctrl+Right",),
            "Jump to the next event")
        self.last_action = self._action(
            "Last date", pixmap.SP_MediaSkipForward, self.go_to_last,
            ("End",), "Go to the last date of the timeline (today)")

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        for action in self.transport_actions():
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the slider keeps the arrow keys
            button.setAccessibleName(action.text())
            button.setAccessibleDescription(action.toolTip())
            action.changed.connect(lambda b=button, a=action: b.setAccessibleName(a.text()))
            buttons.addWidget(button)
            if action is self.play_action:
                self.play_button = button
        buttons.addSpacing(12)
        buttons.addWidget(self.date_label)
        buttons.addWidget(self.date_box)
        buttons.addWidget(self.date_box.error, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.speed_combo)
        track = QHBoxLayout()
        track.addWidget(self.first_label)
        track.addWidget(self.slider, 1)
        track.addWidget(self.last_label)
        column = QVBoxLayout()
        column.setContentsMargins(6, 2, 6, 2)
        column.addLayout(buttons)
        column.addLayout(track)
        body = QWidget()
        body.setLayout(column)
        self.setWidget(body)
        self.setFocusProxy(self.slider)

    def transport_actions(self) -> tuple[QAction, ...]:
        """The buttons' actions, left to right (the Time menu lists them too)."""
        return (self.first_action, self.previous_event_action, self.year_back_action,
                self.month_back_action, self.play_action, self.month_forward_action,
                self.year_forward_action, self.next_event_action, self.last_action)

    # --- commands (write to the model only) --------------------------------------------------
    @property
    def playing(self) -> bool:
        return self.play_timer.isActive()

    @property
    def speed(self) -> int:
        """Months advanced per second while playing."""
        return int(self.speed_combo.currentData())

    def set_speed(self, months_per_second: int) -> None:
        index = self.speed_combo.findData(months_per_second)
        if index < 0:
            raise ValueError(f"speed {months_per_second} is not one of "
                             f"{', '.join(str(m) for m, _ in SPEEDS)} months per second")
        self.speed_combo.setCurrentIndex(index)

    def set_playing(self, playing: bool) -> None:
        """Start or stop playback; starting at the end starts again from the beginning."""
        if playing == self.playing:
            return
        time = self.session.time
        if playing:
            if time.date >= time.last:
                time.date = time.first
            self.play_timer.start(round(1000 / self.speed))
        else:
            self.play_timer.stop()
        self._show_playing(playing)
        self.sigPlayingChanged.emit(playing)

    def go_to_first(self) -> None:
        self.session.time.date = self.session.time.first

    def go_to_last(self) -> None:
        self.session.time.date = self.session.time.last

    def previous_event(self) -> None:
        day = self.session.previous_event_date()
        if day is not None:
            self.session.time.date = day

    def next_event(self) -> None:
        day = self.session.next_event_date()
        if day is not None:
            self.session.time.date = day

    def _on_play_tick(self) -> None:
        time = self.session.time
        time.step(months=1)
        if time.date >= time.last:
            self.set_playing(False)

    def _on_speed_changed(self) -> None:
        if self.playing:
            self.play_timer.setInterval(round(1000 / self.speed))

    def _on_slider_moved(self, value: int) -> None:
        """The slider names a month: go to its first day, unless the date is already in it."""
        if self._updating:
            return
        time = self.session.time
        if value == month_index(time.first, time.date):
            return
        day = add_months(time.first.replace(day=1), value)
        time.date = min(max(day, time.first), time.last)

    # --- views (follow the model) ------------------------------------------------------------
    def _show_playing(self, playing: bool) -> None:
        pixmap = QStyle.StandardPixmap
        icon = pixmap.SP_MediaPause if playing else pixmap.SP_MediaPlay
        self.play_action.setIcon(self.style().standardIcon(icon))
        self.play_action.setText("Pause" if playing else "Play")

    def _on_range_changed(self) -> None:
        time = self.session.time
        self._updating = True
        try:
            self.slider.setRange(0, month_index(time.first, time.last))
        finally:
            self._updating = False
        self.first_label.setText(str(time.first.year))
        self.last_label.setText(str(time.last.year))
        tips: dict[int, list[str]] = {}
        for event in sorted(self.session.atlas.events.values(), key=lambda e: e.date.first_day):
            day = event.date.first_day
            if time.first <= day <= time.last:
                tips.setdefault(month_index(time.first, day), []).append(
                    f"{format_partial(event.date)}: {event.title}")
        self.slider.set_ticks({value: "\n".join(lines[:TICK_TIP_EVENTS]
                                                + (["…"] if len(lines) > TICK_TIP_EVENTS else []))
                               for value, lines in tips.items()})
        self._on_date_changed(time.date)

    def _on_date_changed(self, date: dt.date) -> None:
        time = self.session.time
        self._updating = True
        try:
            self.slider.setValue(month_index(time.first, date))
        finally:
            self._updating = False
        self.date_label.setText(format_day(date))
        self.date_box.follow(date)
        self.previous_event_action.setEnabled(self.session.previous_event_date() is not None)
        self.next_event_action.setEnabled(self.session.next_event_date() is not None)
        for action in (self.first_action, self.year_back_action, self.month_back_action):
            action.setEnabled(date > time.first)
        for action in (self.last_action, self.year_forward_action, self.month_forward_action):
            action.setEnabled(date < time.last)
