"""The user's own layers on the map: coloured by their style, labelled, filtered by the date."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from explorer.geo.layer_geometry import LINES, POLYGONS
from explorer.geo.projected import ProjectedGeometries
from explorer.geo.projected_points import ProjectedPoints
from explorer.model.features import FeatureRef
from explorer.model.layer_styling import Classification, TimeFilter, classify, time_filter
from explorer.model.session import TimeState
from explorer.model.user_layers import UserLayer
from explorer.render import style
from explorer.render.basemap import outline_rect
from explorer.render.context import MapContext, device_frame, is_raster
from explorer.render.label_spots import LabelCandidate, centred_spot
from explorer.render.paths import FeaturePaths
from explorer.render.text import device_points
from explorer.render.themes.base import point_candidate
from explorer.render.themes.cache import PAN_MARGIN, RasterCache
from explorer.render.user_paths import THIN_PX, paint_batched, paint_large
from explorer.render.user_points import (
    dense_counts,
    in_view,
    looked_up,
    paint_counts,
    paint_symbols,
    polygon_f,
)

Z_USER_LAYERS = 40.0  # above the atlas themes (10 + position) and the highlight (35)
FILL_ALPHA = 0.35
DASHES = {"dash": [3.2, 2.0], "dot": [0.05, 2.0]}
MAX_LABELS = 3000  # label candidates offered per frame
LABEL_PRIORITY = 45.0  # the label engine's order: lower goes first
_CLASS_FIELDS = ("mode", "field", "classes", "method", "ramp", "colour")
# Level of detail on screen (exports draw every feature exactly): a polygon or line spanning
# fewer device pixels than DOT_PX is drawn as a dot of its colour, one drawPoints call a colour;
# those under THIN_PX go into one path a colour with a one-pixel outline.
DOT_PX = 1.5
LARGE_PX = 32.0  # and polygons this many pixels across have their outlines drawn as segments
COUNTS_KEPT = 4  # density answers kept: a view's drawing and legend
MOST_KEPT = 64  # their highest counts kept: a page's layout tries a dozen map sizes, twice


class UserLayerItem(pg.GraphicsObject):
    """One user layer, projected once per projection; style and date changes only repaint.
    Its labels are candidates for the map's label engine (`label_candidates`)."""

    sigChanged = Signal()  # what the item draws changed (the label engine places again)

    def __init__(self, context: MapContext, layer: UserLayer,
                 time: TimeState | None = None) -> None:
        super().__init__()
        self._context = context
        self.layer = layer
        self._time = time
        self.classification: Classification | None = None
        self.style_error = ""
        self.time_filter: TimeFilter | None = None
        self._class_key: tuple | None = None
        self._time_key: tuple | None = None
        self.active: np.ndarray | None = None  # per feature, None = all drawn
        self.cache = RasterCache(pan_margin=PAN_MARGIN)
        self._revision = 0  # bumped by anything that changes the drawing: keys the cache
        # how the last drawing drew its features (tests, benchmarks)
        self.lod_counts = {"paths": 0, "dots": 0, "batched": 0, "density": 0}
        self._labels: np.ndarray | None = None  # the label field's texts, if labelled
        self._labelled = False  # whether the label engine was last told of labels
        self.dense = False  # whether the last drawing shaded the points by count
        self._counted: dict[tuple, np.ndarray | None] = {}  # the last few `density` answers
        self._most: dict[tuple, int | None] = {}  # and their highest counts, more of them
        self.on_projection_changed()
        self._on_style_changed()
        layer.style.events.connect(self._on_style_changed)
        layer.changed.connect(self._on_data_changed)
        if time is not None:
            time.events.date.connect(self._on_date_changed)

    def on_projection_changed(self) -> None:
        self._project()
        self._changed()

    def _project(self) -> None:
        """The layer's geometry projected and its points put in column order."""
        self.prepareGeometryChange()
        geometry, projection = self.layer.data.geometry, self._context.projection
        polygons, self.polygon_features = geometry.shapes_of(POLYGONS)
        lines, self.line_features = geometry.shapes_of(LINES)
        self.polygons = ProjectedGeometries(polygons, projection)
        self.lines = ProjectedGeometries(lines, projection)
        self._polygon_paths = FeaturePaths(self.polygons.arrays)  # each built when first drawn
        self._line_paths = FeaturePaths(self.lines.arrays)
        lon, lat, features = geometry.point_parts()  # features None: each its own
        self.points = ProjectedPoints(  # ordered when needed
            lon, lat, features, projection,
            geometry.total_bounds() if features is None and len(lon) else None)
        self._is_point = np.zeros(len(geometry), bool)
        self._is_point[slice(None) if features is None else features] = True
        self._label_xy: tuple[np.ndarray, np.ndarray] | None = None  # computed when labelled

    def _on_data_changed(self) -> None:
        """A database layer's new view: projected, classified and filtered afresh (one
        repaint, and one new placement of labels, not one per step)."""
        self.active = None
        self._class_key = self._time_key = None
        self._project()
        self._on_style_changed()

    def _changed(self) -> None:
        self._revision += 1
        self.update()
        labelled = self._labels is not None
        if labelled or self._labelled:  # the label engine places again only for labels
            self.sigChanged.emit()
        self._labelled = labelled

    @property
    def point_x(self) -> np.ndarray:
        return self.points.ordered.x

    @property
    def point_y(self) -> np.ndarray:
        return self.points.ordered.y

    @property
    def point_features(self) -> np.ndarray:
        return self.points.ordered.features

    @property
    def label_x(self) -> np.ndarray:
        return self._label_anchors()[0]

    @property
    def label_y(self) -> np.ndarray:
        return self._label_anchors()[1]

    def _label_anchors(self) -> tuple[np.ndarray, np.ndarray]:
        if self._label_xy is None:
            ax, ay = self._context.projection.forward(*self.layer.data.geometry.anchors())
            self._label_xy = (np.asarray(ax, float), np.asarray(ay, float))
        return self._label_xy

    def _path(self, kind: str, i: int) -> QPainterPath:
        return (self._polygon_paths if kind == "polygons" else self._line_paths)[i]

    def _on_style_changed(self, *args) -> None:
        st, frame = self.layer.style, self.layer.data  # columns made pandas when needed
        self.setVisible(st.visible)
        self.setOpacity(st.opacity)
        key = tuple(getattr(st, name) for name in _CLASS_FIELDS)
        if key != self._class_key:
            self._class_key = key
            try:
                self.classification, self.style_error = classify(frame, st), ""
            except (ValueError, KeyError) as error:
                self.classification = classify(frame, st.model_copy(update={"mode": "single"}))
                self.style_error = str(error)
        key = (st.time_start_field, st.time_end_field)
        if key != self._time_key:
            self._time_key = key
            present = [f if f in frame.columns else None for f in key]
            self.time_filter = time_filter(frame, *present)
            self._on_date_changed()
        self._labels = (None if not st.label_field or st.label_field not in frame.columns
                        else frame[st.label_field].astype(str).where(
                            frame[st.label_field].notna(), "").to_numpy())
        self._changed()

    def _on_date_changed(self, *args) -> None:
        if self.time_filter is None or self._time is None:
            self.active = None
        else:
            self.active = self.time_filter.mask(self._time.date)
        self._changed()

    def drawn_count(self, day: dt.date | None = None) -> int:
        """How many features the current (or given) date shows."""
        if self.time_filter is None:
            return len(self.layer.data)
        mask = self.active if day is None else self.time_filter.mask(day)
        return len(self.layer.data) if mask is None else int(mask.sum())

    def boundingRect(self) -> QRectF:
        return outline_rect(self._context)

    def _shown(self, visible: np.ndarray, features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Visible geometries kept by the date, sorted by colour; with their colour indices."""
        feats = features[visible]
        if self.active is not None:
            keep = self.active[feats]
            visible, feats = visible[keep], feats[keep]
        colours = self.classification.indices[feats]
        order = np.argsort(colours, kind="stable")
        return visible[order], colours[order]

    def paint(self, painter: QPainter, *args) -> None:
        # Through the cache: a pan blits it. The labels go to the map's label engine.
        self.cache.draw(self, painter, (self._revision, self._context.scale), self._paint_layer)

    def _paint_layer(self, painter: QPainter, area: QRectF) -> None:
        """Polygons, lines and points covering the device `area`; on screen, features under a
        few pixels are drawn as dots or batched into one path, exports draw every one exactly."""
        s, st = self._context.scale, self.layer.style
        exact = self._context.one_shot or not is_raster(painter)
        colours = [QColor(c) for c in self.classification.colours]
        inverse, _ = painter.transform().inverted()
        covered = inverse.mapRect(area)
        rect = (covered.left(), covered.top(), covered.right(), covered.bottom())
        pixels = abs(painter.transform().m11())  # device pixels per map unit
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.lod_counts = {"paths": 0, "dots": 0, "batched": 0, "density": 0}

        def fill_pen(c: int, width: float) -> None:
            fill = QColor(colours[c])
            fill.setAlphaF(FILL_ALPHA)
            painter.setBrush(fill)
            painter.setPen(style.cosmetic_pen(colours[c].darker(115), width))

        def line_pen(c: int, width: float) -> None:
            pen = style.cosmetic_pen(colours[c], width)
            if st.line_dash in DASHES:
                pen.setDashPattern(DASHES[st.line_dash])
            painter.setPen(pen)

        if len(self.polygons):
            self._paint_paths(painter, "polygons", rect, pixels, exact, colours,
                              fill_pen, 1.2 * s, lambda c: colours[c].darker(115))
        if len(self.lines):
            painter.setBrush(Qt.BrushStyle.NoBrush)
            self._paint_paths(painter, "lines", rect, pixels, exact, colours,
                              line_pen, st.line_width * s, lambda c: colours[c])
        if len(self.points) or self.layer.counts is not None:
            self._paint_points(painter, area, colours, st.point_size * s, st.point_shape)
        if not self._context.one_shot and self.points.big:
            # a window's next views want the points in order: the worker is set going once
            # this frame is drawn, not while it is (the two would share the cores)
            QTimer.singleShot(0, self, self._order_points)

    def _order_points(self) -> None:
        self.points.start()  # the points of now: a new projection may have replaced them

    def _paint_paths(self, painter: QPainter, kind: str, rect: tuple[float, ...],
                     pixels: float, exact: bool, colours: list[QColor], set_pen,
                     width: float, dot_colour) -> None:
        """One kind of path feature, grouped by colour; the pen is set once a colour."""
        geoms = self.polygons if kind == "polygons" else self.lines
        features = self.polygon_features if kind == "polygons" else self.line_features
        shown, cls = self._shown(np.asarray(geoms.visible(*rect), int), features)
        if not len(shown):
            return
        b = geoms.bounds[shown]
        extent = np.fmax(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]) * pixels
        if exact:
            dots = small = np.zeros(len(shown), bool)
        else:
            dots, small = extent < DOT_PX, (extent >= DOT_PX) & (extent < THIN_PX)
        if dots.any():  # each a dot at the centre of its bounds: invisible as a shape anyway
            painter.save()
            t = painter.transform()
            painter.resetTransform()
            for c in np.unique(cls[dots]):
                group = dots & (cls == c)
                gb = b[group]
                x, y = (gb[:, 0] + gb[:, 2]) / 2, (gb[:, 1] + gb[:, 3]) / 2
                pen = QPen(dot_colour(c), max(1.5, DOT_PX))
                pen.setCapStyle(Qt.PenCapStyle.SquareCap)
                painter.setPen(pen)
                painter.drawPoints(polygon_f(t.m11() * x + t.dx(), t.m22() * y + t.dy()))
            painter.restore()
            self.lod_counts["dots"] += int(dots.sum())
        if small.any():  # one path a colour, filled without antialiasing
            paint_batched(painter, geoms, shown[small], cls[small], set_pen)
            self.lod_counts["batched"] += int(small.sum())
        whole = ~dots & ~small
        # large features on pixels: their lines as segments (see user_paths.paint_large)
        large = whole & (extent >= LARGE_PX) if is_raster(painter) else np.zeros(len(shown), bool)
        if large.any():
            paint_large(painter, geoms, lambda i, kind=kind: self._path(kind, i),
                        kind == "polygons", shown[large], cls[large], rect, set_pen, width)
        last = -1
        for i, c in zip(shown[whole & ~large], cls[whole & ~large], strict=True):
            if c != last:
                last = c
                set_pen(c, width)
            painter.drawPath(self._path(kind, i))
        self.lod_counts["paths"] += int(whole.sum())

    def _on_screen(self, painter: QPainter, x: np.ndarray, y: np.ndarray,
                   margin: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        dx, dy = device_points(painter, x, y)
        frame = device_frame(self, painter).adjusted(-margin, -margin, margin, margin)
        inside = ((dx >= frame.left()) & (dx <= frame.right()) & (dy >= frame.top())
                  & (dy <= frame.bottom()))
        return dx, dy, inside

    def density(self, rect: tuple[float, ...], width: float, height: float) -> np.ndarray | None:
        """The points the date shows in `rect` (map units) drawn `width` x `height` device px,
        counted per cell when too many to draw one by one (see user_points.dense_counts), or
        the database's counts of them counted again into this view's cells."""
        key = (self._revision, self._context.scale, tuple(rect), width, height)
        if key in self._counted:  # the drawing and the legend ask alike: count once
            return self._counted[key]
        if len(self._counted) >= COUNTS_KEPT:
            del self._counted[next(iter(self._counted))]
        if self.layer.counts is not None:
            found = looked_up(self.layer.counts, self._context.projection, rect, (width, height),
                              self._context.scale)
        else:
            categorized = self.layer.style.mode == "categorized"
            found = dense_counts(self.points, self.active, rect, (width, height),
                                 self._context.scale,
                                 self.classification.indices if categorized else None,
                                 len(self.classification.colours))
        self._counted[key] = found
        return found

    def most_dense(self, rect: tuple[float, ...], width: float, height: float) -> int | None:
        """The highest count per cell `density` would shade, None if it would draw points."""
        key = (self._revision, self._context.scale, tuple(rect), width, height)
        if key not in self._most:
            if len(self._most) >= MOST_KEPT:
                del self._most[next(iter(self._most))]
            counts = self.density(rect, width, height)
            self._most[key] = None if counts is None else int(
                counts.sum(axis=0).max() if counts.ndim == 3 else counts.max())
        return self._most[key]

    def _paint_points(self, painter: QPainter, area: QRectF, colours: list[QColor],
                      size: float, shape: str) -> None:
        """Points grouped by colour, or shaded by count where too dense to see one by one."""
        covered = painter.transform().inverted()[0].mapRect(area)
        counts = self.density((covered.left(), covered.top(), covered.right(),
                               covered.bottom()), area.width(), area.height())
        self.dense = counts is not None
        if counts is not None:
            paint_counts(painter, area, counts, colours)
            self.lod_counts["density"] = int(counts.sum())
            return
        margin = size / abs(painter.transform().m11())  # a symbol's reach, in map units
        ordered = self.points.ordered
        first, keep = in_view(ordered.x, ordered.y, ordered.index, self.points.shown(self.active),
                              (covered.left() - margin, covered.top() - margin,
                               covered.right() + margin, covered.bottom() + margin))
        rows = first + np.flatnonzero(keep)
        if len(rows):
            dx, dy = device_points(painter, ordered.x[rows], ordered.y[rows])
            paint_symbols(painter, dx, dy,
                          self.classification.indices[ordered.features[rows]], colours,
                          size, shape, self._context.scale)

    def label_candidates(self, painter: QPainter, device: QRectF) -> list[LabelCandidate]:
        """Each shown feature's label: beside its point, or centred on its representative
        point; after the atlas's bases, capitals and Central Asian states, before the rest."""
        if self._labels is None:
            return []
        dx, dy, inside = self._on_screen(painter, self.label_x, self.label_y, 0.0)
        inside &= np.isfinite(dx) & np.isfinite(dy) & (self._labels != "")
        if self.active is not None:
            inside &= self.active
        if self.dense:  # points shaded by count: no label can say which it names
            inside &= ~self._is_point
        s = self._context.scale
        font = style.font(11 * s)
        half = self.layer.style.point_size * s / 2
        found = []
        for row in np.flatnonzero(inside)[:MAX_LABELS]:
            x, y, text = float(dx[row]), float(dy[row]), str(self._labels[row])
            feature = FeatureRef.user(self.layer.id, row).id
            priority = LABEL_PRIORITY + row * 1e-7
            found.append(
                point_candidate(text, font, style.LABEL, priority, x, y, half, s, feature)
                if self._is_point[row] else
                LabelCandidate(text, font, style.LABEL, priority, [centred_spot(x, y, text, font)],
                               2.5 * s, feature=feature, kind="area"))
        return found
