"""Animate the map through time: one frame per date, written atomically as a GIF or an MP4."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from explorer.model.details import format_day
from explorer.model.session import TIMELINE_START, Session, add_months
from explorer.render.export import ExportOptions, paint_page
from explorer.render.export_session import export_session
from explorer.render.map_scene import MapScene
from explorer.render.page_files import ExportError, atomic_output, check_output_path

ANIMATION_FORMATS = (".gif", ".mp4")
MAX_FRAMES = 2000
# A GIF is written whole at the end, so its frames wait in memory at about 2 bytes a pixel.
MAX_GIF_PIXELS = 300_000_000
DEFAULT_FPS = 1.5  # frames (dates) a second: each date shows for 2/3 s
FPS_RANGE = (0.1, 60.0)
STEPS = {"1 year": 12, "6 months": 6, "1 month": 1}  # the usual steps, in months
_STEP = re.compile(r"\s*(\d+)\s*([ym])\s*", re.IGNORECASE)

Progress = Callable[[int, int], bool | None]  # (frames done, total); False cancels


class AnimationCancelled(ExportError):
    """The animation was cancelled before it was written; no file is left."""


def parse_step(text: str) -> int:
    """A step such as 1y, 6m or 1m ("Ny" years, "Nm" months) as a number of months."""
    match = _STEP.fullmatch(text)
    if match is None:
        raise ExportError(f"a step is a number of years or months such as 1y, 6m or 1m, "
                          f"not {text!r}")
    months = int(match[1]) * (12 if match[2].lower() == "y" else 1)
    if months == 0:
        raise ExportError(f"the step must be at least one month (e.g. 1y, 6m or 1m), not {text!r}")
    return months


def frame_dates(start: dt.date, end: dt.date, step_months: int) -> list[dt.date]:
    """The dates from `start` to `end` inclusive, `step_months` apart, checked against the
    timeline (1 January 1991 to today) and MAX_FRAMES."""
    today = dt.date.today()
    if step_months <= 0:
        raise ExportError("the step must be at least one month")
    if start < TIMELINE_START:
        raise ExportError(f"the timeline starts on {format_day(TIMELINE_START)}; choose a start "
                          f"on or after it, not {format_day(start)}")
    if end > today:
        raise ExportError(f"the timeline ends today ({format_day(today)}); choose an end on or "
                          f"before it, not {format_day(end)}")
    if start > end:
        raise ExportError(f"the start {format_day(start)} is after the end {format_day(end)}")
    months = (end.year - start.year) * 12 + end.month - start.month
    count = months // step_months + 1
    if count > MAX_FRAMES:
        raise ExportError(f"{format_day(start)} to {format_day(end)} in steps of {step_months} "
                          f"month(s) makes {count} frames, over the limit of {MAX_FRAMES}; "
                          "choose a longer step or a shorter range")
    # Each date counts from `start`, so that 31 January stays the 31st after a short February.
    dates = [add_months(start, k * step_months) for k in range(count)]
    return [day for day in dates if day <= end]


@dataclass
class AnimationOptions:
    """A map (size, themes, view… as for a still export) drawn on dates from `start` to `end`
    every `step_months`, shown `fps` dates a second."""

    map: ExportOptions = field(default_factory=ExportOptions)
    start: dt.date = TIMELINE_START
    end: dt.date = field(default_factory=dt.date.today)
    step_months: int = 12
    fps: float = DEFAULT_FPS


class Animation:
    """One animation to write to `out`: everything is checked on creation (ExportError) and
    nothing is written until `frames()` runs."""

    def __init__(self, out: Path, options: AnimationOptions) -> None:
        self.out = Path(out)
        # No numbered sources: they change from date to date, and the footer's height with
        # them, which would shift the map between frames (the data credit stays on the map).
        self.options = replace(options, map=replace(options.map, footnotes=False))
        options = self.options
        check_output_path(self.out, ANIMATION_FORMATS, "an animation ")
        options.map.check_size()
        if options.map.transparent:
            raise ExportError("a GIF or MP4 animation cannot have a transparent background")
        if not FPS_RANGE[0] <= options.fps <= FPS_RANGE[1]:
            raise ExportError(f"the frame rate must be between {FPS_RANGE[0]:g} and "
                              f"{FPS_RANGE[1]:g} frames a second, not {options.fps:g}")
        bare = options.map.themes == "none" and not options.map.layers
        if options.map.session is None and bare:
            raise ExportError("the bare basemap does not change through time; animate some "
                              "themes or layers")
        self.dates = frame_dates(options.start, options.end, options.step_months)
        self.is_gif = self.out.suffix.lower() == ".gif"
        width, height = options.map.size
        if not self.is_gif:  # H.264 in yuv420p needs even sides: draw the page a pixel larger
            width, height = width + width % 2, height + height % 2
        elif len(self.dates) * width * height > MAX_GIF_PIXELS:
            raise ExportError(f"a GIF of {len(self.dates)} frames of {width}x{height} pixels "
                              "would need too much memory; write an .mp4, or choose a smaller "
                              "size or a longer step")
        self.size = (width, height)

    def __len__(self) -> int:
        return len(self.dates)

    def frames(self) -> Iterator[int]:
        """Paint and encode the frames in turn on the calling thread (which must be Qt's),
        yielding how many are done after each; then yield len(self) again every 50 ms while
        a worker thread finishes the file. Closing the generator early abandons the export
        and leaves no file."""
        session = _frame_session(self.options.map)
        scene = MapScene(self.options.map.projection, scale=self.options.map.scale,
                         session=session)
        scene.context.one_shot = True
        with atomic_output(self.out) as tmp, _open_writer(tmp, self.is_gif, self.size,
                                                          self.options.fps) as writer:
            for done, day in enumerate(self.dates, 1):
                session.time.date = day
                writer.append(self._paint(scene))
                yield done
            with ThreadPoolExecutor(1, thread_name_prefix="animation-writer") as pool:
                finishing = pool.submit(writer.close)
                while True:
                    try:
                        finishing.result(timeout=0.05)
                        break
                    except TimeoutError:
                        yield len(self.dates)

    def _paint(self, scene: MapScene) -> np.ndarray:
        """The page on the scene's current date, as rows of RGB pixels."""
        width, height = self.size
        image = QImage(width, height, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        try:
            # frames keep one size: a legend with no room of its own goes over the map
            paint_page(painter, QRectF(0, 0, width, height), scene, self.options.map,
                       grow=False)
        finally:
            painter.end()
        image = image.convertToFormat(QImage.Format.Format_RGB888)
        rows = np.frombuffer(image.constBits(), np.uint8).reshape(height, image.bytesPerLine())
        return rows[:, :width * 3].reshape(height, width, 3).copy()


def export_animation(out: Path, options: AnimationOptions, progress: Progress | None = None,
                     cancel: threading.Event | None = None) -> Path:
    """Write the animation to `out` (GIF or MP4 from the suffix) and return its path.
    `progress(done, total)` hears of each frame and cancels by returning False, as does
    setting `cancel`; then AnimationCancelled is raised and no file is left."""
    animation = Animation(out, options)
    frames = animation.frames()
    with contextlib.closing(frames):
        for done in frames:
            stop = progress is not None and progress(done, len(animation)) is False
            if stop or (cancel is not None and cancel.is_set()):
                raise AnimationCancelled(f"the animation was cancelled; {animation.out} was "
                                         "not written")
    return animation.out


def _frame_session(options: ExportOptions) -> Session:
    """The session the frames move through time. A window's session is copied (sharing its
    atlas, themes and layers) so that the window itself stays on its date."""
    shown = options.session
    if shown is None:
        session = export_session(options)
        assert session is not None  # Animation refuses the bare basemap
        return session
    session = Session(shown.atlas, shown.date, themes=shown.themes)
    session.user_layers = shown.user_layers
    if shown.selection:
        session.selection.select(list(shown.selection.items))
    return session


class _Writer(Protocol):
    def append(self, frame: np.ndarray) -> None: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...


@contextlib.contextmanager
def _open_writer(path: Path, gif: bool, size: tuple[int, int], fps: float) -> Iterator[_Writer]:
    """A GIF or MP4 writer that is aborted if the export stops early."""
    writer: _Writer = _GifWriter(path, fps) if gif else _Mp4Writer(path, size, fps)
    try:
        yield writer
    except BaseException:
        writer.abort()
        raise


class _GifWriter:
    """Pillow writes a GIF only whole: frames are reduced to 255 colours as they come (fast
    octree, which keeps a map's flat colours and leaves one index free for Pillow's
    unchanged-pixel transparency) and saved together, looping forever, at `close`. Pillow
    stores identical consecutive frames once, with their durations added up."""

    def __init__(self, path: Path, fps: float) -> None:
        self._path = path
        self._duration = round(1000 / fps)
        self._frames: list = []

    def append(self, frame: np.ndarray) -> None:
        from PIL import Image

        self._frames.append(Image.fromarray(frame).quantize(
            255, method=Image.Quantize.FASTOCTREE))

    def close(self) -> None:
        first, *rest = self._frames
        first.save(self._path, format="GIF", save_all=True, append_images=rest,
                   duration=self._duration, loop=0, optimize=True)
        self._frames.clear()

    def abort(self) -> None:
        self._frames.clear()


class _Mp4Writer:
    """H.264 in yuv420p (what every player takes) through the ffmpeg that imageio-ffmpeg
    ships; frames stream to it through a pipe."""

    def __init__(self, path: Path, size: tuple[int, int], fps: float) -> None:
        self._path = path
        self._size = size
        self._fps = fps
        self._pipe = None

    def append(self, frame: np.ndarray) -> None:
        try:
            if self._pipe is None:  # started on the first frame: no empty video on an error
                self._pipe = self._start()
            self._pipe.send(frame)
        except OSError as exc:
            raise ExportError(f"ffmpeg could not encode the video: {_first_line(exc)}") from None

    def _start(self):
        import imageio_ffmpeg

        pipe = imageio_ffmpeg.write_frames(
            str(self._path), self._size, fps=self._fps, codec="libx264", pix_fmt_in="rgb24",
            pix_fmt_out="yuv420p", quality=None, macro_block_size=2, ffmpeg_log_level="error",
            output_params=["-crf", "20", "-preset", "medium", "-movflags", "+faststart"])
        pipe.send(None)  # runs the generator up to its first frame
        return pipe

    def close(self) -> None:
        if self._pipe is not None:
            self._pipe.close()  # waits for ffmpeg to write the file
            self._pipe = None

    abort = close


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
