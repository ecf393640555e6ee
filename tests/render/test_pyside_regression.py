"""PySide6 6.12.0 on CPython 3.11 aborts after thousands of calls returning None: pinned away."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import os
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPainterPath
    app = QGuiApplication([])
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    path = QPainterPath()
    for i in range(100_000):
        path.lineTo(i % 64, (i * 7) % 64)
    small = QPainterPath()
    small.lineTo(10, 10)
    for _ in range(100_000):
        painter.drawPath(small)
    painter.end()
    print("ok")
""")


def test_200000_calls_returning_none_do_not_crash() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
