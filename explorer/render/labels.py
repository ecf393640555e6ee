"""One label engine per map frame, fed by the country names, the atlas themes and the user's
layers: labels by priority, each touching its own feature, never overlapping."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QPainter, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem

from explorer.render import style
from explorer.render.basemap import outline_rect
from explorer.render.collision import LabelPlacer, OccupancyGrid, overlapping
from explorer.render.context import MapContext, device_frame, is_raster, zoom_key
from explorer.render.label_spots import BoxSpots, LabelCandidate, LabelSpot, rewording_cost
from explorer.render.text import draw_halo_text
from explorer.render.themes.cache import RasterCache

# Lower goes first. The selection and what it links to come before everything else; then the
# Central Asian states and Afghanistan (7: many spots, they keep off the symbols around them),
# the Central Asian capitals (8), the themes' bases (10), other capitals (30), ports, cities
# and crossings (35-45), routes (50), other countries (60+), bases no longer in force (90).
SELECTED = -100.0  # added to the priority of a label whose feature the selection lights
UNLIT_OPACITY = 0.55  # of the other labels while a selection is shown
LEADER_BELOW = 30.0  # a label this urgent may hang off its symbol by a leader line
ZONE = 3.0  # paddings round an urgent symbol that other labels avoid covering
LEADER_WIDTH = 0.9  # px at scale 1
LABEL_PADDING = 2.0  # px at scale 1 between two labels (a label may touch a symbol)
PAN_SETTLE_MS = 150  # after the last pan step, the labels are placed afresh


class LabelsItem(pg.GraphicsObject):
    """The top-most item: places the labels of every visible source, never overlapping.

    Country names (Natural Earth's label points and ranks) are one source; each atlas theme is
    another. The engine collects the candidates of the visible sources, blocks the areas their
    symbols cover, notes where lines run, sorts the candidates by priority and places each at
    its first free spot (one clear of lines if it has one).
    """

    def __init__(self, context: MapContext) -> None:
        super().__init__()
        self._context = context
        self.sources: list[QGraphicsItem] = []
        # the last frame's labels and map-to-device transform (tests, benchmarks)
        self.placed: list[tuple[LabelCandidate, LabelSpot]] = []
        self.transform = QTransform()
        # Labels are placed and drawn again only when a source or the view changes.
        self.cache = RasterCache()
        self._revision = 0
        # device frame -> (k, 4) boxes no label may cover (set by the scene for its overlays)
        self.reserved: Callable[[QRectF], np.ndarray] | None = None
        # the ids of the features the selection lights (set by the scene): labelled first
        self.lit: Callable[[], frozenset[str]] = frozenset
        # While the view pans, the last placement moves with the map and is placed afresh
        # once the view rests (as web maps do): a drag costs the drawing, not the placing.
        self._last: tuple[tuple, float, float] | None = None  # (zoom key, dx, dy) of .placed
        self._settle = QTimer()
        self._settle.setSingleShot(True)
        self._settle.setInterval(PAN_SETTLE_MS)
        self._settle.timeout.connect(self._on_settled)
        # each source's last offer: id -> (view, candidates, obstacles, line points)
        self._offers: dict[int, tuple] = {}
        self._slots: dict[int, Callable[..., None]] = {}

    def add_source(self, source: pg.GraphicsObject) -> None:
        """A source offers `label_candidates(painter, device)` and maybe `label_obstacles` and
        `label_lines`; what it offers is asked for again only when it signals a change or the
        view changes (a selection or another source's change reuses it)."""
        self.sources.append(source)
        changed = self._slots[id(source)] = lambda *args, source=source: self._changed(source)
        for signal in _changes(source):
            signal.connect(changed)

    def remove_source(self, source: pg.GraphicsObject) -> None:
        self.sources.remove(source)
        changed = self._slots.pop(id(source))
        for signal in _changes(source):
            signal.disconnect(changed)
        self._changed(source)

    def _changed(self, source: pg.GraphicsObject) -> None:
        self._offers.pop(id(source), None)
        self.invalidate()

    def invalidate(self) -> None:
        self._revision += 1
        self._last = None
        self.update()

    def _on_settled(self) -> None:
        self._last = None  # the next paint places the labels afresh
        self.update()

    def on_projection_changed(self) -> None:
        self.prepareGeometryChange()
        self._offers.clear()
        self.invalidate()

    def boundingRect(self) -> QRectF:
        return outline_rect(self._context)

    def paint(self, painter: QPainter, *args) -> None:
        self.cache.draw(self, painter, (self._revision, self._context.scale), self._paint_labels)

    def _paint_labels(self, painter: QPainter, area: QRectF | None = None) -> None:
        panned = self._panned(painter)
        if panned is None:
            self.placed = self.place(painter)
        else:
            self.placed = panned
            self._settle.start()
        t = painter.transform()
        self._last = (self._zoom_key(painter), t.dx(), t.dy())
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for candidate, spot in self.placed:
            draw_label(painter, candidate, spot, self._context.scale)
        painter.restore()

    def _zoom_key(self, painter: QPainter) -> tuple:
        frame = device_frame(self, painter)
        return (self._revision, *zoom_key(painter.transform()), round(frame.width()),
                round(frame.height()))

    def _panned(self, painter: QPainter) -> list[tuple[LabelCandidate, LabelSpot]] | None:
        """The last placement moved with the map, if this frame only pans the last one in an
        interactive view (an export always places afresh); labels that the move took out of
        the frame or under its furniture are left out until the view rests."""
        if self._context.one_shot or not is_raster(painter) or self._last is None:
            return None
        key, last_dx, last_dy = self._last
        if key != self._zoom_key(painter):
            return None
        t = painter.transform()
        self.transform = t
        dx, dy = t.dx() - last_dx, t.dy() - last_dy
        device = device_frame(self, painter)
        if not self.placed:
            return []
        boxes = np.vstack([spot.boxes for _, spot in self.placed]) + np.array([dx, dy, dx, dy])
        owner = np.repeat(np.arange(len(self.placed)), [len(s.boxes) for _, s in self.placed])
        bad = ~((boxes[:, 0] >= device.left()) & (boxes[:, 2] <= device.right())
                & (boxes[:, 1] >= device.top()) & (boxes[:, 3] <= device.bottom()))
        if self.reserved is not None:  # as placing blocks it: a label may touch it
            padding = LABEL_PADDING * self._context.scale
            f = (np.asarray(self.reserved(device), float).reshape(-1, 4)
                 + np.array([1.0, 1.0, -1.0, -1.0]) * padding)
            bad |= overlapping(boxes, f).any(axis=1)
        dropped = set(owner[bad].tolist())
        return [(candidate, shifted(spot, dx, dy))
                for k, (candidate, spot) in enumerate(self.placed) if k not in dropped]

    def place(self, painter: QPainter) -> list[tuple[LabelCandidate, LabelSpot]]:
        """The labels of this frame and where they go (the painter's transform is the map's)."""
        device = device_frame(self, painter)
        self.transform = t = painter.transform()
        view = (device.getRect(), self._context.scale, *zoom_key(t), round(t.dx(), 3),
                round(t.dy(), 3))
        shown = [s for s in self.sources if s.isVisible() and s.opacity() > 0]
        offers = [self._offer(source, painter, device, view) for source in shown]
        obstacles = [boxes for _, boxes, _ in offers]
        if self.reserved is not None:  # the frame's own furniture: scale bar, attribution
            obstacles.append(self.reserved(device))
        lines = OccupancyGrid(device, 3 * self._context.scale)
        for _, _, points in offers:
            if points is not None:
                lines.mark(*points)
        lit = self.lit()
        candidates: list[LabelCandidate] = []
        for source, (offered, _, _) in zip(shown, offers, strict=True):
            for found in offered:
                candidate = replace(found, opacity=found.opacity * source.opacity())
                if candidate.feature in lit:
                    candidate.priority += SELECTED
                elif lit:  # faint, as the veil fades their symbols: the selection stands out
                    candidate.opacity *= UNLIT_OPACITY
                candidates.append(candidate)
        return place_labels(device, candidates, obstacles, LABEL_PADDING * self._context.scale,
                            lines)

    def _offer(self, source: pg.GraphicsObject, painter: QPainter, device: QRectF,
               view: tuple) -> tuple[list[LabelCandidate], np.ndarray, tuple | None]:
        """A source's candidates, obstacles and line points for this view: its last ones if
        neither it nor the view changed since (the engine copies what it adjusts)."""
        last = self._offers.get(id(source))
        if last is not None and last[0] == view:
            return last[1]
        offer = (source.label_candidates(painter, device),
                 source.label_obstacles(painter) if hasattr(source, "label_obstacles")
                 else np.empty((0, 4)),
                 source.label_lines(painter, device) if hasattr(source, "label_lines") else None)
        self._offers[id(source)] = (view, offer)
        return offer


def shifted(spot: LabelSpot, dx: float, dy: float) -> LabelSpot:
    """A spot moved by (dx, dy) device pixels, leader line and all."""
    leader = spot.leader
    return replace(spot, origin=spot.origin + QPointF(dx, dy),
                   boxes=spot.boxes + np.array([dx, dy, dx, dy]),
                   leader=None if leader is None else (leader[0] + dx, leader[1] + dy,
                                                       leader[2] + dx, leader[3] + dy))


def draw_label(painter: QPainter, candidate: LabelCandidate, spot: LabelSpot,
               scale: float) -> None:
    """One placed label in device pixels: its leader line, if any, then the haloed text."""
    painter.setOpacity(candidate.opacity)
    if spot.leader is not None:
        line = QLineF(*spot.leader)
        for colour, width in ((style.HALO, LEADER_WIDTH + 2.0), (candidate.colour, LEADER_WIDTH)):
            painter.setPen(QPen(colour, width * scale, Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.RoundCap))
            painter.drawLine(line)
    painter.save()
    painter.translate(spot.origin)
    if spot.angle:
        painter.rotate(spot.angle)
    draw_halo_text(painter, spot.anchor, spot.text or candidate.text,
                   spot.font or candidate.font, candidate.colour, candidate.halo)
    painter.restore()


def _changes(source: pg.GraphicsObject) -> list:
    """The signals of a label source that call for placing the labels again."""
    changed = getattr(source, "sigChanged", None)
    return [source.visibleChanged, source.opacityChanged] + ([] if changed is None else [changed])


def place_labels(device: QRectF, candidates: list[LabelCandidate],
                 obstacles: Iterable[np.ndarray], padding: float,
                 lines: OccupancyGrid | None = None) -> list[tuple[LabelCandidate, LabelSpot]]:
    """Greedy placement by priority (stable): each label at its first free spot that crosses no
    line, else its first free spot; an urgent label (priority below LEADER_BELOW) with no free
    spot hangs off its symbol by a leader line if it can; else it is not drawn."""
    placer = LabelPlacer(device, padding=padding)
    for boxes in obstacles:
        if len(boxes):  # symbols: a label may touch one, but the padding is between labels
            placer.block(np.asarray(boxes) + np.array([1.0, 1.0, -1.0, -1.0]) * padding)
    ordered = sorted(candidates, key=lambda c: c.priority)
    crowding = Crowding(ordered, placer, padding)
    placed = []
    for owner, candidate in enumerate(ordered):
        chosen = _best_free(placer, candidate, candidate.spots, lines, crowding, owner)
        if (chosen is None and candidate.leaders is not None
                and candidate.priority < LEADER_BELOW):
            chosen = _best_free(placer, candidate, candidate.leaders(), lines, crowding, owner)
        if chosen is not None:
            placer.add(chosen.boxes)
            placed.append((candidate, chosen))
    return placed


class Crowding:
    """The room the urgent labels (those that may take a leader line) need beside their point
    symbols: the symbol's surroundings and its preferred spot among those no symbol covers. A
    spot that takes another's room costs, so that, say, K2's name leaves room beside
    Dushanbe's star for Dushanbe's, and "Tajikistan" keeps off both (PAL's candidate costs)."""

    def __init__(self, candidates: list[LabelCandidate], placer: LabelPlacer,
                 padding: float) -> None:
        around = np.array([-1.0, -1.0, 1.0, 1.0]) * ZONE * padding
        apart = np.array([-1.0, -1.0, 1.0, 1.0]) * 2 * padding  # as far as labels keep apart
        urgent = [(k, c) for k, c in enumerate(candidates)
                  if c.symbol is not None and c.priority < LEADER_BELOW
                  and isinstance(c.spots, BoxSpots) and len(c.spots)]
        self.owners = np.array([k for k, _ in urgent], int)
        zones = []
        if urgent:  # every urgent label's spots tested against the symbols at once
            free = placer.free_each(np.vstack([c.spots.boxes for _, c in urgent]))
            starts = np.cumsum([0, *(len(c.spots) for _, c in urgent)])
            for (_, c), start, end in zip(urgent, starts[:-1], starts[1:], strict=True):
                # two boxes a label: its symbol widened, and its first spot clear of symbols
                first = np.flatnonzero(free[start:end])
                zones += [c.symbol + around, c.spots.boxes[first[0] if len(first) else 0]
                          + apart]
        self.zones = np.array(zones, float).reshape(-1, 4)

    def matters(self, owner: int) -> bool:
        """Whether a label placed now can take the room of an urgent one still to come."""
        return bool(len(self.owners)) and owner < self.owners[-1]

    def cost(self, boxes: np.ndarray, owner: int) -> np.ndarray:
        """For each box, how many urgent labels still to come it takes the room of."""
        z = self.zones
        taken = overlapping(boxes, z).reshape(len(boxes), -1, 2).any(axis=2)
        return (taken & (self.owners > owner)[None, :]).sum(axis=1)


def _best_free(placer: LabelPlacer, candidate: LabelCandidate, spots,
               lines: OccupancyGrid | None, crowding: Crowding, owner: int) -> LabelSpot | None:
    """The free spot that crowds other urgent symbols least (a resized or shortened wording
    costing RESIZED or SHORTENED of a symbol); among those, the ones that word the label as
    the first of them does (a name is not shortened to keep off a line), the first that
    crosses no line, else the first; None if none is free."""
    name, font = candidate.text, candidate.font
    if isinstance(spots, BoxSpots):  # a box a spot, the spots built as needed
        free = np.flatnonzero(placer.free_each(spots.boxes))
        wording, boxes_of = spots.wording, lambda k: spots.boxes[k:k + 1]
        crowded = (crowding.cost(spots.boxes[free], owner)
                   if len(free) > 1 and crowding.matters(owner) else None)
    else:
        free = np.flatnonzero(placer.free([spot.boxes for spot in spots])) if spots else []
        wording = lambda k: (spots[k].text, spots[k].font)  # noqa: E731
        boxes_of = lambda k: spots[k].boxes  # noqa: E731
        crowded = (np.array([crowding.cost(spots[k].boxes, owner).max() for k in free])
                   if len(free) > 1 and crowding.matters(owner) else None)
    if not len(free):
        return None
    if crowded is not None:  # a shorter wording costs too: a name leaves room, not its words
        cost = crowded + (spots.rewording[free] if isinstance(spots, BoxSpots) else
                          np.array([rewording_cost(*wording(k), name, font) for k in free]))
        free = free[cost == cost.min()]
    first = wording(free[0])
    for k in free:
        if wording(k) != first:
            break
        if lines is None or not lines.hits(boxes_of(k)):
            return spots[k]
    return spots[free[0]]


