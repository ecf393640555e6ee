"""Where the shipped data lives (source checkout or installed wheel) and the user's own."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
ORGANIZATION = "CentralAsiaExplorer"
APPLICATION = "Central Asia Explorer"


def _data_dir(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def user_data_dir() -> Path:
    """The app's folder for the user's data (autosaves), where Qt's AppDataLocation is for
    ORGANIZATION and APPLICATION: e.g. ~/.local/share/CentralAsiaExplorer/Central Asia
    Explorer, following XDG_DATA_HOME."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return base / ORGANIZATION / APPLICATION


GEODATA = _data_dir("geodata")
RESOURCES = _data_dir("resources")
BASEMAP = GEODATA / "basemap.gpkg"
