"""The QApplication for work with no window (export, tests, benchmarks)."""

from __future__ import annotations

import os

from PySide6.QtWidgets import QApplication


def headless_application() -> QApplication:
    """The running QApplication, or a new one on Qt's offscreen platform (no display needed)."""
    app = QApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(["explorer"])
    if not isinstance(app, QApplication):  # graphics scenes need widgets: a QGuiApplication crashes
        raise RuntimeError("the map renderer needs a QApplication, not a QGuiApplication")
    return app
