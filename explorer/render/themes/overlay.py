"""What the overlay themes (the diff map, the way) share: built with the basemap's countries
(they shade some), no labels, and their parts named so that an SVG groups them."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from explorer.model.session import Session
from explorer.render.basemap import CountryLayerItem
from explorer.render.context import MapContext
from explorer.render.highlight_territory import Territory
from explorer.render.themes.base import ThemeItem


class OverlayItem(ThemeItem):
    """A theme drawn over the map from a query of the session; `parts()` names what it draws
    (`shows(part)` tells `paint` whether to draw one while an SVG asks for some only)."""

    has_labels = False
    takes_countries = True

    def __init__(self, context: MapContext, session: Session,
                 countries: CountryLayerItem) -> None:
        super().__init__(context, session)
        self.only: frozenset[str] | None = None  # paint only these parts

    def parts(self) -> list[str]:
        """The names of the parts drawn now, in drawing order."""
        return []

    def feature_ids(self, painter: QPainter) -> list[str]:
        return self.parts()

    def paint_features(self, painter: QPainter, ids: Collection[str]) -> None:
        self.only = frozenset(ids)
        try:
            self.paint(painter)
        finally:
            self.only = None

    def shows(self, part: str) -> bool:
        return self.only is None or part in self.only


def shade(painter: QPainter, territory: Territory, level: str, colour: str, alpha: int,
          outline: float | None = None) -> None:
    """Fill the territory at a level of detail in the colour at `alpha`, and stroke its outline
    in the plain colour `outline` px wide (None: no outline)."""
    fill, edge = territory.whole(level)
    filled = QColor(colour)
    filled.setAlpha(alpha)
    painter.fillPath(fill, filled)
    if outline is not None:
        painter.setPen(QPen(QColor(colour), outline))
        painter.drawPath(edge)


def polyline(x: np.ndarray, y: np.ndarray) -> QPainterPath:
    """A path through the points, broken where one is not finite (off the projection)."""
    path = QPainterPath()
    finite = np.isfinite(x) & np.isfinite(y)
    started = False
    for px, py, ok in zip(x, y, finite, strict=True):
        if not ok:
            started = False
        elif started:
            path.lineTo(float(px), float(py))
        else:
            path.moveTo(float(px), float(py))
            started = True
    return path
