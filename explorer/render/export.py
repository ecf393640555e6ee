"""Export the map scene to PNG, JPEG, SVG or PDF, written atomically (never a partial file)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
)

from explorer.geo.projection import CENTRAL_ASIA_BBOX, DEFAULT_PROJECTION
from explorer.model.citations import cited_sources
from explorer.model.details import format_day
from explorer.model.drawn import MapExtent, visible_records
from explorer.model.legend import LegendEntry, legend_entries
from explorer.model.session import Session
from explorer.render import style
from explorer.render.export_session import export_session
from explorer.render.extent import fitted_rect, map_extent
from explorer.render.footnotes import Footer, layout_footer
from explorer.render.legend import paint_legend
from explorer.render.map_scene import MapScene, Rect
from explorer.render.north_arrow import paint_north_arrow, true_north_angle
from explorer.render.page_files import (
    RASTER_FORMATS,
    ExportError,
    atomic_output,
    check_output_path,
    write_raster,
)
from explorer.render.page_layout import PageLayout, PageSpec, layout_page
from explorer.render.page_title import paint_title, title_height
from explorer.render.svg_layers import SvgCanvas
from explorer.render.viewbox_host import hosted_viewbox

if TYPE_CHECKING:  # the network's modules (networkx) load only for a briefing page
    from explorer.analysis.layout import LayoutKeeper
    from explorer.render.network_view import NetworkOptions, NetworkView

SCREEN_DPI = 96.0
MAX_PIXELS = 20_000
DATE_PLACEHOLDER = "{date}"  # in a title or subtitle: the map's date, written out

@dataclass
class ImageOptions:
    """What every image export takes: pixel size, resolution and a title."""

    size: tuple[int, int] = (1600, 1000)
    dpi: float = SCREEN_DPI
    title: str | None = None

    @property
    def scale(self) -> float:
        """Device pixels per screen pixel: pens and text grow with the dpi."""
        return self.dpi / SCREEN_DPI

    def check_size(self) -> None:
        width, height = self.size
        if not (0 < width <= MAX_PIXELS and 0 < height <= MAX_PIXELS):
            raise ExportError(f"the size {width}x{height} is out of range (1 to {MAX_PIXELS} "
                              "pixels)")


@dataclass
class ExportOptions(ImageOptions):
    """A map export: the atlas on a date, with themes, selection and the user's layers."""

    date: dt.date = field(default_factory=dt.date.today)
    compare: dt.date | None = None  # a diff map: what changed from this date to `date`
    route: tuple[str, str] | None = None  # a way to draw: from, to (a place, or "sea")
    themes: str | None = None  # None: every theme; "none": the bare basemap; else a spec
    legend: bool = True
    session: Session | None = None  # the window's session: its date and themes win
    select: tuple[str, ...] = ()  # actor ids to highlight with everything linked to them
    # the user's vector files (or PostGIS tables: postgresql://…?table=…), over the themes
    layers: tuple[Path | str, ...] = ()
    transparent: bool = False
    bbox: tuple[float, float, float, float] = CENTRAL_ASIA_BBOX
    view_rect: Rect | None = None  # projected extent; wins over bbox (the window's current view)
    projection: str = DEFAULT_PROJECTION
    subtitle: str | None = None  # a smaller line under the title
    graticule: bool = True  # as View → Graticule
    country_labels: bool = True  # as View → Country Labels
    scale_bar: bool = True
    north_arrow: bool = True  # points to true north at the map's centre
    date_stamp: bool = True
    attribution: bool = True  # the data credit: Natural Earth, the atlas
    footnotes: bool = True  # the numbered sources of what the page shows, under the map
    briefing: bool = False  # the actor network on the same date beside the map
    history: bool = True  # a briefing's history strip of the selected actors, under both
    network: NetworkOptions | None = None  # the briefing's network panel (the dock's options)
    network_layouts: LayoutKeeper | None = None  # the dock's layouts: the dock's picture


def export_map(out: Path, options: ExportOptions,
               on_widened: Callable[[tuple[int, int]], None] | None = None,
               on_unsourced: Callable[[int], None] | None = None) -> Path:
    """Render the map as the window draws it and write it to `out` (format from the suffix);
    `on_widened(size)` hears of a page made wider than asked for its legend,
    `on_unsourced(count)` of a page with no room for a single one of its `count` sources."""
    out = Path(out)
    check_output_path(out)
    options.check_size()
    scene = MapScene(options.projection, scale=options.scale, session=export_session(options))
    scene.context.one_shot = True
    layout = planned_page(scene, options)
    size = page_size(scene, options, layout)
    if size != options.size and on_widened is not None:
        on_widened(size)
    if layout.sources_left_out and on_unsourced is not None:
        on_unsourced(layout.footer.sources)
    suffix = out.suffix.lower()
    with atomic_output(out) as tmp:
        if suffix in RASTER_FORMATS:
            write_raster(tmp, RASTER_FORMATS[suffix], size, options.dpi, options.transparent,
                         lambda p, r: paint_page(p, r, scene, options, layout=layout))
        elif suffix == ".svg":  # a layer a theme, a group a feature: editable in Inkscape
            canvas = SvgCanvas(size, options.dpi, document_title(scene, options))
            compose_page(canvas, QRectF(0, 0, *size), scene, options, layout=layout)
            canvas.write(tmp)
        else:
            _write_pdf(tmp, scene, options, size, layout)
    return out


def _write_pdf(path: Path, scene: MapScene, options: ExportOptions, size: tuple[int, int],
               layout: PageLayout) -> None:
    width, height = size
    writer = QPdfWriter(str(path))
    writer.setResolution(round(options.dpi))
    points = QSizeF(width / options.dpi * 72.0, height / options.dpi * 72.0)
    writer.setPageLayout(QPageLayout(QPageSize(points, QPageSize.Unit.Point),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(document_title(scene, options))
    painter = QPainter(writer)
    try:
        page = QRectF(painter.viewport())
        paint_page(painter, page, scene, options, layout=layout)
    finally:
        painter.end()


class PageCanvas(Protocol):
    """Where a page's parts are painted: all on one painter, or each into a layer of an SVG."""

    def draw(self, part: str, paint: Callable[[QPainter], None]) -> None:
        """Paint one part of the page (`part` names it: "Title", "Legend")."""

    def draw_map(self, target: QRectF, scene: MapScene, view_rect: Rect) -> None:
        """Draw the map's view box into `target`, showing `view_rect`."""

    def draw_network(self, target: QRectF, view: NetworkView) -> None:
        """Draw the network view into `target`, fitted to it."""


@dataclass
class PainterCanvas:
    """Every part of the page on one painter (pixels, PDF, the dialog's preview)."""

    painter: QPainter

    def draw(self, part: str, paint: Callable[[QPainter], None]) -> None:
        paint(self.painter)

    def draw_map(self, target: QRectF, scene: MapScene, view_rect: Rect) -> None:
        render_scene(self.painter, target, scene, view_rect)

    def draw_network(self, target: QRectF, view: NetworkView) -> None:
        render_viewbox(self.painter, target, view.viewbox, view.fit)


def paint_page(painter: QPainter, page: QRectF, scene: MapScene, options: ExportOptions,
               grow: bool = True, layout: PageLayout | None = None) -> None:
    """The page in device pixels: title and subtitle, the map with its legend, scale bar, north
    arrow and date stamp (the network beside it in the briefing layout), and the data credit
    and the numbered sources of what the page shows. `page` is as large as `page_size` says
    (with `grow`), else a legend with no room of its own goes over the map. `layout`: the
    page as `planned_page` planned it, if at hand (planning tries many layouts)."""
    compose_page(PainterCanvas(painter), page, scene, options, grow, layout)


def compose_page(canvas: PageCanvas, page: QRectF, scene: MapScene, options: ExportOptions,
                 grow: bool = True, layout: PageLayout | None = None) -> None:
    """`paint_page` part by part on a canvas."""
    s = options.scale
    view = _briefing_view(scene, options)
    if layout is None or not grow or page.topLeft() != QPointF(0, 0):
        layout = plan_page(scene, options, page, view, grow)
    whole = QRectF(page.topLeft(), layout.size)
    _paint_map(canvas, layout, scene, options)
    if not options.transparent:
        # The page around the map is white; and Qt's SVG writer drops clipping: what the map
        # draws past its panel is covered here.
        around = QPainterPath()
        around.addRect(whole)
        around.addRect(layout.map)
        canvas.draw("Page", lambda p: p.fillPath(around, QColor("white")))
    title, subtitle = (page_title(options.title, scene, options),
                       page_title(options.subtitle, scene, options))
    canvas.draw("Title", lambda p: paint_title(p, whole, title, s, options.transparent,
                                               subtitle))
    if layout.legend is not None:
        canvas.draw("Legend", lambda p: paint_legend(
            p, layout.legend.topLeft(), layout.entries, layout.legend_scale or s,
            panel=layout.legend_place == "map",
            max_height=layout.legend_height))
    if view is not None and layout.network is not None:
        from explorer.render.briefing import show_legend

        show_legend(view, layout.network, options.legend)
        canvas.draw_network(layout.network, view)
    if layout.history is not None:
        from explorer.render.history_strip import paint_strip

        day = scene.session.date
        canvas.draw("History", lambda p: paint_strip(p, layout.history, layout.histories, day,
                                                     s))
    top = layout.legend.top() if layout.legend_place == "band" else None
    if top is not None:  # a rule across the page over the band

        def rule(painter: QPainter) -> None:
            painter.setPen(style.cosmetic_pen(style.PANEL_EDGE, 1.0 * s))
            painter.drawLine(QPointF(whole.left(), top), QPointF(whole.right(), top))

        canvas.draw("Rule", rule)
    if layout.footer_rect is not None:
        canvas.draw("Sources and credits", lambda p: layout.footer.paint(
            p, layout.footer_rect, options.transparent))


def planned_page(scene: MapScene, options: ExportOptions) -> PageLayout:
    """The page's layout for the size asked, at the origin."""
    return plan_page(scene, options, QRectF(0, 0, *options.size), _briefing_view(scene, options))


def _briefing_view(scene: MapScene, options: ExportOptions) -> NetworkView | None:
    """The briefing's network panel (None on a map-only page, which never loads networkx)."""
    if not options.briefing:
        return None
    from explorer.render.briefing import network_view

    return network_view(scene, options.scale, options.network, options.network_layouts)


def page_size(scene: MapScene, options: ExportOptions,
              layout: PageLayout | None = None) -> tuple[int, int]:
    """The size of the page paint_page fills (`layout`: the page as planned, if at hand): the
    size asked, or wider when the legend needs a column of its own beside the map."""
    size = (layout or planned_page(scene, options)).size
    return max(options.size[0], math.ceil(size.width() - 0.01)), options.size[1]


def page_title(text: str | None, scene: MapScene, options: ExportOptions) -> str | None:
    """A title or subtitle with its {date} written out as the map's date (1 June 2003)."""
    if not text:
        return text
    day = scene.session.date if scene.session is not None else options.date
    return text.replace(DATE_PLACEHOLDER, format_day(day))


def _dated_title(options: ExportOptions) -> bool:
    """Whether the title or the subtitle writes the map's date (the stamp would repeat it)."""
    return any(DATE_PLACEHOLDER in (text or "") for text in (options.title, options.subtitle))


def document_title(scene: MapScene, options: ExportOptions) -> str:
    """The title an SVG or PDF file carries: the page's, or a plain one."""
    return page_title(options.title, scene, options) or "Central Asia Explorer map"


def plan_page(scene: MapScene, options: ExportOptions, page: QRectF,
              view: NetworkView | None, grow: bool = True) -> PageLayout:
    """The page's layout for the size asked (options.size) at the page's corner: the legend
    and the sources of the map as it ends up laid out."""
    s = options.scale
    requested = options.view_rect or scene.projection.bbox_to_rect(options.bbox)
    extents: dict[tuple[float, float], MapExtent] = {}

    def extent(map_rect: QRectF) -> MapExtent:
        key = (map_rect.width(), map_rect.height())
        if key not in extents:
            extents[key] = map_extent(scene, fitted_rect(requested, *key), key[0])
        return extents[key]

    def legend_for(map_rect: QRectF) -> list[LegendEntry]:
        if not options.legend or scene.session is None:
            return []
        return legend_entries(scene.session, extent(map_rect))

    footers: dict[tuple[float, ...], Footer] = {}  # the layout tries a size more than once

    def footer_for(width: float, most: float, panels: PageLayout) -> Footer:
        strip = panels.history.height() if panels.history is not None else 0.0
        key = (panels.map.width(), panels.map.height(), strip, width, most)
        if key not in footers:
            records = visible_records(scene.session, extent(panels.map))
            if view is not None:
                from explorer.render.briefing import drawn_ties

                records += drawn_ties(view)
            if strip:
                from explorer.render.history_strip import strip_records

                records += strip_records(scene.session.atlas, histories, strip, s)
            sources = cited_sources(scene.session.atlas, records, scene.label_engine.lit())
            credit = scene.attribution.text if options.attribution else ""
            footers[key] = layout_footer(sources, credit, width, most, s)
        return footers[key]

    histories = []
    if view is not None and options.history:
        from explorer.render.history_strip import strip_histories

        histories = strip_histories(scene.session)
    rows = 0
    if histories:
        from explorer.render.history_strip import wanted_rows

        rows = wanted_rows(histories)
    spec = PageSpec(s, legend_for, footer_for, view is not None, rows, options.north_arrow,
                    options.attribution, options.footnotes and scene.session is not None)
    top = title_height(page_title(options.title, scene, options),
                       page_title(options.subtitle, scene, options), s)
    layout = layout_page(QRectF(page.topLeft(), QSizeF(*options.size)), top, spec, grow)
    layout.histories = histories
    return layout


def _paint_map(canvas: PageCanvas, layout: PageLayout, scene: MapScene,
               options: ExportOptions) -> None:
    """The map in its panel with the scale bar, date stamp, attribution (unless the footer
    has it) and north arrow; labels keep clear of the arrow and of a legend on the map."""
    scene.viewbox.setBackgroundColor(None if options.transparent else style.BACKGROUND)
    scene.graticule.setVisible(options.graticule)
    scene.labels.setVisible(options.country_labels)
    scene.scale_bar.setVisible(options.scale_bar)
    scene.date_stamp.setVisible(options.date_stamp and not _dated_title(options))
    scene.attribution.setVisible(options.attribution and not layout.footer.columns)
    furniture = [r for r in (layout.arrow, layout.legend if layout.legend_place == "map" else
                             None) if r is not None]
    engine, reserved = scene.label_engine, scene.label_engine.reserved
    boxes = np.array([[r.left(), r.top(), r.right(), r.bottom()] for r in furniture])
    if len(boxes):
        engine.reserved = lambda device: (boxes if reserved is None
                                          else np.vstack([reserved(device), boxes]))
    try:
        canvas.draw_map(layout.map, scene,
                        options.view_rect or scene.projection.bbox_to_rect(options.bbox))
    finally:
        engine.reserved = reserved
    if layout.arrow is not None:
        centre = scene.viewbox.viewRect().center()
        angle = true_north_angle(scene.projection, centre.x(), centre.y())
        canvas.draw("North arrow", lambda p: paint_north_arrow(p, layout.arrow, angle,
                                                               options.scale))


def render_scene(painter: QPainter, target: QRectF, scene: MapScene, view_rect: Rect) -> None:
    """Draw the scene's view box into `target`, showing `view_rect` (aspect kept, centred)."""
    render_viewbox(painter, target, scene.viewbox, lambda: scene.show_rect(view_rect))


def render_viewbox(painter: QPainter, target: QRectF, viewbox: pg.ViewBox,
                   frame: Callable[[], None]) -> None:
    """Draw a view box into `target` at the target's size; `frame()` sets its range once the
    box has that size."""
    with hosted_viewbox(target, viewbox, frame) as host:
        host.render(painter, target, QRectF(0, 0, target.width(), target.height()),
                    Qt.AspectRatioMode.IgnoreAspectRatio)
