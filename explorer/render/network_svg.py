"""The network as an editable SVG: a layer of ties with a group per relation type, and a layer
of actors with a group per actor (its id) holding its symbol and its label."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QTransform
from PySide6.QtWidgets import QGraphicsItem

from explorer.render import style
from explorer.render.labels import draw_label
from explorer.render.network_items import node_path
from explorer.render.network_style import edge_style
from explorer.render.network_view import BACKGROUND, NetworkView
from explorer.render.svg_document import LABEL, G, Layer, SvgDocument
from explorer.render.viewbox_host import hosted_viewbox

ACTORS, TIES = "Actors", "Ties"


def paint_network_layers(document: SvgDocument, target: QRectF, view: NetworkView,
                         prefix: str = "") -> None:
    """The view drawn into `target` as `render_viewbox` draws it: its background, its ties
    (a group per type, `ties-alliance`), its actors (a group per actor id holding a "symbol"
    and a "label" group, as the view places the labels) and its legend, each a layer (its
    name after `prefix`: "Network " on a page that has a map's legend too)."""
    with hosted_viewbox(target, view.viewbox, view.fit):
        origin = QTransform.fromTranslate(target.x(), target.y())

        def painting(item: QGraphicsItem, draw: Callable[[QPainter], None]) -> list[ET.Element]:
            def paint(painter: QPainter) -> None:
                painter.setTransform(item.sceneTransform() * origin)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                draw(painter)
            return document.paint(paint)

        document.layer(f"{prefix}Background").add(document.paint(
            lambda p: p.fillRect(target, QColor(BACKGROUND))))
        _add_ties(document.layer(prefix + TIES), document, view, painting)
        _add_actors(document.layer(prefix + ACTORS), document, view, painting)
        if view.legend.isVisible():
            document.layer(f"{prefix}Legend").add(painting(view.legend,
                                                           lambda p: view.legend.paint(p)))


def _add_ties(layer: Layer, document: SvgDocument, view: NetworkView,
              painting: Callable) -> None:
    groups = view.edges.drawing.groups
    layer.prefix_ids = True
    # each type where its most prominent pen goes: the ties the selection lights on top
    for kind in reversed(dict.fromkeys(g.kind for g in reversed(groups))):
        elements = painting(view.edges, lambda p, kind=kind: view.edges.paint_groups(
            p, [g for g in groups if g.kind == kind]))
        layer.feature(kind, edge_style(kind).label).add(elements)


def _add_actors(layer: Layer, document: SvgDocument, view: NetworkView,
                painting: Callable) -> None:
    labels = view.labels
    placed = {candidate.feature: (candidate, spot) for candidate, spot in labels.place()}
    px, py = labels.frame_points()
    data = view.nodes.data
    for i, node in enumerate(view.order):
        def symbol(painter: QPainter, i: int = i) -> None:
            painter.setPen(data["pen"][i])
            painter.setBrush(data["brush"][i])
            painter.drawPath(node_path(data["symbol"][i], px[i], py[i], data["size"][i]))

        feature = layer.feature(node, view.graph.nodes[node].get("name", node))
        feature.add([_named("symbol", painting(labels, symbol))])
        if node in placed:
            candidate, spot = placed[node]
            bare = replace(candidate, halo=0.0)  # the halo: a clone of the text, not 8 copies
            elements = painting(labels, lambda p, c=bare, spot=spot: draw_label(
                p, c, spot, labels.scale_factor))
            document.haloed(elements, style.HALO.name(), 2 * max(1.0, candidate.halo / 2))
            feature.add([_named("label", elements)])


def _named(name: str, elements: list[ET.Element]) -> ET.Element:
    """The elements in a group Inkscape's Objects panel names `name`."""
    group = ET.Element(G, {LABEL: name})
    group.extend(elements)
    return group
