"""Events of the last `event_window_days`: a ring at their place, fading as they age."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter

from explorer.analysis.links import Highlight
from explorer.model.features import FeatureRef
from explorer.model.session import Session
from explorer.render.context import MapContext, device_frame
from explorer.render.model_signals import follow
from explorer.render.text import device_points
from explorer.render.themes import symbols
from explorer.render.themes.base import PointThemeItem
from explorer.render.themes.marks import Mark

OLDEST_ALPHA = 0.35  # an event at the far end of the window
EXTRA_RADIUS = 2.0  # px per further event at the same place (up to three)


class EventsItem(PointThemeItem):
    """One ring per place with recent events; events without a place are not on the map."""

    key = "events"
    has_labels = False

    def __init__(self, context: MapContext, session: Session) -> None:
        atlas = session.atlas
        records = [e for e in atlas.events.values()
                   if e.place is not None and e.place in atlas.places]
        places = [atlas.places[e.place] for e in records]
        super().__init__(context, session, [e.id for e in records],
                         np.array([p.lon for p in places]), np.array([p.lat for p in places]))
        self._days = np.array([e.date.first_day.toordinal() for e in records], dtype=np.int64)
        _, self._place = np.unique(np.array([e.place for e in records], dtype=object),
                                   return_inverse=True)
        self._rings: list[tuple[int, int, float]] = []  # (event index, count, alpha)
        follow(self, session.themes.events.event_window_days, self.refresh)
        self.on_projection_changed()

    def _refresh(self) -> bool:
        day = self.session.date.toordinal()
        window = self.session.themes.event_window_days
        age = day - self._days
        recent = (age >= 0) & (age < window)
        changed = self._set_masks(recent, np.zeros_like(recent))
        rings = []
        idx = np.flatnonzero(self.drawn)
        if len(idx):
            newest_first = idx[np.argsort(age[idx], kind="stable")]
            _, first, counts = np.unique(self._place[newest_first], return_index=True,
                                         return_counts=True)
            for k, count in zip(first, counts, strict=True):
                i = int(newest_first[k])
                alpha = 1.0 - (1.0 - OLDEST_ALPHA) * age[i] / window
                rings.append((i, int(count), round(float(alpha), 2)))
        changed |= rings != self._rings
        self._rings = rings
        return changed

    def lit(self, state: Highlight, picked: frozenset[FeatureRef]) -> np.ndarray:
        """The events selected themselves (an event links no other feature's ring)."""
        return self._drawn_rows({f.id for f in picked if f.kind == self.feature_kind})

    def lit_marks(self, painter: QPainter, rows: np.ndarray, picked: frozenset[FeatureRef],
                  device: QRectF) -> list[Mark]:
        radius = (symbols.EVENT_RADIUS + 5) * self._context.scale
        return [Mark(QPointF(x, y), radius)
                for x, y in zip(*device_points(painter, self.x[rows], self.y[rows]), strict=True)]

    def feature_at(self, x: float, y: float, tolerance: float) -> str | None:
        """The newest event at the nearest ringed place within tolerance."""
        hit = super().feature_at(x, y, tolerance)
        if hit is None:
            return None
        place = self._place[int(np.flatnonzero(self.ids == hit)[0])]
        for i, _, _ in self._rings:
            if self._place[i] == place:
                return str(self.ids[i])
        return hit

    def feature_ids(self, painter: QPainter) -> list[str]:
        return [str(self.ids[i]) for i, _, _ in self._rings]

    @contextlib.contextmanager
    def _narrowed(self, ids: frozenset[str]) -> Iterator[None]:
        rings = self._rings  # what paint draws: a ring a place
        self._rings = [ring for ring in rings if self.ids[ring[0]] in ids]
        try:
            yield
        finally:
            self._rings = rings

    def _radius(self, count: int) -> float:
        return (symbols.EVENT_RADIUS + EXTRA_RADIUS * min(count - 1, 3)) * self._context.scale

    def paint(self, painter: QPainter, *args) -> None:
        if not self._rings:
            return
        mask = np.zeros(len(self.ids), bool)
        mask[[i for i, _, _ in self._rings]] = True
        idx, dx, dy = self.device_xy(painter, mask, device_frame(self, painter), 30)
        rings = {i: (count, alpha) for i, count, alpha in self._rings}
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for i, x, y in zip(idx, dx, dy, strict=True):
            count, alpha = rings[int(i)]
            symbols.draw_event_ring(painter, QPointF(x, y), self._radius(count), alpha,
                                    self._context.scale)
        painter.restore()

