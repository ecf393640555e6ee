"""Test setup: Qt runs headless and the app's settings live in a throwaway folder."""

from __future__ import annotations

import os
import tempfile

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="explorer-test-config-")


import datetime as dt

import pytest


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
