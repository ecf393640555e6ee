"""The recent projects, newest first, kept in the settings, and the Open Recent menu."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu, QWidget

from explorer.ui.plain_text import plain_tooltip

MAX_RECENT = 10
RECENT_KEY = "projects/recent"


class RecentProjects:
    """The projects last opened or saved (at most MAX_RECENT, under RECENT_KEY in `settings`)
    and `menu`, filled each time it shows; choosing one calls `open_project(path)`."""

    def __init__(self, settings: QSettings, parent: QWidget,
                 open_project: Callable[[Path], object]) -> None:
        self.settings = settings
        self.open_project = open_project
        self.menu = QMenu("Open &Recent", parent)
        self.menu.aboutToShow.connect(self._fill_menu)

    def files(self) -> list[Path]:
        """The recent projects, newest first; files gone since are dropped from the list."""
        paths = [Path(p) for p in self.settings.value(RECENT_KEY, [], type=list) if p]
        existing = [p for p in paths if p.is_file()]
        if existing != paths:
            self._store(existing)
        return existing

    def add(self, path: Path) -> None:
        path = Path(path).resolve()
        self._store([path, *(p for p in self.files() if p != path)][:MAX_RECENT])

    def clear(self) -> None:
        self._store([])

    def _store(self, paths: list[Path]) -> None:
        self.settings.setValue(RECENT_KEY, [str(p) for p in paths])

    def _fill_menu(self) -> None:
        self.menu.clear()
        recent = self.files()
        for number, path in enumerate(recent, 1):
            # a file name's "&" is no shortcut; its path in a tooltip is never markup
            item = self.menu.addAction(f"&{number % 10} {path.name.replace('&', '&&')}")
            item.setStatusTip(str(path))
            item.setToolTip(plain_tooltip(str(path)))
            item.triggered.connect(lambda *_, p=path: self.open_project(p))
        if not recent:
            self.menu.addAction("No recent projects").setEnabled(False)
        self.menu.addSeparator()
        clear = self.menu.addAction("&Clear Menu")
        clear.setEnabled(bool(recent))
        clear.triggered.connect(self.clear)
