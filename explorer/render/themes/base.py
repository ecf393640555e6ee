"""What every theme item shares: the session it follows, its projection, hit-testing of points."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Collection, Iterator
from typing import ClassVar

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Signal
from PySide6.QtGui import QColor, QFont, QPainter

from explorer.analysis.links import Highlight
from explorer.model.features import FeatureRef
from explorer.model.session import Session
from explorer.model.theme_specs import theme
from explorer.render.basemap import CountryLayerItem, outline_rect
from explorer.render.context import MapContext
from explorer.render.label_spots import LabelCandidate, LabelSpot, brief, leader_spots, point_spots
from explorer.render.text import device_points
from explorer.render.themes.marks import Mark

NO_BOXES = np.empty((0, 4))
FAINT = 0.32  # the opacity of "history": what is not in force on the date


class ThemeItem(pg.GraphicsObject):
    """One atlas theme on the map.

    Geometry is projected once per projection (`_project`); a date or option change only
    recomputes which features are drawn (`_refresh`, cheap masks) and repaints if that changed.
    Features are `ids`, drawn in full where `drawn` and faintly where `faint` is set (a theme
    without them overrides `feature_ids` and `_narrowed`).
    """

    ids: np.ndarray
    drawn: np.ndarray
    faint: np.ndarray

    key: ClassVar[str]
    has_labels: ClassVar[bool] = True  # offers labels or symbols the label engine must avoid
    takes_countries: ClassVar[bool] = False  # built with the basemap's countries (shades some)
    sigChanged = Signal()  # what the item draws changed (the label engine redraws too)

    def __init__(self, context: MapContext, session: Session) -> None:
        super().__init__()
        self._context = context
        self.session = session
        self.projections = 0  # how often the geometry was projected (tests: not on date steps)

    @classmethod
    def create(cls, context: MapContext, session: Session,
               countries: CountryLayerItem) -> ThemeItem:
        """The theme's item on a map (`countries`: the basemap's, for a theme that shades them)."""
        if cls.takes_countries:
            return cls(context, session, countries)
        return cls(context, session)

    @functools.cached_property
    def feature_kind(self) -> str | None:
        """The kind of feature the theme draws (its spec's), in selections and highlights."""
        return theme(self.key).feature_kind

    def on_projection_changed(self) -> None:
        self.prepareGeometryChange()
        self.projections += 1
        self._project()
        self._refresh()
        self._changed()

    def refresh(self, *args: object) -> None:
        """Follow the session's date and options; repaint only if what is drawn changed."""
        if self._refresh():
            self._changed()

    def _changed(self) -> None:
        self.update()
        self.sigChanged.emit()

    def _project(self) -> None:
        """Project the theme's geometry for the current projection."""

    def _refresh(self) -> bool:
        """Recompute what is drawn on the session's date; True if it changed."""
        return False

    def boundingRect(self) -> QRectF:
        return outline_rect(self._context)

    def label_candidates(self, painter: QPainter, device: QRectF) -> list[LabelCandidate]:
        return []

    def label_obstacles(self, painter: QPainter) -> np.ndarray:
        return NO_BOXES

    def feature_at(self, x: float, y: float, tolerance: float) -> str | None:
        """The id of the drawn feature within tolerance map units of (x, y), nearest first."""
        return None

    # --- the selection's highlight (drawn by render.highlight.HighlightItem) ---------------
    def lit(self, state: Highlight, picked: frozenset[FeatureRef]) -> np.ndarray:
        """The rows of the features the selection lights (`state`: what it links; `picked`:
        the features selected themselves) that this theme draws now; none by default."""
        return np.empty(0, int)

    def paint_lit(self, painter: QPainter, rows: np.ndarray) -> None:
        """Draw lit features again, highlighted, under the highlight's rings (nothing by
        default)."""

    def lit_marks(self, painter: QPainter, rows: np.ndarray, picked: frozenset[FeatureRef],
                  device: QRectF) -> list[Mark]:
        """Rings around lit point features, in device pixels (none by default)."""
        return []

    def _drawn_rows(self, ids: Collection[str]) -> np.ndarray:
        """The rows of these features that the theme draws now (in full or faintly)."""
        if not ids or not self.isVisible() or self.opacity() <= 0:
            return np.empty(0, int)
        return np.flatnonzero(np.isin(self.ids, list(ids)) & (self.drawn | self.faint))

    # --- one feature at a time (an SVG export gives each feature a group of its own) --------
    def feature_ids(self, painter: QPainter) -> list[str]:
        """The ids of the features drawn now, in drawing order (faint ones first)."""
        return [str(i) for i in (*self.ids[self.faint], *self.ids[self.drawn])]

    def paint_features(self, painter: QPainter, ids: Collection[str]) -> None:
        """Paint only the features with these ids, as `paint` draws them."""
        with self._narrowed(frozenset(ids)):
            self.paint(painter)

    @contextlib.contextmanager
    def _narrowed(self, ids: frozenset[str]) -> Iterator[None]:
        """Draw only the features with these ids while inside (no signal: nothing changed)."""
        keep = np.isin(self.ids, list(ids))
        drawn, faint = self.drawn, self.faint
        self.drawn, self.faint = drawn & keep, faint & keep
        try:
            yield
        finally:
            self.drawn, self.faint = drawn, faint


class PointThemeItem(ThemeItem):
    """A theme of points (bases, places, events): lon/lat arrays, projected once, and masks of
    what is drawn in full (`drawn`) and faintly (`faint`)."""

    def __init__(self, context: MapContext, session: Session, ids: list[str],
                 lon: np.ndarray, lat: np.ndarray) -> None:
        super().__init__(context, session)
        self.ids = np.array(ids, dtype=object)
        self._lon, self._lat = np.asarray(lon, float), np.asarray(lat, float)
        self.drawn = np.zeros(len(ids), bool)
        self.faint = np.zeros(len(ids), bool)
        self.x = self.y = np.empty(0)
        self._finite = np.zeros(len(ids), bool)

    def _project(self) -> None:
        self.x, self.y = self._context.projection.forward(self._lon, self._lat)
        self._finite = np.isfinite(self.x) & np.isfinite(self.y)

    def _set_masks(self, drawn: np.ndarray, faint: np.ndarray) -> bool:
        drawn, faint = drawn & self._finite, faint & self._finite & ~drawn
        changed = not (np.array_equal(drawn, self.drawn) and np.array_equal(faint, self.faint))
        self.drawn, self.faint = drawn, faint
        return changed

    @property
    def drawn_ids(self) -> set[str]:
        return set(self.ids[self.drawn])

    def hit_mask(self) -> np.ndarray:
        return self.drawn | self.faint

    def feature_at(self, x: float, y: float, tolerance: float) -> str | None:
        candidates = np.flatnonzero(self.hit_mask())
        if not len(candidates):
            return None
        d2 = (self.x[candidates] - x) ** 2 + (self.y[candidates] - y) ** 2
        best = int(np.argmin(d2))
        return str(self.ids[candidates[best]]) if d2[best] <= tolerance**2 else None

    def device_xy(self, painter: QPainter, mask: np.ndarray, device: QRectF,
                  margin: float = 0.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(indices, x, y) in device pixels of the masked points inside the frame (+ margin)."""
        idx = np.flatnonzero(mask)
        dx, dy = device_points(painter, self.x[idx], self.y[idx])
        inside = ((dx >= device.left() - margin) & (dx <= device.right() + margin)
                  & (dy >= device.top() - margin) & (dy <= device.bottom() + margin))
        return idx[inside], dx[inside], dy[inside]


def marker_boxes(dx: np.ndarray, dy: np.ndarray, half: float) -> np.ndarray:
    """Square boxes around symbols, for the label engine to keep text off them."""
    return np.column_stack([dx - half, dy - half, dx + half, dy + half])


GAP = 2.5  # px at scale 1 between a symbol's edge and its label


def point_candidate(text: str, font: QFont, colour: QColor, priority: float, x: float, y: float,
                    half: float, scale: float, feature: str) -> LabelCandidate:
    """The label of a point symbol of half-size `half` at device (x, y): touching it at one of
    8 spots; if urgent and none is free, shortened ("K2") touching it, or a short way off with
    a leader line."""
    gap = half + GAP * scale

    def fallbacks() -> list[LabelSpot]:
        short = brief(text)
        spots = [] if short is None else list(point_spots(x, y, short, font, gap))
        for spot in spots:
            spot.text = short
        return spots + leader_spots(x, y, text, font, gap, half)

    return LabelCandidate(text, font, colour, priority, point_spots(x, y, text, font, gap),
                          2.5 * scale, feature=feature, symbol=np.array([x - half, y - half,
                                                                         x + half, y + half]),
                          leaders=fallbacks)
