"""A dialog's "Show on the map" check box kept in step with its theme layer's visibility."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QWidget

from explorer.model.session import Session
from explorer.render.model_signals import follow


def mirror_visibility(owner: QWidget, session: Session, key: str, box: QCheckBox) -> None:
    """Keep `box` checked while the theme layer `key` is visible, for as long as `owner`
    lives: the layers panel toggles the layer too, and a project brings a layer of its own.
    The box's own signals stay quiet (its handler shows the layer, which it already is)."""
    watched = None

    def shown(*args: object) -> None:
        visible = session.themes.layer(key).visible
        if box.isChecked() != visible:
            box.blockSignals(True)
            box.setChecked(visible)
            box.blockSignals(False)

    def watch(*args: object) -> None:
        nonlocal watched
        layer = session.themes.layer(key)
        if layer is not watched:
            watched = layer
            follow(owner, layer.events.visible, shown)
        shown()

    follow(owner, session.themes.events.layers, watch)
    watch()
