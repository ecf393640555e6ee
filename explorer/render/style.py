"""Colours, pens and fonts of the map, in one place."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPen

CENTRAL_ASIA = frozenset({"KAZ", "KGZ", "TJK", "TKM", "UZB"})

BACKGROUND = QColor("#e9ecef")
SEA = QColor("#c9dfee")
LAND = QColor("#f4f1ea")
LAND_EMPHASIS = QColor("#f3dfb6")
BORDER = QColor("#8e8e8e")
BORDER_EMPHASIS = QColor("#7a5a22")
COAST = QColor("#6f8fa8")
GRATICULE = QColor(90, 110, 130, 70)
GRATICULE_LABEL = QColor("#4d6477")
LABEL = QColor("#333333")
LABEL_EMPHASIS = QColor("#4a3510")
HALO = QColor(255, 255, 255, 210)
TEXT = QColor("#222222")
PANEL = QColor(255, 255, 255, 215)
PANEL_EDGE = QColor(0, 0, 0, 60)


def cosmetic_pen(color: QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    """A pen whose width is in device pixels whatever the zoom."""
    pen = QPen(color, width, style)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def font(pixel_size: float, bold: bool = False, italic: bool = False) -> QFont:
    """A font sized in device pixels, so the paint device's dpi never rescales it twice; one
    shared font per size and style (labels measure text every frame): copy it to change it."""
    return _font(max(1, round(pixel_size)), bold, italic)


@cache
def _font(pixels: int, bold: bool, italic: bool) -> QFont:
    f = QFont("DejaVu Sans")
    f.setPixelSize(pixels)
    f.setBold(bold)
    f.setItalic(italic)
    return f
