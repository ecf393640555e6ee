"""Shared by the benchmarks: time one frame of a map scene drawn into an image."""

from __future__ import annotations

import time

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from explorer.render.export import render_scene
from explorer.render.map_scene import MapScene


def frame_ms(scene: MapScene, image: QImage, view: tuple[float, ...]) -> float:
    """Milliseconds to draw the scene into the whole image, as a window repaint would."""
    start = time.perf_counter()
    painter = QPainter(image)
    try:
        render_scene(painter, QRectF(0, 0, image.width(), image.height()), scene, view)
    finally:
        painter.end()
    return (time.perf_counter() - start) * 1000
