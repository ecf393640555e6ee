"""Translucent drawing done fast: drawn opaque on an offscreen layer, laid over at an opacity."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from explorer.render.context import is_raster


def paint_translucent(painter: QPainter, covered: QRectF, opacity: float,
                      draw: Callable[[QPainter], None]) -> None:
    """Run `draw` (opaque colours, the painter's own coordinates) and show it at `opacity`.

    Antialiased translucent wide strokes are among the costliest things Qt's raster engine
    draws; opaque ones are several times faster. So on pixels `draw` paints on a transparent
    layer covering `covered` (device pixels), laid over the painter at `opacity`: where strokes
    overlap, the layer shows one colour rather than a darker blend. SVG and PDF get the paths
    themselves, at the opacity.
    """
    painter.save()
    try:
        painter.setOpacity(painter.opacity() * opacity)
        if not is_raster(painter):
            draw(painter)
            return
        device = painter.device()
        ratio = device.devicePixelRatio()
        area = covered.intersected(QRectF(0, 0, device.width() / ratio,
                                          device.height() / ratio)).toAlignedRect()
        if area.isEmpty():
            return
        layer = _scratch(device.width(), device.height(), ratio)
        layer_painter = QPainter(layer)
        try:
            layer_painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            layer_painter.fillRect(area, Qt.GlobalColor.transparent)
            layer_painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            layer_painter.setClipRect(area)
            layer_painter.setRenderHints(painter.renderHints())
            layer_painter.setTransform(painter.transform())
            draw(layer_painter)
        finally:
            layer_painter.end()
        painter.resetTransform()
        # QRectF both: PySide6 6.11 frees the image too early in drawImage(QRect, …, QRectF)
        target = QRectF(area)
        painter.drawImage(target, layer, QRectF(target.topLeft() * ratio, target.size() * ratio))
    finally:
        painter.restore()


def split_opacity(colour: QColor) -> tuple[QColor, float]:
    """A translucent colour as its opaque self and its opacity, for paint_translucent."""
    opaque = QColor(colour)
    opaque.setAlphaF(1.0)
    return opaque, colour.alphaF()


@lru_cache(maxsize=2)
def _scratch(width: int, height: int, ratio: float) -> QImage:
    """The layer for a device of this size, kept: a fresh image of a 4K page costs more in page
    faults than drawing on it (the two latest sizes: the window's cache and an export, say)."""
    layer = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    layer.setDevicePixelRatio(ratio)
    return layer
