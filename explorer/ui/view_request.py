"""What a layer read a view at a time asks for: the map's lon/lat box and its count cells."""

from __future__ import annotations

from dataclasses import dataclass

from explorer.model.project import Extent
from explorer.render.map_scene import MapScene
from explorer.render.user_points import CELL_PX

LonLatBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class ViewCells:
    """The view's lon/lat box, its cells (CELL_PX across) and a device pixel in degrees."""

    box: LonLatBox
    cells: tuple[int, int]
    pixel: float


def view_request(scene: MapScene, size: tuple[int, int]) -> ViewCells | None:
    """The scene's view drawn `size` (w, h) device pixels, or None before it is laid out."""
    try:
        box = Extent.of(scene.view_rect(), scene.projection.key).bbox
    except ValueError:  # a view not laid out yet
        return None
    if box is None:
        return None
    width, height = max(size[0], 1), max(size[1], 1)
    cells = (max(1, round(width / CELL_PX)), max(1, round(height / CELL_PX)))
    pixel = min((box[2] - box[0]) / width, (box[3] - box[1]) / height)
    return ViewCells(box, cells, pixel)
