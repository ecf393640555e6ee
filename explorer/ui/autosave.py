"""A window's autosave (its own file and lock), recovering crashed sessions' autosaves, and
clearing the temp files that interrupted writes left behind."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer

from explorer.io import autosaves
from explorer.io.atomic import remove_stale_temp_files
from explorer.io.project_file import ProjectError, read_project, write_project
from explorer.paths import user_data_dir

if TYPE_CHECKING:
    from explorer.ui.project_actions import ProjectActions

AUTOSAVE_MS = 3 * 60 * 1000
# Settings where the window remembers the files it exported (explorer.ui.export_dialog and
# explorer.ui.animate_dialog): their folders may hold an interrupted export's temp file.
REMEMBERED_OUTPUTS = ("export/last_path", "animation/path")


class Autosave(QObject):
    """Writes the session of `projects` every AUTOSAVE_MS while it has unsaved changes, to a
    file of this window's own in `folder` (default: the user data folder), and offers the
    autosaves that crashed instances left, never those of a running one."""

    def __init__(self, projects: ProjectActions, folder: Path | None = None) -> None:
        super().__init__(projects)
        self.projects = projects
        self.slot = autosaves.AutosaveSlot(user_data_dir() if folder is None else folder)
        self._written: dict | None = None  # the content last autosaved
        self._owned = False  # whether the slot's file is there, written or adopted by us
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.write)
        self.timer.start()

    @property
    def folder(self) -> Path:
        return self.slot.folder

    @folder.setter
    def folder(self, folder: Path) -> None:
        self.drop()
        self.slot.folder = Path(folder)

    @property
    def path(self) -> Path:
        return self.slot.path

    def write(self) -> Path | None:
        """Write the session to this window's autosave if it changed since the last save (and
        since the last autosave); the file written, or None."""
        projects = self.projects
        if projects.busy or not projects.modified:
            return None
        project = projects.capture(self.folder, autosave_of=projects.path)
        if project.content() == self._written:
            return None
        try:
            self.slot.hold()
            write_project(self.path, project, backup=False)
        except (OSError, ProjectError) as exc:
            projects.window.statusBar().showMessage(f"Autosave failed: {exc}", 8000)
            return None
        self._written = project.content()
        self._owned = True
        return self.path

    def forget_written(self) -> None:
        """The session was replaced or saved: the next change is autosaved again."""
        self._written = None

    def drop(self) -> None:
        """Remove this window's autosave and lock (saved, or closed cleanly)."""
        if self._owned:
            self.slot.release()
            self._owned = False
        self._written = None

    def set_aside(self) -> None:
        """Leave the autosave taken over for a later start (recovering it failed): this
        window autosaves to a new file of its own from now on."""
        self.slot = autosaves.AutosaveSlot(self.folder)
        self._owned = False
        self._written = None

    def stop(self) -> None:
        self.timer.stop()
        self.drop()

    def recover(self, then: Callable[[], None] | None = None) -> bool:
        """Offer the autosaves of crashed sessions, newest first, each taken over (renamed to
        this window's) before asking so that two windows never offer the same one; True if
        the user took one (it opens as unsaved changes to its project, or untitled). Declined
        or unreadable ones are removed."""
        projects = self.projects
        for orphan in autosaves.orphans(self.folder):
            if not self.slot.adopt(orphan):
                continue  # another window took it
            self._owned = True
            try:
                project = read_project(self.path)
            except ProjectError as exc:
                self.drop()
                projects.show_error("Autosave Not Recovered", f"{exc}. The autosave was removed.")
                continue
            if not projects.ask_recover(project):
                self.drop()
                continue
            origin = Path(project.autosave_of) if project.autosave_of else None
            projects.load(project, self.path, origin, then, recovered=True)
            return True
        return False


def clean_temp_files(settings: QSettings, folders: Iterable[Path]) -> list[Path]:
    """Remove the temp files that killed saves and exports left in `folders` and in the
    folders of the exports remembered in `settings` (see explorer.io.atomic)."""
    remembered = [Path(str(settings.value(key))).parent for key in REMEMBERED_OUTPUTS
                  if settings.value(key)]
    return remove_stale_temp_files([*folders, *remembered])
