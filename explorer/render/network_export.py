"""Export the actor network as PNG, SVG (the dock's renderer), GEXF or GraphML, atomically."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter

from explorer.analysis.layout import LayoutKeeper
from explorer.analysis.network import build_network
from explorer.io.atlas_reader import ATLAS_ATTRIBUTION, read_atlas
from explorer.io.network_writer import GRAPH_FORMATS, write_graph
from explorer.model.session import Session
from explorer.render import style
from explorer.render.export import (
    ImageOptions,
    atomic_output,
    check_output_path,
    paint_title,
    render_viewbox,
    write_raster,
    write_svg,
)
from explorer.render.network_view import NetworkOptions, NetworkView
from explorer.render.text import draw_halo_text, text_width

IMAGE_FORMATS = (".png", ".svg")
NETWORK_FORMATS = (*IMAGE_FORMATS, *GRAPH_FORMATS)


@dataclass
class NetworkExportOptions(ImageOptions):
    """What to export. date None: images show today; graph files hold every actor and tie
    with its interval (a dynamic GEXF)."""

    date: dt.date | None = None
    view: NetworkOptions = field(default_factory=lambda: NetworkOptions(legend=True))
    session: Session | None = None  # the window's: its atlas, date and selection win
    layouts: LayoutKeeper | None = None  # the dock's layouts: the export keeps its picture


def export_network(out: Path, options: NetworkExportOptions) -> Path:
    """Write the network to `out`, in the format of its suffix."""
    out = Path(out)
    check_output_path(out, NETWORK_FORMATS, "the network ")
    suffix = out.suffix.lower()
    session = options.session
    if suffix in GRAPH_FORMATS:
        atlas = session.atlas if session is not None else read_atlas()
        day = session.date if session is not None else options.date
        graph = build_network(atlas, day, memberships=options.view.memberships,
                              relation_types=_types(options.view),
                              actor_kinds=options.view.actor_kinds)
        with atomic_output(out) as tmp:
            write_graph(graph, tmp, day)
        return out
    options.check_size()
    if session is None:
        session = Session(read_atlas(), options.date or dt.date.today())
    view = NetworkView(session, options.view, scale=options.scale, vector=suffix == ".svg",
                       layouts=options.layouts)

    def paint(painter: QPainter, page: QRectF) -> None:
        paint_network_page(painter, page, view, options)

    with atomic_output(out) as tmp:
        if suffix == ".png":
            write_raster(tmp, "PNG", options.size, options.dpi, False, paint)
        else:
            write_svg(tmp, options.size, options.dpi, options.title or "Actor network", paint)
    return out


def _types(view: NetworkOptions) -> set[str] | None:
    if view.relation_types is None:
        return None
    return set(view.relation_types) | ({"membership"} if view.memberships else set())


def paint_network_page(painter: QPainter, page: QRectF, view: NetworkView,
                       options: NetworkExportOptions) -> None:
    """The title band (if any), the network with its legend, and the credit line."""
    s = options.scale
    rest = paint_title(painter, page, options.title, s)
    render_viewbox(painter, rest, view.viewbox, view.fit)
    font = style.font(10 * s)
    credit = ATLAS_ATTRIBUTION
    anchor = QPointF(rest.right() - text_width(credit, font) - 10 * s, rest.bottom() - 8 * s)
    draw_halo_text(painter, anchor, credit, font, style.LABEL, 2.0 * s)
