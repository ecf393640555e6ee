"""The title band across the top of an exported page: a title and a smaller subtitle."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter

from explorer.render import style
from explorer.render.text import draw_halo_text, metrics

_TITLE_PAD, _TITLE_GAP = 10.0, 3.0  # px at scale 1 around and between the title's lines


def paint_title(painter: QPainter, page: QRectF, title: str | None, scale: float = 1.0,
                transparent: bool = False, subtitle: str | None = None) -> QRectF:
    """A band across the top of the page with the title and the subtitle under it (if any);
    returns the rest of the page."""
    rest = QRectF(page)
    lines = _title_lines(title, subtitle, scale)
    if not lines:
        return rest
    band = title_height(title, subtitle, scale)
    if not transparent:
        painter.fillRect(QRectF(page.left(), page.top(), page.width(), band), QColor("white"))
    y, width = page.top() + _TITLE_PAD * scale, page.width() - 32 * scale
    for (text, font), colour in zip(lines, (style.TEXT, style.LABEL), strict=False):
        shown = metrics(font).elidedText(text, Qt.TextElideMode.ElideRight, width)
        draw_halo_text(painter, QPointF(page.left() + 16 * scale, y + metrics(font).ascent()),
                       shown, font, colour, 0)
        y += metrics(font).height() + _TITLE_GAP * scale
    rest.setTop(page.top() + band)
    return rest


def title_height(title: str | None, subtitle: str | None, scale: float = 1.0) -> float:
    """The height of the title band (0 without title and subtitle)."""
    lines = _title_lines(title, subtitle, scale)
    if not lines:
        return 0.0
    return (2 * _TITLE_PAD * scale + sum(metrics(font).height() for _, font in lines)
            + _TITLE_GAP * scale * (len(lines) - 1))


def _title_lines(title: str | None, subtitle: str | None, scale: float) -> list:
    return [(text, font) for text, font in ((title, style.font(22 * scale, bold=True)),
                                            (subtitle, style.font(14 * scale))) if text]
