"""Message boxes that show text from users and files as plain text: never rich, never a link."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

Button = QMessageBox.StandardButton


def message_box(icon: QMessageBox.Icon, title: str, text: str,
                buttons: Button = Button.Ok, parent: QWidget | None = None) -> QMessageBox:
    """A message box whose title and text are plain text, whatever they contain (a file name
    or a project field with `<a href=…>` stays those characters)."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    for label in box.findChildren(QLabel):  # Qt lets a message box's labels open links
        label.setOpenExternalLinks(False)
    return box


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """A modal warning in plain text."""
    message_box(QMessageBox.Icon.Warning, title, text, Button.Ok, parent).exec()


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """A modal yes/no question in plain text; True for Yes."""
    box = message_box(QMessageBox.Icon.Question, title, text, Button.Yes | Button.No, parent)
    return box.exec() == Button.Yes
