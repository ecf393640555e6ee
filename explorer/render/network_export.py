"""Export the actor network as PNG, SVG (the dock's renderer), GEXF or GraphML, atomically."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter

from explorer.analysis.layout import LayoutKeeper
from explorer.analysis.network import filtered_network, focus, node_metrics
from explorer.io.atlas_reader import ATLAS_ATTRIBUTION, read_atlas
from explorer.io.network_writer import GRAPH_FORMATS, write_graph
from explorer.model.session import Session
from explorer.render import style
from explorer.render.export import ImageOptions, render_viewbox
from explorer.render.network_svg import paint_network_layers
from explorer.render.network_view import NetworkOptions, NetworkView
from explorer.render.page_files import ExportError, atomic_output, check_output_path, write_raster
from explorer.render.page_title import paint_title, title_height
from explorer.render.svg_document import SvgDocument
from explorer.render.text import draw_halo_text, metrics, text_width

IMAGE_FORMATS = (".png", ".svg")
NETWORK_FORMATS = (*IMAGE_FORMATS, *GRAPH_FORMATS)


@dataclass
class NetworkExportOptions(ImageOptions):
    """What to export. date None: images show today; graph files hold every actor and tie
    with its interval (a dynamic GEXF)."""

    date: dt.date | None = None
    view: NetworkOptions = field(default_factory=lambda: NetworkOptions(legend=True))
    select: tuple[str, ...] = ()  # actor ids to select (without the window's session)
    session: Session | None = None  # the window's: its atlas, date and selection win
    layouts: LayoutKeeper | None = None  # the dock's layouts: the export keeps its picture


def export_network(out: Path, options: NetworkExportOptions,
                   on_legend_left_out: Callable[[], None] | None = None) -> Path:
    """Write the network to `out`, in the format of its suffix; `on_legend_left_out()` hears
    of an image whose legend had no corner clear of the nodes (a file's legend is drawn whole
    or not at all)."""
    out = Path(out)
    check_output_path(out, NETWORK_FORMATS, "the network ")
    suffix = out.suffix.lower()
    session = options.session
    if suffix in GRAPH_FORMATS:
        atlas = session.atlas if session is not None else read_atlas()
        day = session.date if session is not None else options.date
        graph = filtered_network(atlas, day, options.view)
        metrics = None if day is None else node_metrics(graph)
        shown, _ = focus(graph, options.view, ())
        with atomic_output(out) as tmp:
            write_graph(graph.subgraph(shown), tmp, day, metrics)
        return out
    options.check_size()
    if session is None:
        session = Session(read_atlas(), options.date or dt.date.today())
        unknown = [actor for actor in options.select if actor not in session.atlas.actors]
        if unknown:
            raise ExportError(f"--select {unknown[0]!r} is not an actor of the atlas (see "
                              "`explorer atlas` for the ids, e.g. UZB, USA, CSTO)")
        session.selection.select(list(options.select))
    view = NetworkView(session, options.view, scale=options.scale, vector=suffix == ".svg",
                       layouts=options.layouts)
    legend, panel = view.labels.reserved or (lambda: []), _panel(options)
    view.labels.reserved = lambda: [*legend(), _credit(panel, options.scale)[1]]

    def paint(painter: QPainter, page: QRectF) -> None:
        paint_network_page(painter, page, view, options)

    with atomic_output(out) as tmp:
        if suffix == ".png":
            write_raster(tmp, "PNG", options.size, options.dpi, False, paint)
        else:
            write_network_svg(tmp, view, options)
    if view.legend_left_out and on_legend_left_out is not None:
        on_legend_left_out()
    return out


def paint_network_page(painter: QPainter, page: QRectF, view: NetworkView,
                       options: NetworkExportOptions) -> None:
    """The title band (if any), the network with its legend, and the credit line."""
    rest = paint_title(painter, page, options.title, options.scale)
    render_viewbox(painter, rest, view.viewbox, view.fit)
    paint_credit(painter, rest, options.scale)


def write_network_svg(path: Path, view: NetworkView, options: NetworkExportOptions) -> None:
    """The page as `paint_network_page` paints it, as an editable SVG: title, background,
    ties, actors, legend and credit each a layer, each actor a group of its own (its id)."""
    document = SvgDocument(options.size, options.dpi, options.title or "Actor network")
    rest = _panel(options)
    document.layer("Title").add(document.paint(
        lambda p: paint_title(p, QRectF(0, 0, *options.size), options.title, options.scale)))
    paint_network_layers(document, rest, view)
    document.layer("Credits").add(document.paint(
        lambda p: paint_credit(p, rest, options.scale)))
    document.write(path)


def _panel(options: NetworkExportOptions) -> QRectF:
    """The page under the title band: the network's panel."""
    return QRectF(0, 0, *options.size).adjusted(
        0, title_height(options.title, None, options.scale), 0, 0)


def _credit(panel: QRectF, scale: float) -> tuple[QPointF, QRectF]:
    """The data credit's baseline anchor on the page, in the panel's bottom-right corner, and
    the box it covers in the panel's own frame (no label goes there)."""
    font = style.font(10 * scale)
    width, m = text_width(ATLAS_ATTRIBUTION, font), metrics(font)
    x, y = panel.width() - width - 10 * scale, panel.height() - 8 * scale
    return (QPointF(panel.left() + x, panel.top() + y),
            QRectF(x, y - m.ascent(), width, m.ascent() + m.descent()))


def paint_credit(painter: QPainter, rest: QRectF, scale: float) -> None:
    """The data credit in the bottom-right corner of the network's panel."""
    draw_halo_text(painter, _credit(rest, scale)[0], ATLAS_ATTRIBUTION, style.font(10 * scale),
                   style.LABEL, 2.0 * scale)
