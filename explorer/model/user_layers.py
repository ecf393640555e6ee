"""Layers the user loaded from files: their data, name, visibility, opacity and colour."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Literal

from psygnal import EventedModel, Signal
from pydantic import Field

from explorer.model.layer_data import VectorData, ViewCounts

# Distinct, calm colours for new layers, in turn (a layer's colour can be changed later).
LAYER_COLOURS = ("#d35400", "#8e44ad", "#16a085", "#c0392b", "#2c3e50", "#7f8c8d", "#b7950b")


class LayerStyle(EventedModel):
    """How a user layer is drawn; views redraw on `style.events`."""

    name: str
    visible: bool = True
    opacity: float = Field(1.0, ge=0.0, le=1.0)
    colour: str = LAYER_COLOURS[0]
    point_size: float = Field(6.0, gt=0.0, le=60.0)
    line_width: float = Field(1.6, gt=0.0, le=20.0)
    # Colour by an attribute: one colour, one per distinct value, or classes of a number.
    mode: Literal["single", "categorized", "graduated"] = "single"
    field: str | None = None
    classes: int = Field(5, ge=2, le=9)
    method: Literal["equal", "quantile"] = "equal"
    ramp: str = "Blues"  # a name in explorer.model.layer_styling.RAMPS
    label_field: str | None = None
    point_shape: Literal["circle", "square", "diamond", "triangle", "star"] = "circle"
    line_dash: Literal["solid", "dash", "dot"] = "solid"
    # Follow the timeline: drawn when start <= date < end (an empty side stays open).
    time_start_field: str | None = None
    time_end_field: str | None = None


class UserLayer:
    """One loaded file (or one layer of it), or a database table read a view at a time: the
    data in EPSG:4326 and its style."""

    changed = Signal()  # a database layer's data (or counts) replaced by a new view's

    def __init__(self, layer_id: str, path: Path | None, data: VectorData, style: LayerStyle,
                 read_options: dict[str, str] | None = None, source: str | None = None) -> None:
        self.id = layer_id
        self.path = path
        self.data = data
        self.style = style
        # read_vector's keywords the file needs again (layer, columns, CRS), for project files
        self.read_options = dict(read_options or {})
        self.source = source  # a PostGIS table's URI, without password: read a view at a time
        self.counts: ViewCounts | None = None  # the database's counts, when it sent no points

    def show_view(self, data: VectorData | None = None, counts: ViewCounts | None = None) -> None:
        """A database layer's new view: its features, or its counts per cell."""
        if data is not None:
            self.data = data
        elif counts is not None:
            self.data = self.data.emptied()
        self.counts = counts
        self.changed.emit()

    def __repr__(self) -> str:
        return f"UserLayer({self.id!r}, {self.style.name!r}, {len(self.data)} features)"


class UserLayers:
    """The user's layers in drawing order (bottom first); views follow `added`/`removed`."""

    added = Signal(object)
    removed = Signal(object)
    moved = Signal()  # the drawing order changed

    def __init__(self) -> None:
        self._layers: list[UserLayer] = []
        self._ids = itertools.count(1)

    def __iter__(self):
        return iter(list(self._layers))

    def __len__(self) -> int:
        return len(self._layers)

    def add(self, data: VectorData, path: Path | None = None, style: LayerStyle | None = None,
            read_options: dict[str, str] | None = None, source: str | None = None) -> UserLayer:
        """Add a layer on top; without `style` it gets its name and the next colour in turn."""
        if style is None:
            colour = LAYER_COLOURS[len(self._layers) % len(LAYER_COLOURS)]
            style = LayerStyle(name=data.name, colour=colour)
        layer = UserLayer(f"layer{next(self._ids)}", path, data, style, read_options, source)
        self._layers.append(layer)
        self.added.emit(layer)
        return layer

    def move(self, layer_id: str, position: int) -> None:
        """Put a layer at a position in the drawing order (0 = bottom)."""
        ids = [layer.id for layer in self._layers if layer.id != layer_id]
        if len(ids) == len(self._layers):
            raise KeyError(f"no user layer {layer_id!r}")
        ids.insert(max(0, min(position, len(ids))), layer_id)
        self.reorder(ids)

    def reorder(self, ids_bottom_first: list[str]) -> None:
        """Set the whole drawing order at once (ids of every layer, bottom first)."""
        by_id = {layer.id: layer for layer in self._layers}
        if sorted(ids_bottom_first) != sorted(by_id):
            raise ValueError("reorder needs every user layer id exactly once")
        order = [by_id[i] for i in ids_bottom_first]
        if order != self._layers:
            self._layers = order
            self.moved.emit()

    def get(self, layer_id: str) -> UserLayer | None:
        return next((layer for layer in self._layers if layer.id == layer_id), None)

    def attributes(self, layer_id: str, row: int) -> tuple[str, dict[str, object]] | None:
        """(layer name, attribute values) of one feature, or None when it is gone."""
        layer = self.get(layer_id)
        if layer is None or not 0 <= row < len(layer.data):
            return None
        try:
            values = layer.data.attributes.iloc[row].to_dict()
        except ValueError:  # a file read column by column that changed since it was opened
            return None
        return layer.style.name, values

    def remove(self, layer_id: str) -> None:
        for layer in self._layers:
            if layer.id == layer_id:
                self._layers.remove(layer)
                self.removed.emit(layer)
                return
        raise KeyError(f"no user layer {layer_id!r}")
