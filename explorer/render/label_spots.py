"""Label candidates and their spots: beside a symbol, on a leader line, along a line, or centred,
and what wording a label otherwise costs."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFont

from explorer.render.lazy_sequence import LazySequence
from explorer.render.text import centred_text_rect, metrics, text_width


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
    origin = QPointF(x, y + dy)
    rect, anchor = centred_text_rect(origin, text, font)
    return LabelSpot(origin, anchor - origin, np.array([rect.getCoords()]))


# What writing a label otherwise costs when labels leave each other room, against crowding an
# urgent symbol (1): the same name smaller or on two lines, or a code or short form.
RESIZED, SHORTENED = 0.6, 1.8


def rewording_cost(text: str | None, font: QFont | None, name: str, own: QFont) -> float:
    """What writing a label `name` (in `own`) as `text` in `font` costs: nothing for its own
    words, RESIZED for the same name smaller or on two lines, SHORTENED for another text."""
    if text is None or (text == name and (font is None or font == own)):
        return 0.0
    return RESIZED if text.replace("\n", " ") == name else SHORTENED


class BoxSpots(LazySequence[LabelSpot]):
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


def point_spots(x: float, y: float, text: str, font: QFont, gap: float) -> BoxSpots:
    """Text touching a symbol of half-size `gap` (gap included), at the 8 positions of
    `_ring`."""
    m, width = metrics(font), text_width(text, font)
    return BoxSpots(_ring(x, y, width, m.ascent() + m.descent(), gap), m.ascent())


def brief(text: str) -> str | None:
    """"K2 (Karshi-Khanabad)" -> "K2": the part before a note in brackets, if there is one."""
    head = text.split(" (")[0].strip()
    return head if head and head != text else None


LEADER_STEPS = (0.8, 1.8)  # text heights beyond the touching ring: how far a leader reaches


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
