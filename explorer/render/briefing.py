"""The briefing layout: the map and the actor network of the same session side by side."""

from __future__ import annotations

import dataclasses
from weakref import WeakKeyDictionary

from PySide6.QtCore import QRectF

from explorer.analysis.layout import LayoutKeeper
from explorer.model.records import Sourced
from explorer.render.map_scene import MapScene
from explorer.render.network_view import NetworkOptions, NetworkView

# One network view per map scene, kept between pages: an animation paints many frames of one
# scene, and the view then follows the session's date with a warm layout, as the dock does.
_VIEWS: WeakKeyDictionary[MapScene, tuple[tuple, NetworkView]] = WeakKeyDictionary()


def network_view(scene: MapScene, scale: float, options: NetworkOptions | None,
                 layouts: LayoutKeeper | None = None) -> NetworkView | None:
    """The network of the scene's session (its date and selection) drawn as the window's
    network panel draws it, as vectors; None for a scene without a session. Its legend is
    the caller's to show (`set_options(legend=...)`)."""
    if scene.session is None:
        return None
    options = options or NetworkOptions()
    key = (scale, dataclasses.replace(options, legend=False), id(layouts))
    kept = _VIEWS.get(scene)
    if kept is not None and kept[0] == key:
        return kept[1]
    view = NetworkView(scene.session, options, scale=scale, vector=True, layouts=layouts)
    _VIEWS[scene] = (key, view)
    return view


def show_legend(view: NetworkView, panel: QRectF, wanted: bool) -> None:
    """The network's legend, if wanted and the panel is tall enough for all of it."""
    view.set_options(legend=wanted and view.legend.size().height() * 1.1 < panel.height())


def drawn_ties(view: NetworkView) -> list[Sourced]:
    """The relations and memberships the view draws (edge keys are their record ids)."""
    atlas = view.session.atlas
    found = []
    for *_, key in view.graph.edges(keys=True):
        record = atlas.relations.get(key) or atlas.memberships.get(key)
        if record is not None:
            found.append(record)
    return found
