"""An editable SVG assembled from fragments Qt paints: Inkscape layers holding feature groups."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
INKSCAPE_NS = "http://www.inkscape.org/namespaces/inkscape"
for _prefix, _uri in (("", SVG_NS), ("xlink", XLINK_NS), ("inkscape", INKSCAPE_NS)):
    ET.register_namespace(_prefix, _uri)
G, TEXT, DEFS = f"{{{SVG_NS}}}g", f"{{{SVG_NS}}}text", f"{{{SVG_NS}}}defs"
USE, HREF = f"{{{SVG_NS}}}use", f"{{{XLINK_NS}}}href"
GROUPMODE, LABEL = f"{{{INKSCAPE_NS}}}groupmode", f"{{{INKSCAPE_NS}}}label"
_NOT_NAME = re.compile(r"[^A-Za-z0-9_.-]")
_PAINT = ("fill", "fill-opacity", "stroke", "stroke-opacity")  # a text's own paint


def xml_id(text: str) -> str:
    """`text` as an XML id (a name: a letter or _ first, then letters, digits, _ . -)."""
    name = _NOT_NAME.sub("_", text)
    return name if name[:1].isalpha() or name[:1] == "_" else f"_{name}"


@dataclass
class Feature:
    """One feature's group in a layer, by its record id."""

    key: str
    element: ET.Element

    def add(self, elements: list[ET.Element]) -> None:
        self.element.extend(elements)


@dataclass
class Layer:
    """A top-level group Inkscape shows as a layer, with its features' groups by record id."""

    label: str
    key: str  # the label in lower case, words joined by "-", for ids: "military-bases"
    element: ET.Element
    features: dict[str, Feature] = field(default_factory=dict)
    # Its features' ids start with its key ("basemap-UZB"): a country's own id names its name.
    prefix_ids: bool = False

    def add(self, elements: list[ET.Element]) -> None:
        self.element.extend(elements)

    def feature(self, key: str, name: str | None = None) -> Feature:
        """The group of the feature with this record id (one a record, made when first asked
        for), labelled `name` in Inkscape's Objects panel."""
        if key not in self.features:
            element = ET.SubElement(self.element, G)
            if name:
                element.set(LABEL, name)
            self.features[key] = Feature(key, element)
        return self.features[key]


class SvgDocument:
    """Paints fragments one by one through Qt's SVG generator (each into memory), and puts
    what each drew into layers and feature groups of one document, written at the end."""

    def __init__(self, size: tuple[int, int], dpi: float, title: str) -> None:
        self.size, self.dpi, self.title = size, dpi, title
        self.layers: list[Layer] = []
        self._defaults: dict[str, str] = {}  # Qt's outer group's attributes, for each layer
        self._defs: list[ET.Element] = []  # gradients and patterns the fragments use
        self._fragments = itertools.count()
        self._haloes = itertools.count(1)

    def paint(self, draw: Callable[[QPainter], None]) -> list[ET.Element]:
        """What `draw` paints (device pixels of the page), as the SVG elements Qt writes for it;
        the groups that hold nothing dropped."""
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(QSize(*self.size))
        generator.setViewBox(QRectF(0, 0, *self.size))
        generator.setResolution(round(self.dpi))
        painter = QPainter(generator)
        try:
            draw(painter)
        finally:
            painter.end()
        root = ET.fromstring(bytes(buffer.data()))
        _own_ids(root, f"f{next(self._fragments)}-")
        defs = root.find(DEFS)
        self._defs.extend([] if defs is None else list(defs))
        outer = root.find(G)
        if outer is None:
            return []
        self._defaults = dict(outer.attrib)
        return [element for element in outer if len(element) or element.tag != G]

    def haloed(self, elements: list[ET.Element], colour: str, width: float) -> None:
        """Give each text in the elements a halo that follows it: a clone (`<use>`) drawn
        under it, filled and stroked in the halo's colour; the text itself stays one `<text>`,
        so editing it in Inkscape edits the halo too. (A clone takes the paint its text sets
        itself, so the text's own paint moves to a group around it.)"""
        for parent in [None, *(e for element in elements for e in element.iter())]:
            children = elements if parent is None else list(parent)
            for child in [c for c in children if c.tag == TEXT]:
                text_id = child.get("id") or f"label-text-{next(self._haloes)}"
                child.set("id", text_id)
                paint = {name: child.attrib.pop(name) for name in _PAINT if name in child.attrib}
                opacity = paint.get("fill-opacity", "1")
                clone = ET.Element(USE, {HREF: f"#{text_id}", "fill": colour, "stroke": colour,
                                         "fill-opacity": opacity, "stroke-opacity": opacity,
                                         "stroke-width": f"{width:.3g}",
                                         "stroke-linejoin": "round"})
                wrapper = ET.Element(G, paint)
                wrapper.append(child)
                siblings = elements if parent is None else parent
                at = list(siblings).index(child)
                siblings[at:at + 1] = [clone, wrapper]

    def layer(self, label: str) -> Layer:
        """The top-most layer if it has this label (what follows it in paint order joins it),
        else a new layer on top."""
        if self.layers and self.layers[-1].label == label:
            return self.layers[-1]
        element = ET.Element(G, {GROUPMODE: "layer", LABEL: label})
        key = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "layer"
        self.layers.append(Layer(label, key, element))
        return self.layers[-1]

    def write(self, path: Path) -> None:
        """The document: each layer a top-level group with Qt's default attributes, each
        feature group with its record id as its id (or with its layer's key before it, in a
        layer that says so: `alliances-UZB`), made unique by a number if need be."""
        width, height = self.size
        millimetres = 25.4 / self.dpi
        root = ET.Element(f"{{{SVG_NS}}}svg", {
            "width": f"{width * millimetres:.3f}mm", "height": f"{height * millimetres:.3f}mm",
            "viewBox": f"0 0 {width} {height}", "version": "1.2", "baseProfile": "tiny"})
        ET.SubElement(root, f"{{{SVG_NS}}}title").text = self.title
        ET.SubElement(root, f"{{{SVG_NS}}}desc").text = "Central Asia Explorer: one layer a " \
            "theme, one group a feature (its record id)"
        ET.SubElement(root, DEFS).extend(self._defs)
        layers = [layer for layer in self.layers if _drop_empty(layer.element)]
        taken: set[str] = set()
        for layer in layers:
            layer.element.set("id", _unique(xml_id(f"layer-{layer.key}"), taken))
        for layer in layers:
            for feature in layer.features.values():
                key = f"{layer.key}-{feature.key}" if layer.prefix_ids else feature.key
                feature.element.set("id", _unique(xml_id(key), taken))
        for layer in layers:
            for name, value in self._defaults.items():
                layer.element.set(name, value)
            root.append(layer.element)
        for element in root.iter():
            if element.tag != TEXT:
                element.text = element.text if element.text and element.text.strip() else None
            element.tail = "\n"
        ET.ElementTree(root).write(path, encoding="UTF-8", xml_declaration=True)


def _unique(name: str, taken: set[str]) -> str:
    """`name`, or `name-2`, `name-3`… if taken; now taken."""
    found, k = name, 1
    while found in taken:
        k += 1
        found = f"{name}-{k}"
    taken.add(found)
    return found


def _own_ids(root: ET.Element, prefix: str) -> None:
    """Give the ids Qt writes in a fragment (gradients, patterns) a prefix of the fragment's
    own, and point every reference to them there: each fragment counts from 1."""
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    if not ids:
        return
    for element in root.iter():
        for name, value in element.attrib.items():
            if name == "id":
                element.set(name, prefix + value)
            elif "#" in value:
                element.set(name, re.sub(r"#([^)\s\"']+)", lambda m: "#" + (
                    prefix + m.group(1) if m.group(1) in ids else m.group(1)), value))


def _drop_empty(element: ET.Element) -> int:
    """Remove the groups inside that hold nothing, depth first (Qt opens one at each change
    of pen); how many children are left."""
    for child in list(element):
        if child.tag == G and not _drop_empty(child):
            element.remove(child)
    return len(element)
