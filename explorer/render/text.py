"""Text in device pixels: halos, measuring, label spots, and placement without overlaps."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

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
from explorer.render.lazy_sequence import LazySequence


def device_points(painter: QPainter, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, ...]:
    """Map-unit points to device pixels under the painter's transform, vectorized."""
    t = painter.transform()
    return (t.m11() * x + t.m21() * y + t.dx(), t.m12() * x + t.m22() * y + t.dy())


def overlapping(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """(n, m): whether each of n (x0, y0, x1, y1) boxes overlaps each of m others (touching
    is not overlapping)."""
    a, b = boxes[:, None, :], others[None, :, :]
    return ((b[..., 0] < a[..., 2]) & (b[..., 2] > a[..., 0]) & (b[..., 1] < a[..., 3])
            & (b[..., 3] > a[..., 1]))


class LabelPlacer:
    """Accepts label rectangles one by one, refusing any that would overlap an earlier one."""

    def __init__(self, bounds: QRectF, padding: float = 2.0) -> None:
        self._bounds = (bounds.left(), bounds.top(), bounds.right(), bounds.bottom())
        self._padding = padding
        self._buffer = np.empty((256, 4))  # placed and blocked boxes, grown by doubling
        self._count = 0

    @property
    def _rects(self) -> np.ndarray:
        return self._buffer[:self._count]

    def try_place(self, rect: QRectF) -> bool:
        return self.try_place_boxes(np.array([[rect.left(), rect.top(), rect.right(),
                                               rect.bottom()]]))

    def try_place_boxes(self, boxes: np.ndarray) -> bool:
        """Place a label made of several (k, 4) boxes (x0, y0, x1, y1): all of them or none."""
        if not self.fits(boxes):
            return False
        self.add(boxes)
        return True

    def fits(self, boxes: np.ndarray) -> bool:
        """Whether the boxes lie inside the bounds and clear of everything placed so far."""
        return bool(self.free([np.asarray(boxes, float).reshape(-1, 4)])[0])

    def free(self, spots: list[np.ndarray]) -> np.ndarray:
        """For each of several labels' (k, 4) boxes, whether they all lie inside the bounds and
        clear of everything placed so far (padded): one array sum for all of them."""
        sizes = [len(b) for b in spots]
        clear = self.free_each(np.concatenate(spots))
        # a label is free when all its boxes are
        return np.logical_and.reduceat(clear, np.cumsum([0, *sizes[:-1]]))

    def free_each(self, boxes: np.ndarray) -> np.ndarray:
        """For each (x0, y0, x1, y1) box, whether it lies inside the bounds and clear of
        everything placed so far (padded)."""
        boxes = np.asarray(boxes, float).reshape(-1, 4)
        left, top, right, bottom = self._bounds
        inside = ((boxes[:, 0] >= left) & (boxes[:, 2] <= right)
                  & (boxes[:, 1] >= top) & (boxes[:, 3] <= bottom))
        if not self._count or not inside.any():
            return inside
        p = boxes + np.array([-1.0, -1.0, 1.0, 1.0]) * self._padding
        r = self._rects
        # only what touches the spots' joint extent can block one: test those few pairwise
        lo, hi = p.min(axis=0), p.max(axis=0)
        r = r[(r[:, 0] < hi[2]) & (r[:, 2] > lo[0]) & (r[:, 1] < hi[3]) & (r[:, 3] > lo[1])]
        if len(r):
            inside &= ~overlapping(p, r).any(axis=1)
        return inside

    def add(self, boxes: np.ndarray) -> None:
        padded = np.asarray(boxes, float).reshape(-1, 4) + np.array([-1.0, -1.0, 1.0, 1.0]) * (
            self._padding)
        self.block(padded)

    def block(self, boxes: np.ndarray) -> None:
        """Reserve areas (symbols) that later labels must avoid, without checking them."""
        boxes = np.asarray(boxes, float).reshape(-1, 4)
        end = self._count + len(boxes)
        if end > len(self._buffer):
            grown = np.empty((max(end, 2 * len(self._buffer)), 4))
            grown[:self._count] = self._rects
            self._buffer = grown
        self._buffer[self._count:end] = boxes
        self._count = end


class OccupancyGrid:
    """Cells of the frame that lines run through: labels avoid them when they can. Boxes are
    tested through a summed-area table, all at once."""

    def __init__(self, bounds: QRectF, cell: float = 3.0) -> None:
        self._left, self._top, self._cell = bounds.left(), bounds.top(), cell
        self._cells = np.zeros((max(1, int(bounds.height() / cell) + 1),
                                max(1, int(bounds.width() / cell) + 1)), bool)
        self._sums: np.ndarray | None = None

    def mark(self, x: np.ndarray, y: np.ndarray) -> None:
        """Mark the cells of points (lines sampled finer than a cell)."""
        col = ((np.asarray(x) - self._left) / self._cell).astype(int)
        row = ((np.asarray(y) - self._top) / self._cell).astype(int)
        h, w = self._cells.shape
        keep = (col >= 0) & (col < w) & (row >= 0) & (row < h)
        self._cells[row[keep], col[keep]] = True
        self._sums = None

    def _table(self) -> np.ndarray:
        if self._sums is None:
            self._sums = np.zeros((self._cells.shape[0] + 1, self._cells.shape[1] + 1), np.int32)
            self._sums[1:, 1:] = self._cells.cumsum(0, dtype=np.int32).cumsum(1)
        return self._sums

    def hits_each(self, boxes: np.ndarray) -> np.ndarray:
        """For each (x0, y0, x1, y1) box, whether it covers a marked cell."""
        s, (h, w) = self._table(), self._cells.shape
        b = np.asarray(boxes, float).reshape(-1, 4)
        step = np.array([0, 1])  # a box's far edge reaches into the next cell
        cols = ((b[:, [0, 2]] - self._left) / self._cell).astype(int) + step
        rows = ((b[:, [1, 3]] - self._top) / self._cell).astype(int) + step
        (c0, c1), (r0, r1) = np.minimum(np.maximum(cols, 0), w).T, np.minimum(
            np.maximum(rows, 0), h).T
        return (s[r1, c1] - s[r0, c1] - s[r1, c0] + s[r0, c0]) > 0

    def hits(self, boxes: np.ndarray) -> bool:
        """Whether any of the (k, 4) boxes covers a marked cell (a few boxes: scalar maths is
        quicker than arrays)."""
        s, (h, w) = self._table(), self._cells.shape
        for x0, y0, x1, y1 in np.asarray(boxes, float).reshape(-1, 4).tolist():
            c0 = min(w, max(0, int((x0 - self._left) / self._cell)))
            c1 = min(w, max(0, int((x1 - self._left) / self._cell) + 1))
            r0 = min(h, max(0, int((y0 - self._top) / self._cell)))
            r1 = min(h, max(0, int((y1 - self._top) / self._cell) + 1))
            if s[r1, c1] - s[r0, c1] - s[r1, c0] + s[r0, c0]:
                return True
        return False


def sample_segments(x0: np.ndarray, y0: np.ndarray, x1: np.ndarray, y1: np.ndarray,
                    step: float) -> tuple[np.ndarray, np.ndarray]:
    """Points every `step` pixels along many segments at once (for an OccupancyGrid)."""
    length = np.hypot(x1 - x0, y1 - y0)
    counts = np.clip(np.ceil(length / step).astype(int), 1, 10_000) + 1
    seg = np.repeat(np.arange(len(x0)), counts)
    starts = np.cumsum(counts) - counts
    t = (np.arange(counts.sum()) - starts[seg]) / (counts[seg] - 1)
    return x0[seg] + t * (x1 - x0)[seg], y0[seg] + t * (y1 - y0)[seg]


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
    """The bounding box of text centred on a point, and the baseline anchor to draw it at."""
    m = metrics(font)
    width = text_width(text, font)
    height = m.ascent() + m.descent()
    rect = QRectF(center.x() - width / 2, center.y() - height / 2, width, height)
    return rect, QPointF(rect.left(), rect.top() + m.ascent())


@dataclass
class LabelSpot:
    """One place a label may go: the text's baseline start `anchor`, relative to `origin` and
    turned by `angle` degrees about it, and the device boxes (x0, y0, x1, y1) it covers.

    A spot may say the label another way (`text`, `font`: a smaller size, two lines, a short
    name) and may hang off its symbol by a `leader` line (x0, y0, x1, y1: symbol to text)."""

    origin: QPointF
    anchor: QPointF
    boxes: np.ndarray
    angle: float = 0.0
    text: str | None = None
    font: QFont | None = None
    leader: tuple[float, float, float, float] | None = None


@dataclass
class LabelCandidate:
    """A label that wants to be drawn, at the first of its spots that is free.

    `feature` is the id of what it names (an actor id for a country, an atlas record id, a user
    layer's "layer:row"); `symbol` the device box of a point's symbol, which every spot touches;
    `leaders`, if given, makes spots further out with a leader line, for a label that must be
    drawn when none of its spots is free."""

    text: str
    font: QFont
    colour: QColor
    priority: float
    spots: Sequence[LabelSpot]
    halo: float = 2.5
    opacity: float = field(default=1.0)
    feature: str | None = None
    kind: str = "point"  # "point", "area" (inside a polygon) or "line" (along one)
    symbol: np.ndarray | None = None
    leaders: Callable[[], Sequence[LabelSpot]] | None = None


def centred_spot(x: float, y: float, text: str, font: QFont, dy: float = 0.0) -> LabelSpot:
    """Text centred on a point (shifted down by dy pixels); lines ("\n") stacked."""
    width, height = text_size(text, font)
    top = y + dy - height / 2
    box = np.array([[x - width / 2, top, x + width / 2, top + height]])
    return LabelSpot(QPointF(x, y + dy), QPointF(-width / 2, -height / 2 + metrics(font).ascent()),
                     box)


# What writing a label otherwise costs when labels leave each other room, against crowding an
# urgent symbol (1): the same name smaller or on two lines, or a code or short form.
RESIZED, SHORTENED = 0.6, 1.8


def rewording_cost(text: str | None, font: QFont | None, name: str, own: QFont) -> float:
    """What writing a label `name` (in `own`) as `text` in `font` costs: nothing for its own
    words, RESIZED for the same name smaller or on two lines, SHORTENED for another text."""
    if text is None or (text == name and (font is None or font == own)):
        return 0.0
    return RESIZED if text.replace("\n", " ") == name else SHORTENED


class PointSpots(LazySequence[LabelSpot]):
    """Spots given as one box each, built when asked for: a label tests all their boxes at
    once (`boxes`) and is drawn at one of them. `ways`, if given, words the label at each
    spot: (text, font, ascent) per box, the text stacked and centred in its box; `rewording`
    then says what each box's wording costs (see RESIZED, SHORTENED)."""

    def __init__(self, boxes: np.ndarray, ascent: float,
                 ways: list[tuple[str, QFont, float]] | None = None,
                 rewording: np.ndarray | None = None) -> None:
        self.boxes = boxes
        self._ascent = ascent
        self._ways = ways
        self.rewording = np.zeros(len(boxes)) if rewording is None else rewording

    def __len__(self) -> int:
        return len(self.boxes)

    def wording(self, k: int) -> tuple[str | None, QFont | None]:
        """How the label is worded at spot k: (None, None) for the label's own words."""
        return (None, None) if self._ways is None else self._ways[k][:2]

    def _item(self, k: int) -> LabelSpot:
        left, top = float(self.boxes[k, 0]), float(self.boxes[k, 1])
        if self._ways is None:
            return LabelSpot(QPointF(left, top + self._ascent), QPointF(0, 0),
                             self.boxes[k:k + 1])
        text, font, ascent = self._ways[k]
        return LabelSpot(QPointF(left, top + ascent), QPointF(0, 0), self.boxes[k:k + 1],
                         text=text, font=font)


def _ring(x: float, y: float, width: float, height: float, g: float) -> np.ndarray:
    """The 8 boxes of a text of that size around a point, `g` pixels off it, in the
    cartographer's order: right, upper right, lower right, left, upper left, lower left,
    above, below."""
    d = g * 0.75  # diagonal positions: the text's corner near the symbol's corner
    right, left, middle = x + g, x - g - width, y - height / 2
    corners = [(right, middle), (x + d, y - d - height), (x + d, y + d), (left, middle),
               (x - d - width, y - d - height), (x - d - width, y + d),
               (x - width / 2, y - g - height), (x - width / 2, y + g)]
    return np.array([(lf, top, lf + width, top + height) for lf, top in corners])


def point_spots(x: float, y: float, text: str, font: QFont, gap: float) -> PointSpots:
    """Text touching a symbol of half-size `gap` (gap included), at the 8 positions of
    `_ring`."""
    m, width = metrics(font), text_width(text, font)
    return PointSpots(_ring(x, y, width, m.ascent() + m.descent(), gap), m.ascent())


def brief(text: str) -> str | None:
    """"K2 (Karshi-Khanabad)" -> "K2": the part before a note in brackets, if there is one."""
    head = text.split(" (")[0].strip()
    return head if head and head != text else None


LEADER_STEPS = (0.8,)  # text heights beyond the touching ring: how far a leader reaches


_ALONG = np.array([0.35, 0.6, 0.85])  # where along a leader its path is kept clear


def leader_spots(x: float, y: float, text: str, font: QFont, gap: float,
                 symbol_half: float) -> list[LabelSpot]:
    """Text a short way off a symbol (see LEADER_STEPS), each spot with a leader line from the
    symbol's edge to the text's nearest point: for a label that must be drawn."""
    m, width = metrics(font), text_width(text, font)
    height = m.ascent() + m.descent()
    spots = []
    for step in LEADER_STEPS:
        boxes = _ring(x, y, width, height, gap + step * height)
        ex, ey = np.clip(x, boxes[:, 0], boxes[:, 2]), np.clip(y, boxes[:, 1], boxes[:, 3])
        reach = np.hypot(ex - x, ey - y) / symbol_half
        sx, sy = x + (ex - x) / reach, y + (ey - y) / reach
        # the leader's own path must be clear too: small boxes along its outer part
        ax = sx[:, None] + _ALONG * (ex - sx)[:, None]
        ay = sy[:, None] + _ALONG * (ey - sy)[:, None]
        lead = np.stack([ax - 1.0, ay - 1.0, ax + 1.0, ay + 1.0], axis=-1)
        spots += [LabelSpot(QPointF(boxes[k, 0], boxes[k, 1] + m.ascent()), QPointF(0, 0),
                            np.vstack([boxes[k:k + 1], lead[k]]),
                            leader=(float(sx[k]), float(sy[k]), float(ex[k]), float(ey[k])))
                  for k in range(len(boxes))]
    return spots


def line_spot(x0: float, y0: float, x1: float, y1: float, text: str, font: QFont,
              offset: float) -> LabelSpot | None:
    """Text along a segment, centred on it and set off by `offset` px; None if it does not fit."""
    length = math.hypot(x1 - x0, y1 - y0)
    width = text_width(text, font)
    if width > 0.9 * length:
        return None
    m = metrics(font)
    height = m.ascent() + m.descent()
    angle = math.degrees(math.atan2(y1 - y0, x1 - x0))
    if angle > 90 or angle <= -90:
        angle -= math.copysign(180.0, angle)
    ux, uy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    nx, ny = uy, -ux  # "up" of the turned text
    cx = (x0 + x1) / 2 + nx * (offset + height / 2)
    cy = (y0 + y1) / 2 + ny * (offset + height / 2)
    pieces = max(1, math.ceil(width / height))
    t = (np.arange(pieces) + 0.5) / pieces * width - width / 2
    px, py = cx + t * ux, cy + t * uy
    half = height / 2
    boxes = np.column_stack([px - half, py - half, px + half, py + half])
    return LabelSpot(QPointF(cx, cy), QPointF(-width / 2, -height / 2 + m.ascent()), boxes, angle)
