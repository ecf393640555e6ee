"""The SVG export is editable: a layer per theme and piece of furniture, a group per feature
(its record id) holding its symbol and its label, text as text, and it looks as before."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QLinearGradient,
    QPainter,
    QTransform,
)
from PySide6.QtSvg import QSvgRenderer

from explorer.model.themes import WayQuery
from explorer.render.export import (
    ExportOptions,
    document_title,
    export_map,
    export_session,
    page_size,
    paint_page,
)
from explorer.render.map_scene import MapScene
from explorer.render.page_files import write_svg
from explorer.render.svg_document import INKSCAPE_NS, SvgDocument, xml_id
from explorer.render.viewbox_host import hosted_viewbox

S = "{http://www.w3.org/2000/svg}"
GROUPMODE, LABEL = f"{{{INKSCAPE_NS}}}groupmode", f"{{{INKSCAPE_NS}}}label"
DAY = dt.date(2003, 6, 1)
SIZE = (1200, 800)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


@pytest.fixture(scope="module")
def svg(qapp, tmp_path_factory) -> ET.Element:
    out = tmp_path_factory.mktemp("svg") / "map.svg"
    export_map(out, ExportOptions(size=SIZE, date=DAY))
    return ET.parse(out).getroot()


def layers(root: ET.Element) -> dict[str, ET.Element]:
    return {g.get(LABEL): g for g in root.findall(f"{S}g") if g.get(GROUPMODE) == "layer"}


def transform_of(element: ET.Element, parents: dict) -> QTransform:
    """The element's own transform after its groups' (Qt writes a matrix on each)."""
    chain = []
    while element is not None:
        found = re.findall(_NUMBER, element.get("transform", "").removeprefix("matrix"))
        if len(found) == 6:
            chain.append(QTransform(*(float(v) for v in found)))
        element = parents.get(element)
    total = QTransform()
    for t in chain:
        total = total * t
    return total


def text_boxes(group: ET.Element, parents: dict) -> np.ndarray:
    """(k, 4) page boxes of the group's texts (halo copies included)."""
    boxes = []
    for text in group.iter(f"{S}text"):
        font = QFont(text.get("font-family"))
        font.setPixelSize(max(1, round(float(text.get("font-size")))))
        font.setWeight(QFont.Weight(int(text.get("font-weight"))))
        font.setItalic(text.get("font-style") == "italic")
        m = QFontMetricsF(font)
        x, y = float(text.get("x")), float(text.get("y"))
        t = transform_of(parents[text], parents)
        box = t.mapRect(QRectF(x, y - m.ascent(), m.horizontalAdvance(text.text), m.height()))
        boxes.append([box.left(), box.top(), box.right(), box.bottom()])
    return np.array(boxes).reshape(-1, 4)


def shape_points(group: ET.Element, parents: dict) -> np.ndarray:
    """Page coordinates of every point of the group's shapes (not its texts)."""
    points = []
    for element in group.iter():
        tag = element.tag.removeprefix(S)
        if tag == "path":
            xy = [float(v) for v in _NUMBER.findall(element.get("d"))]
        elif tag in ("polyline", "polygon"):
            xy = [float(v) for v in _NUMBER.findall(element.get("points"))]
        elif tag in ("circle", "ellipse"):
            cx, cy = float(element.get("cx")), float(element.get("cy"))
            rx = float(element.get("r") or element.get("rx"))
            ry = float(element.get("r") or element.get("ry"))
            xy = [cx - rx, cy - ry, cx + rx, cy + ry]
        else:
            continue
        t = transform_of(parents[element], parents)
        points += [(p.x(), p.y()) for p in (t.map(QPointF(x, y)) for x, y in
                                            zip(xy[::2], xy[1::2], strict=True))]
    return np.array(points).reshape(-1, 2)


def test_a_layer_per_theme_and_piece_of_furniture(svg) -> None:
    found = layers(svg)
    for label in ("Basemap", "Graticule", "Alliances", "Railways and corridors",
                  "Military bases", "Cities, ports and crossings", "Country names", "Legend",
                  "Scale bar", "North arrow", "Date stamp", "Sources and credits"):
        assert label in found, label
    # each a top-level group Inkscape lists as a layer: nothing drawn outside them
    assert all(g.get(GROUPMODE) == "layer" for g in svg.findall(f"{S}g"))
    assert f"{S}g" not in {e.tag for e in svg if e.get(GROUPMODE) != "layer"}


def test_features_are_groups_with_their_record_ids_and_labels(svg, atlas) -> None:
    by_id = {g.get("id"): g for g in svg.iter(f"{S}g") if g.get("id")}
    texts = {key: "".join(t.text for t in by_id[key].iter(f"{S}text"))
             for key in ("UZB", "tashkent", "base_karshi_khanabad")}
    assert "Uzbekistan" in texts["UZB"] or "UZB" in texts["UZB"]
    assert "Tashkent" in texts["tashkent"]
    assert "K2" in texts["base_karshi_khanabad"] or "Karshi" in texts["base_karshi_khanabad"]
    found = layers(svg)
    assert by_id["base_karshi_khanabad"] in list(found["Military bases"])
    assert by_id["tashkent"] in list(found["Cities, ports and crossings"])
    assert by_id["UZB"] in list(found["Country names"])
    # the country's land and its alliance shading carry its id after their layer's
    assert by_id["basemap-UZB"] in list(found["Basemap"])
    assert by_id["alliances-KAZ"] in list(found["Alliances"])
    bases = [g.get("id") for g in found["Military bases"] if g.get("id")]
    in_force = {b.id for b in atlas.bases.values() if b.active_on(DAY)}
    assert {"base_karshi_khanabad", "base_manas"} <= set(bases) <= in_force


def test_a_label_is_one_text_its_halo_a_clone_of_it(svg) -> None:
    by_id = {g.get("id"): g for g in svg.iter(f"{S}g") if g.get("id")}
    href = "{http://www.w3.org/1999/xlink}href"
    for key, names in (("tashkent", {"Tashkent"}),
                       ("base_karshi_khanabad", {"K2 (Karshi-Khanabad)", "K2"})):  # or short
        (text,) = [t for t in by_id[key].iter(f"{S}text") if t.text in names]  # one copy
        (halo,) = [u for u in by_id[key].iter(f"{S}use") if u.get(href) == f"#{text.get('id')}"]
        assert halo.get("stroke") == halo.get("fill") == "#ffffff"
        assert float(halo.get("stroke-width")) > 1 and text.get("fill") is None  # paint above


def test_ids_are_unique_xml_names(svg) -> None:
    ids = [e.get("id") for e in svg.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", i) for i in ids)
    assert xml_id("lyr:3") == "lyr_3" and xml_id("-99") == "_-99"


def test_each_label_lies_next_to_its_own_symbol(svg) -> None:
    parents = {child: parent for parent in svg.iter() for child in parent}
    found = layers(svg)
    checked = 0
    for layer in ("Military bases", "Cities, ports and crossings"):
        for group in found[layer]:
            boxes = text_boxes(group, parents)
            if not group.get("id") or not len(boxes):
                continue
            points = shape_points(group, parents)
            shape = np.r_[points.min(axis=0), points.max(axis=0)]
            size = max(shape[2] - shape[0], shape[3] - shape[1])
            text = np.r_[boxes[:, :2].min(axis=0), boxes[:, 2:].max(axis=0)]
            gap = np.hypot(max(0.0, shape[0] - text[2], text[0] - shape[2]),
                           max(0.0, shape[1] - text[3], text[1] - shape[3]))
            assert gap <= size + 2, (group.get("id"), gap, size)
            checked += 1
    assert checked >= 10
    basemap = {g.get("id"): g for g in found["Basemap"] if g.get("id")}
    named = 0
    for group in found["Country names"]:
        land = basemap.get(f"basemap-{group.get('id')}")
        if land is None:
            continue
        rings = []
        for path in land.iter(f"{S}path"):
            t = transform_of(parents[path], parents)
            for part in re.split(r"M", path.get("d"))[1:]:
                xy = [float(v) for v in _NUMBER.findall(part)]
                ring = [(p.x(), p.y()) for p in (t.map(QPointF(x, y)) for x, y in
                                                 zip(xy[::2], xy[1::2], strict=True))]
                if len(ring) >= 3:
                    rings.append(shapely.Polygon(ring))
        country = shapely.unary_union([r.buffer(0) for r in rings])
        boxes = text_boxes(group, parents)
        centre = shapely.Point(boxes[:, [0, 2]].mean(), boxes[:, [1, 3]].mean())
        assert country.contains(centre), group.get("id")
        named += 1
    assert named >= 5


def test_parses_and_renders(svg, tmp_path: Path) -> None:
    out = tmp_path / "again.svg"
    out.write_bytes(ET.tostring(svg))
    renderer = QSvgRenderer(str(out))
    assert renderer.isValid()
    image = QImage(*SIZE, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, *SIZE))
    painter.end()
    colours = {image.pixel(x, y) for x in range(0, SIZE[0], 17) for y in range(0, SIZE[1], 17)}
    assert len(colours) > 50
    head = out.read_text(encoding="utf-8")[:400]
    assert 'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"' in head


def rasterise(path: Path, size: tuple[int, int]) -> np.ndarray:
    image = QImage(*size, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    QSvgRenderer(str(path)).render(painter, QRectF(0, 0, *size))
    painter.end()
    return np.frombuffer(image.constBits(), np.uint8).reshape(size[1], size[0], 4).astype(int)


def test_looks_as_the_page_painted_in_one_piece(qapp, tmp_path: Path) -> None:
    """Against the page painted through one SVG generator: nearly every pixel the same (routes
    now each draw their white edge and their line together, so a crossing may differ)."""
    options = ExportOptions(size=(800, 500), date=DAY, title="Bases")
    scene = MapScene(options.projection, scale=options.scale, session=export_session(options))
    scene.context.one_shot = True
    size = page_size(scene, options)
    write_svg(tmp_path / "one.svg", size, options.dpi, document_title(scene, options),
              lambda p, r: paint_page(p, r, scene, options))
    export_map(tmp_path / "layered.svg", ExportOptions(size=(800, 500), date=DAY,
                                                       title="Bases"))
    a, b = rasterise(tmp_path / "one.svg", size), rasterise(tmp_path / "layered.svg", size)
    differs = np.abs(a - b).max(axis=2) > 24
    assert differs.mean() < 0.003


def test_fragments_keep_their_own_gradients(qapp, tmp_path: Path) -> None:
    """Qt numbers a fragment's gradients from 1: each fragment's stay its own."""
    document = SvgDocument((40, 20), 96, "t")
    for k, colour in enumerate(("red", "blue")):
        def paint(painter: QPainter, k: int = k, colour: str = colour) -> None:
            gradient = QLinearGradient(20 * k, 0, 20 * k + 20, 0)
            gradient.setColorAt(0, QColor(colour))
            gradient.setColorAt(1, QColor("white"))
            painter.fillRect(QRectF(20 * k, 0, 20, 20), QBrush(gradient))

        document.layer(f"L{k}").add(document.paint(paint))
    document.write(tmp_path / "g.svg")
    root = ET.parse(tmp_path / "g.svg").getroot()
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    refs = re.findall(r"url\(#([^)]+)\)", (tmp_path / "g.svg").read_text(encoding="utf-8"))
    assert len(refs) == 2 and len(set(refs)) == 2 and set(refs) <= set(ids)
    image = rasterise(tmp_path / "g.svg", (40, 20))
    assert image[10, 2, 2] > 200 > image[10, 2, 0]  # BGRA: red on the left
    assert image[10, 22, 0] > 200 > image[10, 22, 2]  # blue on the right


def test_painting_feature_by_feature_draws_what_painting_all_draws(qapp, session) -> None:
    session.themes.show_history = True  # faint features too
    session.themes.event_window_days = 3650  # and rings of events
    session.themes.changes_since = session.date.replace(year=session.date.year - 15)  # a diff
    session.themes.way = WayQuery(origin="tashkent", destination="open sea")  # and a way
    scene = MapScene(session=session)
    scene.context.one_shot = True
    document = SvgDocument((800, 500), 96, "t")

    def shapes(elements: list[ET.Element]) -> list[str]:
        return sorted(ET.tostring(e) for g in elements for e in g.iter()
                      if e.tag.removeprefix(S) in ("path", "polyline", "circle", "rect"))

    with hosted_viewbox(QRectF(0, 0, 800, 500), scene.viewbox, scene.show_central_asia):
        for item in [scene.countries, *scene.themes.items.values()]:
            def whole(p: QPainter, item=item) -> None:
                p.setTransform(item.sceneTransform())
                item.paint(p)

            ids: list[str] = []

            def list_ids(p: QPainter, item=item, ids: list[str] = ids) -> None:
                p.setTransform(item.sceneTransform())
                ids.extend(item.feature_ids(p))

            document.paint(list_ids)
            assert len(ids) >= 2, item
            one_by_one: list[ET.Element] = []
            for key in ids:
                def alone(p: QPainter, item=item, key=key) -> None:
                    p.setTransform(item.sceneTransform())
                    item.paint_features(p, [key])

                one_by_one += document.paint(alone)
            assert shapes(one_by_one) == shapes(document.paint(whole)), item
