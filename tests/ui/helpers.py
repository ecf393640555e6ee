"""Shared by the window tests: widgets shown on the offscreen screen."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from explorer.ui.app_settings import app_settings
from explorer.ui.main_window import MainWindow


def shown(qtbot, widget: QWidget, size: tuple[int, int] = (1000, 700)) -> QWidget:
    """The widget, closed with the test, resized, shown and exposed."""
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def new_window(qtbot, size: tuple[int, int] = (1100, 760)) -> MainWindow:
    """The main window with settings as on a fresh machine, shown."""
    app_settings().clear()
    return shown(qtbot, MainWindow(), size)
