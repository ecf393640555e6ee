"""A raster cache for layers that rarely change, and an item drawing other items through it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Hashable, Sequence

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRect, QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPainter, QTransform
from PySide6.QtWidgets import QGraphicsItem

from explorer.render.basemap import outline_rect
from explorer.render.context import MapContext, device_frame, is_raster, zoom_key

PAN_MARGIN = 0.25  # of the view: a pan draws this much extra once, then blits for a while
# Beyond this many device pixels (a poster-sized export) a copy costs more than it saves.
MAX_CACHE_PIXELS = 16_000_000


class RasterCache:
    """Keeps the last drawing of a layer as an image; blits it while the layer's content key and
    the view stay the same. Vector devices (SVG, PDF) are always drawn afresh.

    With `pan_margin` (a fraction of the frame), a pan that leaves the cached image is drawn
    once with that much to spare on every side, so that the next pan steps are blits too; the
    paint callback is told which device area to cover. Layers whose drawing depends on the
    frame itself (labels) keep no margin: drawn straight to the painter while the view moves,
    kept as an image once the same frame is drawn a second time.
    """

    def __init__(self, pan_margin: float = 0.0) -> None:
        self.pan_margin = pan_margin
        self._key: Hashable = None
        self._seen: Hashable = None  # without a pan margin: the frame last drawn
        self._image: QImage | None = None
        self._origin = QPointF()
        self._translation = QPointF()
        self.renders = 0  # how often the layer was really drawn (tests, benchmarks)

    def clear(self) -> None:
        self._key, self._seen, self._image = None, None, None

    def draw(self, item: QGraphicsItem, painter: QPainter, content_key: Hashable,
             paint: Callable[[QPainter, QRectF], None]) -> None:
        t = painter.transform()
        frame = device_frame(item, painter).toAlignedRect()
        ratio = painter.device().devicePixelRatio() if is_raster(painter) else 1.0
        margin = self.pan_margin * max(frame.width(), frame.height())
        if (item._context.one_shot or not is_raster(painter)
                or t.type().value > QTransform.TransformationType.TxScale.value
                or frame.isEmpty() or (frame.width() + 2 * margin) * (frame.height() + 2 * margin)
                * ratio**2 > MAX_CACHE_PIXELS):
            self.renders += 1
            paint(painter, QRectF(frame))
            return
        zoom = zoom_key(t)
        key = (content_key, zoom, ratio, None if self.pan_margin else frame.getRect())
        translation = QPointF(t.dx(), t.dy())
        seen = (key, round(t.dx(), 3), round(t.dy(), 3))
        if not self.pan_margin and seen != self._seen:
            # a view not drawn before (a pan, say): straight to the painter, no image to fill
            # and blit; kept as an image when the same view is drawn again
            self._seen, self._image = seen, None
            self.renders += 1
            paint(painter, QRectF(frame))
            return
        if key == self._key and self._image is not None:
            at = self._origin + translation - self._translation
            size = QSizeF(self._image.width() / ratio, self._image.height() / ratio)
            if QRectF(at, size).contains(QRectF(frame)):
                self._blit(painter, at)
                return
        else:
            margin = 0.0  # not a pan: draw just what is seen
        area = QRectF(frame).adjusted(-margin, -margin, margin, margin).toAlignedRect()
        self._image = self._render(area, ratio, t, paint)
        self._key, self._origin, self._translation = key, QPointF(area.topLeft()), translation
        self._blit(painter, self._origin)

    def _blit(self, painter: QPainter, at: QPointF) -> None:
        painter.save()
        painter.resetTransform()
        painter.drawImage(at.toPoint(), self._image)
        painter.restore()

    def _render(self, area: QRect, ratio: float, t: QTransform,
                paint: Callable[[QPainter, QRectF], None]) -> QImage:
        self.renders += 1
        image = QImage(round(area.width() * ratio), round(area.height() * ratio),
                       QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        image.fill(Qt.GlobalColor.transparent)
        cache_painter = QPainter(image)
        try:
            cache_painter.setTransform(t * QTransform.fromTranslate(-area.x(), -area.y()))
            paint(cache_painter, QRectF(0, 0, area.width(), area.height()))
        except Exception:  # report as Qt reports errors in paint(); never leave a painter open
            sys.excepthook(*sys.exc_info())
        finally:
            cache_painter.end()
        return image


class CachedGroupItem(pg.GraphicsObject):
    """Draws other map items (sea, countries, graticule) through one raster cache, with a pan
    margin: members cull by the painter's device (`device_map_rect`), not by the view.

    The members stay in the view box, visible or not as before, but flagged as having no contents
    so that the scene leaves their painting to this item. A member's visibility, opacity or
    `update()` call invalidates the cache, so the members need not know they are cached.
    """

    def __init__(self, context: MapContext, members: Sequence[pg.GraphicsObject]) -> None:
        super().__init__()
        self._context = context
        self.members = list(members)
        self.cache = RasterCache(pan_margin=PAN_MARGIN)
        self._revision = 0
        for member in self.members:
            member.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
            member.visibleChanged.connect(self.invalidate)
            member.opacityChanged.connect(self.invalidate)
            member.update = self._forwarding_update(member.update)

    def _forwarding_update(self, original: Callable[..., None]) -> Callable[..., None]:
        def update(*args) -> None:
            original(*args)
            self.invalidate()

        return update

    def invalidate(self) -> None:
        self._revision += 1
        self.update()

    def on_projection_changed(self) -> None:
        self.prepareGeometryChange()
        for member in self.members:
            member.on_projection_changed()
        self.invalidate()

    def boundingRect(self) -> QRectF:
        return outline_rect(self._context)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        key = (self._revision, self._context.projection.key, self._context.scale)
        self.cache.draw(self, painter, key,
                        lambda p, area: self._paint_members(p, option, widget))

    def _paint_members(self, painter: QPainter, option, widget) -> None:
        base_opacity = painter.opacity()
        for member in self.members:
            if not member.isVisible():
                continue
            painter.save()
            try:
                painter.setOpacity(base_opacity * member.opacity())
                member.paint(painter, option, widget)
            finally:
                painter.restore()
