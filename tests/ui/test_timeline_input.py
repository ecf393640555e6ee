"""The timeline takes a typed date, a click on its groove, Home and End, and says what its
buttons do; it writes only through the session's time model."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QToolButton

from explorer.model.session import Session
from explorer.ui.date_box import typed_day
from explorer.ui.timeline_dock import TimelineDock, month_index
from tests.ui.helpers import shown


@pytest.fixture
def session(atlas) -> Session:
    return Session(atlas, dt.date(2003, 6, 15))


@pytest.fixture
def dock(qtbot, session) -> TimelineDock:
    widget = shown(qtbot, TimelineDock(session), (1000, 120))
    widget.activateWindow()
    widget.slider.setFocus()
    return widget


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
