"""The map as an editable SVG: a layer per theme, user layer and piece of furniture, a group
per feature holding its symbol and its label, as QGIS's "export as SVG layers" does."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from explorer.model.theme_specs import theme
from explorer.render import style
from explorer.render.basemap import CountryLayerItem
from explorer.render.label_spots import LabelCandidate, LabelSpot
from explorer.render.labels import draw_label
from explorer.render.map_scene import MapScene, Rect
from explorer.render.svg_document import Layer, SvgDocument
from explorer.render.themes.alliances import AlliancesItem
from explorer.render.themes.base import ThemeItem
from explorer.render.themes.cache import CachedGroupItem
from explorer.render.viewbox_host import hosted_viewbox

if TYPE_CHECKING:
    from explorer.render.network_view import NetworkView

COUNTRY_NAMES = "Country names"
OTHER_LABELS = "Labels"
NETWORK_PREFIX = "Network "  # the briefing's network layers: "Network actors"
_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
# Their features are countries, named in the Country names layer, not in their groups.
_COUNTRY_ITEMS = (CountryLayerItem, AlliancesItem)


class SvgCanvas:
    """Where an export's page parts go in an SVG: each part a layer of its own, the map a
    layer per item (see `paint_map_layers`), the network a layer per part (see
    `network_svg.paint_network_layers`)."""

    def __init__(self, size: tuple[int, int], dpi: float, title: str) -> None:
        self.document = SvgDocument(size, dpi, title)

    def draw(self, part: str, paint: Callable[[QPainter], None]) -> None:
        elements = self.document.paint(paint)
        if elements:
            self.document.layer(part).add(elements)

    def draw_map(self, target: QRectF, scene: MapScene, view_rect: Rect) -> None:
        paint_map_layers(self.document, target, scene, view_rect)

    def draw_network(self, target: QRectF, view: NetworkView) -> None:
        """The briefing's network: its ties and actors a layer each, a group per actor id (the
        map's groups with those keys, such as country names, take their layer's prefix)."""
        actors = set(view.order)
        for layer in self.document.layers:
            layer.prefix_ids = layer.prefix_ids or not actors.isdisjoint(layer.features)
        from explorer.render.network_svg import paint_network_layers  # networkx: briefings only

        paint_network_layers(self.document, target, view, NETWORK_PREFIX)

    def write(self, path: Path) -> None:
        self.document.write(path)


def paint_map_layers(document: SvgDocument, target: QRectF, scene: MapScene,
                     view_rect: Rect) -> None:
    """The scene's view box drawn into `target` as `render_scene` draws it, item by item in the
    scene's order, each into the layer its Layers dock entry names; items that paint feature
    by feature (`feature_ids`, `paint_features`) give each feature a group (its record id),
    and each placed label joins its feature's group."""
    names = layer_names(scene)
    user_layers = {} if scene.user_layers is None else {
        item: layer_id for layer_id, item in scene.user_layers.items.items()}
    owners: dict[str, Layer] = {}  # the layers holding labelled features: theme, user layer id
    with hosted_viewbox(target, scene.viewbox, lambda: scene.show_rect(view_rect)):
        origin = QTransform.fromTranslate(target.x(), target.y())
        for item in _svg_order(scene, [i for i in _painted(scene.viewbox) if i in names]):

            def begin(painter: QPainter, item: QGraphicsItem = item) -> None:
                painter.setTransform(item.sceneTransform() * origin)
                painter.setOpacity(item.effectiveOpacity())

            if item is scene.label_engine:
                _add_labels(document, scene, _place_labels(document, scene, begin), owners)
            elif hasattr(item, "paint_features"):
                layer = _paint_features(document, item, names[item], begin)
                if layer is not None and isinstance(item, _COUNTRY_ITEMS):
                    layer.prefix_ids = True
                elif layer is not None:
                    owners[item.key] = layer
            else:
                def paint(painter: QPainter, item: QGraphicsItem = item, begin=begin) -> None:
                    begin(painter)
                    item.paint(painter, QStyleOptionGraphicsItem(), None)

                elements = document.paint(paint)
                if elements:
                    layer = document.layer(names[item])
                    layer.add(elements)
                    if item in user_layers:
                        owners[f"{user_layers[item]}:"] = layer


def layer_names(scene: MapScene) -> dict[QGraphicsItem, str]:
    """The layer each of the scene's items draws into, named as the Layers dock names it."""
    names: dict[QGraphicsItem, str] = {
        scene.viewbox.background: "Basemap", scene.sea: "Basemap", scene.countries: "Basemap",
        scene.graticule: "Graticule", scene.graticule_labels: "Graticule",
        scene.scale_bar: "Scale bar", scene.date_stamp: "Date stamp",
        scene.attribution: "Credits", scene.label_engine: COUNTRY_NAMES}
    if scene.themes is not None:
        names.update({item: theme(key).title for key, item in scene.themes.items.items()})
    if scene.user_layers is not None:
        names.update({item: item.layer.style.name for item in scene.user_layers.items.values()})
    if scene.highlight is not None:
        names[scene.highlight] = "Selection"
    if scene.user_selection is not None:
        names[scene.user_selection] = "Selection in your layers"
    return names


def _svg_order(scene: MapScene, items: list[QGraphicsItem]) -> list[QGraphicsItem]:
    """The items in paint order, but for the selection's highlight: under the first theme
    whose features carry labels, so that its outline and rings, which the screen draws under
    the labels, stay under them now that labels go with their features (what lies outside
    the selection is then not veiled)."""
    labelled = [i for i in items if isinstance(i, ThemeItem) and i.has_labels
                and not isinstance(i, _COUNTRY_ITEMS)]
    if scene.highlight not in items or not labelled:
        return items
    items = [i for i in items if i is not scene.highlight]
    items.insert(items.index(labelled[0]), scene.highlight)
    return items


def _painted(parent: QGraphicsItem) -> Iterator[QGraphicsItem]:
    """The visible items under `parent` that paint, in the scene's order (children after their
    parent, by stacking order); a cached group's members, which it paints, in its place."""
    for item in parent.childItems():
        if not item.isVisible() or item.effectiveOpacity() <= 0:
            continue
        if isinstance(item, CachedGroupItem):
            yield from (m for m in item.members if m.isVisible() and m.opacity() > 0)
        elif not item.flags() & _NO_CONTENTS:
            yield item
        yield from _painted(item)


def _paint_features(document: SvgDocument, item: QGraphicsItem, name: str,
                    begin: Callable[[QPainter], None]) -> Layer | None:
    """Each feature the item draws in a group of its own in the item's layer."""
    ids: list[str] = []

    def list_ids(painter: QPainter) -> None:
        begin(painter)
        ids.extend(item.feature_ids(painter))

    document.paint(list_ids)
    layer = None
    for key in dict.fromkeys(ids):
        def paint(painter: QPainter, key: str = key) -> None:
            begin(painter)
            item.paint_features(painter, [key])

        elements = document.paint(paint)
        if elements:
            layer = layer or document.layer(name)
            layer.feature(key).add(elements)
    return layer


def _place_labels(document: SvgDocument, scene: MapScene,
                  begin: Callable[[QPainter], None]) -> list[tuple[LabelCandidate, LabelSpot]]:
    """The label engine's placement for this frame (kept as its last frame's, as painting it
    would)."""
    engine = scene.label_engine

    def place(painter: QPainter) -> None:
        begin(painter)
        engine.placed = engine.place(painter)

    document.paint(place)
    return engine.placed


def _add_labels(document: SvgDocument, scene: MapScene,
                placed: list[tuple[LabelCandidate, LabelSpot]], owners: dict[str, Layer]) -> None:
    """Each label into its feature's group: a theme's feature, a row of a user layer (a group
    of its own in that layer, keyed "layer:row"), or a country (in the Country names layer)."""
    for candidate, spot in placed:
        key = candidate.feature or ""

        bare = replace(candidate, halo=0.0)  # the halo: a clone of the text, not 8 copies

        def paint(painter: QPainter, candidate=bare, spot=spot) -> None:
            draw_label(painter, candidate, spot, scene.context.scale)

        elements = document.paint(paint)
        if not elements:
            continue
        if candidate.halo > 0:  # as wide as draw_halo_text's copies reach on either side
            document.haloed(elements, style.HALO.name(), 2 * max(1.0, candidate.halo / 2))
        owner = (next((layer for layer in owners.values() if key in layer.features), None)
                 or owners.get(f"{key.partition(':')[0]}:"))
        if owner is None:
            country = scene.countries.country_name(key) is not None
            owner = document.layer(COUNTRY_NAMES if country else OTHER_LABELS)
        owner.feature(key, spot.text or candidate.text).add(elements)
