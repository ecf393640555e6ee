"""The network's share of the diff map: the ties formed since the date compared with (a green
band under them) and those that ended (red dashes where they were), between drawn actors."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from explorer.analysis.diff import diff
from explorer.model.atlas import Atlas
from explorer.model.atlas_themes.changes import GAINED, LOST
from explorer.model.last_result import LastResult
from explorer.render.network_style import EdgeStyle

BAND_PX, DASH_PX = 7.0, 2.0  # at scale 1
ALPHA = 130


Pairs = list[tuple[str, str]]
_last: LastResult[tuple[Pairs, Pairs]] = LastResult()  # a restyle on a selection asks again


def tie_changes(atlas: Atlas, since: dt.date, day: dt.date) -> tuple[Pairs, Pairs]:
    """(formed, ended): the pairs of actors whose tie or membership formed, or ended, after
    `since` and up to `day` (the answer is shared, not to be changed)."""
    return _last.get(atlas, (since, day), lambda: _tie_changes(atlas, since, day))


def _tie_changes(atlas: Atlas, since: dt.date, day: dt.date) -> tuple[Pairs, Pairs]:
    formed: Pairs = []
    ended: Pairs = []
    for change in diff(atlas, since, day).changes:
        if change.subject not in ("relation", "membership"):
            continue
        a, b = change.actors[:2]
        if change.change in ("formed", "joined"):
            formed.append((a, b))
        elif change.change in ("ended", "left"):
            ended.append((a, b))
    return formed, ended


def drawn_pairs(pairs: Pairs, drawn: dict[str, int]) -> list[tuple[int, int]]:
    """The pairs of drawn actors (`drawn`: id -> index) as index pairs."""
    return [(drawn[a], drawn[b]) for a, b in pairs if a in drawn and b in drawn]


def diff_styles(since: str) -> list[EdgeStyle]:
    """The legend's lines for the diff's two marks."""
    return [EdgeStyle(GAINED, Qt.PenStyle.SolidLine, BAND_PX, f"Formed since {since}"),
            EdgeStyle(LOST, Qt.PenStyle.DashLine, DASH_PX, f"Ended since {since}")]


class NetworkDiffItem(pg.GraphicsObject):
    """Draws the pairs between the nodes' current places (`xy`, set by the view)."""

    def __init__(self, scale: float = 1.0) -> None:
        super().__init__()
        self.scale = scale
        self.xy = np.empty((0, 2))
        self.formed: list[tuple[int, int]] = []
        self.ended: list[tuple[int, int]] = []

    def set_pairs(self, formed: list[tuple[int, int]], ended: list[tuple[int, int]]) -> None:
        self.formed, self.ended = formed, ended
        self.update()

    def boundingRect(self) -> QRectF:
        if not len(self.xy):
            return QRectF()
        (x0, y0), (x1, y1) = self.xy.min(axis=0), self.xy.max(axis=0)
        return QRectF(float(x0), float(y0), float(x1 - x0), float(y1 - y0)).adjusted(-1, -1, 1, 1)

    def paint(self, painter: QPainter, *args) -> None:
        if not len(self.xy) or not (self.formed or self.ended):
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for pairs, colour, width, style in ((self.formed, GAINED, BAND_PX, Qt.PenStyle.SolidLine),
                                            (self.ended, LOST, DASH_PX, Qt.PenStyle.DashLine)):
            shade = QColor(colour)
            shade.setAlpha(ALPHA if style == Qt.PenStyle.SolidLine else 255)
            pen = QPen(shade, width * self.scale, style, Qt.PenCapStyle.RoundCap)
            pen.setCosmetic(True)
            painter.setPen(pen)
            for i, j in pairs:
                if i < len(self.xy) and j < len(self.xy):
                    painter.drawLine(QPointF(*self.xy[i]), QPointF(*self.xy[j]))
