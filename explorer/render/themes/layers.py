"""The theme items of one map, kept in step with the session: date, order, visibility, options."""

from __future__ import annotations

import importlib
import pkgutil

import pyqtgraph as pg

from explorer.model.features import FeatureRef
from explorer.model.session import Session
from explorer.model.theme_specs import themes as all_themes
from explorer.model.themes import ThemeLayer
from explorer.render import themes as themes_package
from explorer.render.basemap import CountryLayerItem
from explorer.render.context import MapContext
from explorer.render.themes.base import ThemeItem

Z_FIRST_THEME = 10.0  # above the cached basemap (0), below the labels


def _item_classes() -> dict[str, type[ThemeItem]]:
    """Each theme's item class by its key: the ThemeItem classes of this package's modules
    that name a theme (`key`)."""
    for module in pkgutil.iter_modules(themes_package.__path__):
        importlib.import_module(f"{themes_package.__name__}.{module.name}")
    found: dict[str, type[ThemeItem]] = {}
    pending = [ThemeItem]
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if "key" in vars(cls):
            found[cls.key] = cls
    return found


ITEMS = _item_classes()


class ThemeLayers:
    """Builds one item per theme and binds it to the session's date, order and visibility (never
    the reverse); an item follows its own theme's options."""

    def __init__(self, context: MapContext, session: Session, countries: CountryLayerItem,
                 viewbox: pg.ViewBox) -> None:
        self.session = session
        self.items: dict[str, ThemeItem] = {
            spec.key: ITEMS[spec.key].create(context, session, countries)
            for spec in all_themes()}
        for item in self.items.values():
            viewbox.addItem(item, ignoreBounds=True)
        self._bound_layers: list[ThemeLayer] = []
        themes = session.themes
        session.time.events.date.connect(self._on_date_changed)
        themes.events.layers.connect(self._on_layers_changed)
        themes.events.show_history.connect(self._on_date_changed)
        self._on_layers_changed()

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

    def top_down(self) -> list[ThemeItem]:
        """The visible theme items, top-most first."""
        return [self.items[layer.key] for layer in reversed(self.session.themes.layers)
                if layer.visible and layer.opacity > 0]

    def feature_at(self, x: float, y: float, tolerance: float) -> FeatureRef | None:
        """The drawn point or line nearest (x, y), from the top-most visible theme down."""
        for item in self.top_down():
            kind = item.feature_kind
            if kind is None:
                continue
            found = item.feature_at(x, y, tolerance)
            if found is not None:
                return FeatureRef(kind, found)
        return None

    def on_projection_changed(self) -> None:
        for item in self.items.values():
            item.on_projection_changed()
