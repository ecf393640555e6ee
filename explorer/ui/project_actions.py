"""Projects in the window: new, open, save, unsaved changes, start-up and the title."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from explorer import __version__
from explorer.analysis.layout import LayoutKeeper
from explorer.io.project_file import (
    PROJECT_SUFFIX,
    LinkedFile,
    ProjectData,
    ProjectError,
    ProjectFiles,
    is_project_path,
    locate_files,
    read_project,
    write_project,
)
from explorer.io.read_limits import MAX_FEATURES
from explorer.model.project import Extent, NetworkSettings, Project
from explorer.model.project_session import apply_project, capture_project
from explorer.model.session_snapshot import SessionSnapshot
from explorer.ui.autosave import Autosave, clean_temp_files
from explorer.ui.project_questions import ProjectQuestions
from explorer.ui.project_reader import ProjectReader
from explorer.ui.recent_projects import RecentProjects
from explorer.ui.session_watcher import SessionWatcher

if TYPE_CHECKING:
    from explorer.ui.main_window import MainWindow
    from explorer.ui.network_dock import NetworkDock

APP_NAME = "Central Asia Explorer"

class ProjectActions(ProjectQuestions, QObject):
    """The File menu's project actions for a window with a session, and the bookkeeping
    behind them: the project's path, whether it has unsaved changes (the window title shows
    the name and a `*`), the recent projects (`recent`, in `settings`), autosave into a
    file of its own in `autosave_dir` (`autosaver`) and recovery after a crash.

    The questions it asks (ProjectQuestions) are attributes that tests replace.
    """

    sigOpened = Signal(object)  # the project's path, or None (new, or recovered untitled)

    def __init__(self, window: MainWindow, settings: QSettings) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.state = window.state
        self.settings = settings
        self.path: Path | None = None
        self._saved: dict | None = None  # the content last saved or opened; None: never
        self._unavailable: list[LinkedFile] = []  # skipped files, kept in the project file
        self.reader = ProjectReader(window, self._read_failed)
        self.reader.cancel_requested.connect(self.cancel_open)
        self.recent = RecentProjects(settings, window, self.open_project)
        self.autosaver = Autosave(self)
        dock = self.network_dock
        self.watcher = SessionWatcher(self.session, self.state,
                                      None if dock is None else dock.view.sigRedrawn, self)
        self.watcher.changed.connect(self._update_title)
        self._saved = self._content()
        self._update_title()

    # --- state -------------------------------------------------------------------------------
    @property
    def modified(self) -> bool:
        """Whether the session differs from the project as last saved or opened."""
        return self._saved is None or self._content() != self._saved

    @property
    def busy(self) -> bool:
        """Whether a project's files are being read."""
        return self.reader.busy

    @property
    def autosave_dir(self) -> Path:
        """The folder of the autosaves (the user data folder unless set)."""
        return self.autosaver.folder

    @autosave_dir.setter
    def autosave_dir(self, folder: Path) -> None:
        self.autosaver.folder = folder

    @property
    def display_name(self) -> str:
        return self.path.stem if self.path is not None else "Untitled"

    @property
    def network_dock(self) -> NetworkDock | None:
        return self.window.docks.get("network")

    def capture(self, folder: Path, *, full: bool = True,
                autosave_of: Path | None = None) -> Project:
        """The window's session as a project saved in `folder`, with the files skipped when
        it was opened (so that saving does not lose them). Without `full`, no extent and no
        network node places (what Project.content leaves out anyway)."""
        view = None
        if full:
            with contextlib.suppress(ValueError):  # a view box not laid out yet has no extent
                view = Extent.of(self.window.map_scene.view_rect(), self.state.projection)
        project = capture_project(self.session, self.state, folder, view=view,
                                  network=self._network_settings(full),
                                  saved_by=f"{APP_NAME} {__version__}")
        kept = {"layer": [], "records": []}
        for linked in self._unavailable:
            ref = linked.ref
            kept[linked.kind].append(type(ref).to(
                Path(ref.absolute_path), folder,
                **ref.model_dump(exclude={"path", "absolute_path"})))
        return project.model_copy(update={
            "layers": project.layers + tuple(kept["layer"]),
            "records": project.records + tuple(kept["records"]),
            "autosave_of": None if autosave_of is None else str(autosave_of)})

    def _content(self) -> dict:
        return self.capture(self.autosave_dir, full=False).content()

    def _network_settings(self, positions: bool) -> NetworkSettings:
        dock = self.network_dock
        if dock is None:
            return NetworkSettings()
        return NetworkSettings.of(dataclasses.asdict(self.session.network.options),
                                  dock.view.layouts if positions else None)

    def _update_title(self) -> None:
        star = "*" if self.modified else ""
        self.window.setWindowTitle(f"{self.display_name}{star} — {APP_NAME}")

    # --- menu --------------------------------------------------------------------------------
    def add_to_menu(self, menu: QMenu, make_action: Callable[..., QAction]) -> None:
        """Put New, Open, Open Recent ▸, Save and Save As into `menu`, made by the window's
        action factory (text, slot, shortcuts, tip)."""
        menu.addAction(make_action("&New Project", self.new_project,
                                   [QKeySequence.StandardKey.New],
                                   "Start again: no layers, today's date, the default themes"))
        menu.addAction(make_action("Open &Project…", self.open_dialog, ["Ctrl+Shift+O"],
                                   f"Open a saved project ({PROJECT_SUFFIX})"))
        menu.addMenu(self.recent.menu)
        menu.addAction(make_action("&Save Project", self.save, ["Ctrl+S"], "Save the layers, "
                                   "styles, themes, date, selection and view"))
        menu.addAction(make_action("Save Project &As…", self.save_as, ["Ctrl+Shift+S"],
                                   "Save the project under another name"))

    # --- new, open ---------------------------------------------------------------------------
    def new_project(self) -> None:
        """An untitled project with no layers and the defaults (asks about unsaved changes)."""
        if self.confirm_discard():
            self._finish(Project(), ProjectData(), [], None, False)

    def open_dialog(self) -> None:
        path = self.ask_open_path()
        if path is not None:
            self.open_project(path)

    def open_project(self, path: Path, then: Callable[[], None] | None = None) -> bool:
        """Open a project: checked whole first (a bad file changes nothing and is reported),
        then unsaved changes are settled, missing files located, the files read off the GUI
        thread and the session set at once; `then` runs once it is open. False if the file
        was refused or the user cancelled."""
        path = Path(path)
        try:
            project = read_project(path)
        except ProjectError as exc:
            self.show_error("Cannot Open Project", f"{exc}.")
            return False
        if not self.confirm_discard():
            return False
        self.load(project, path, path, then)
        return True

    def load(self, project: Project, read_from: Path, path: Path | None,
             then: Callable[[], None] | None = None, recovered: bool = False) -> None:
        """Open a checked project read from `read_from` (a project file or an autosave) as the
        project at `path`: missing files located, the files read, the session set."""
        files = locate_files(project, read_from)
        for linked in list(files.missing):
            if linked in files.missing:  # not found meanwhile beside another located file
                where = self.ask_locate(linked)
                if where is not None:
                    files.locate(linked, Path(where))
        self.reader.read(files, self.session.base_atlas,
                         lambda data: self._read_large(files, data, path, recovered, then))

    def _read_large(self, files: ProjectFiles, data: ProjectData, path: Path | None,
                    recovered: bool, then: Callable[[], None] | None) -> None:
        """Layers over the read limits are read only if the user agrees (reading again, with
        their size agreed); else the project opens without them, saying so."""
        if data.too_large and self.ask_read_large(data.too_large):
            allowed = {linked.index: max(error.size.features, MAX_FEATURES)
                       for linked, error in data.too_large}
            self.reader.read(files, self.session.base_atlas,
                             lambda again: self._opened(files, again, path, recovered, then),
                             allowed)
            return
        data.failures += [(linked, f"{error} (not read)") for linked, error in data.too_large]
        self._opened(files, data, path, recovered, then)

    def _opened(self, files: ProjectFiles, data: ProjectData, path: Path | None,
                recovered: bool, then: Callable[[], None] | None) -> None:
        opened = self._finish(files.project, data,
                              files.missing + [f for f, _ in data.failures], path, recovered)
        if not opened and recovered:
            self.autosaver.set_aside()
        if opened and path is not None and not recovered:
            self.recent.add(path)
        problems = [f"{f.kind} {f.name!r}: not found (skipped)" for f in files.missing]
        problems += [f"{f.kind} {f.name!r}: {reason}" for f, reason in data.failures]
        if opened and problems:
            self.show_error("Some Files Not Opened", "The project opened without these files; "
                            "they stay in the project file for next time:\n"
                            + "\n".join(problems))
        if then is not None:
            then()

    def _finish(self, project: Project, data: ProjectData, unavailable: list[LinkedFile],
                path: Path | None, recovered: bool) -> bool:
        """Set the session, the map and the network panel from a project, all or nothing: if
        anything fails on the way, the window is put back as it was and the error shown.
        Whether the project was set."""
        before = self._restore_point()
        try:
            postgis = self.window.postgis
            apply_project(project, self.session, self.state, layers=data.layers,
                          records=data.records, record_files=data.record_files,
                          databases=None if postgis is None else (
                              lambda uri, style: postgis.add(uri, style=style)))
            if project.view is None:
                self.window.map_scene.show_central_asia()
            else:
                self.window.map_scene.show_rect(project.view.rect)
            self._apply_network(project.network)
        except Exception as exc:  # whatever a view or the data raise: the window stays usable
            before()
            cause = _root_cause(exc)
            self.show_error("Cannot Open Project", "The project could not be opened "
                            f"({type(cause).__name__}: {str(cause)[:300]}); nothing was "
                            "changed.")
            return False
        self._unavailable = list(unavailable)
        self.path = path
        self._saved = None if recovered else self._content()
        self.autosaver.forget_written()
        self._update_title()
        opened = f"Opened {path.name}" if path is not None else "New project"
        if project.unknown_themes:  # saved by a build with themes this one lacks
            opened += (f"; left out the themes this version does not have: "
                       f"{', '.join(project.unknown_themes)} (saving drops them)")
        self.window.statusBar().showMessage(opened, 15000 if project.unknown_themes else 5000)
        self.sigOpened.emit(path)
        return True

    def _restore_point(self) -> Callable[[], None]:
        """What puts the window back as it is now: session, map view and network panel."""
        snapshot = SessionSnapshot.take(self.session, self.state)
        rect = self.window.map_scene.view_rect()
        dock = self.network_dock
        layouts = None if dock is None else dock.view.layouts

        def restore() -> None:
            snapshot.restore(self.session, self.state)
            self.window.map_scene.show_rect(rect)
            if dock is not None:
                dock.view.layouts = layouts
                dock.view.refresh()

        return restore

    def _apply_network(self, settings: NetworkSettings) -> None:
        dock = self.network_dock
        if dock is None:
            return
        keeper = LayoutKeeper(self.session.atlas)
        settings.restore(keeper)
        dock.view.layouts = keeper
        self.session.network.update(**settings.option_values())
        dock.view.refresh()
        dock.view.fit()

    def cancel_open(self) -> None:
        """Stop opening: the files still being read are dropped and nothing changes."""
        if self.reader.cancel():
            self.window.statusBar().showMessage("Opening the project cancelled.", 5000)

    def _read_failed(self, error: BaseException) -> None:
        self.show_error("Cannot Open Project", f"The project's files could not be read "
                        f"({type(error).__name__}: {error}); nothing was changed.")

    # --- save --------------------------------------------------------------------------------
    def save(self) -> bool:
        """Save to the project's file (asking for one if it has none); False if not saved."""
        return self.save_as() if self.path is None else self.save_to(self.path)

    def save_as(self) -> bool:
        suggested = self.path or Path.home() / f"Untitled{PROJECT_SUFFIX}"
        path = self.ask_save_path(suggested)
        if path is None:
            return False
        path = Path(path)
        if path.suffix.lower() != PROJECT_SUFFIX:
            path = path.with_name(path.name + PROJECT_SUFFIX)
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        """Write the project (atomically, the old file kept as .bak); errors are shown."""
        path = Path(path)
        project = self.capture(path.parent)
        try:
            write_project(path, project)
        except ProjectError as exc:
            self.show_error("Project Not Saved", f"The project was not saved: {exc}.")
            return False
        self.path = path
        self._saved = project.content()
        self.recent.add(path)
        self.autosaver.drop()
        self._update_title()
        self.window.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    # --- unsaved changes, closing ------------------------------------------------------------
    def confirm_discard(self) -> bool:
        """Whether the session may be replaced or closed: nothing unsaved, or the user saved
        it (and it saved) or discarded it."""
        if not self.modified:
            return True
        choice = self.ask_unsaved()
        return choice == "discard" or (choice == "save" and self.save())

    def quit(self) -> None:
        """File → Quit: ask about unsaved changes, then close the window."""
        if self.confirm_discard():
            self.window.close()

    def close_requested(self, by_user: bool) -> bool:
        """Whether the window may close; asks about unsaved changes when the user closes it
        (its close button, a spontaneous event). Closes from code (scripts, tests, Quit once
        it asked) do not ask."""
        if by_user and not self.confirm_discard():
            return False
        self.autosaver.stop()
        self.cancel_open()
        return True

    # --- start-up ----------------------------------------------------------------------------
    def start(self, paths: Sequence[str | Path]) -> None:
        """At start-up: clear the temp files that killed saves and exports left (in the
        folders of the autosaves, the recent projects and the remembered exports), offer
        crashed sessions' autosaves, then open the command line's project (one) and layer
        files (after the project, on top of it)."""
        clean_temp_files(self.settings, [self.autosave_dir,
                                         *(p.parent for p in self.recent.files())])
        layers = [p for p in paths if not is_project_path(p)]
        projects = [Path(p) for p in paths if is_project_path(p)]

        def open_layers() -> None:
            self.window.open_paths(layers)

        if self.autosaver.recover(open_layers):
            if projects:
                self.window.statusBar().showMessage(
                    f"Recovered the autosave; {projects[0].name} was not opened.", 8000)
            return
        if not projects or not self.open_project(projects[0], open_layers):
            open_layers()


def _root_cause(exc: BaseException) -> BaseException:
    """The error behind the wrappers (a signal's emit loop wraps its slot's error)."""
    while exc.__cause__ is not None:
        exc = exc.__cause__
    return exc
