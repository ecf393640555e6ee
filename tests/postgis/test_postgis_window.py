"""PostGIS layers in the window: `explorer postgresql://…` adds the table as a layer whose view
is fetched as the map moves (points close up, the server's counts when too many), drawn and in
the legend; projects keep the URI without password; removing the layer ends its thread."""

from __future__ import annotations

import datetime as dt
import threading

import numpy as np
import pytest
from PySide6.QtGui import QImage

from explorer.io.project_file import read_project, write_project
from explorer.model.project import Project
from explorer.ui.postgis_layers import PostgisLayers
from tests.postgis.sample import N, inside, lonlat
from tests.ui.helpers import new_window

CLOSE = (60.0, 40.0, 62.0, 41.5)
UZBEKISTAN = (55.0, 37.0, 73.0, 45.0)


@pytest.fixture
def events_uri(tables) -> str:
    return f"{tables}?table=field.events&time=day"


def our_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("explorer-postgis")]


def wait_for_view(qtbot, layer, test) -> None:
    with qtbot.waitSignal(layer.changed, timeout=15_000, check_params_cb=lambda *a: test()):
        pass


def grab(window) -> QImage:
    return window.canvas.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_a_close_view_brings_the_points_and_a_wide_one_the_servers_counts(
        qtbot, events_uri, monkeypatch) -> None:
    monkeypatch.setattr(PostgisLayers, "max_points", 1_000)
    window = new_window(qtbot)
    window.session.time.date = dt.date(2026, 1, 1)
    window.map_scene.show_bbox(CLOSE)
    before = grab(window)
    window.open_paths([events_uri])
    [layer] = list(window.session.user_layers)
    assert layer.source == events_uri and layer.style.name == "events"
    wait_for_view(qtbot, layer, lambda: len(layer.data) > 0)
    lon, lat = lonlat(N)
    assert len(layer.data) >= inside(lon, lat, CLOSE).sum() and layer.counts is None
    assert {"id", "kind", "day"} <= set(layer.data.columns)
    qtbot.wait(50)
    assert grab(window) != before  # the points are drawn

    window.map_scene.show_bbox(UZBEKISTAN)  # some 2,000 points: over 1,000, counted
    wait_for_view(qtbot, layer, lambda: layer.counts is not None)
    assert len(layer.data) == 0 and layer.counts.counts.sum() >= inside(lon, lat,
                                                                       UZBEKISTAN).sum()
    qtbot.waitUntil(lambda: any("points per cell" in e.label
                                for e in window.docks["legend"].view.entries), timeout=5_000)
    window.session.user_layers.remove(layer.id)
    qtbot.waitUntil(lambda: our_threads() == [], timeout=10_000)
    assert window.postgis.fetchers == {}


def test_a_project_keeps_the_uri_without_its_password(qtbot, events_uri, tmp_path) -> None:
    window = new_window(qtbot)
    password_uri = events_uri.replace("postgresql://", "postgresql://explorer:secret@", 1) \
        if "@" not in events_uri else events_uri.replace("@", ":secret@", 1)
    window.open_paths([password_uri])
    [layer] = list(window.session.user_layers)
    assert "secret" not in layer.source
    layer.style.colour = "#123456"
    path = tmp_path / "db.caexp"
    project = window.projects.capture(tmp_path)
    write_project(path, project)
    text = path.read_text(encoding="utf-8")
    assert "secret" not in text and "field.events" in text
    [entry] = read_project(path).databases
    assert entry.uri == layer.source and entry.style.colour == "#123456"
    with pytest.raises(ValueError, match="password"):
        Project.model_validate({**project.model_dump(mode="json"),
                                "databases": [{"uri": password_uri, "style": {"name": "x"}}]})
    window.session.user_layers.remove(layer.id)
    assert window.projects.open_project(path)
    qtbot.waitUntil(lambda: len(window.session.user_layers) == 1, timeout=10_000)
    [again] = list(window.session.user_layers)
    assert again.source == layer.source and again.style.colour == "#123456"
    wait_for_view(qtbot, again, lambda: len(again.data) > 0 or again.counts is not None)


def test_a_dead_server_is_a_status_line_and_the_window_lives_on(qtbot) -> None:
    from tests.postgis.cluster import free_port

    window = new_window(qtbot)
    messages: list[str] = []
    window.postgis.sigMessage.connect(messages.append)
    window.open_paths([f"postgresql://nobody@127.0.0.1:{free_port()}/none?table=a.b"])
    qtbot.waitUntil(lambda: any("cannot connect" in m for m in messages), timeout=15_000)
    assert np.isfinite(window.map_scene.view_rect()).all()
    window.postgis.close()
    assert our_threads() == []
