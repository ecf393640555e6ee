"""A painted page written to a file: the output checked first, PNG/JPEG or SVG, atomically."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator

from explorer.io.atomic import atomic_path
from explorer.render.png import write_png

RASTER_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
VECTOR_FORMATS = (".svg", ".pdf")
SUPPORTED = (*RASTER_FORMATS, *VECTOR_FORMATS)
PagePainter = Callable[[QPainter, QRectF], None]  # paints a page filling the rect (device px)



class ExportError(Exception):
    """The export cannot be done; the message says why and what to do."""


def check_output_path(out: Path, formats: tuple[str, ...] = SUPPORTED,
                      what: str = "") -> None:
    """Refuse, before any work, an output with no known format or that cannot be written."""
    if out.suffix.lower() not in formats:
        raise ExportError(f"cannot export {what}to '{out.suffix or out.name}': choose an "
                          f"output ending in {', '.join(formats)}")
    check_output_folder(out)


def check_output_folder(out: Path) -> None:
    """Refuse an output whose folder is missing or read-only, or that is itself a folder."""
    folder = out.parent
    if not folder.is_dir():
        raise ExportError(f"the folder {folder} does not exist; create it or choose another")
    if not os.access(folder, os.W_OK):
        raise ExportError(f"the folder {folder} is not writable; choose another output path")
    if out.is_dir():
        raise ExportError(f"{out} is a folder; give a file name such as {out / 'map.png'}")


@contextlib.contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """A temporary file beside `out` that replaces it only once fully written."""
    with atomic_path(out) as tmp:
        yield tmp
        if tmp.stat().st_size == 0:
            raise ExportError(f"nothing could be written to {out}")


def write_raster(path: Path, fmt: str, size: tuple[int, int], dpi: float, transparent: bool,
                 paint: PagePainter) -> None:
    """Paint a page into an image and write it as PNG (our fast writer) or JPEG."""
    width, height = size
    transparent = transparent and fmt != "JPEG"
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied if transparent
                   else QImage.Format.Format_RGB32)
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    if transparent:  # opaque pages are wholly covered by the picture's background
        image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        paint(painter, QRectF(0, 0, width, height))
    finally:
        painter.end()
    if fmt == "PNG":
        write_png(image, path, dpi)
    elif not image.save(str(path), fmt, 95):
        raise ExportError(f"Qt could not encode the image as {fmt}")


def write_svg(path: Path, size: tuple[int, int], dpi: float, title: str,
              paint: PagePainter) -> None:
    """Paint a page as SVG vectors (text stays text)."""
    width, height = size
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRectF(0, 0, width, height))
    generator.setResolution(round(dpi))
    generator.setTitle(title)
    painter = QPainter(generator)
    try:
        paint(painter, QRectF(0, 0, width, height))
    finally:
        painter.end()
