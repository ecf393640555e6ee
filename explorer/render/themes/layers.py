"""The theme items of one map, kept in step with the session: date, order, visibility, options."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg

from explorer.model.features import FeatureRef
from explorer.model.session import Session
from explorer.model.theme_specs import theme
from explorer.model.theme_specs import themes as all_themes
from explorer.model.themes import ThemeLayer
from explorer.render.basemap import CountryLayerItem
from explorer.render.context import MapContext
from explorer.render.themes.alliances import AlliancesItem
from explorer.render.themes.base import ThemeItem
from explorer.render.themes.bases import BasesItem
from explorer.render.themes.events import EventsItem
from explorer.render.themes.places import PlacesItem
from explorer.render.themes.routes import RoutesItem

Z_FIRST_THEME = 10.0  # above the cached basemap (0), below the labels


def _points(kind: type[ThemeItem]) -> Callable[..., ThemeItem]:
    return lambda context, session, countries: kind(context, session)


# each theme's item class (only the alliances shade the basemap's countries)
ITEMS: dict[str, Callable[[MapContext, Session, CountryLayerItem], ThemeItem]] = {
    "alliances": AlliancesItem, "routes": _points(RoutesItem), "bases": _points(BasesItem),
    "places": _points(PlacesItem), "events": _points(EventsItem)}


class ThemeLayers:
    """Builds one item per theme and binds it to the session's events (never the reverse)."""

    def __init__(self, context: MapContext, session: Session, countries: CountryLayerItem,
                 viewbox: pg.ViewBox) -> None:
        self.session = session
        self.items: dict[str, ThemeItem] = {
            spec.key: ITEMS[spec.key](context, session, countries) for spec in all_themes()}
        for item in self.items.values():
            viewbox.addItem(item, ignoreBounds=True)
        self._bound_layers: list[ThemeLayer] = []
        self._bound_alliances = None
        themes = session.themes
        session.time.events.date.connect(self._on_date_changed)
        themes.events.layers.connect(self._on_layers_changed)
        themes.events.alliances.connect(self._on_alliances_replaced)
        themes.events.show_history.connect(self._on_date_changed)
        themes.events.event_window_days.connect(self.items["events"].refresh)
        self._on_layers_changed()
        self._on_alliances_replaced()

    def _on_date_changed(self, *args: object) -> None:
        for item in self.items.values():
            item.refresh()

    def _on_layers_changed(self, *args: object) -> None:
        for layer in self._bound_layers:
            layer.events.disconnect(self._apply_layers)
        self._bound_layers = list(self.session.themes.layers)
        for layer in self._bound_layers:
            layer.events.connect(self._apply_layers)
        self._apply_layers()

    def _apply_layers(self, *args: object) -> None:
        for position, layer in enumerate(self.session.themes.layers):
            item = self.items[layer.key]
            item.setZValue(Z_FIRST_THEME + position)
            item.setVisible(layer.visible)
            item.setOpacity(layer.opacity)

    def _on_alliances_replaced(self, *args: object) -> None:
        if self._bound_alliances is not None:
            self._bound_alliances.events.disconnect(self.items["alliances"].refresh)
        self._bound_alliances = self.session.themes.alliances
        self._bound_alliances.events.connect(self.items["alliances"].refresh)
        self.items["alliances"].refresh()

    def top_down(self) -> list[ThemeItem]:
        """The visible theme items, top-most first."""
        return [self.items[layer.key] for layer in reversed(self.session.themes.layers)
                if layer.visible and layer.opacity > 0]

    def feature_at(self, x: float, y: float, tolerance: float) -> FeatureRef | None:
        """The drawn point or line nearest (x, y), from the top-most visible theme down."""
        for item in self.top_down():
            kind = theme(item.key).feature_kind
            if kind is None:
                continue
            found = item.feature_at(x, y, tolerance)
            if found is not None:
                return FeatureRef(kind, found)
        return None

    def on_projection_changed(self) -> None:
        for item in self.items.values():
            item.on_projection_changed()
