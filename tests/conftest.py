"""Test setup: Qt runs headless and the app's user folders (settings, autosave, caches) are
throwaway ones: a user's own are never read nor touched."""

from __future__ import annotations

import datetime as dt
import os
import tempfile

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
for _folder in ("CONFIG", "DATA", "CACHE"):
    os.environ[f"XDG_{_folder}_HOME"] = tempfile.mkdtemp(prefix=f"explorer-test-{_folder.lower()}-")


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
