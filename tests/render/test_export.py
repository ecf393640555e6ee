"""Export writes every format at the requested size, with real content, and never half a file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from explorer.render import export as export_module
from explorer.render.export import ExportError, ExportOptions, export_map
from tests.render.helpers import failing_midway_keeps_the_old_file


def distinct_colours(image: QImage, step: int = 23) -> int:
    return len({image.pixel(x, y) for x in range(0, image.width(), step)
                for y in range(0, image.height(), step)})


@pytest.mark.parametrize("suffix", [".png", ".jpg"])
def test_raster_size_dpi_and_content(qapp, tmp_path: Path, suffix: str) -> None:
    out = export_map(tmp_path / f"map{suffix}", ExportOptions(size=(640, 400), dpi=150,
                                                              legend=False))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (640, 400)
    assert distinct_colours(image) > 20  # land, sea, borders, labels: not a blank canvas
    if suffix == ".png":
        assert round(image.dotsPerMeterX() * 0.0254) == 150


def test_png_transparent_background(qapp, tmp_path: Path) -> None:
    out = export_map(tmp_path / "map.png", ExportOptions(
        size=(600, 300), projection="lcc_central_asia", bbox=(-180, -60, 180, 90),
        transparent=True))
    image = QImage(str(out))
    assert image.hasAlphaChannel()
    assert image.pixelColor(2, 2).alpha() == 0  # outside the conic's fan


def test_title_is_drawn_above_the_map(qapp, tmp_path: Path) -> None:
    plain = QImage(str(export_map(tmp_path / "a.png", ExportOptions(size=(600, 400)))))
    titled = QImage(str(export_map(tmp_path / "b.png",
                                   ExportOptions(size=(600, 400), title="Bases in 2003"))))
    band = [(x, y) for x in range(10, 300, 3) for y in range(8, 40, 3)]
    dark = sum(QColor(titled.pixel(x, y)).lightness() < 100 for x, y in band)
    assert dark > 10
    assert titled != plain


def test_svg_stays_vector(qapp, tmp_path: Path) -> None:
    out = export_map(tmp_path / "map.svg", ExportOptions(size=(800, 500)))
    text = out.read_text()
    assert 'width="800' in text or "width='800" in text or "800" in text.split("<svg", 1)[1][:400]
    assert text.count("<path") > 50
    assert "Kazakhstan" in text and "Natural Earth" in text
    assert "<image" not in text


def test_pdf_page_and_content(qapp, tmp_path: Path) -> None:
    out = export_map(tmp_path / "map.pdf", ExportOptions(size=(1200, 900), dpi=300,
                                                         title="Central Asia", legend=False))
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    # 1200 px at 300 dpi = 4 in = 288 pt wide; 900 px = 216 pt high
    media_box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert media_box and [float(v) for v in media_box.groups()] == [288.0, 216.0]
    assert len(data) > 50_000


def test_missing_folder_is_refused_before_any_work(qapp, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export_map(tmp_path / "nope" / "map.png", ExportOptions())


def test_unsupported_suffix(qapp, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="choose an output ending"):
        export_map(tmp_path / "map.tiff", ExportOptions())


def test_failure_midway_leaves_the_old_file_and_no_debris(qapp, tmp_path: Path,
                                                          monkeypatch) -> None:
    out = tmp_path / "map.png"
    failing_midway_keeps_the_old_file(out, monkeypatch, export_module, "paint_page",
                                      lambda: export_map(out, ExportOptions(size=(200, 100))))


@pytest.mark.parametrize("transparent", [False, True])
def test_png_writer_round_trips_every_pixel(qapp, tmp_path: Path, transparent: bool,
                                            monkeypatch) -> None:
    from PIL import Image

    from explorer.render import png

    monkeypatch.setattr(png.os, "cpu_count", lambda: 3)  # three shares of bands of rows
    source = QImage(97, 301, QImage.Format.Format_ARGB32)
    for x in range(97):
        for y in range(301):
            source.setPixelColor(x, y, QColor(x * 2, y * 5, (x * y) % 256,
                                              (x * 3) % 256 if transparent else 255))
    if not transparent:
        source = source.convertToFormat(QImage.Format.Format_RGB32)
    png.write_png(source, tmp_path / "p.png", dpi=300)
    back = QImage(str(tmp_path / "p.png"))
    assert back.hasAlphaChannel() == transparent
    assert round(back.dotsPerMeterX() * 0.0254) == 300
    for x in range(97):
        for y in range(301):
            assert back.pixelColor(x, y) == source.pixelColor(x, y), (x, y)
    with Image.open(tmp_path / "p.png") as decoded:  # Pillow checks the zlib checksum
        assert decoded.size == (97, 301)
        decoded.load()
