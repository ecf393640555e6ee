"""The export dialog's thumbnail: the page drawn small by the exporter's own paint_page."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter

if TYPE_CHECKING:
    from explorer.render.export import ExportOptions
    from explorer.render.map_scene import MapScene

PREVIEW = QSize(380, 280)  # the largest thumbnail of the page


@dataclass(frozen=True)
class PreviewPage:
    """A page drawn small, and what its full size would do: widen to `widened_to` px for the
    legend (None: kept), or leave out all of its `unsourced` sources (0: it cites some)."""

    image: QImage
    widened_to: int | None
    unsourced: int


class PagePreview:
    """Draws pages small: the same layout at a dpi that shrinks every line and letter in
    proportion; one map scene kept per projection and scale."""

    def __init__(self) -> None:
        self._scene: tuple[tuple, MapScene] | None = None

    def draw(self, options: ExportOptions) -> PreviewPage:
        """The page `options` describe, at most PREVIEW large (ExportError, ValueError: the
        options cannot make a page)."""
        from explorer.render.export import page_size, paint_page, planned_page
        from explorer.render.export_session import export_session
        from explorer.render.map_scene import MapScene

        width, height = options.size
        factor = min(PREVIEW.width() / width, PREVIEW.height() / height)
        small = dataclasses.replace(options, size=(max(1, round(width * factor)),
                                                   max(1, round(height * factor))),
                                    dpi=options.dpi * factor)
        key = (small.projection, small.scale)
        if self._scene is None or self._scene[0] != key:
            scene = MapScene(small.projection, scale=small.scale, session=export_session(small))
            scene.context.one_shot = True
            self._scene = (key, scene)
        scene = self._scene[1]
        layout = planned_page(scene, small)
        page = page_size(scene, small, layout)
        image = QImage(*page, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("white"))
        painter = QPainter(image)
        try:
            if small.transparent:  # a checkerboard shows what stays see-through
                painter.fillRect(image.rect(), QBrush(QColor("#dddddd"),
                                                      Qt.BrushStyle.Dense4Pattern))
            paint_page(painter, QRectF(0, 0, *page), scene, small)
        finally:
            painter.end()
        return PreviewPage(image, round(page[0] / factor) if page != small.size else None,
                           layout.footer.sources if layout.sources_left_out else 0)
