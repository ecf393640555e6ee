"""Helpers shared by the rendering tests: where a lon/lat lands in a rendered image."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from explorer.geo.projection import CENTRAL_ASIA_BBOX
from explorer.render.export import render_scene
from explorer.render.map_scene import MapScene


def render(scene: MapScene, size=(800, 600), bbox=CENTRAL_ASIA_BBOX) -> QImage:
    """The scene drawn into a white image of `size`, showing the lon/lat `bbox`."""
    image = QImage(*size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    render_scene(painter, QRectF(0, 0, *size), scene, scene.projection.bbox_to_rect(bbox))
    painter.end()
    return image


def pixel_at(image: QImage, scene: MapScene, lon: float, lat: float,
             top: float = 0.0) -> QColor:
    """The colour of the image where the scene draws lon/lat (the scene's view box at `top`)."""
    x, y = scene.projection.forward(lon, lat)
    point = scene.viewbox.mapViewToScene(QPointF(float(x), float(y)))
    local = scene.viewbox.mapFromScene(point)
    return image.pixelColor(round(local.x()), round(local.y() + top))


def close(a: QColor, b: QColor, tolerance: int = 12) -> bool:
    return all(abs(p - q) <= tolerance for p, q in
               zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def failing_midway_keeps_the_old_file(out: Path, monkeypatch, module, painter: str,
                                      export: Callable[[], object]) -> None:
    """An export whose `module.painter` fails midway leaves the user's previous file as it was
    and nothing else beside it."""
    out.write_bytes(b"the user's previous export")

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(module, painter, explode)
    with pytest.raises(RuntimeError):
        export()
    assert out.read_bytes() == b"the user's previous export"
    assert [p.name for p in out.parent.iterdir()] == [out.name]
