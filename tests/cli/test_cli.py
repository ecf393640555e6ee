"""`explorer export` from any folder; bad input is one line on stderr and a clear exit status."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from explorer.cli import main


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "explorer", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_export_from_another_folder(tmp_path: Path) -> None:
    done = run(["export", "map.png", "--size", "1600x1000"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    image = QImage(str(tmp_path / "map.png"))
    assert (image.width(), image.height()) == (1600, 1000)


@pytest.mark.parametrize("args, words", [
    (["export", "m.png", "--size", "big"], "--size takes WxH"),
    (["export", "m.png", "--bbox", "90,24,45,56"], "--bbox"),
    (["export", "m.png", "--dpi", "0"], "--dpi"),
    (["export"], "OUT"),
    (["export", "m.png", "--projection", "mollweide"], "invalid choice"),
    (["--no-such-option"], "unrecognized arguments"),
])
def test_bad_arguments_exit_2_with_one_line(tmp_path: Path, args, words) -> None:
    done = run(args, cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], done.stderr
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("out, words", [
    ("missing/map.png", "does not exist"),
    ("map.tiff", "choose an output ending"),
])
def test_unwritable_output_exits_nonzero_and_writes_nothing(tmp_path, out, words) -> None:
    done = run(["export", out], cwd=tmp_path)
    assert done.returncode != 0
    assert words in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_window_without_display_says_so(monkeypatch, capsys) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    assert main([]) == 1
    err = capsys.readouterr().err
    assert "no display" in err and "explorer export" in err


def test_missing_xcb_libraries_are_named_with_the_install_hint(monkeypatch) -> None:
    from explorer import qt_platform

    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setattr(qt_platform.ctypes.util, "find_library",
                        lambda name: None if name == "xcb-cursor" else f"lib{name}.so")
    problem = qt_platform.window_problem()
    assert problem is not None and "sudo apt-get install libxcb-cursor0" in problem
