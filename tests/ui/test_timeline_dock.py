"""The timeline dock writes the date only through session.time and follows it: play, jumps, a
typed date, a click on the groove, Home and End; its buttons say what they do."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QToolButton

from explorer.model.session import Session, add_months
from explorer.ui.date_box import typed_day
from explorer.ui.timeline_dock import TimelineDock, month_index
from tests.ui.helpers import shown


@pytest.fixture
def session(atlas) -> Session:
    return Session(atlas, dt.date(2003, 6, 15))


@pytest.fixture
def dock(qtbot, session) -> TimelineDock:
    widget = shown(qtbot, TimelineDock(session), (900, 120))
    widget.activateWindow()
    widget.slider.setFocus()
    return widget


def button_of(dock: TimelineDock, action) -> QToolButton:
    return next(b for b in dock.findChildren(QToolButton) if b.defaultAction() is action)


def test_slider_spans_the_timeline_in_months(dock, session) -> None:
    time = session.time
    assert dock.slider.minimum() == 0
    assert dock.slider.maximum() == month_index(time.first, time.last)
    assert dock.slider.value() == month_index(time.first, dt.date(2003, 6, 1)) == 149
    assert dock.date_label.text() == "15 June 2003"


def test_moving_the_slider_sets_the_first_of_the_month(dock, session) -> None:
    seen = []
    session.time.events.date.connect(seen.append)
    dock.slider.setValue(dock.slider.value() + 2)
    assert session.time.date == dt.date(2003, 8, 1)
    assert seen == [dt.date(2003, 8, 1)]  # one change, no echo from the slider's update
    assert dock.date_label.text() == "1 August 2003"


def test_arrow_and_page_keys_step_months_and_years(qtbot, dock, session) -> None:
    qtbot.keyClick(dock.slider, Qt.Key.Key_Right)
    assert session.time.date == dt.date(2003, 7, 1)
    qtbot.keyClick(dock.slider, Qt.Key.Key_Left)
    qtbot.keyClick(dock.slider, Qt.Key.Key_Left)
    assert session.time.date == dt.date(2003, 5, 1)
    qtbot.keyClick(dock.slider, Qt.Key.Key_PageUp)
    assert session.time.date == dt.date(2004, 5, 1)


def test_shift_arrows_step_a_year_keeping_the_day(qtbot, dock, session) -> None:
    qtbot.keyClick(dock.slider, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert session.time.date == dt.date(2004, 6, 15)
    qtbot.mouseClick(button_of(dock, dock.year_back_action), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button_of(dock, dock.month_back_action), Qt.MouseButton.LeftButton)
    assert session.time.date == dt.date(2003, 5, 15)


def test_the_slider_and_label_follow_the_model(dock, session) -> None:
    session.time.date = dt.date(2008, 11, 3)
    assert dock.slider.value() == month_index(session.time.first, dt.date(2008, 11, 1))
    assert dock.date_label.text() == "3 November 2008"
    session.time.date = session.time.first
    assert dock.slider.value() == 0
    assert not dock.year_back_action.isEnabled() and not dock.previous_event_action.isEnabled()


def test_a_date_set_elsewhere_keeps_its_day(dock, session) -> None:
    session.time.date = dt.date(2005, 11, 21)
    dock.slider.setValue(dock.slider.value())  # the same month: nothing to write
    assert session.time.date == dt.date(2005, 11, 21)


def test_next_and_previous_event_jump_to_event_dates(qtbot, dock, session) -> None:
    expected = session.next_event_date()
    qtbot.mouseClick(button_of(dock, dock.next_event_action), Qt.MouseButton.LeftButton)
    assert session.time.date == expected and expected in session.event_dates
    expected = session.next_event_date()
    qtbot.keyClick(dock.slider, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert session.time.date == expected
    before = session.previous_event_date()
    qtbot.keyClick(dock.slider, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert session.time.date == before
    session.time.date = session.event_dates[-1]
    assert not dock.next_event_action.isEnabled()


def test_event_months_are_ticked(dock, session) -> None:
    first = session.time.first
    assert set(dock.slider.tick_tips) == {month_index(first, d) for d in session.event_dates}
    tip = dock.slider.tick_tips[month_index(first, dt.date(2005, 11, 1))]
    assert "Last US personnel and aircraft leave K2" in tip


def test_a_tick_tells_its_events(dock, session) -> None:
    value = month_index(session.time.first, dt.date(2001, 10, 1))
    x = dock.slider.value_x(value)
    assert dock.slider.tick_at(QPoint(x + 1, 25)) == value
    assert "Karshi-Khanabad" in dock.slider.tick_tips[value]
    assert dock.slider.tick_at(QPoint(-50, 25)) is None


def test_every_control_has_a_tooltip(dock) -> None:
    for widget in (dock.slider, dock.date_label, dock.speed_combo, *dock.findChildren(QToolButton)):
        assert widget.toolTip()
    assert "Ctrl+Right" in dock.next_event_action.toolTip()


def test_play_advances_and_pause_stops(qtbot, dock, session) -> None:
    dock.set_speed(12)
    with qtbot.waitSignal(dock.sigPlayingChanged):
        qtbot.keyClick(dock.slider, Qt.Key.Key_Space)
    assert dock.playing and dock.play_action.text() == "Pause"
    qtbot.waitUntil(lambda: session.time.date >= dt.date(2003, 9, 15), timeout=5000)
    dock.set_playing(False)
    stopped = session.time.date
    qtbot.wait(300)
    assert session.time.date == stopped and not dock.playing
    assert dock.play_action.text() == "Play"


def test_play_stops_at_the_end_and_restarts_from_the_beginning(qtbot, dock, session) -> None:
    time = session.time
    time.date = add_months(time.last, -2)
    dock.set_speed(12)
    dock.play_action.trigger()
    qtbot.waitUntil(lambda: not dock.playing, timeout=5000)
    assert time.date == time.last
    dock.play_action.trigger()
    assert time.date == time.first and dock.playing
    dock.set_playing(False)


def test_a_deleted_dock_stops_listening(qtbot, session) -> None:
    widget = TimelineDock(session)
    widget.deleteLater()
    qtbot.wait(10)
    session.time.date = dt.date(2010, 1, 1)  # must not reach the deleted widgets
    assert session.time.date == dt.date(2010, 1, 1)


def type_date(qtbot, dock: TimelineDock, text: str) -> None:
    box = dock.date_box
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


@pytest.mark.parametrize(("text", "day"), [("2001", dt.date(2001, 1, 1)),
                                           ("2001-10", dt.date(2001, 10, 1)),
                                           (" 2001-10-07 ", dt.date(2001, 10, 7))])
def test_a_typed_date_goes_through_the_time_model(qtbot, dock, session, text, day) -> None:
    seen = []
    session.time.events.date.connect(seen.append)
    type_date(qtbot, dock, text)
    assert session.time.date == day and seen == [day]
    assert dock.date_box.text() == day.isoformat()
    assert not dock.date_box.error.isVisible()
    assert dock.slider.value() == month_index(session.time.first, day)


@pytest.mark.parametrize(("text", "why"), [
    ("2003-13", "not a real date"), ("2003-02-30", "not a real date"),
    ("June 2003", "YYYY, YYYY-MM or YYYY-MM-DD"), ("03/06/2003", "YYYY, YYYY-MM or YYYY-MM-DD"),
    ("1850", "The timeline runs from 1 January 1991"), ("2999-01", "The timeline runs from"),
])
def test_invalid_input_says_why_and_keeps_the_date(qtbot, dock, session, text, why) -> None:
    type_date(qtbot, dock, text)
    assert session.time.date == dt.date(2003, 6, 15)
    assert dock.date_box.error.isVisible() and why in dock.date_box.error.text()
    assert dock.date_box.text() == text  # left to be corrected
    qtbot.keyClick(dock.date_box, Qt.Key.Key_Escape)  # Esc puts the date back
    assert dock.date_box.text() == "2003-06-15" and not dock.date_box.error.isVisible()


def test_the_box_follows_the_model(dock, session) -> None:
    session.time.date = dt.date(1999, 4, 2)
    assert dock.date_box.text() == "1999-04-02"
    assert typed_day("1999", session.time.first, session.time.last) == dt.date(1999, 1, 1)


def test_a_click_on_the_groove_jumps_there(qtbot, dock, session) -> None:
    slider = dock.slider
    target = month_index(session.time.first, dt.date(2015, 3, 1))
    x = slider.value_x(target)
    assert abs(x - slider.value_x(slider.value())) > 100  # far from the handle: not a page step
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(x, slider.height() // 2))
    assert slider.value() == target
    assert session.time.date == dt.date(2015, 3, 1)


def test_home_and_end_on_the_timeline_go_to_the_ends(qtbot, dock, session) -> None:
    qtbot.keyClick(dock.slider, Qt.Key.Key_End)
    assert session.time.date == session.time.last
    qtbot.keyClick(dock.slider, Qt.Key.Key_Home)
    assert session.time.date == session.time.first
    assert not dock.first_action.isEnabled() and dock.last_action.isEnabled()


def test_the_buttons_say_what_they_do(qtbot, dock) -> None:
    buttons = [b for b in dock.findChildren(QToolButton) if b.defaultAction() is not None]
    names = [b.accessibleName() for b in buttons]
    assert names == ["First date", "Previous event", "Back one year", "Back one month", "Play",
                     "Forward one month", "Forward one year", "Next event", "Last date"]
    tips = [b.toolTip() for b in buttons]
    assert len(set(tips)) == len(tips) and all(tips)
    assert "first date" in tips[0] and "(Home)" in tips[0] and "(End)" in tips[-1]
    assert "previous event" in tips[1] and "next event" in tips[-2]
    dock.set_playing(True)
    assert dock.play_button.accessibleName() == "Pause"
    dock.set_playing(False)
    assert dock.play_button.accessibleName() == "Play"
