"""Each running instance's own autosave file beside a lock naming its owner (pid, start time,
host, as LibreOffice and QGIS do); the autosaves whose owner is gone, to recover."""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
from pathlib import Path

from explorer.io.atomic import atomic_write
from explorer.io.processes import Owner

SUFFIX = ".caexp"
LOCK_SUFFIX = ".lock"
LEGACY_NAME = f"autosave{SUFFIX}"  # the one file every window shared before locks
_NAME = re.compile(r"autosave-[0-9]+-[0-9a-f]{8}\.caexp")


def lock_path(autosave: Path) -> Path:
    return autosave.with_name(autosave.name + LOCK_SUFFIX)


def lock_owner(autosave: Path) -> Owner | None:
    """Who holds an autosave, as its lock says; None without a readable lock."""
    try:
        return Owner.from_dict(json.loads(lock_path(autosave).read_bytes()))
    except (OSError, ValueError):
        return None


def is_autosave(path: Path) -> bool:
    return path.name == LEGACY_NAME or _NAME.fullmatch(path.name) is not None


def orphans(folder: Path) -> list[Path]:
    """The autosaves in `folder` that no running instance holds (their lock's owner is gone,
    or they have no lock), newest first. Locks left without an autosave by a dead owner are
    removed on the way."""
    found = []
    with contextlib.suppress(OSError):
        for path in Path(folder).iterdir():
            if is_autosave(path) and path.is_file():
                owner = lock_owner(path)
                if owner is None or not owner.alive():
                    found.append(path)
            elif path.name.endswith(LOCK_SUFFIX) and is_autosave(path.with_suffix("")):
                owner = lock_owner(path.with_suffix(""))
                if not path.with_suffix("").exists() and (owner is None or not owner.alive()):
                    path.unlink(missing_ok=True)
    return sorted(found, key=_mtime, reverse=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


class AutosaveSlot:
    """One instance's autosave in `folder` (autosave-PID-TOKEN.caexp, a name no other
    instance uses) and its lock: the lock is written before the autosave and removed after
    it, so an autosave without a live owner is always an orphan."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.owner = Owner.me()
        self.token = secrets.token_hex(4)

    @property
    def path(self) -> Path:
        return self.folder / f"autosave-{self.owner.pid}-{self.token}{SUFFIX}"

    @property
    def lock(self) -> Path:
        return lock_path(self.path)

    def hold(self) -> None:
        """Write the lock (and the folder) if it is not there; OSError if it cannot be."""
        if not self.lock.is_file():
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write(self.lock, json.dumps(self.owner.as_dict()).encode("utf-8"))

    def adopt(self, orphan: Path) -> bool:
        """Make an orphan this slot's autosave, in one rename: of instances starting together
        one wins, the others get False (and so does a slot that has an autosave already).
        Its old lock goes."""
        if self.path.exists():
            return False
        try:
            self.hold()
            os.rename(orphan, self.path)
        except OSError:
            return False
        lock_path(orphan).unlink(missing_ok=True)
        return True

    def release(self) -> None:
        """Remove the autosave, then its lock."""
        for path in (self.path, self.lock):
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
