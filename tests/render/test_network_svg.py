"""The network's SVG read back: a group per actor (its id) with its shape and its label, a group
per tie type; no two actors' shapes overlap, and labels cover no other label and no other
actor's shape; the Central Asian states and the selection are always named."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QFont, QFontMetricsF

from explorer.io.atlas_reader import read_atlas
from explorer.model.session import Session
from explorer.render.export import ExportOptions, export_map
from explorer.render.network_drawing import GREAT_POWERS
from explorer.render.network_export import NetworkExportOptions, export_network
from explorer.render.network_view import NetworkOptions, NetworkView
from explorer.render.style import CENTRAL_ASIA
from explorer.render.svg_document import INKSCAPE_NS, SVG_NS, xml_id

NS = {"svg": SVG_NS}
LABEL = f"{{{INKSCAPE_NS}}}label"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")
TOUCH = 0.5  # px: boxes that share an edge, give or take rounding, do not overlap


@pytest.fixture(scope="module")
def atlas():
    return read_atlas()


def walk(element: ET.Element, matrix: np.ndarray):
    """Each element under `element` with the transform that applies to it."""
    for child in element:
        found = re.match(r"matrix\((.*)\)", child.get("transform", ""))
        inner = matrix
        if found:
            a, b, c, d, e, f = (float(v) for v in found.group(1).split(","))
            inner = matrix @ np.array([[a, c, e], [b, d, f], [0, 0, 1]])
        yield child, inner
        yield from walk(child, inner)


def apply(matrix: np.ndarray, x: float, y: float) -> tuple[float, float]:
    px, py, _ = matrix @ np.array([x, y, 1.0])
    return float(px), float(py)


def shape_box(group: ET.Element) -> np.ndarray:
    """The bounding box of a symbol group's path (its points, control points included)."""
    points = []
    for element, matrix in walk(group, np.eye(3)):
        if element.tag == f"{{{SVG_NS}}}path":
            numbers = [float(n) for n in _NUMBER.findall(element.get("d"))]
            points += [apply(matrix, x, y) for x, y in zip(numbers[::2], numbers[1::2],
                                                           strict=True)]
    xy = np.array(points)
    return np.array([*xy.min(axis=0), *xy.max(axis=0)])


def text_boxes(group: ET.Element) -> list[tuple[str, np.ndarray]]:
    """Each text of a label group and the box it covers, measured in its font."""
    out = []
    for element, matrix in walk(group, np.eye(3)):
        if element.tag != f"{{{SVG_NS}}}text":
            continue
        assert matrix[0, 1] == matrix[1, 0] == 0  # node labels are never turned
        font = QFont(element.get("font-family"))
        font.setPixelSize(round(float(element.get("font-size"))))
        font.setBold(element.get("font-weight") == "700")
        m = QFontMetricsF(font)
        x, y = apply(matrix, float(element.get("x")), float(element.get("y")))
        out.append((element.text, np.array([x, y - m.ascent(),
                                            x + m.horizontalAdvance(element.text),
                                            y + m.descent()])))
    return out


def overlap(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(a[0] < b[2] - TOUCH and b[0] < a[2] - TOUCH
                and a[1] < b[3] - TOUCH and b[1] < a[3] - TOUCH)


def actor_groups(path: Path, layer_id: str = "layer-actors") -> dict[str, ET.Element]:
    root = ET.parse(path).getroot()
    layer = root.find(f"svg:g[@id='{layer_id}']", NS)
    assert layer is not None
    return {g.get("id"): g for g in layer.findall("svg:g", NS)}


def check_actors(groups: dict[str, ET.Element], drawn: list[str], atlas) -> None:
    """A group per drawn actor (its id), each with its shape and maybe its label: no two
    shapes overlap, no label covers another label or another actor's shape, the selection
    (UZB), the Central Asian states and the great powers are named, and half the others or more."""
    ids = {xml_id(actor): actor for actor in drawn}
    groups = {ids.get(key, key): group for key, group in groups.items()}
    assert sorted(groups) == sorted(drawn) and len(ids) == len(drawn)
    shapes, labels = {}, {}
    for actor, group in groups.items():
        parts = {part.get(LABEL): part for part in group.findall("svg:g", NS)}
        shapes[actor] = shape_box(parts["symbol"])
        if "label" in parts:
            (text, box), = text_boxes(parts["label"])
            labels[actor] = box
            assert text in (atlas.actors[actor].short_name, actor) or text in (
                atlas.actors[actor].name)
    named = {"UZB"} | ((CENTRAL_ASIA | GREAT_POWERS) & set(drawn))
    assert named <= set(labels)
    assert len(labels) >= 0.5 * len(groups)
    for actor, box in shapes.items():
        assert not [a for a, other in shapes.items() if a != actor and overlap(box, other)]
    for actor, box in labels.items():
        assert not [a for a, other in labels.items() if a != actor and overlap(box, other)]
        assert not [a for a, shape in shapes.items() if a != actor and overlap(box, shape)]


def unique_ids(root: ET.Element) -> list[str]:
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[A-Za-z_][\w.-]*", i) for i in ids)
    return ids


@pytest.mark.parametrize("layout, size", [("force", (800, 600)), ("geographic", (800, 600)),
                                          ("geographic", (560, 420))])
@pytest.mark.parametrize("day", [dt.date(2003, 6, 1), dt.date(2012, 1, 1), None])
def test_svg_groups_and_labels(qapp, tmp_path: Path, atlas, day: dt.date | None,
                               layout: str, size: tuple[int, int]) -> None:
    out = export_network(tmp_path / "net.svg", NetworkExportOptions(
        date=day, size=size, select=("UZB",),
        view=NetworkOptions(layout=layout, legend=True)))
    drawn = NetworkView(Session(atlas, day or dt.date.today()),
                        NetworkOptions(layout=layout)).order
    check_actors(actor_groups(out), drawn, atlas)

    root = ET.parse(out).getroot()
    unique_ids(root)
    ties = root.find("svg:g[@id='layer-ties']", NS)
    kinds = {g.get("id") for g in ties.findall("svg:g", NS)}
    assert {"ties-membership", "ties-basing" if day == dt.date(2003, 6, 1) else
            "ties-strategic_partnership"} <= kinds


def test_the_briefing_svg_has_a_group_per_actor(qapp, tmp_path: Path, atlas) -> None:
    day = dt.date(2003, 6, 1)
    out = export_map(tmp_path / "briefing.svg", ExportOptions(
        date=day, select=("UZB",), briefing=True))
    session = Session(atlas, day)
    session.selection.select("UZB")
    check_actors(actor_groups(out, "layer-network-actors"), NetworkView(session).order, atlas)
    root = ET.parse(out).getroot()
    ids = unique_ids(root)
    # the network's ties a group per type; the map's name of Uzbekistan leaves UZB to the actor
    assert {"layer-network-ties", "network-ties-basing", "UZB", "country-names-UZB"} <= set(ids)
