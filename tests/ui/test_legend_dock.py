"""The legend dock follows the date and the themes."""

from __future__ import annotations

import datetime as dt

from explorer.io.atlas_reader import read_atlas
from explorer.model.session import Session
from explorer.ui.legend_dock import LegendDock


def test_legend_dock_follows_the_session(qtbot) -> None:
    session = Session(read_atlas(), dt.date(2003, 6, 1))
    dock = LegendDock(session)
    qtbot.addWidget(dock)
    before = [e.label for e in dock.view.entries]
    assert "Base operated by United States" in before
    session.time.date = dt.date(2022, 1, 1)
    assert "Base operated by United States" not in [e.label for e in dock.view.entries]
    session.themes.layer("bases").visible = False
    assert all(e.section != "Military bases" for e in dock.view.entries)
    image = dock.view.grab().toImage()
    assert image.width() > 100 and image.height() > 100
