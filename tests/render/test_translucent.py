"""Translucent drawing through an opaque layer: the right colour, in the right place."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from explorer.render.translucent import paint_translucent
from tests.render.helpers import close


@pytest.mark.parametrize("ratio", [1.0, 2.0])
def test_overlapping_strokes_show_one_colour_at_the_opacity(qapp, ratio: float) -> None:
    image = QImage(round(100 * ratio), round(60 * ratio), QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(ratio)
    image.fill(QColor("navy"))
    painter = QPainter(image)
    painter.translate(10, 0)  # the layer follows the painter's transform

    def strokes(layer: QPainter) -> None:
        layer.setPen(QPen(QColor("yellow"), 8))
        layer.drawLine(QPointF(0, 20), QPointF(60, 20))
        layer.drawLine(QPointF(30, 0), QPointF(30, 40))

    paint_translucent(painter, QRectF(0, 0, 100, 60), 0.5, strokes)
    painter.end()
    half = QColor(128, 128, 64)  # yellow at one half over navy

    def at(x: float, y: float) -> QColor:
        return image.pixelColor(round(x * ratio), round(y * ratio))

    assert close(at(20, 20), half, 3)  # one stroke
    assert close(at(40, 20), half, 3)  # both strokes: no darker crossing
    assert close(at(5, 20), QColor("navy"))  # left of the translated strokes
    assert close(at(40, 50), QColor("navy"))


def test_segments_join_and_end_round(qapp) -> None:
    from PySide6.QtGui import QPolygonF

    from explorer.render.paths import draw_round_joined

    image = QImage(100, 100, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    corner = [QPointF(20, 50), QPointF(50, 50), QPointF(50, 50), QPointF(50, 20)]
    draw_round_joined(painter, QPolygonF(corner), QPen(QColor("black"), 10))
    painter.end()

    def inked(x: int, y: int) -> bool:
        return QColor(image.pixel(x, y)).lightness() < 60

    assert inked(35, 50) and inked(50, 35)  # the lines
    assert inked(53, 53) and not inked(55, 55)  # a round joint: filled, not squared off
    assert inked(17, 50) and not inked(14, 47)  # a round end
