"""Rival blocs at once: the states in two or three rival powers' blocs on the map's date, each
shaded and outlined in the colour of its combination of blocs."""

from __future__ import annotations

from PySide6.QtGui import QPainter

from explorer.geo.lod import level_for_scale
from explorer.model.atlas_themes.overlap import COLOURS, overlaps
from explorer.model.session import Session
from explorer.render.basemap import CountryLayerItem
from explorer.render.context import MapContext, units_per_pixel
from explorer.render.highlight_territory import Territory
from explorer.render.themes.overlay import OverlayItem, shade

FILL_ALPHA = 110


class OverlapItem(OverlayItem):
    """Draws `overlaps(session)`, a part per combination of blocs ("russia+west")."""

    key = "overlap"

    def __init__(self, context: MapContext, session: Session,
                 countries: CountryLayerItem) -> None:
        super().__init__(context, session, countries)
        self.territories = {blocs: Territory(countries) for blocs in COLOURS}
        self.on_projection_changed()

    def _project(self) -> None:
        for territory in self.territories.values():
            territory.clear(projection=True)

    def _refresh(self) -> bool:
        found = overlaps(self.session)
        changed = False
        for blocs, territory in self.territories.items():
            isos = frozenset(s for s, held in found.items() if tuple(held) == blocs)
            changed |= isos != territory.isos
            territory.set_countries(isos)
        return changed

    def parts(self) -> list[str]:
        return ["+".join(blocs) for blocs, t in self.territories.items() if t.isos]

    def paint(self, painter: QPainter, *args) -> None:
        s = self._context.scale
        level = level_for_scale(units_per_pixel(painter))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for blocs, territory in self.territories.items():
            if not territory.isos or not self.shows("+".join(blocs)):
                continue
            shade(painter, territory, level, COLOURS[blocs], FILL_ALPHA, 1.6 * s)
