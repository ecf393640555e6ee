"""What every map item needs to know: the projection, and how big a 'pixel' is on the device."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsItem, QWidget

from explorer.geo.projection import Projection


@dataclass
class MapContext:
    """Shared by the items of one map; `scale` grows pens and text for high-dpi exports."""

    projection: Projection
    scale: float = 1.0
    one_shot: bool = False  # painted once (an export): raster caches would only cost time


def is_raster(painter: QPainter) -> bool:
    """Whether the painter draws pixels (image, pixmap, widget) rather than vectors (SVG, PDF)."""
    return isinstance(painter.device(), QImage | QPixmap | QWidget)


def units_per_pixel(painter: QPainter) -> float:
    """Map units per device pixel under the painter's current transform (aspect is locked)."""
    t = painter.transform()
    return 1.0 / max(abs(t.m11()), 1e-12)


def map_frame(item: QGraphicsItem) -> QRectF:
    """The part of the map, in the item's map units, inside its view box."""
    viewbox = item.getViewBox()
    return item.mapRectFromItem(viewbox, viewbox.rect())


def visible_map_rect(item: QGraphicsItem) -> tuple[float, float, float, float]:
    r = map_frame(item)
    return r.left(), r.top(), r.right(), r.bottom()


def device_map_rect(painter: QPainter) -> tuple[float, float, float, float]:
    """The map units the painter's whole device covers: in a raster cache drawn with a pan
    margin, more than the view; in a window or an export, at least the view."""
    device = painter.device()
    ratio = device.devicePixelRatio()
    inverse, _ = painter.transform().inverted()
    r = inverse.mapRect(QRectF(0, 0, device.width() / ratio, device.height() / ratio))
    return r.left(), r.top(), r.right(), r.bottom()


def zoom_key(t: QTransform) -> tuple[float, ...]:
    """A transform's zoom (and turn) to nine digits: a pan recomputes it with rounding noise
    in the last bits, which must not read as a change of zoom."""
    return tuple(float(f"{m:.9g}") for m in (t.m11(), t.m12(), t.m21(), t.m22()))


def device_frame(item: QGraphicsItem, painter: QPainter) -> QRectF:
    """The view box's rectangle in the painter's device pixels."""
    return painter.transform().mapRect(map_frame(item))
