"""The window's PostGIS layers: user layers whose view is fetched as the map moves and the date
changes, on threads of their own (the window never waits for the server)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from explorer.geo.layer_geometry import PointCoords
from explorer.io.postgis import layer_data, parse_uri
from explorer.io.postgis_counts import snap
from explorer.model.features import FeatureRef
from explorer.model.layer_data import VectorData, ViewCounts
from explorer.model.session import Session
from explorer.model.user_layers import LayerStyle, UserLayer
from explorer.render.map_scene import MapScene
from explorer.ui.postgis_columns import with_password, without_password
from explorer.ui.postgis_dialog import ask_password
from explorer.ui.postgis_fetcher import (
    MAX_POINTS,
    MAX_SHAPES,
    PostgisFetcher,
    PyramidCounts,
    ViewResult,
)
from explorer.ui.view_request import view_request

ESTIMATE_RETRY_MS = 1500  # estimated counts (a pyramid being built) are asked for again
AUTHENTICATION = ("password authentication failed", "no password supplied",
                  "password is required")


def _nothing(name: str) -> VectorData:
    import pandas as pd

    return VectorData(pd.DataFrame(), PointCoords(np.empty(0), np.empty(0)), name, "EPSG:4326")


class PostgisLayers(QObject):
    """One fetcher a PostGIS layer: each view of the map (and each date, for a table with a
    date column) is asked for when it settles; the answer (points, or the server's counts
    per cell) becomes the layer's data. A server that asks for a password gets it asked."""

    sigMessage = Signal(str)
    max_points = MAX_POINTS  # more in a view: the server counts them per cell
    max_shapes = MAX_SHAPES  # the same for lines and polygons

    def __init__(self, session: Session, scene: MapScene, size: Callable[[], tuple[int, int]],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._session, self._scene, self._size, self._parent = session, scene, size, parent
        self.fetchers: dict[str, PostgisFetcher] = {}
        self._passwords: dict[str, str | None] = {}
        scene.viewbox.sigRangeChanged.connect(self.request_views)
        session.time.events.date.connect(self.request_views)
        session.user_layers.removed.connect(self._on_removed)

    def add(self, uri: str, password: str | None = None,
            style: LayerStyle | None = None) -> UserLayer:
        """A layer for the table the URI names (its password, if any, kept only in memory);
        explorer.io.postgis.PostgisError when the URI is not one."""
        uri, given = without_password(uri)
        ref = parse_uri(uri)
        layer = self._session.user_layers.add(_nothing(ref.table), style=style, source=uri)
        self._passwords[layer.id] = password if password is not None else given
        self._start(layer)
        self.sigMessage.emit(f"Added {ref.display}: fetching the view…")
        return layer

    def _start(self, layer: UserLayer) -> None:
        password = self._passwords.get(layer.id)
        uri = with_password(layer.source, password) if password else layer.source
        fetcher = PostgisFetcher(parse_uri(uri), None, counts=PyramidCounts(),
                                 max_points=self.max_points, max_shapes=self.max_shapes,
                                 parent=self)
        fetcher.fetched.connect(lambda result, layer=layer: self._on_fetched(layer, result))
        fetcher.failed.connect(lambda text, layer=layer: self._on_failed(layer, text))
        self.fetchers[layer.id] = fetcher
        self._request(layer.id)

    def request_views(self, *args) -> None:
        for layer_id in self.fetchers:
            self._request(layer_id)

    def _request(self, layer_id: str) -> None:
        layer, fetcher = self._session.user_layers.get(layer_id), self.fetchers[layer_id]
        view = view_request(self._scene, self._size())
        if view is None or layer is None or not layer.style.visible:
            return
        day = self._session.date if fetcher.ref.time else None
        # cells of the server's pyramid: exact counts
        fetcher.request(*snap(view.box, view.cells), day, pixel=view.pixel)

    def _on_fetched(self, layer: UserLayer, result: ViewResult) -> None:
        if self._session.user_layers.get(layer.id) is None:
            return
        selection = self._session.selection
        rows = [item.user_row() if isinstance(item, FeatureRef) else None
                for item in selection.items]
        kept = [item for item, row in zip(selection.items, rows, strict=True)
                if row is None or row[0] != layer.id]
        if len(kept) < len(selection.items):  # its rows are other features now
            selection.select(kept)
        got = result.points if result.points is not None else result.shapes
        if got is not None:
            layer.show_view(data=layer_data(got, layer.data.name))
            return
        layer.show_view(counts=ViewCounts(result.request.box, result.counts, result.estimated))
        if result.estimated:  # a sample's, while the server builds its counts: ask again
            QTimer.singleShot(ESTIMATE_RETRY_MS, lambda: self._request(layer.id)
                              if layer.id in self.fetchers else None)

    def _on_failed(self, layer: UserLayer, text: str) -> None:
        if any(reason in text for reason in AUTHENTICATION) \
                and self._session.user_layers.get(layer.id) is not None:
            password = ask_password(self._parent, parse_uri(layer.source).display)
            if password is not None:
                self._close(layer.id)
                self._passwords[layer.id] = password
                self._start(layer)
                return
        self.sigMessage.emit(f"{layer.style.name}: {text}")

    def _on_removed(self, layer: UserLayer) -> None:
        self._close(layer.id)
        self._passwords.pop(layer.id, None)

    def _close(self, layer_id: str) -> None:
        fetcher = self.fetchers.pop(layer_id, None)
        if fetcher is not None:
            fetcher.close()
            fetcher.deleteLater()

    def close(self) -> None:
        """Every fetcher stopped (the window closes)."""
        for layer_id in list(self.fetchers):
            with contextlib.suppress(RuntimeError):
                self._close(layer_id)

