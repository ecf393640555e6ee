"""A view box laid out at a target's size in a scene of its own, for one drawing."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import pyqtgraph as pg
from PySide6.QtCore import QRectF


@contextlib.contextmanager
def hosted_viewbox(target: QRectF, viewbox: pg.ViewBox,
                   frame: Callable[[], None]) -> Iterator[pg.GraphicsScene]:
    """The view box in a scene of its own at the target's size (scene pixels from 0, 0) while
    inside; `frame()` sets its range once the box has that size."""
    host = pg.GraphicsScene()
    host.addItem(viewbox)
    try:
        viewbox.setGeometry(QRectF(0, 0, target.width(), target.height()))
        frame()
        viewbox.updateMatrix()
        yield host
    finally:
        host.removeItem(viewbox)
