"""What the selection lights on a theme: its rows, and rings around its points."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

from explorer.render.highlight_territory import COLOUR


class Mark(NamedTuple):
    """One ringed point in device pixels; `shape` is the symbol drawn again inside, if any."""

    centre: QPointF
    radius: float
    shape: str | None = None
    size: float = 0.0
    colour: QColor = COLOUR
    dashed: bool = False
    picked: bool = True  # selected itself (a second ring), not only linked to the selection
