"""The network's graphics items: draggable nodes, edges as one path per pen, and the labels,
placed by the map's label engine with the nodes as obstacles."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import Symbols
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QPainter, QPainterPath, QPen, QTransform

from explorer.render import style
from explorer.render.collision import OccupancyGrid, sample_segments
from explorer.render.label_spots import (
    LabelCandidate,
    LabelSpot,
    centred_spot,
    leader_spots,
    point_spots,
)
from explorer.render.labels import LABEL_PADDING, draw_label, place_labels
from explorer.render.network_style import LABEL, LABEL_FADED, LABEL_SIZE
from explorer.render.overlays import ViewFrameItem
from explorer.render.text import metrics
from explorer.render.themes.base import GAP, point_candidate

BULGE_CAP = 70.0  # px (at scale 1): the furthest a long bent edge strays from its chord
NODE_EDGE = 1.5  # px (at scale 1) a node's outline reaches beyond its radius
LEADER_REACH = 4  # text heights: the furthest a label that must be drawn hangs off its node


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
    kind: str = ""  # the relation type (or membership) its edges are


@dataclass(frozen=True)
class NodeLabel:
    """A node's label: the node's index, its actor id, text, placement priority (lower first;
    below labels.LEADER_BELOW it must be drawn, by a leader line if need be), bold, faded,
    and whether the selection lights the node (its label may lie over it, as its id)."""

    index: int
    actor: str
    text: str
    priority: float
    bold: bool = False
    faded: bool = False
    lit: bool = False


@dataclass
class Drawing:
    """What the frame items draw, in data coordinates and device pixels."""

    xy: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))
    radius: np.ndarray = field(default_factory=lambda: np.empty(0))  # px
    groups: list[EdgeGroup] = field(default_factory=list)
    labels: list[NodeLabel] = field(default_factory=list)


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
        self.paint_groups(painter, self.drawing.groups)

    def paint_groups(self, painter: QPainter, groups: list[EdgeGroup]) -> None:
        """Some of the drawing's edge groups (an SVG export paints each type on its own)."""
        d = self.drawing
        if not groups or not len(d.xy):
            return
        px, py = self.frame_points()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for group in groups:
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


def node_path(symbol: str, x: float, y: float, size: float) -> QPainterPath:
    """A node's shape as the scatter draws it: its symbol `size` px across, centred on (x, y)."""
    return QTransform.fromTranslate(x, y).scale(size, size).map(Symbols[symbol])


def edge_samples(d: Drawing, px: np.ndarray, py: np.ndarray, scale: float,
                 step: float) -> tuple[np.ndarray, np.ndarray]:
    """Points every `step` px along the drawn edges (each curve as four chords), for the
    label engine's lines: labels keep off the ties when they can."""
    if not d.groups:
        return np.empty(0), np.empty(0)
    s = np.concatenate([g.source for g in d.groups])
    t = np.concatenate([g.target for g in d.groups])
    bend = np.concatenate([g.bend for g in d.groups]) * scale
    share = np.concatenate([g.bend_share for g in d.groups])
    x0, y0, x1, y1 = px[s], py[s], px[t], py[t]
    length = np.maximum(np.hypot(x1 - x0, y1 - y0), 1e-9)
    offset = bend + np.sign(share) * np.minimum(np.abs(share) * length, BULGE_CAP * scale)
    cx = (x0 + x1) / 2 - (y1 - y0) / length * offset  # the control point, as edge_path's
    cy = (y0 + y1) / 2 + (x1 - x0) / length * offset
    u = np.linspace(0.0, 1.0, 5)[:, None]
    bx = (1 - u) ** 2 * x0 + 2 * u * (1 - u) * cx + u ** 2 * x1
    by = (1 - u) ** 2 * y0 + 2 * u * (1 - u) * cy + u ** 2 * y1
    return sample_segments(bx[:-1].ravel(), by[:-1].ravel(), bx[1:].ravel(), by[1:].ravel(),
                           step)


def node_candidate(label: NodeLabel, font: QFont, x: float, y: float, half: float,
                   scale: float) -> LabelCandidate:
    """A node's label as the map labels a point symbol of half-size `half` at (x, y): touching
    it; if it must be drawn and cannot, a short way off on a leader line, or as its actor id
    ("KGZ", as the map writes a country's ISO code where its name does not fit), touching it
    or on a leader line reaching up to LEADER_REACH text heights; a bold one's (lit, or a
    Central Asian state) id, last, over the node itself (a hub amid its ties has no room
    around it)."""
    candidate = point_candidate(label.text, font, LABEL_FADED if label.faded else LABEL,
                                label.priority, x, y, half, scale, label.actor)
    first = candidate.leaders
    gap, height = half + GAP * scale, metrics(font).height()
    texts = [label.text] + ([label.actor] if len(label.actor) < len(label.text) else [])

    def fallbacks() -> list[LabelSpot]:
        spots = list(first()) if first is not None else []
        for text in texts[1:]:  # the id, touching
            worded = list(point_spots(x, y, text, font, gap))
            for spot in worded:
                spot.text = text
            spots += worded
        for text in texts:  # further out
            for step in range(1, LEADER_REACH):
                further = leader_spots(x, y, text, font, gap + step * height, half)
                for spot in further:
                    spot.text = text
                spots += further
        if label.bold:  # lit, or a Central Asian state: named at any cost
            spot = centred_spot(x, y, texts[-1], font)
            spot.text = texts[-1]
            spots.append(spot)
        return spots

    candidate.leaders = fallbacks
    return candidate


class LabelsItem(FrameItem):
    """Node labels on halos touching their nodes, placed by the map's engine (labels.
    place_labels) by priority: none covers a node, the frame's `reserved` boxes (the legend)
    or another label; an urgent label that finds no free spot hangs off its node by a short
    leader line, another is left out; spots that cross no tie are preferred."""

    def __init__(self, viewbox: pg.ViewBox, z: float, scale: float = 1.0) -> None:
        super().__init__(viewbox, z, scale)
        self.placed: list[tuple[LabelCandidate, LabelSpot]] = []  # the last paint's (tests)
        # the frame's rectangles no label may cover (set by the view: its legend)
        self.reserved: Callable[[], list[QRectF]] | None = None

    def place(self) -> list[tuple[LabelCandidate, LabelSpot]]:
        """Where the labels go in the view box's frame as it now stands (candidates name
        their actor: `feature`)."""
        d, s = self.drawing, self.scale_factor
        if not d.labels or not len(d.xy):
            return []
        px, py = self.frame_points()
        half = d.radius + NODE_EDGE * s
        regular, bold = style.font(LABEL_SIZE * s), style.font((LABEL_SIZE + 1) * s, bold=True)
        candidates = [node_candidate(label, bold if label.bold else regular,
                                     float(px[label.index]), float(py[label.index]),
                                     float(half[label.index]), s) for label in d.labels]
        frame = QRectF(self._viewbox.rect())
        nodes = np.column_stack([px - half, py - half, px + half, py + half])
        reserved = np.array([(r.left(), r.top(), r.right(), r.bottom())
                             for r in (self.reserved() if self.reserved is not None else ())],
                            float).reshape(-1, 4)
        lines = OccupancyGrid(frame, 3 * s)
        lines.mark(*edge_samples(d, px, py, s, 2 * s))
        # The bold labels (lit nodes, then Central Asian states) first, each with its own node
        # no obstacle (its id may lie over it, last), then the rest, with every node and those
        # labels in the way.
        padding = LABEL_PADDING * s
        placed: list[tuple[LabelCandidate, LabelSpot]] = []

        def taken() -> list[np.ndarray]:
            return [spot.boxes + np.array([-1.0, -1.0, 1.0, 1.0]) * 2 * padding
                    for _, spot in placed]

        lit = [label.index for label in d.labels if label.lit]
        own = np.isin(np.arange(len(nodes)), lit)
        placed += place_labels(frame, [c for c, label in zip(candidates, d.labels, strict=True)
                                       if label.lit], [nodes[~own], reserved], padding, lines)
        for c, label in zip(candidates, d.labels, strict=True):
            if label.bold and not label.lit:
                others = np.arange(len(nodes)) != label.index
                placed += place_labels(frame, [c], [nodes[others], reserved, *taken()],
                                       padding, lines)
        rest = [c for c, label in zip(candidates, d.labels, strict=True) if not label.bold]
        return placed + place_labels(frame, rest, [nodes, reserved, *taken()], padding, lines)

    def paint(self, painter: QPainter, *args) -> None:
        self.placed = self.place()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for candidate, spot in self.placed:
            draw_label(painter, candidate, spot, self.scale_factor)
