"""The network's legend: a panel over a corner of the view naming edge and node styles."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import Symbols
from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPen, QTransform

from explorer.render import style
from explorer.render.network_items import edge_path
from explorer.render.network_style import EdgeStyle, NodeStyle, colour
from explorer.render.text import metrics, text_width

_ROW, _PAD, _SWATCH, _GAP, _MARGIN = 19.0, 10.0, 34.0, 8.0, 12.0
# In order of preference (an export's credit line takes the bottom-right corner).
CORNERS = ("top-right", "top-left", "bottom-left", "bottom-right")
_CLEARANCE = 16.0  # px around the panel where a node still counts as covered
COLLAPSED_HINT = "Legend \u25b8"


@dataclass
class LegendContent:
    """The title (the date) and the styles in use, in the order they are listed."""

    title: str = ""
    edges: list[EdgeStyle] | None = None
    nodes: list[NodeStyle] | None = None

    def rows(self) -> list[tuple[str, object]]:
        rows: list[tuple[str, object]] = [("title", self.title)] if self.title else []
        if self.edges:
            rows += [("section", "Ties")] + [("edge", e) for e in self.edges]
        if self.nodes:
            rows += [("section", "Actors")] + [("node", n) for n in self.nodes]
        return rows


class NetworkLegendItem(pg.GraphicsObject):
    """An overlay fixed to a corner of the view box (the top-right, unless another corner
    covers fewer nodes); `collapsed` to its title where the whole would cover nodes (the
    view's fit decides), the whole shown while the pointer is over it."""

    def __init__(self, viewbox: pg.ViewBox, scale: float = 1.0) -> None:
        super().__init__()
        self.setParentItem(viewbox)
        self.setZValue(900)
        self._viewbox = viewbox
        self._scale = scale
        self.content = LegendContent()
        self.corner = CORNERS[0]
        self.collapsed = False
        self._peek = False  # collapsed, with the pointer over it: drawn whole
        viewbox.sigResized.connect(self._on_resized)

    def _on_resized(self, *args) -> None:
        self.prepareGeometryChange()
        self.update()

    def set_content(self, content: LegendContent) -> None:
        self.prepareGeometryChange()
        self.content = content
        self.update()

    def set_collapsed(self, collapsed: bool) -> None:
        if collapsed != self.collapsed:
            self.prepareGeometryChange()
            self.collapsed = collapsed
            self.update()

    def rows(self, whole: bool = False) -> list[tuple[str, object]]:
        """The rows it lists: all of them, or collapsed, the title and a pointer to the rest."""
        rows = self.content.rows()
        if whole or not self.collapsed or not rows:
            return rows
        return [*rows[:1], ("section", COLLAPSED_HINT)]

    def size(self, whole: bool = False) -> QSizeF:
        """The panel's size in device pixels as it lies (collapsed or not; or `whole`),
        nothing when empty."""
        rows, s = self.rows(whole), self._scale
        if not rows:
            return QSizeF(0, 0)
        widths = [text_width(str(item), _font(kind, s)) if kind in ("title", "section")
                  else text_width(item.label, _font(kind, s)) + (_SWATCH + _GAP) * s
                  for kind, item in rows]
        return QSizeF(max(widths) + 2 * _PAD * s, len(rows) * _ROW * s + 2 * _PAD * s)

    def panel(self, corner: str | None = None, whole: bool = False) -> QRectF:
        """The panel's rectangle in the view box's frame, in its corner (or another)."""
        size, frame, m = self.size(whole), self._viewbox.rect(), _MARGIN * self._scale
        vertical, horizontal = (corner or self.corner).split("-")
        x = frame.left() + m if horizontal == "left" else frame.right() - size.width() - m
        y = frame.top() + m if vertical == "top" else frame.bottom() - size.height() - m
        return QRectF(QPointF(x, y), size)

    def cover(self, corner: str, more: float = 0.0) -> QRectF:
        """Where a node counts as covered by the panel in a corner: the panel and the
        clearance around it (and `more` px)."""
        c = _CLEARANCE * self._scale + more
        return self.panel(corner).adjusted(-c, -c, c, c)

    def avoid(self, x: np.ndarray, y: np.ndarray) -> None:
        """Move to the corner whose panel covers the fewest of these points (frame px)."""
        def covered(corner: str) -> int:
            box = self.cover(corner)
            return int(np.count_nonzero((x >= box.left()) & (x <= box.right())
                                        & (y >= box.top()) & (y <= box.bottom())))
        self.move_to(min(CORNERS, key=lambda c: (covered(c), c != self.corner,
                                                 CORNERS.index(c))))

    def move_to(self, corner: str) -> None:
        if corner != self.corner:
            self.prepareGeometryChange()
            self.corner = corner
            self.update()

    def hoverEvent(self, ev) -> None:
        """pyqtgraph's hover: collapsed, the whole legend while the pointer is over it."""
        self._set_peek(self.collapsed and not ev.isExit())

    def _set_peek(self, peek: bool) -> None:
        if peek != self._peek:
            self.prepareGeometryChange()
            self._peek = peek
            self.update()

    def boundingRect(self) -> QRectF:
        return self.panel(whole=self._peek).adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, *args) -> None:
        rows, s = self.rows(self._peek), self._scale
        if not rows:
            return
        box = self.panel(whole=self._peek)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(style.PANEL_EDGE, 1.0 * s))
        painter.setBrush(QBrush(style.PANEL))
        painter.drawRoundedRect(box, 4 * s, 4 * s)
        x, y = box.left() + _PAD * s, box.top() + _PAD * s
        for kind, item in rows:
            font = _font(kind, s)
            baseline = y + (_ROW * s + metrics(font).ascent() - metrics(font).descent()) / 2
            if kind in ("title", "section"):
                painter.setFont(font)
                painter.setPen(style.TEXT)
                painter.drawText(QPointF(x, baseline), str(item))
            else:
                swatch = QRectF(x, y + 2 * s, _SWATCH * s, (_ROW - 4) * s)
                if kind == "edge":
                    _edge_swatch(painter, swatch, item, s)
                else:
                    _node_swatch(painter, swatch, item, s)
                painter.setFont(font)
                painter.setPen(style.TEXT)
                painter.drawText(QPointF(x + (_SWATCH + _GAP) * s, baseline), item.label)
            y += _ROW * s


def _font(kind: str, scale: float):
    if kind == "title":
        return style.font(13.5 * scale, bold=True)
    if kind == "section":
        return style.font(11.5 * scale, bold=True)
    return style.font(11.5 * scale)


def _edge_swatch(painter: QPainter, rect: QRectF, edge: EdgeStyle, scale: float) -> None:
    pen = QPen(colour(edge.colour), edge.width * scale, edge.dash, Qt.PenCapStyle.FlatCap)
    path, heads = QPainterPath(), QPainterPath()
    y = rect.center().y()
    edge_path(path, heads if edge.directed else None, rect.left(), y, rect.right() + 3 * scale, y,
               0.0, 0.0, 3 * scale, max(9.0 * scale, 3.2 * pen.widthF()))
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    if edge.directed:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(pen.color()))
        painter.drawPath(heads)


def _node_swatch(painter: QPainter, rect: QRectF, node: NodeStyle, scale: float) -> None:
    size = 13.0 * node.size * scale
    centre = rect.center()
    shape = QTransform().translate(centre.x(), centre.y()).scale(size, size).map(
        Symbols[node.symbol])
    painter.setPen(QPen(colour(node.outline), 1.2 * scale))
    painter.setBrush(QBrush(colour(node.fill)))
    painter.drawPath(shape)
