"""Saving a panel's output to the user's file: whole or not at all, a failure said in words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from explorer.io.atomic import atomic_path
from explorer.ui.messages import warn


def save_whole(parent: QWidget, path: Path, write: Callable[[Path], None]) -> Path | None:
    """`write(tmp)` fills a temporary file that then replaces `path` in one step; on an OSError
    the user is told what and where, nothing is left behind, and None is returned."""
    try:
        with atomic_path(path) as tmp:
            write(tmp)
    except OSError as exc:
        warn(parent, "Not Saved", f"{path} could not be written ({exc}). Choose another "
             "folder or name.")
        return None
    return path


def save_image(widget: QWidget, out: Path) -> None:
    """The widget as it draws itself, as a PNG image (OSError if it cannot be written)."""
    if not widget.grab().save(str(out), "PNG"):
        raise OSError("the image could not be written")
