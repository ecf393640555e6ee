"""A box where the timeline's date is typed (YYYY, YYYY-MM or YYYY-MM-DD), saying why not."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QSizePolicy, QWidget

from explorer.model.dates import FORMATS, ImpossibleDate, PartialDate
from explorer.model.details import format_day
from explorer.model.session import TimeState
from explorer.ui.plain_text import plain_tooltip

ERROR_STYLE = "color: #b00020;"


def typed_day(text: str, first: dt.date, last: dt.date) -> dt.date:
    """The day typed text names (a year or month: its first day) on the timeline [first,
    last]; ValueError saying why not."""
    try:
        day = PartialDate.parse(text).first_day
    except ImpossibleDate:
        raise ValueError(f"“{text.strip()}” is not a real date") from None
    except ValueError:
        raise ValueError(f"Type a date as {FORMATS}, not “{text.strip()}”") from None
    if not first <= day <= last:
        raise ValueError(f"The timeline runs from {format_day(first)} to {format_day(last)}")
    return day


class DateBox(QLineEdit):
    """`time.date` as YYYY-MM-DD, editable: Enter (or leaving the box) goes to the date typed,
    through `time` only; text that is not a date on the timeline leaves the date alone and
    `error` (a label for the owner to place) says why until the next edit; Esc puts the
    date back."""

    def __init__(self, time: TimeState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.time = time
        self.setPlaceholderText("YYYY-MM-DD")
        self.setToolTip(f"Go to a date: type {FORMATS} and press Enter (Esc puts the date back)")
        self.setAccessibleName("Date")
        self.setMaxLength(24)
        self.setFixedWidth(self.fontMetrics().horizontalAdvance("0000-00-00") + 24)
        self.editingFinished.connect(self._on_editing_finished)
        self.textEdited.connect(lambda _: self._show_error(""))
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet(ERROR_STYLE)
        # It takes the room there is (the whole message is its tooltip): the timeline's
        # least width stays that of its controls.
        self.error.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.error.hide()
        self.show_date()

    def show_date(self) -> None:
        """Show the model's date, over whatever was typed."""
        self.setText(self.time.date.isoformat())
        self._show_error("")

    def follow(self, date: dt.date) -> None:
        """The model's date changed: show it unless the user is typing."""
        if not self.isModified():
            self.setText(date.isoformat())

    def event(self, event: QEvent) -> bool:
        """Esc over typed text is the box's (it puts the date back), not the window's."""
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape and self.isModified()):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.isModified():
            self.show_date()
            event.accept()
            return
        super().keyPressEvent(event)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setToolTip(plain_tooltip(text))
        self.error.setVisible(bool(text))
        self.setStyleSheet(f"QLineEdit {{ {ERROR_STYLE} }}" if text else "")

    def _on_editing_finished(self) -> None:
        if not self.isModified():
            return
        try:
            day = typed_day(self.text(), self.time.first, self.time.last)
        except ValueError as exc:
            self._show_error(str(exc))
            return
        self.setModified(False)
        self._show_error("")
        self.time.date = day
        self.setText(self.time.date.isoformat())
