"""What the overlay themes (the diff map, the way) share: built with the basemap's countries
(they shade some), no labels, and their parts named so that an SVG groups them."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
from PySide6.QtGui import QPainter, QPainterPath

from explorer.model.session import Session
from explorer.render.basemap import CountryLayerItem
from explorer.render.context import MapContext
from explorer.render.themes.base import ThemeItem


class OverlayItem(ThemeItem):
    """A theme drawn over the map from a query of the session; `parts()` names what it draws
    (`shows(part)` tells `paint` whether to draw one while an SVG asks for some only)."""

    has_labels = False

    @classmethod
    def create(cls, context: MapContext, session: Session,
               countries: CountryLayerItem) -> OverlayItem:
        return cls(context, session, countries)

    def __init__(self, context: MapContext, session: Session,
                 countries: CountryLayerItem) -> None:
        super().__init__(context, session)
        self.countries = countries
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
