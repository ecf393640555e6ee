"""The questions the project actions ask the user: file dialogs and plain-text boxes."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from explorer.io.project_file import PROJECT_SUFFIX, LinkedFile
from explorer.io.read_errors import TooLarge
from explorer.model.project import FileRef, Project
from explorer.ui.messages import ask, message_box, warn

PROJECT_FILTER = f"Central Asia Explorer projects (*{PROJECT_SUFFIX});;All files (*)"
Choice = Literal["save", "discard", "cancel"]


class ProjectQuestions:
    """`ask_open_path()`, `ask_save_path(suggested)`, `ask_locate(linked_file)`,
    `ask_recover(project)`, `ask_read_large(layers)`, `ask_unsaved()` ("save", "discard" or
    "cancel") and `show_error(title, text)`, asked over `window` about the project at `path`
    (tests replace them on an instance)."""

    window: QWidget
    path: Path | None
    display_name: str

    def ask_open_path(self) -> Path | None:
        start = str(self.path.parent if self.path else Path.home())
        path, _ = QFileDialog.getOpenFileName(self.window, "Open Project", start, PROJECT_FILTER)
        return Path(path) if path else None

    def ask_save_path(self, suggested: Path) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self.window, "Save Project As", str(suggested),
                                              PROJECT_FILTER)
        return Path(path) if path else None

    def ask_read_large(self, large: list[tuple[LinkedFile, TooLarge]]) -> bool:
        """Whether to read the project's layers that are over the read limits."""
        listed = "\n".join(f"{linked.name}: {error.size.describe()}" for linked, error in large)
        return ask(self.window, "Large Layers",
                   f"The project has layers larger than Central Asia Explorer reads without "
                   f"asking:\n{listed}\nRead them anyway? It may take a while and much memory; "
                   "if not, the project opens without them.")

    def ask_locate(self, linked: LinkedFile) -> Path | None:
        """Where a missing file is now, or None to skip it."""
        ref: FileRef = linked.ref
        title = (f"Locate {linked.kind} '{linked.name}' (was {ref.absolute_path}); "
                 "Cancel skips it")
        suffix = Path(ref.path).suffix
        filters = f"{suffix[1:].upper()} files (*{suffix});;All files (*)" if suffix else ""
        path, _ = QFileDialog.getOpenFileName(self.window, title,
                                              str(Path(ref.absolute_path).parent), filters)
        return Path(path) if path else None

    def ask_recover(self, project: Project) -> bool:
        what = (f"your unsaved changes to {Path(project.autosave_of).name}"
                if project.autosave_of else "an unsaved project")
        return ask(
            self.window, "Recover Unsaved Work",
            f"Central Asia Explorer did not close properly and autosaved {what}. "
            "Recover it?")

    def ask_unsaved(self) -> Choice:
        buttons = QMessageBox.StandardButton
        box = message_box(QMessageBox.Icon.Warning, "Unsaved Changes",
                          f"Save the changes to {self.display_name}?",
                          buttons.Save | buttons.Discard | buttons.Cancel, self.window)
        box.setInformativeText("Your changes are lost if you don't save them.")
        box.exec()
        answer = box.standardButton(box.clickedButton())
        return {buttons.Save: "save", buttons.Discard: "discard"}.get(answer, "cancel")

    def show_error(self, title: str, text: str) -> None:
        warn(self.window, title, text)
