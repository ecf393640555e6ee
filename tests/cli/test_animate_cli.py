"""`explorer animate`: a GIF or MP4 through time; bad input is one line and a non-zero exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import imageio_ffmpeg
import pytest
from PIL import Image

from explorer.cli import main


def test_gif_from_the_command_line(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "explorer", "animate", "map.gif", "--from",
                           "1999", "--to", "2001-06", "--size", "320x200", "--fps", "4",
                           "--themes", "alliances:CSTO", "--select", "uzb", "--no-legend"],
                          cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "map.gif" and done.stderr == ""  # no progress off a TTY
    with Image.open(tmp_path / "map.gif") as gif:
        assert (gif.n_frames, gif.size, gif.info["duration"]) == (3, (320, 200), 250)


def test_mp4_with_a_step_of_six_months(qapp, tmp_path: Path, capsys) -> None:
    out = tmp_path / "map.mp4"
    assert main(["animate", str(out), "--from", "2000-01-15", "--to", "2001-01",
                 "--step", "6m", "--size", "160x100", "--no-legend", "--bbox",
                 "55,35,80,50"]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert imageio_ffmpeg.count_frames_and_secs(str(out))[0] == 2  # 15 Jan, 15 Jul 2000


@pytest.mark.parametrize("args, status, words", [
    (["--step", "0y"], 2, "step must be at least one month"),
    (["--step", "2w"], 2, "such as 1y, 6m or 1m"),
    (["--from", "2003-13"], 2, "is not a real date"),
    (["--fps", "fast"], 2, "--fps takes a number"),
    (["--size", "big"], 2, "--size takes WxH"),
    (["--from", "2010", "--to", "2001"], 1, "is after the end"),
    (["--from", "1985"], 1, "timeline starts on 1 January 1991"),
    (["--to", "2999"], 1, "timeline ends today"),
    (["--fps", "0"], 1, "frame rate must be between"),
    (["--from", "1991", "--step", "1m", "--size", "4000x4000"], 1, "too much memory"),
    (["--select", "XYZ"], 2, "is not an actor of the atlas"),  # a usage error
])
def test_bad_input_is_one_line_and_writes_nothing(qapp, tmp_path: Path, capsys, args, status,
                                                  words) -> None:
    assert main(["animate", str(tmp_path / "map.gif"), "--size", "160x100", *args]) == status
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("explorer animate: ") and words in lines[0], err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("out, words", [
    ("map.png", "choose an output ending in .gif, .mp4"),
    ("missing/map.mp4", "does not exist"),
])
def test_unwritable_outputs_exit_1(qapp, tmp_path: Path, capsys, out: str, words: str) -> None:
    assert main(["animate", str(tmp_path / out), "--size", "160x100"]) == 1
    assert words in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
