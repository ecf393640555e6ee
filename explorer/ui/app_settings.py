"""Where the window remembers things between runs (QSettings under the app's name)."""

from __future__ import annotations

from PySide6.QtCore import QSettings


def app_settings() -> QSettings:
    """The app's remembered settings (tests point them into a temp folder)."""
    return QSettings("CentralAsiaExplorer", "explorer")
