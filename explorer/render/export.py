"""Export the map scene to PNG, JPEG, SVG or PDF, written atomically (never a partial file)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from explorer.geo.projection import CENTRAL_ASIA_BBOX, DEFAULT_PROJECTION
from explorer.io.atlas_reader import read_atlas
from explorer.io.vector_reader import read_vector
from explorer.model.legend import legend_entries
from explorer.model.session import Session
from explorer.render import style
from explorer.render.legend import legend_size, paint_legend
from explorer.render.map_scene import MapScene, Rect
from explorer.render.png import write_png
from explorer.render.text import centred_text_rect, draw_halo_text

RASTER_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
VECTOR_FORMATS = (".svg", ".pdf")
SUPPORTED = (*RASTER_FORMATS, *VECTOR_FORMATS)
SCREEN_DPI = 96.0
MAX_PIXELS = 20_000

PagePainter = Callable[[QPainter, QRectF], None]  # paints a page filling the rect (device px)


class ExportError(Exception):
    """The export cannot be done; the message says why and what to do."""


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
    themes: str | None = None  # None: every theme; "none": the bare basemap; else a spec
    legend: bool = True
    session: Session | None = None  # the window's session: its date and themes win
    select: tuple[str, ...] = ()  # actor ids to highlight with everything linked to them
    layers: tuple[Path, ...] = ()  # the user's vector files, drawn over the themes
    transparent: bool = False
    bbox: tuple[float, float, float, float] = CENTRAL_ASIA_BBOX
    view_rect: Rect | None = None  # projected extent; wins over bbox (the window's current view)
    projection: str = DEFAULT_PROJECTION


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


def export_map(out: Path, options: ExportOptions) -> Path:
    """Render the map as the window draws it and write it to `out` (format from the suffix)."""
    out = Path(out)
    check_output_path(out)
    options.check_size()
    scene = MapScene(options.projection, scale=options.scale, session=export_session(options))
    scene.context.one_shot = True
    if options.transparent:
        scene.viewbox.setBackgroundColor(None)
    suffix = out.suffix.lower()
    with atomic_output(out) as tmp:
        if suffix in RASTER_FORMATS:
            write_raster(tmp, RASTER_FORMATS[suffix], options.size, options.dpi,
                         options.transparent, lambda p, r: paint_page(p, r, scene, options))
        elif suffix == ".svg":
            write_svg(tmp, options.size, options.dpi, options.title or "Central Asia Explorer map",
                      lambda p, r: paint_page(p, r, scene, options))
        else:
            _write_pdf(tmp, scene, options)
    return out


def export_session(options: ExportOptions) -> Session | None:
    """The atlas on the export's date with the chosen themes and the user's layers, or None
    for the bare basemap."""
    if options.session is not None:
        return options.session
    if options.themes == "none" and not options.layers:
        return None
    session = Session(read_atlas(), options.date)
    if options.themes == "none":
        for layer in session.themes.layers:
            layer.visible = False
    elif options.themes:
        session.themes.apply_spec(options.themes)
    for path in options.layers:
        session.user_layers.add(read_vector(path), Path(path))
    unknown = [actor for actor in options.select if actor not in session.atlas.actors]
    if unknown:
        raise ExportError(f"--select {unknown[0]!r} is not an actor of the atlas (see "
                          "`explorer atlas` for the ids, e.g. UZB, USA, CSTO)")
    if options.select:
        session.selection.select(list(options.select))
    return session


@contextlib.contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """A temporary file beside `out` that replaces it only once fully written."""
    fd, name = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=out.suffix, dir=out.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        if tmp.stat().st_size == 0:
            raise ExportError(f"nothing could be written to {out}")
        os.chmod(tmp, _file_mode(out))  # mkstemp's file is private (0600); exports are not
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def _file_mode(out: Path) -> int:
    """The mode of the file being replaced, or what a new file gets under the umask."""
    try:
        return stat.S_IMODE(out.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


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


def _write_pdf(path: Path, scene: MapScene, options: ExportOptions) -> None:
    width, height = options.size
    writer = QPdfWriter(str(path))
    writer.setResolution(round(options.dpi))
    points = QSizeF(width / options.dpi * 72.0, height / options.dpi * 72.0)
    writer.setPageLayout(QPageLayout(QPageSize(points, QPageSize.Unit.Point),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(options.title or "Central Asia Explorer map")
    painter = QPainter(writer)
    try:
        page = QRectF(painter.viewport())
        paint_page(painter, page, scene, options)
    finally:
        painter.end()


def paint_page(painter: QPainter, page: QRectF, scene: MapScene, options: ExportOptions) -> None:
    """The title band (if any) over the map scene, filling `page` in device pixels."""
    s = options.scale
    map_rect = paint_title(painter, page, options.title, s, options.transparent)
    render_scene(painter, map_rect, scene,
                 options.view_rect or scene.projection.bbox_to_rect(options.bbox))
    if options.legend and scene.session is not None:
        entries = legend_entries(scene.session)
        margin = 12 * s
        tallest = map_rect.height() - 2 * margin - 40 * s  # clear of the attribution
        size = legend_size(entries, s, max_height=tallest)
        paint_legend(painter, QPointF(map_rect.right() - size.width() - margin,
                                      map_rect.top() + margin), entries, s,
                     max_height=tallest)


def paint_title(painter: QPainter, page: QRectF, title: str | None, scale: float = 1.0,
                transparent: bool = False) -> QRectF:
    """A title band across the top of the page (if there is a title); the rest of the page."""
    rest = QRectF(page)
    if title:
        band = 46 * scale
        font = style.font(22 * scale, bold=True)
        if not transparent:
            painter.fillRect(QRectF(page.left(), page.top(), page.width(), band), QColor("white"))
        _, anchor = centred_text_rect(page.center(), title, font)
        anchor.setY(page.top() + band / 2 + (anchor.y() - page.center().y()))
        anchor.setX(page.left() + 16 * scale)
        draw_halo_text(painter, anchor, title, font, style.TEXT, 0)
        rest.setTop(page.top() + band)
    return rest


def render_scene(painter: QPainter, target: QRectF, scene: MapScene, view_rect: Rect) -> None:
    """Draw the scene's view box into `target`, showing `view_rect` (aspect kept, centred)."""
    render_viewbox(painter, target, scene.viewbox, lambda: scene.show_rect(view_rect))


def render_viewbox(painter: QPainter, target: QRectF, viewbox: pg.ViewBox,
                   frame: Callable[[], None]) -> None:
    """Draw a view box into `target` at the target's size; `frame()` sets its range once the
    box has that size."""
    host = pg.GraphicsScene()
    host.addItem(viewbox)
    viewbox.setGeometry(QRectF(0, 0, target.width(), target.height()))
    frame()
    viewbox.updateMatrix()
    host.render(painter, target, QRectF(0, 0, target.width(), target.height()),
                Qt.AspectRatioMode.IgnoreAspectRatio)
    host.removeItem(viewbox)
