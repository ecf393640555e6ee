"""Test setup: Qt runs headless and the app's user folders (settings, autosave, caches) are
throwaway ones: a user's own are never read nor touched. The user data folder holds the
autosave of another instance that is running, as on a machine where the app is open."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
for _folder in ("CONFIG", "DATA", "CACHE"):
    os.environ[f"XDG_{_folder}_HOME"] = tempfile.mkdtemp(prefix=f"explorer-test-{_folder.lower()}-")


@pytest.fixture(scope="session", autouse=True)
def running_instance_autosave() -> dict[Path, bytes]:
    """An autosave, its lock and a temp file being written, of an instance that runs (the
    lock's owner is the pytest process's parent), in the user data folder; the whole suite
    runs beside them and at its end they must be as they were (files -> bytes)."""
    from explorer.io.autosaves import lock_path
    from explorer.io.processes import Owner
    from explorer.paths import user_data_dir

    folder = user_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    owner = Owner.of(os.getppid())
    autosave = folder / f"autosave-{owner.pid}-0badc0de.caexp"
    autosave.write_text(json.dumps({"format": "central-asia-explorer-project", "version": 1,
                                    "date": "1999-09-09"}), encoding="utf-8")
    lock_path(autosave).write_text(json.dumps(owner.as_dict()), encoding="utf-8")
    (folder / f".~caexp-{owner.pid}-writing1-{autosave.name}").write_bytes(b"half")
    planted = {path: path.read_bytes() for path in folder.iterdir()}
    yield planted
    assert {path: path.read_bytes() for path in planted if path.exists()} == planted


@pytest.fixture(scope="session")
def atlas():
    """The shipped atlas, read once (records are immutable)."""
    from explorer.io.atlas_reader import read_atlas

    return read_atlas()


@pytest.fixture
def session(atlas):
    """A fresh session on 1 June 2003 (K2 open, Uzbekistan outside the CSTO)."""
    from explorer.model.session import Session

    return Session(atlas, dt.date(2003, 6, 1))


MODAL_TIMEOUT_MS = 15_000


@pytest.fixture(autouse=True)
def modal_watchdog(monkeypatch):
    """A modal dialog that a test does not answer would block the run for ever (offscreen,
    nobody clicks): one left open MODAL_TIMEOUT_MS is closed and fails its test instead."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog, QMessageBox

    stuck: list[str] = []

    def guarded(original):
        def exec_(self, *args):
            def give_up() -> None:
                try:
                    if self.isVisible():
                        stuck.append(f"{type(self).__name__} {self.windowTitle()!r}")
                        self.reject()
                except RuntimeError:  # answered and deleted already
                    pass

            QTimer.singleShot(MODAL_TIMEOUT_MS, give_up)
            return original(self, *args)

        return exec_

    for cls in (QDialog, QMessageBox):
        monkeypatch.setattr(cls, "exec", guarded(cls.exec))
    yield
    assert not stuck, f"a modal dialog was left for nobody to answer: {stuck}"
