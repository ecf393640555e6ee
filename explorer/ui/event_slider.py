"""The timeline's slider: event ticks under the groove, a click on the groove jumps there."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QIcon,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider, QToolTip, QWidget

from explorer.model.theme_style import theme_style
from explorer.ui.plain_text import plain_tooltip

TICK_HIT_PX = 3


def tick_colour() -> QColor:
    """The colour of the event ticks (the events theme's, darker)."""
    return QColor(theme_style().event_colour).darker(140)


def event_jump_icon(forward: bool, arrow: QColor, size: int = 16) -> QIcon:
    """A triangle pointing at an event tick: the previous/next event buttons' icon."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    tip, back = (size * 0.72, size * 0.2) if forward else (size * 0.28, size * 0.8)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(arrow)
    painter.drawPolygon(QPolygonF([QPointF(back, size * 0.22), QPointF(tip, size / 2),
                                   QPointF(back, size * 0.78)]))
    tick = size * 0.84 if forward else size * 0.16
    painter.setPen(QPen(tick_colour(), 2.4))
    painter.drawLine(QPointF(tick, size * 0.12), QPointF(tick, size * 0.88))
    painter.end()
    return QIcon(pixmap)


class EventTickSlider(QSlider):
    """A horizontal slider that marks chosen values (the months with events) under its groove."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.tick_tips: dict[int, str] = {}
        self.tick_colour = tick_colour()
        self.setMinimumHeight(30)

    def set_ticks(self, tips: dict[int, str]) -> None:
        """Mark these values; each tick's text is its tooltip."""
        self.tick_tips = dict(tips)
        self.update()

    def _option(self) -> QStyleOptionSlider:
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        return option

    def _track(self) -> tuple[QStyleOptionSlider, int, int, QRect]:
        """The style option, the track's left x and length (where the handle's centre can
        go), and the handle's rectangle."""
        option = self._option()
        style = self.style()
        groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                      QStyle.SubControl.SC_SliderGroove, self)
        handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                      QStyle.SubControl.SC_SliderHandle, self)
        return option, groove.x() + handle.width() // 2, max(groove.width() - handle.width(),
                                                             1), handle

    def value_x(self, value: int) -> int:
        """The x (widget pixels) of a value's position along the groove."""
        option, left, span, _ = self._track()
        return left + QStyle.sliderPositionFromValue(self.minimum(), self.maximum(), value, span,
                                                     option.upsideDown)

    def value_at(self, x: float) -> int:
        """The value whose position along the groove is nearest to x (widget pixels)."""
        option, left, span, _ = self._track()
        return QStyle.sliderValueFromPosition(self.minimum(), self.maximum(),
                                              round(x) - left, span, option.upsideDown)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A left click on the groove moves the handle there (and it can be dragged on), where
        Qt's slider would step a page towards the click."""
        if (event.button() == Qt.MouseButton.LeftButton
                and not self._track()[3].contains(event.position().toPoint())):
            self.setSliderPosition(self.value_at(event.position().x()))
        super().mousePressEvent(event)

    def _tick_area(self) -> QRect:
        groove = self.style().subControlRect(QStyle.ComplexControl.CC_Slider, self._option(),
                                             QStyle.SubControl.SC_SliderGroove, self)
        top = min(groove.bottom() + 2, self.height() - 6)
        return QRect(0, top, self.width(), self.height() - top - 1)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.tick_tips:
            return
        area = self._tick_area()
        painter = QPainter(self)
        painter.setPen(QPen(self.tick_colour, 1))
        for value in self.tick_tips:
            x = self.value_x(value)
            painter.drawLine(x, area.top(), x, area.bottom())
        painter.end()

    def tick_at(self, pos: QPoint) -> int | None:
        """The ticked value nearest to pos, if within a few pixels."""
        near = [(abs(self.value_x(v) - pos.x()), v) for v in self.tick_tips]
        best = min(near, default=None)
        return best[1] if best is not None and best[0] <= TICK_HIT_PX else None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            value = self.tick_at(event.pos())
            if value is not None:
                QToolTip.showText(event.globalPos(), plain_tooltip(self.tick_tips[value]), self)
                return True
        return super().event(event)
