"""The network's graphics items: draggable nodes, edges as one path per pen, placed labels."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPen

from explorer.render import style
from explorer.render.network_style import LABEL, LABEL_FADED
from explorer.render.overlays import ViewFrameItem
from explorer.render.text import LabelPlacer, draw_halo_text, point_spots

BULGE_CAP = 70.0  # px (at scale 1): the furthest a long bent edge strays from its chord


class NodesItem(pg.ScatterPlotItem):
    """The nodes (a pyqtgraph scatter, spot data = actor id); a left drag moves one node."""

    sigNodeDragged = Signal(str, float, float, bool)  # actor id, x, y, finished

    def __init__(self, tip: Callable[..., str] | None = None, cache: bool = True) -> None:
        # cache=False draws every symbol as a path: vector output (SVG) keeps vector nodes
        super().__init__(pxMode=True, hoverable=True, tip=tip, useCache=cache)
        self._dragging: str | None = None
        self._offset = QPointF()

    def mouseDragEvent(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        if ev.isStart():
            points = self.pointsAt(ev.buttonDownPos())
            if len(points) == 0:
                ev.ignore()  # the view box pans instead
                return
            self._dragging = str(points[0].data())
            self._offset = points[0].pos() - ev.buttonDownPos()
        elif self._dragging is None:
            ev.ignore()
            return
        ev.accept()
        pos = ev.pos() + self._offset
        node = self._dragging
        if ev.isFinish():
            self._dragging = None
        self.sigNodeDragged.emit(node, pos.x(), pos.y(), ev.isFinish())


@dataclass
class EdgeGroup:
    """Edges drawn with one pen: node indices, bends (px, or a share of the length), arrows."""

    pen: QPen
    source: np.ndarray
    target: np.ndarray
    bend: np.ndarray  # px to the left of source -> target at the middle
    bend_share: np.ndarray  # and a share of the edge's length
    arrow: bool = False


@dataclass
class Drawing:
    """What the frame items draw, in data coordinates and device pixels."""

    xy: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))
    radius: np.ndarray = field(default_factory=lambda: np.empty(0))  # px
    groups: list[EdgeGroup] = field(default_factory=list)
    labels: list[tuple[int, str, bool, bool]] = field(default_factory=list)  # i, text, bold, faded


class FrameItem(ViewFrameItem):
    """Painted in the view box's pixel frame, so pens, bends, arrowheads and text are sized in
    device pixels."""

    def __init__(self, viewbox: pg.ViewBox, z: float, scale: float = 1.0) -> None:
        super().__init__(viewbox, z)
        self.scale_factor = scale
        self.drawing = Drawing()

    def frame_points(self) -> tuple[np.ndarray, np.ndarray]:
        """The nodes in this item's pixel frame."""
        t = self._viewbox.childGroup.transform()
        x, y = self.drawing.xy[:, 0], self.drawing.xy[:, 1]
        return t.m11() * x + t.m21() * y + t.dx(), t.m12() * x + t.m22() * y + t.dy()


class EdgesItem(FrameItem):
    """Every edge, one QPainterPath per pen (a quadratic curve each, bent apart when two actors
    share several ties), with filled arrowheads stopping at the target's rim."""

    def paint(self, painter: QPainter, *args) -> None:
        d = self.drawing
        if not d.groups or not len(d.xy):
            return
        px, py = self.frame_points()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for group in d.groups:
            path, heads = QPainterPath(), QPainterPath()
            head = max(9.0 * self.scale_factor, 3.2 * group.pen.widthF())
            for s, t, bend, share in zip(group.source, group.target, group.bend,
                                         group.bend_share, strict=True):
                edge_path(path, heads if group.arrow else None, px[s], py[s], px[t], py[t],
                          bend * self.scale_factor, share, d.radius[t], head,
                          BULGE_CAP * self.scale_factor)
            painter.setPen(group.pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            if group.arrow and not heads.isEmpty():
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QBrush(group.pen.color()))
                painter.drawPath(heads)


def edge_path(path: QPainterPath, heads: QPainterPath | None, x0: float, y0: float, x1: float,
              y1: float, bend: float, share: float, radius: float, head: float,
              cap: float = BULGE_CAP) -> None:
    """One edge into `path`: a quadratic curve bent `bend` px plus `share` of its length to the
    left (that share's bulge at most `cap` px); with `heads`, an arrowhead whose tip touches
    the target's rim (radius px)."""
    dx, dy = x1 - x0, y1 - y0
    length = math.hypot(dx, dy)
    if length < 1.0:
        return
    nx_, ny_ = -dy / length, dx / length
    offset = bend + math.copysign(min(abs(share) * length, cap), share)
    cx, cy = (x0 + x1) / 2 + nx_ * offset, (y0 + y1) / 2 + ny_ * offset
    if heads is not None:
        tx, ty = x1 - cx, y1 - cy
        tl = math.hypot(tx, ty) or 1.0
        ux, uy = tx / tl, ty / tl
        tipx, tipy = x1 - ux * (radius + 1.5), y1 - uy * (radius + 1.5)
        basex, basey = tipx - ux * head, tipy - uy * head
        half = head * 0.42
        heads.moveTo(tipx, tipy)
        heads.lineTo(basex - uy * half, basey + ux * half)
        heads.lineTo(basex + uy * half, basey - ux * half)
        heads.closeSubpath()
        x1, y1 = basex + ux * head * 0.3, basey + uy * head * 0.3
    path.moveTo(x0, y0)
    if abs(offset) < 0.5:
        path.lineTo(x1, y1)
    else:
        path.quadTo(cx, cy, x1, y1)


class LabelsItem(FrameItem):
    """Node labels on halos beside their nodes, in priority order, never overlapping a node or
    another label (a label that finds no free spot is left out)."""

    def __init__(self, viewbox: pg.ViewBox, z: float, scale: float = 1.0) -> None:
        super().__init__(viewbox, z, scale)
        self.placed: list[str] = []  # the texts drawn in the last paint (tests)

    def paint(self, painter: QPainter, *args) -> None:
        d = self.drawing
        self.placed = []
        if not d.labels or not len(d.xy):
            return
        s = self.scale_factor
        px, py = self.frame_points()
        frame = QRectF(self._viewbox.rect())
        placer = LabelPlacer(frame, padding=1.5 * s)
        placer.block(np.column_stack([px - d.radius, py - d.radius, px + d.radius,
                                      py + d.radius]))
        regular, bold = style.font(11.5 * s), style.font(12.5 * s, bold=True)
        for i, text, strong, faded in d.labels:
            font = bold if strong else regular
            for spot in point_spots(px[i], py[i], text, font, d.radius[i] + 2 * s, rings=2):
                if placer.fits(spot.boxes):
                    placer.add(spot.boxes)
                    colour = LABEL_FADED if faded else LABEL
                    draw_halo_text(painter, spot.origin + spot.anchor, text, font, colour,
                                   3.0 * s)
                    self.placed.append(text)
                    break
