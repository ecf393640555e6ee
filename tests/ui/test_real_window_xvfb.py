"""Smoke test: the real app opens an X11 window under Xvfb and paints the map."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.xvfb

GRAB_ROOT = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv)
QGuiApplication.primaryScreen().grabWindow(0).save(sys.argv[1])
"""


def colour_shares(path: Path) -> tuple[float, float]:
    """The shares of sampled pixels in the sea colour and in Central Asia's land colour."""
    from PySide6.QtGui import QColor, QImage

    from explorer.render import style

    image = QImage(str(path))
    if image.isNull():
        return 0.0, 0.0
    samples = [QColor(image.pixel(x, y)) for x in range(0, image.width(), 6)
               for y in range(0, image.height(), 6)]

    def share(target: QColor) -> float:
        hits = sum(abs(c.red() - target.red()) < 10 and abs(c.green() - target.green()) < 10
                   and abs(c.blue() - target.blue()) < 10 for c in samples)
        return hits / max(len(samples), 1)

    return share(style.SEA), share(style.LAND_EMPHASIS)


def painted(shares: tuple[float, float]) -> bool:
    sea, central_asia = shares
    return sea > 0.01 and central_asia > 0.002


@pytest.fixture
def xvfb_display():
    if shutil.which("Xvfb") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install Xvfb (.ci/run) so the real window is tested")
        pytest.skip("Xvfb is not installed")
    display = ":97"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x900x24", "-nolisten",
                               "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    yield display
    server.terminate()
    server.wait(timeout=10)


def test_real_window_paints_the_map(xvfb_display, tmp_path: Path,
                                    running_instance_autosave: dict[Path, bytes]) -> None:
    """The app opens and paints with the user folders of a machine where it is already
    running: another instance's autosave is in the data folder (not offered, not touched)."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env["DISPLAY"] = xvfb_display
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    assert env["XDG_DATA_HOME"] == os.environ["XDG_DATA_HOME"]  # conftest's, with the autosave
    app = subprocess.Popen([sys.executable, "-m", "explorer"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    shot = tmp_path / "screen.png"
    try:
        shares = (0.0, 0.0)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and app.poll() is None:
            subprocess.run([sys.executable, "-c", GRAB_ROOT, str(shot)], env=env, timeout=60,
                           capture_output=True)
            shares = colour_shares(shot)
            if painted(shares):
                break
            time.sleep(0.5)
        assert app.poll() is None, f"the app exited: {app.stderr.read()}"
        assert painted(shares), f"no map painted in the X11 window within 60 s: {shares}"
        assert {p: p.read_bytes() for p in running_instance_autosave} == \
            running_instance_autosave
    finally:
        app.terminate()
        app.wait(timeout=20)
