"""Animations: a frame per date painted like a still export, GIF and MP4, checked and atomic."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image
from PySide6.QtGui import QImage

from explorer.render.animate import (
    MAX_FRAMES,
    AnimationCancelled,
    AnimationOptions,
    export_animation,
    frame_dates,
    parse_step,
)
from explorer.render.export import ExportError, ExportOptions, export_map

SMALL = (320, 200)


def gif_frames(path: Path) -> list[np.ndarray]:
    with Image.open(path) as gif:
        frames = []
        for index in range(gif.n_frames):
            gif.seek(index)
            frames.append(np.asarray(gif.convert("RGB"), dtype=np.int16))
        return frames


def changed(a: np.ndarray, b: np.ndarray) -> float:
    """The share of pixels that differ by more than the GIF's colour reduction."""
    return float((np.abs(a - b).sum(axis=2) > 48).mean())


def png_pixels(path: Path) -> np.ndarray:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(),
                                                              image.bytesPerLine())
    return rows[:, :image.width() * 3].reshape(image.height(), image.width(), 3).astype(np.int16)


@pytest.mark.parametrize("text, months", [("1y", 12), ("6m", 6), ("1m", 1), ("2Y", 24),
                                          (" 18m ", 18)])
def test_parse_step(text: str, months: int) -> None:
    assert parse_step(text) == months


@pytest.mark.parametrize("text", ["0y", "0m", "y", "1w", "1.5y", "-1m", ""])
def test_bad_steps_are_refused(text: str) -> None:
    with pytest.raises(ExportError, match="step"):
        parse_step(text)


def test_dates_are_inclusive_and_keep_the_day_of_the_month() -> None:
    assert frame_dates(dt.date(1999, 1, 1), dt.date(2006, 1, 1), 12) == [
        dt.date(y, 1, 1) for y in range(1999, 2007)]
    assert frame_dates(dt.date(2000, 1, 31), dt.date(2000, 4, 30), 1) == [
        dt.date(2000, 1, 31), dt.date(2000, 2, 29), dt.date(2000, 3, 31), dt.date(2000, 4, 30)]
    assert frame_dates(dt.date(2000, 1, 15), dt.date(2000, 7, 10), 6) == [dt.date(2000, 1, 15)]
    assert frame_dates(dt.date(2003, 6, 1), dt.date(2003, 6, 1), 1) == [dt.date(2003, 6, 1)]


@pytest.mark.parametrize("start, end, step, words", [
    (dt.date(2006, 1, 1), dt.date(1999, 1, 1), 12, "is after the end"),
    (dt.date(1990, 1, 1), dt.date(1999, 1, 1), 12, "timeline starts on 1 January 1991"),
    (dt.date(2000, 1, 1), dt.date.today() + dt.timedelta(days=1), 12, "timeline ends today"),
    (dt.date(2000, 1, 1), dt.date(2001, 1, 1), 0, "at least one month"),
])
def test_bad_ranges_are_refused(start, end, step, words) -> None:
    with pytest.raises(ExportError, match=words):
        frame_dates(start, end, step)


def test_too_many_frames_are_refused(monkeypatch) -> None:
    monkeypatch.setattr("explorer.render.animate.MAX_FRAMES", 10)
    assert len(frame_dates(dt.date(2000, 1, 1), dt.date(2000, 10, 1), 1)) == 10
    with pytest.raises(ExportError, match="11 frames, over the limit of 10"):
        frame_dates(dt.date(2000, 1, 1), dt.date(2000, 11, 1), 1)
    assert 12 * (dt.date.today().year - 1990) <= MAX_FRAMES  # monthly from 1991 fits


def test_gif_has_a_frame_per_date_painted_like_a_still_export(qapp, tmp_path: Path) -> None:
    """2001: Uzbekistan outside the CSTO; 2007: back in it. Each frame is the still export of
    its date (same painter, same date stamp), up to the GIF's 255 colours."""
    options = AnimationOptions(ExportOptions(size=SMALL, themes="alliances:CSTO"),
                               start=dt.date(2001, 1, 1), end=dt.date(2007, 1, 1),
                               step_months=6 * 12, fps=2)
    out = export_animation(tmp_path / "csto.gif", options)
    assert out == tmp_path / "csto.gif"
    frames = gif_frames(out)
    assert len(frames) == 2 and frames[0].shape == (SMALL[1], SMALL[0], 3)
    stills = [png_pixels(export_map(tmp_path / f"{year}.png", ExportOptions(
        size=SMALL, themes="alliances:CSTO", date=dt.date(year, 1, 1)))) for year in (2001, 2007)]
    for frame, still, other in zip(frames, stills, stills[::-1], strict=True):
        assert changed(frame, still) < 0.002, changed(frame, still)
        # Uzbekistan's shading, not only the date stamp's digits (about 0.1% of the page)
        assert changed(frame, other) > 0.005, changed(frame, other)
    with Image.open(out) as gif:
        assert gif.info["loop"] == 0 and gif.info["duration"] == 500


def test_mp4_streams_h264_at_even_size(qapp, tmp_path: Path) -> None:
    options = AnimationOptions(ExportOptions(size=(161, 101)), start=dt.date(2000, 1, 1),
                               end=dt.date(2001, 1, 1), step_months=6, fps=4)
    out = export_animation(tmp_path / "map.mp4", options)
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(out))
    assert (frames, seconds) == (3, pytest.approx(0.75, abs=0.01))
    reader = imageio_ffmpeg.read_frames(str(out))
    meta = next(reader)
    assert tuple(meta["size"]) == (162, 102)
    assert meta["codec"] == "h264" and "yuv420p" in meta["pix_fmt"]
    first = np.frombuffer(next(reader), np.uint8)
    reader.close()
    assert first.size == 162 * 102 * 3 and first.std() > 20  # a map, not a blank frame


def test_progress_is_reported_and_the_window_session_keeps_its_date(qapp, session,
                                                                      tmp_path: Path) -> None:
    session.selection.select("UZB")
    heard: list[tuple[int, int]] = []
    export_animation(tmp_path / "a.gif", AnimationOptions(
        ExportOptions(size=(160, 100), session=session), start=dt.date(1999, 1, 1),
        end=dt.date(2001, 1, 1)), progress=lambda done, total: heard.append((done, total)))
    assert heard[:3] == [(1, 3), (2, 3), (3, 3)] and set(heard[3:]) <= {(3, 3)}
    assert session.date == dt.date(2003, 6, 1)
    assert session.selection.items == ("UZB",)


@pytest.mark.parametrize("suffix", [".gif", ".mp4"])
@pytest.mark.parametrize("stop_at", [1, 3])  # after the first frame; after the last
def test_cancel_leaves_no_file_and_keeps_the_old_one(qapp, tmp_path: Path, suffix: str,
                                                    stop_at: int) -> None:
    out = tmp_path / f"map{suffix}"
    out.write_bytes(b"old")
    options = AnimationOptions(ExportOptions(size=(160, 100)), start=dt.date(2000, 1, 1),
                               end=dt.date(2002, 1, 1))
    with pytest.raises(AnimationCancelled, match="cancelled"):
        export_animation(out, options, progress=lambda done, total: done < stop_at)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]
    assert out.read_bytes() == b"old"


def test_cancel_while_the_file_is_finished_leaves_none(qapp, tmp_path: Path,
                                                       monkeypatch) -> None:
    from explorer.render import animate

    save = animate._GifWriter.close

    def slow_close(writer) -> None:
        time.sleep(0.3)
        save(writer)

    monkeypatch.setattr(animate._GifWriter, "close", slow_close)
    calls: list[int] = []

    def progress(done: int, total: int) -> bool:
        calls.append(done)
        return len(calls) <= total  # the first report once every frame is painted cancels

    options = AnimationOptions(ExportOptions(size=(160, 100)), start=dt.date(2000, 1, 1),
                               end=dt.date(2001, 1, 1))
    with pytest.raises(AnimationCancelled):
        export_animation(tmp_path / "map.gif", options, progress=progress)
    assert calls == [1, 2, 2]
    assert list(tmp_path.iterdir()) == []


def test_cancel_by_event(qapp, tmp_path: Path) -> None:
    cancel = threading.Event()
    options = AnimationOptions(ExportOptions(size=(160, 100)), start=dt.date(2000, 1, 1),
                               end=dt.date(2010, 1, 1))
    with pytest.raises(AnimationCancelled):
        export_animation(tmp_path / "map.gif", options, progress=lambda *_: cancel.set(),
                         cancel=cancel)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("out, changes, words", [
    ("map.png", {}, "choose an output ending in .gif, .mp4"),
    ("missing/map.gif", {}, "does not exist"),
    ("map.gif", {"fps": 0}, "frame rate must be between"),
    ("map.gif", {"start": dt.date(2005, 1, 1), "end": dt.date(2004, 1, 1)}, "after the end"),
    ("map.mp4", {"map": ExportOptions(transparent=True)}, "transparent"),
    ("map.gif", {"map": ExportOptions(themes="none")}, "does not change through time"),
    ("map.gif", {"map": ExportOptions(size=(4000, 4000)), "end": dt.date(2002, 1, 1),
                 "step_months": 1}, "too much memory; write an .mp4"),
])
def test_bad_animations_are_refused_before_any_work(qapp, tmp_path: Path, out, changes,
                                                    words) -> None:
    options = AnimationOptions(ExportOptions(size=(160, 100)), start=dt.date(2000, 1, 1),
                               end=dt.date(2001, 1, 1))
    for key, value in changes.items():
        setattr(options, key, value)
    with pytest.raises(ExportError, match=words):
        export_animation(tmp_path / out, options)
    assert list(tmp_path.iterdir()) == []
