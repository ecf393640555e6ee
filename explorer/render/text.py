"""Text with a halo, drawn in device pixels, and greedy placement that avoids overlaps."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)

from explorer.render import style


def device_points(painter: QPainter, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, ...]:
    """Map-unit points to device pixels under the painter's transform, vectorized."""
    t = painter.transform()
    return (t.m11() * x + t.m21() * y + t.dx(), t.m12() * x + t.m22() * y + t.dy())


class LabelPlacer:
    """Accepts label rectangles one by one, refusing any that would overlap an earlier one."""

    def __init__(self, bounds: QRectF, padding: float = 2.0) -> None:
        self._bounds = bounds
        self._padding = padding
        self._rects = np.empty((0, 4))

    def try_place(self, rect: QRectF) -> bool:
        p = self._padding
        box = np.array([rect.left() - p, rect.top() - p, rect.right() + p, rect.bottom() + p])
        if not self._bounds.contains(rect):
            return False
        r = self._rects
        if len(r) and np.any((r[:, 0] < box[2]) & (r[:, 2] > box[0])
                             & (r[:, 1] < box[3]) & (r[:, 3] > box[1])):
            return False
        self._rects = np.vstack([r, box])
        return True


def draw_halo_text(painter: QPainter, anchor: QPointF, text: str, font: QFont,
                   color: QColor = style.LABEL, halo: float = 2.5) -> None:
    """Text whose baseline starts at anchor, on a soft white halo; the text stays text (SVG/PDF)."""
    painter.setFont(font)
    if halo > 0 and isinstance(painter.device(), QImage | QPixmap):
        # On pixels, the text drawn eight times around the anchor makes the halo ten times
        # faster than stroking glyph outlines, and looks the same.
        painter.setPen(style.HALO)
        r = max(1.0, halo / 2)
        for dx, dy in _AROUND:
            painter.drawText(QPointF(anchor.x() + dx * r, anchor.y() + dy * r), text)
    elif halo > 0:
        outline = QPainterPath()
        outline.addText(anchor, font, text)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(style.HALO, halo, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                            Qt.PenJoinStyle.RoundJoin))
        painter.drawPath(outline)
    painter.setPen(color)
    painter.drawText(anchor, text)


_AROUND = ((-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1))


def centred_text_rect(center: QPointF, text: str, font: QFont) -> tuple[QRectF, QPointF]:
    """The bounding box of text centred on a point, and the baseline anchor to draw it at."""
    metrics = QFontMetricsF(font)
    width = metrics.horizontalAdvance(text)
    height = metrics.ascent() + metrics.descent()
    rect = QRectF(center.x() - width / 2, center.y() - height / 2, width, height)
    return rect, QPointF(rect.left(), rect.top() + metrics.ascent())
