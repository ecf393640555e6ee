"""The exported page: title, legend, north arrow, footnotes, briefing layout, dpi, vectors."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import struct
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from explorer.geo.projection import get_projection
from explorer.io.atlas_reader import read_atlas
from explorer.model.session import Session
from explorer.render.briefing import network_view
from explorer.render.export import ExportOptions, export_map, paint_page
from explorer.render.export_session import export_session
from explorer.render.map_scene import MapScene
from explorer.render.network_style import NODE_STYLES
from explorer.render.north_arrow import true_north_angle
from tests.render.helpers import close

DAY = dt.date(2003, 6, 1)


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    page = PdfReader(path).pages[0]
    return " ".join(page.extract_text().split())


def png_chunks(path: Path) -> dict[bytes, bytes]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = {}, 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        chunks[data[at + 4:at + 8]] = data[at + 8:at + 8 + length]
        at += 12 + length
    return chunks


def lcc_cone_constant(lat1: float = 30.0, lat2: float = 50.0) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    return (math.log(math.cos(p1) / math.cos(p2))
            / math.log(math.tan(math.pi / 4 + p2 / 2) / math.tan(math.pi / 4 + p1 / 2)))


@pytest.mark.parametrize("lon", [50.0, 80.0, 95.0])
def test_north_arrow_turns_with_the_conic_meridians(lon: float) -> None:
    lcc = get_projection("lcc_central_asia")
    x0, y0 = lcc.forward(65.0, 42.0)
    assert true_north_angle(lcc, float(x0), float(y0)) == pytest.approx(0.0, abs=0.01)
    x, y = lcc.forward(lon, 42.0)
    # Meridians converge on the pole above the central meridian: north leans towards it, by
    # the cone constant times the longitude difference.
    expected = -lcc_cone_constant() * (lon - 65.0)
    assert true_north_angle(lcc, float(x), float(y)) == pytest.approx(expected, abs=0.2)
    plate = get_projection("plate_carree")
    x, y = plate.forward(lon, 42.0)
    assert true_north_angle(plate, float(x), float(y)) == pytest.approx(0.0, abs=1e-6)


def test_png_carries_its_dpi_in_the_phys_chunk(qapp, tmp_path: Path) -> None:
    out = export_map(tmp_path / "map.png", ExportOptions(size=(400, 250), dpi=300,
                                                         themes="none"))
    x, y, unit = struct.unpack(">IIB", png_chunks(out)[b"pHYs"])
    assert (x, y, unit) == (round(300 / 0.0254), round(300 / 0.0254), 1)  # 1: per metre


def test_jpeg_carries_its_dpi(qapp, tmp_path: Path) -> None:
    out = export_map(tmp_path / "map.jpg", ExportOptions(size=(400, 250), dpi=200,
                                                         themes="none"))
    assert round(QImage(str(out)).dotsPerMeterX() * 0.0254) == 200


def test_pdf_holds_title_legend_credit_and_numbered_sources_as_text(qapp, tmp_path) -> None:
    from pypdf import PdfReader

    # A wide extent and two themes keep the file small: pypdf reads ~1 MB a second.
    out = export_map(tmp_path / "map.pdf", ExportOptions(
        size=(1000, 650), date=DAY, bbox=(20.0, 0.0, 120.0, 70.0), themes="alliances:CSTO,bases",
        title="Foreign bases, June 2003", subtitle="Alliances and corridors"))
    text = pdf_text(out)
    assert "Foreign bases, June 2003" in text and "Alliances and corridors" in text
    assert "Base operated by United States" in text and "CSTO member" in text  # the legend
    assert "Natural Earth" in text
    assert "Sources" in text and "[1] " in text and "[2] " in text
    atlas = read_atlas()
    bases = [b for b in atlas.bases.values() if b.active_on(DAY)]
    assert any(atlas.sources[sid].title.rstrip(".") in text for b in bases
               for sid in b.sources)  # the bases on the map cite their sources
    assert "more sources" in text  # a Central Asia map cites more than fit: the rest counted
    assert len(PdfReader(out).pages[0].images) == 0  # vectors and text, no picture inside


def test_footnotes_and_credit_can_be_left_out(qapp, tmp_path: Path) -> None:
    options = {"size": (900, 600), "date": DAY, "themes": "bases"}
    text = export_map(tmp_path / "a.svg", ExportOptions(**options)).read_text()
    assert "[1]" in text and "Natural Earth" in text
    text = export_map(tmp_path / "b.svg", ExportOptions(footnotes=False, **options)).read_text()
    assert "[1]" not in text and "Natural Earth" in text  # the credit goes back on the map
    text = export_map(tmp_path / "c.svg", ExportOptions(
        footnotes=False, attribution=False, **options)).read_text()
    assert "Natural Earth" not in text


def test_svg_is_paths_and_text_even_with_hatching_and_the_network(qapp, tmp_path) -> None:
    # 2008: SCO observers are hatched, which is a texture on pixels but lines in vectors.
    out = export_map(tmp_path / "map.svg", ExportOptions(
        size=(1400, 900), date=dt.date(2008, 6, 1), title="Briefing", briefing=True))
    text = out.read_text()
    assert text.count("<path") > 200
    assert text.count("<text") > 50
    assert "<image" not in text
    assert "Briefing" in text and "Sources" in text and "Uzbekistan" in text


def count(image: QImage, colour: QColor, box: tuple[int, int, int, int], tolerance=6) -> int:
    x0, y0, x1, y1 = box
    return sum(close(image.pixelColor(x, y), colour, tolerance)
               for x in range(x0, x1, 2) for y in range(y0, y1, 2))


def test_briefing_draws_the_network_beside_the_map(qapp, tmp_path: Path) -> None:
    options = {"size": (1200, 700), "date": DAY, "footnotes": False, "legend": False}
    plain = QImage(str(export_map(tmp_path / "a.png", ExportOptions(**options))))
    briefing = QImage(str(export_map(tmp_path / "b.png", ExportOptions(briefing=True,
                                                                       **options))))
    state = QColor(NODE_STYLES["state"].fill)
    right, left = (620, 0, 1200, 700), (0, 0, 580, 700)
    assert count(briefing, state, right) > count(plain, state, right) + 300  # state nodes
    background = QColor("#fbfbf8")  # the network's
    assert count(briefing, background, right, 1) > 40_000  # of 72 500 pixels sampled
    assert count(briefing, background, left, 1) < 1_000  # the map keeps the left side


def test_a_portrait_briefing_stacks_the_network_under_the_map(qapp, tmp_path: Path) -> None:
    out = export_map(tmp_path / "p.png", ExportOptions(
        size=(600, 900), date=DAY, briefing=True, footnotes=False, legend=False))
    image = QImage(str(out))
    background = QColor("#fbfbf8")
    assert count(image, background, (0, 520, 600, 900), 1) > 5_000
    # the map on top (a few label halos blend to the network's off-white)
    assert count(image, background, (0, 0, 600, 450), 1) < 1_000


def test_north_arrow_toggle(qapp, tmp_path: Path) -> None:
    options = {"size": (800, 500), "themes": "none", "footnotes": False}
    shown = QImage(str(export_map(tmp_path / "a.png", ExportOptions(**options))))
    hidden = QImage(str(export_map(tmp_path / "b.png", ExportOptions(north_arrow=False,
                                                                     **options))))
    corner = (740, 380, 790, 470)  # above the attribution, bottom right
    dark = QColor("#222222")
    assert count(shown, dark, corner, 40) > 30 and count(hidden, dark, corner, 40) == 0


def test_paint_page_again_on_one_scene_draws_the_same(qapp, atlas) -> None:
    """The animation exporter paints many pages on one scene: nothing piles up between them,
    and the briefing's network view is kept and follows the session's date."""
    session = Session(atlas, DAY)
    options = ExportOptions(size=(600, 400), session=session, briefing=True)
    scene = MapScene(session=export_session(options))
    scene.context.one_shot = True

    def page() -> QImage:
        image = QImage(600, 400, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        paint_page(painter, QRectF(0, 0, 600, 400), scene, options)
        painter.end()
        return image

    first = page()
    view = network_view(scene, options.scale, None)
    assert page() == first
    assert network_view(scene, options.scale, None) is view
    before = set(view.graph.edges(keys=True))
    session.time.date = dt.date(2015, 6, 1)
    assert page() != first
    assert set(view.graph.edges(keys=True)) != before


def test_cli_page_flags(qapp, tmp_path: Path, capsys) -> None:
    from explorer.cli import main

    out = tmp_path / "page.svg"
    args = ["export", str(out), "--size", "1400x900", "--date", "2003-06", "--title", "Bases",
            "--subtitle", "Foreign bases in June 2003"]
    assert main(args) == 0
    full = out.read_text()
    assert "Foreign bases in June 2003" in full and "[1]" in full
    assert main([*args, "--no-footnotes", "--no-north-arrow", "--briefing"]) == 0
    bare = out.read_text()
    assert "[1]" not in bare and "Natural Earth" in bare
    assert ">N<" in full and ">N<" not in bare  # the arrow's letter
    # the network's edge groups: only on the briefing page
    assert 'inkscape:label="Diplomatic relations"' in bare
    assert 'inkscape:label="Diplomatic relations"' not in full
    assert capsys.readouterr().out.strip().splitlines() == [str(out), str(out)]


def test_svg_map_stays_inside_its_panel(qapp, tmp_path: Path) -> None:
    """Qt's SVG writer drops clipping; the page covers what the map draws past its panel."""
    from PySide6.QtSvg import QSvgRenderer

    out = export_map(tmp_path / "map.svg", ExportOptions(
        size=(900, 600), date=dt.date(2008, 6, 1), legend=False, footnotes=False,
        briefing=True, themes="alliances:SCO"))  # observers' hatching reaches past the frame
    image = QImage(900, 600, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    QSvgRenderer(str(out)).render(painter)
    painter.end()
    gap = [(x, y) for x in range(518, 524) for y in range(0, 600, 3)]  # map | gap | network
    assert all(image.pixelColor(x, y) == QColor("white") for x, y in gap)
    assert image.pixelColor(505, 300) != QColor("white")  # the map, just left of the gap


@pytest.mark.parametrize("width, limit", [(1600, 220.0), (3508, 545.0), (800, 120.0),
                                          (400, 300.0)])
def test_the_sources_are_whole_and_the_rest_counted_in_words(qapp, atlas, width: int,
                                                              limit: float) -> None:
    from explorer.model.citations import Footnote
    from explorer.render.footnotes import layout_footer

    sources = list(atlas.sources.values())[:200]
    for scale in (1.0, 2.0):
        footer = layout_footer(sources, "credit", width, limit, scale)
        assert footer.height <= limit
        assert footer.lines or scale > 1  # at scale 1 every box here has room to cite
        if not footer.lines:
            continue
        text = " ".join(footer.lines)
        assert "…" not in text and "explorer atlas" not in text
        for number, source in enumerate(sources[:footer.cited], 1):  # each one whole
            assert "".join(Footnote(number, source).text.split()) in "".join(text.split())
        assert footer.lines[-1] == f"and {len(sources) - footer.cited} more sources"
        heights = [len(column) for column in footer.columns]
        assert max(heights) - min(heights) <= max(heights) // 2 + 3  # balanced columns
    assert layout_footer(sources, "credit", 1600, 30.0, 1.0).height == 0  # no room: none


A4_LANDSCAPE, A4_PORTRAIT = (1754, 1240), (1240, 1754)  # at 150 dpi


@pytest.mark.parametrize("size", [A4_LANDSCAPE, A4_PORTRAIT])
@pytest.mark.parametrize("dpi", [150, 300])
@pytest.mark.parametrize("day, select, title", [
    (DAY, ("UZB",), "Uzbekistan and the K2 base, {date}"), (DAY, ("UZB",), None),
    (dt.date.today(), (), None), (dt.date.today(), (), "Central Asia, {date}")])
def test_an_a4_page_is_a_map_first_with_legend_and_sources(qapp, atlas, size, dpi, day,
                                                            select, title) -> None:
    from explorer.render.export import plan_page

    size = (size[0] * dpi // 150, size[1] * dpi // 150)
    options = ExportOptions(size=size, dpi=dpi, session=Session(atlas, day), select=select,
                            title=title)
    scene = MapScene(session=options.session, scale=options.scale)
    layout = plan_page(scene, options, QRectF(0, 0, *size), None)
    assert (layout.size.width(), layout.size.height()) == size  # nothing widened
    assert layout.panels_share >= 0.65
    assert layout.legend is not None and layout.legend_place == "band"
    assert QRectF(0, 0, *size).contains(layout.legend)
    assert not layout.legend.intersects(layout.map)
    assert layout.footer.cited >= 1 and layout.footer_rect is not None  # a source at least
    assert not layout.sources_left_out
    assert not layout.footer_rect.intersects(layout.legend)
    assert not layout.footer_rect.intersects(layout.map)
    assert QRectF(0, 0, *size).contains(layout.footer_rect)
    assert not any(line.endswith("…") for line in layout.footer.lines)


def test_a_page_with_no_room_for_a_source_says_so(qapp, tmp_path: Path, capsys) -> None:
    from explorer.cli import main

    said = []
    export_map(tmp_path / "tiny.png", ExportOptions(size=(400, 260), date=DAY), None,
               said.append)
    assert len(said) == 1 and said[0] > 10  # the sources it shows, none listed
    said.clear()
    export_map(tmp_path / "a4.png", ExportOptions(size=A4_LANDSCAPE, dpi=150, date=DAY),
               None, said.append)
    assert said == []
    assert main(["export", str(tmp_path / "tiny.png"), "--size", "400x260"]) == 0
    assert "no room for a single one of the" in capsys.readouterr().err


def test_no_ellipsis_and_no_command_on_a_page(qapp, tmp_path: Path) -> None:
    text = export_map(tmp_path / "a4.svg", ExportOptions(
        size=A4_LANDSCAPE, dpi=150, date=DAY)).read_text(encoding="utf-8")
    assert "Sources" in text and "[1] " in text and "more sources" in text
    assert "…" not in text and "&#8230;" not in text and "explorer atlas" not in text


def test_a_legend_too_long_for_a_small_page_gets_a_column_of_its_own(qapp, tmp_path) -> None:
    widened = []
    out = export_map(tmp_path / "small.png", ExportOptions(size=(800, 500)), widened.append)
    image = QImage(str(out))
    assert image.height() == 500 and image.width() > 800 and widened == [
        (image.width(), 500)]
    # The column beside the map is the legend: white paper with dark text and swatches.
    column = [QColor(image.pixel(x, y)) for x in range(820, image.width(), 3)
              for y in range(0, 380, 3)]
    assert sum(c == QColor("white") for c in column) > 0.5 * len(column)
    assert sum(c.lightness() < 100 for c in column) > 100
    svg = export_map(tmp_path / "small.svg", ExportOptions(size=(800, 500), date=DAY))
    assert "Legend" in svg.read_text() and "Base operated by United States" in svg.read_text()


def test_an_animation_frame_keeps_its_size_and_its_legend(qapp, atlas) -> None:
    session = Session(atlas, DAY)
    options = ExportOptions(size=(400, 260), session=session)
    scene = MapScene(session=session)
    scene.context.one_shot = True
    images = []
    for legend in (True, False):
        image = QImage(400, 260, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        paint_page(painter, QRectF(0, 0, 400, 260), scene,
                   dataclasses.replace(options, legend=legend), grow=False)
        painter.end()
        images.append(image)
    assert images[0] != images[1]  # the legend is drawn, over the map if it must


def test_graticule_and_country_labels_follow_the_options(qapp, tmp_path: Path) -> None:
    def svg(**kw) -> str:
        out = export_map(tmp_path / "m.svg", ExportOptions(size=(800, 500), themes="none",
                                                           footnotes=False, **kw))
        return out.read_text(encoding="utf-8")

    both = svg()
    assert "Kazakhstan" in both and "60°E" in both
    bare = svg(graticule=False, country_labels=False)
    assert "Kazakhstan" not in bare and "60°E" not in bare


def test_svg_draws_what_the_png_draws_hatches_and_bands_included(qapp, tmp_path: Path) -> None:
    # SVG (Tiny 1.2) has no clipping: hatches and bands must be cut from the geometry, or they
    # spill over the sea and the neighbours.
    from PySide6.QtSvg import QSvgRenderer

    options = {"size": (800, 500), "date": dt.date(2015, 6, 1), "themes": "alliances:CSTO,SCO",
               "footnotes": False, "legend": False}
    png = QImage(str(export_map(tmp_path / "m.png", ExportOptions(**options))))
    svg = QImage(800, 500, QImage.Format.Format_RGB32)
    svg.fill(QColor("white"))
    painter = QPainter(svg)
    QSvgRenderer(str(export_map(tmp_path / "m.svg", ExportOptions(**options)))).render(
        painter, QRectF(0, 0, 800, 500))
    painter.end()
    # compared in 8-pixel blocks: the hatch lines' phase may differ, their density may not
    small = [image.scaled(100, 62, Qt.AspectRatioMode.IgnoreAspectRatio,
                          Qt.TransformationMode.SmoothTransformation) for image in (png, svg)]
    differing = sum(not close(QColor(small[0].pixel(x, y)), QColor(small[1].pixel(x, y)), 24)
                    for x in range(100) for y in range(62))
    assert differing / (100 * 62) < 0.03


def test_a_title_with_the_date_replaces_the_date_stamp(qapp, tmp_path: Path) -> None:
    def page(title: str) -> str:
        out = export_map(tmp_path / "dated.svg", ExportOptions(
            size=A4_LANDSCAPE, dpi=150, date=DAY, title=title))
        return out.read_text(encoding="utf-8")

    dated, plain = page("Central Asia, {date}"), page("Central Asia")
    assert dated.count("1 June 2003") == 2  # the title, and the file's own <title>
    assert 'inkscape:label="Date stamp"' not in dated
    assert 'inkscape:label="Date stamp"' in plain and plain.count("1 June 2003") == 1
