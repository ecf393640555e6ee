"""Opening a project is all or nothing: a failure while it is applied (after the records and
layers were replaced, say) puts the window back as it was, and says so in a plain-text box."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from explorer.model.features import FeatureRef
from explorer.ui.main_window import MainWindow
from tests.io.test_hostile_projects import CASES
from tests.ui import test_project_actions
from tests.ui.test_project_actions import set_up, wait_open

make_window = test_project_actions.make_window  # the same windows, answers and folders


def state(window: MainWindow) -> dict:
    """What the user sees of the session, the map and the network panel."""
    session = window.session
    names = {layer.id: layer.style.name for layer in session.user_layers}
    picks = [(names[item.id.rpartition(":")[0]], item.id.rpartition(":")[2])
             if isinstance(item, FeatureRef) and item.kind == "user" else item
             for item in session.selection.items]
    dock = window.docks["network"]
    return {"atlas": id(session.atlas), "record_files": session.record_files,
            "layers": [(layer.style.name, id(layer.data), layer.style.model_dump(), layer.path)
                       for layer in session.user_layers],
            "themes": session.themes.model_dump(), "map": window.state.model_dump(),
            "date": session.date, "selection": picks,
            "view": tuple(round(v) for v in window.map_scene.view_rect()),
            "network": dataclasses.asdict(session.network.options),
            "layouts": id(dock.view.layouts), "title": window.windowTitle(),
            "path": window.projects.path}


@pytest.fixture
def saved_and_other(make_window, tmp_path: Path):
    """A saved project (p.caexp) and another window with a session of its own."""
    first = make_window()
    set_up(first, tmp_path / "data")
    first.session.time.date = dt.date(2004, 5, 6)
    assert first.projects.save_to(tmp_path / "p.caexp")
    window = make_window()
    set_up(window, tmp_path / "mine")
    window.session.time.date = dt.date(1999, 1, 1)
    window.state.projection = "equal_earth"
    window.map_scene.show_bbox((40.0, 30.0, 90.0, 50.0))
    return tmp_path / "p.caexp", window


class FailOnce:
    """A callable that raises RuntimeError(message) the first time, then does nothing."""

    def __init__(self, message: str) -> None:
        self.message = message
        self.failed = False

    def __call__(self, *args: object) -> None:
        if not self.failed:
            self.failed = True
            raise RuntimeError(self.message)


@pytest.mark.parametrize("stage", ["date", "view", "network"])
def test_a_failure_midway_leaves_the_window_as_it_was(saved_and_other, qtbot, monkeypatch,
                                                      stage: str) -> None:
    path, window = saved_and_other
    before = state(window)
    boom = FailOnce(f"injected at {stage}")
    if stage == "date":  # after the records and layers were replaced
        window.session.time.events.date.connect(boom)
    elif stage == "view":
        real = window.map_scene.show_rect
        monkeypatch.setattr(window.map_scene, "show_rect",
                            lambda rect: real(rect) if boom.failed else boom())
    else:
        monkeypatch.setattr(window.docks["network"].view, "fit", boom)
    assert window.projects.open_project(path)
    qtbot.waitUntil(lambda: not window.projects.busy, timeout=30_000)
    assert window.answers.errors == [(
        "Cannot Open Project", "The project could not be opened (RuntimeError: injected at "
        f"{stage}); nothing was changed.")]
    assert state(window) == before
    if stage == "date":
        window.session.time.events.date.disconnect(boom)
    monkeypatch.undo()
    wait_open(qtbot, window, path)  # the window still works: the project opens now
    assert window.session.date == dt.date(2004, 5, 6) and window.projects.path == path


def test_a_hostile_project_is_shown_in_a_plain_text_box(make_window, tmp_path, qtbot) -> None:
    window = make_window()
    del window.projects.show_error  # the real box
    before = state(window)
    path = tmp_path / "<b>x<b><a href=smb:host>y<a>.caexp"
    path.write_text(json.dumps({"format": "central-asia-explorer-project", "version": 1,
                                "view": {"rect": [-1e308, -1e308, 1e308, 1e308]}}))
    raw = path.read_bytes()
    seen = []

    def read_box() -> None:
        box = next(w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QMessageBox) and w.isVisible())
        seen.append((box.windowTitle(), box.textFormat(), box.text()))
        box.accept()

    QTimer.singleShot(0, read_box)
    assert not window.projects.open_project(path)
    title, text_format, text = seen[0]
    assert title == "Cannot Open Project" and text_format == Qt.TextFormat.PlainText
    assert "<b>x<b><a href=smb:host>y<a>.caexp" in text and "view.rect.0" in text
    assert state(window) == before and path.read_bytes() == raw


def test_every_hostile_project_is_refused_in_the_window(make_window, tmp_path) -> None:
    window = make_window()
    before = state(window)
    for number, (recipe, words) in enumerate(CASES.values()):
        path = tmp_path / f"hostile{number}.caexp"
        path.write_bytes(recipe())
        assert not window.projects.open_project(path)
        title, text = window.answers.errors[-1]
        assert title == "Cannot Open Project" and re.search(words, text), text
    assert len(window.answers.errors) == len(CASES) and state(window) == before


def test_the_largest_values_the_schema_takes_open_cleanly(make_window, tmp_path, qtbot) -> None:
    path = tmp_path / "edge.caexp"
    far = {"UZB": [1e7, -1e7], "KAZ": [-1e7, 1e7], "RUS": [0.0, 0.0]}
    path.write_text(json.dumps({
        "format": "central-asia-explorer-project", "version": 1, "date": "2003-06-01",
        "view": {"rect": [-1e9, -1e9, 1e9, 1e9], "bbox": [-180, -90, 180, 90]},
        "themes": {"event_window_days": 36_500},
        "network": {"layout": "circular", "positions": {"force": far, "circular": far}}}))
    window = make_window()
    wait_open(qtbot, window, path)
    assert window.answers.errors == []
    assert all(math.isfinite(v) for v in window.map_scene.view_rect())
    window.docks["network"].view.fit()
    window.map_scene.show_central_asia()  # the window goes on working
