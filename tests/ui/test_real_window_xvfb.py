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


def emphasis_share(path: Path) -> float:
    """The share of sampled pixels in the Central Asian states' fill colour."""
    from PySide6.QtGui import QColor, QImage

    from explorer.render import style

    image = QImage(str(path))
    if image.isNull():
        return 0.0
    target = style.LAND_EMPHASIS
    samples = [QColor(image.pixel(x, y)) for x in range(0, image.width(), 8)
               for y in range(0, image.height(), 8)]
    hits = sum(abs(c.red() - target.red()) < 10 and abs(c.green() - target.green()) < 10
               and abs(c.blue() - target.blue()) < 10 for c in samples)
    return hits / max(len(samples), 1)


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


def test_real_window_paints_the_map(xvfb_display, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env["DISPLAY"] = xvfb_display
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    app = subprocess.Popen([sys.executable, "-m", "explorer"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    shot = tmp_path / "screen.png"
    try:
        share = 0.0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and app.poll() is None:
            subprocess.run([sys.executable, "-c", GRAB_ROOT, str(shot)], env=env, timeout=60,
                           capture_output=True)
            share = emphasis_share(shot)
            if share > 0.03:
                break
            time.sleep(0.5)
        assert app.poll() is None, f"the app exited: {app.stderr.read()}"
        assert share > 0.03, "no map painted in the X11 window within 60 s"
    finally:
        app.terminate()
        app.wait(timeout=20)
