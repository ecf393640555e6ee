"""`explorer export` from any folder; bad input is one line on stderr and a clear exit status."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from explorer.cli import export_parser, main
from tests.io.test_hostile_layers import bomb_zip


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


@pytest.mark.parametrize(("args", "bbox"), [
    (["--bbox", "-180,-90,180,90"], (-180, -90, 180, 90)),
    (["--bbox=-180,-90,180,90"], (-180, -90, 180, 90)),
    (["--size", "100x80", "--bbox", "-75.5,-10,-60,5.25", "--dpi", "72"], (-75.5, -10, -60, 5.25)),
])
def test_bbox_takes_negative_numbers(args, bbox) -> None:
    parsed = export_parser().parse_args(["m.png", *args])
    assert parsed.bbox == bbox


def test_bbox_without_a_value_is_a_usage_error(capsys) -> None:
    assert main(["export", "m.png", "--bbox"]) == 2
    assert "--bbox: expected one argument" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["export", "m.png"], ["network", "m.png"],
                                     ["animate", "m.gif"]])
def test_unknown_select_is_a_usage_error(tmp_path, capsys, monkeypatch, command) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([*command, "--select", "XXX"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "--select 'XXX' is not an actor" in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_a_large_layer_needs_max_features(tmp_path, capsys) -> None:
    bomb = bomb_zip(tmp_path)
    out = tmp_path / "map.png"
    base = ["export", str(out), "--layer", str(bomb), "--size", "400x300", "--themes", "none",
            "--no-legend"]
    assert main(base) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("explorer export: bomb.zip holds 3 features")
    assert lines[0].endswith("; add --max-features 3 to read it anyway")
    assert not out.exists()
    assert main([*base, "--max-features", "3"]) == 0
    assert out.exists()


def test_layer_errors_and_gdal_warnings_stay_within_three_lines(tmp_path, capsys) -> None:
    odd = tmp_path / "odd.geojson"
    odd.write_text('{"type": "FeatureCollection", "features": ['
                   '{"type": "Feature", "properties": {}, "geometry": {"type": "Point", '
                   '"coordinates": [66]}}, {"type": "Feature", "properties": {}, "geometry": '
                   '{"type": "Point", "coordinates": [66, 40]}}]}')
    cut = tmp_path / "cut.fgb"
    cut.write_bytes(b"fgb\x03fgb\x00" + b"\x00" * 40)
    for layer, status in ((odd, 0), (cut, 1)):
        assert main(["export", str(tmp_path / "m.png"), "--layer", str(layer), "--size",
                     "400x300", "--themes", "none", "--no-legend"]) == status
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) <= 3 and "Traceback" not in err, err
    assert "explorer export: cut.fgb " in err
