"""The fixed views the label-quality test and bench_labels.py judge, and how they judge them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import shapely
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from explorer.geo.lod import level_for_scale
from explorer.geo.projection import CENTRAL_ASIA_BBOX, PROJECTIONS
from explorer.model.session import Session
from explorer.render.basemap import projected_level
from explorer.render.country_labels import MUST_NAME
from explorer.render.export import render_scene
from explorer.render.map_scene import MapScene
from explorer.render.style import CENTRAL_ASIA

SIZE = (1600, 1000)
DATES = (dt.date(1995, 6, 1), dt.date(2003, 6, 1), dt.date(2014, 6, 1), dt.date(2026, 12, 1))
ZOOMS = ("world", "region", "close")
CLOSE_BBOX = (62.0, 35.5, 76.0, 43.5)  # the Fergana valley, Tashkent, Dushanbe, K2, Termez


@dataclass(frozen=True)
class View:
    date: dt.date
    projection: str
    zoom: str
    select: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        picked = f" select {','.join(self.select)}" if self.select else ""
        return f"{self.date} {self.projection} {self.zoom}{picked}"


VIEWS = [View(day, key, zoom) for day in DATES for key in PROJECTIONS for zoom in ZOOMS] + [
    View(dt.date(2003, 6, 1), "lcc_central_asia", "region", ("UZB",))]


def view_rect(scene: MapScene, zoom: str) -> tuple[float, ...]:
    if zoom == "world":
        return tuple(shapely.bounds(scene.projection.outline))
    return scene.projection.bbox_to_rect(CENTRAL_ASIA_BBOX if zoom == "region" else CLOSE_BBOX)


def show(scene: MapScene, session: Session, view: View, image: QImage) -> None:
    """Set the scene to a view and draw it into the image."""
    session.time.date = view.date
    scene.set_projection(view.projection)
    session.selection.select(list(view.select))
    painter = QPainter(image)
    try:
        render_scene(painter, QRectF(0, 0, image.width(), image.height()), scene,
                     view_rect(scene, view.zoom))
    finally:
        painter.end()


@dataclass
class Verdict:
    """What is wrong with one frame's labels."""

    detached: list[str] = field(default_factory=list)
    overlapping: list[tuple[str, str]] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    unnamed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:  # True when all is well
        return not (self.detached or self.overlapping or self.outside or self.unnamed)


def judge(scene: MapScene, view: View) -> Verdict:
    """The last frame's labels against the rules: every label next to its own symbol (its
    nearest edge within one symbol size; a leader line reaching it), inside its own country
    for a country, none overlapping another, and every priority feature named."""
    engine = scene.label_engine
    verdict = Verdict()
    boxes = [spot.boxes for _, spot in engine.placed]
    owners = np.repeat(np.arange(len(boxes)), [len(b) for b in boxes])
    flat = np.vstack(boxes) if boxes else np.empty((0, 4))
    for candidate, spot in engine.placed:
        if candidate.kind == "point" and candidate.symbol is not None and (
                _gap(spot.boxes, candidate.symbol, spot.leader) > _size(candidate.symbol)):
            verdict.detached.append(candidate.text)
        elif (candidate.kind == "area" and ":" not in str(candidate.feature)  # a country
              and not _inside(scene, candidate.feature, spot.boxes, engine.transform)):
            verdict.outside.append(candidate.text)
    for i, j in zip(*np.nonzero(_overlaps(flat)), strict=True):
        a, b = owners[i], owners[j]
        if a < b:
            verdict.overlapping.append((engine.placed[a][0].text, engine.placed[b][0].text))
    verdict.unnamed = sorted(priority_features(scene, view) - {c.feature for c, _ in
                                                                engine.placed})
    return verdict


def priority_features(scene: MapScene, view: View) -> set[str]:
    """What must be named in a view: at the regional view the Central Asian states and
    Afghanistan and the Central Asian capitals; with a selection, also the bases it lights."""
    if view.zoom != "region":
        return set()
    atlas = scene.session.active
    must = set(MUST_NAME)
    must |= {p.id for p in atlas.places.values() if p.kind == "capital"
             and p.country in CENTRAL_ASIA}
    if scene.highlight is not None:
        must |= {b for b in scene.highlight.state.ids("base") if _drawn(scene, "bases", b)}
    return must


def _drawn(scene: MapScene, theme: str, feature: str) -> bool:
    item = scene.themes.items[theme]
    return bool(item.isVisible() and np.any(item.drawn[item.ids == feature]))


def _size(symbol: np.ndarray) -> float:
    return float(max(symbol[2] - symbol[0], symbol[3] - symbol[1]))


def _gap(boxes: np.ndarray, symbol: np.ndarray, leader) -> float:
    """How far a label's text is from its symbol: along its leader line, the line's far end
    must touch the text and its near end the symbol."""
    if leader is not None:
        sx, sy, ex, ey = leader
        near_symbol = _box_distance(symbol, np.array([sx, sy, sx, sy]))
        near_text = min(_box_distance(b, np.array([ex, ey, ex, ey])) for b in boxes)
        return max(near_symbol, near_text)
    return min(_box_distance(b, symbol) for b in boxes)


def _box_distance(a: np.ndarray, b: np.ndarray) -> float:
    dx = max(0.0, b[0] - a[2], a[0] - b[2])
    dy = max(0.0, b[1] - a[3], a[1] - b[3])
    return float(np.hypot(dx, dy))


def _overlaps(boxes: np.ndarray, tolerance: float = 0.5) -> np.ndarray:
    b, t = boxes, tolerance
    return ((b[:, None, 0] < b[None, :, 2] - t) & (b[None, :, 0] < b[:, None, 2] - t)
            & (b[:, None, 1] < b[None, :, 3] - t) & (b[None, :, 1] < b[:, None, 3] - t))


def _inside(scene: MapScene, iso: str, boxes: np.ndarray, transform) -> bool:
    """Whether a label's boxes, 1 px in, lie inside the country (the level drawn at that zoom)."""
    inverse, _ = transform.inverted()
    level = projected_level(level_for_scale(1.0 / abs(transform.m11())), scene.projection)
    rows = np.flatnonzero(level.iso_a3 == iso)
    shape = shapely.union_all(level.geoms.take(rows))
    for x0, y0, x1, y1 in boxes:
        corners = np.array([[x0 + 1, y0 + 1], [x1 - 1, y1 - 1]])
        mx = inverse.m11() * corners[:, 0] + inverse.m21() * corners[:, 1] + inverse.dx()
        my = inverse.m12() * corners[:, 0] + inverse.m22() * corners[:, 1] + inverse.dy()
        if not shapely.contains(shape, shapely.box(mx.min(), my.min(), mx.max(), my.max())):
            return False
    return True
