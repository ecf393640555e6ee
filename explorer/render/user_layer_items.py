"""The map's items for the user's layers: one UserLayerItem per layer, kept in the model's order."""

from __future__ import annotations

import pyqtgraph as pg

from explorer.model.session import TimeState
from explorer.model.user_layers import UserLayer, UserLayers
from explorer.render.context import MapContext
from explorer.render.labels import LabelsItem
from explorer.render.user_layers import Z_USER_LAYERS, UserLayerItem


class UserLayerItems:
    """Keeps one UserLayerItem per layer of the session in the view box, in order."""

    def __init__(self, context: MapContext, layers: UserLayers, viewbox: pg.ViewBox,
                 time: TimeState | None = None, labels: LabelsItem | None = None) -> None:
        self._context, self._viewbox, self._time, self._labels = context, viewbox, time, labels
        self.items: dict[str, UserLayerItem] = {}
        self._layers = layers
        for layer in layers:
            self._on_added(layer)
        layers.added.connect(self._on_added)
        layers.removed.connect(self._on_removed)
        layers.moved.connect(self._restack)

    def _on_added(self, layer: UserLayer) -> None:
        item = UserLayerItem(self._context, layer, self._time)
        self.items[layer.id] = item
        self._viewbox.addItem(item, ignoreBounds=True)
        if self._labels is not None:
            self._labels.add_source(item)
        self._restack()

    def _restack(self) -> None:
        """Stack the items in the model's order (bottom first); `items` keeps that order."""
        order = [layer.id for layer in self._layers if layer.id in self.items]
        self.items = {layer_id: self.items[layer_id] for layer_id in order}
        for position, item in enumerate(self.items.values()):
            item.setZValue(Z_USER_LAYERS + position * 0.01)

    def _on_removed(self, layer: UserLayer) -> None:
        item = self.items.pop(layer.id, None)
        if item is not None:
            self._viewbox.removeItem(item)
            if self._labels is not None:
                self._labels.remove_source(item)
            if self._time is not None:
                self._time.events.date.disconnect(item._on_date_changed)
            layer.style.events.disconnect(item._on_style_changed)
            layer.changed.disconnect(item._on_data_changed)

    def on_projection_changed(self) -> None:
        for item in self.items.values():
            item.on_projection_changed()
