"""Text in device pixels: measuring, halos, and where a point lands on the device."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPixmap,
)

from explorer.render import style


def device_points(painter: QPainter, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, ...]:
    """Map-unit points to device pixels under the painter's transform, vectorized."""
    t = painter.transform()
    return (t.m11() * x + t.m21() * y + t.dx(), t.m12() * x + t.m22() * y + t.dy())


_METRICS: dict[str, QFontMetricsF] = {}
_WIDTHS: dict[tuple[str, str], float] = {}
_KEYS: dict[int, tuple[QFont, str]] = {}  # id -> (the font, kept alive so ids stay unique; key)


def font_key(font: QFont) -> str:
    """font.key(), remembered per font object (asking Qt costs microseconds, and labels ask
    thousands of times a frame); fonts are shared, never changed (style.font)."""
    found = _KEYS.get(id(font))
    if found is not None and found[0] is font:
        return found[1]
    if len(_KEYS) > 1000:
        _KEYS.clear()
    key = font.key()
    _KEYS[id(font)] = (font, key)
    return key


def metrics(font: QFont) -> QFontMetricsF:
    """The metrics of a font, kept per font (measuring text every frame stays cheap)."""
    key = font_key(font)
    if key not in _METRICS:
        _METRICS[key] = QFontMetricsF(font)
    return _METRICS[key]


def text_width(text: str, font: QFont) -> float:
    """The advance of a text in a font, in device pixels, remembered."""
    key = (font_key(font), text)
    width = _WIDTHS.get(key)
    if width is None:
        if len(_WIDTHS) > 20_000:
            _WIDTHS.clear()
        width = _WIDTHS[key] = metrics(font).horizontalAdvance(text)
    return width


def text_size(text: str, font: QFont) -> tuple[float, float]:
    """Width and height of a text in device pixels; lines ("\n") stacked and centred."""
    m = metrics(font)
    lines = text.split("\n")
    width = max(text_width(line, font) for line in lines)
    return width, m.ascent() + m.descent() + (len(lines) - 1) * m.lineSpacing()


def draw_halo_text(painter: QPainter, anchor: QPointF, text: str, font: QFont,
                   color: QColor = style.LABEL, halo: float = 2.5) -> None:
    """Text whose baseline starts at anchor, on a white halo: the text drawn eight times around
    the anchor, then on top (ten times faster than stroking glyph outlines, and in SVG/PDF a
    fraction of their size); the text stays text. Lines ("\n") are stacked, each centred on
    the widest."""
    if "\n" in text:
        width, spacing = text_size(text, font)[0], metrics(font).lineSpacing()
        for k, line in enumerate(text.split("\n")):
            shift = (width - text_width(line, font)) / 2
            draw_halo_text(painter, QPointF(anchor.x() + shift, anchor.y() + k * spacing), line,
                           font, color, halo)
        return
    if halo > 0 and isinstance(painter.device(), QImage | QPixmap):
        # On pixels the haloed text is stamped from an image made once: labels are placed
        # again on every frame of a pan.
        sprite, offset = _halo_sprite(text, font, color, halo, painter.device().devicePixelRatio())
        painter.drawImage(QPointF(round(anchor.x()) - offset.x(),
                                  round(anchor.y()) - offset.y()), sprite)
        return
    _halo_text(painter, anchor, text, font, color, halo)


def _halo_text(painter: QPainter, anchor: QPointF, text: str, font: QFont, color: QColor,
               halo: float) -> None:
    painter.setFont(font)
    if halo > 0:
        painter.setPen(style.HALO)
        r = max(1.0, halo / 2)
        for dx, dy in _AROUND:
            painter.drawText(QPointF(anchor.x() + dx * r, anchor.y() + dy * r), text)
    painter.setPen(color)
    painter.drawText(anchor, text)


_SPRITES: dict[tuple, tuple[QImage, QPointF]] = {}


def _halo_sprite(text: str, font: QFont, color: QColor, halo: float,
                 ratio: float) -> tuple[QImage, QPointF]:
    """The text on its halo as an image, and where the baseline anchor sits in it."""
    key = (font_key(font), text, color.rgba(), halo, ratio)
    found = _SPRITES.get(key)
    if found is not None:
        return found
    if len(_SPRITES) > 4000:
        _SPRITES.clear()
    m = metrics(font)
    pad = math.ceil(max(1.0, halo / 2)) + 2
    width = math.ceil(text_width(text, font)) + 2 * pad + 2
    height = math.ceil(m.ascent() + m.descent()) + 2 * pad
    image = QImage(round(width * ratio), round(height * ratio),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(Qt.GlobalColor.transparent)
    origin = QPointF(pad, pad + m.ascent())
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    _halo_text(painter, origin, text, font, color, halo)
    painter.end()
    _SPRITES[key] = (image, origin)
    return image, origin


_AROUND = ((-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1))


def centred_text_rect(center: QPointF, text: str, font: QFont) -> tuple[QRectF, QPointF]:
    """The bounding box of text centred on a point (lines stacked), and the baseline anchor to
    draw it at."""
    width, height = text_size(text, font)
    rect = QRectF(center.x() - width / 2, center.y() - height / 2, width, height)
    return rect, QPointF(rect.left(), rect.top() + metrics(font).ascent())
