"""Views follow the plain-Python model's psygnal signals for as long as they live."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject


def follow(owner: QObject, signal, slot: Callable) -> None:
    """Connect a model's signal to a Qt object's slot until the object is destroyed (a model
    outlives the views that watch it: a dead view's slot must not be called)."""
    signal.connect(slot)
    owner.destroyed.connect(lambda *_: signal.disconnect(slot, missing_ok=True))
