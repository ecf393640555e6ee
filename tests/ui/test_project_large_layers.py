"""A project whose layer is over the read limits opens with it only if the user agrees: asked
once for all such layers; declined, the project opens without them and says so."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from explorer.io import read_limits
from explorer.io.vector_reader import read_vector
from tests.ui import test_project_actions
from tests.ui.test_project_actions import wait_open

make_window = test_project_actions.make_window


def saved_project(window, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "events.gpkg"
    gpd.GeoDataFrame({"n": range(40)}, geometry=[shapely.Point(60 + i * 0.1, 40) for i in
                                                 range(40)], crs="EPSG:4326").to_file(path)
    window.session.user_layers.add(read_vector(path), path)
    assert window.projects.save_to(folder / "p.caexp")
    return folder / "p.caexp"


@pytest.mark.parametrize("agree", [True, False])
def test_a_large_layer_of_a_project_is_read_if_the_user_agrees(make_window, tmp_path,
                                                               qtbot, monkeypatch, agree) -> None:
    project = saved_project(make_window(), tmp_path / "data")
    monkeypatch.setattr(read_limits, "MAX_FEATURES", 10)  # 40 features are "large" now
    window = make_window()
    asked = []
    window.projects.ask_read_large = lambda large: asked.append(
        [(linked.name, error.size.features) for linked, error in large]) or agree
    wait_open(qtbot, window, project)
    assert asked == [[("events", 40)]]
    layers = [layer.style.name for layer in window.session.user_layers]
    errors = window.answers.errors
    if agree:
        assert layers == ["events"] and len(next(iter(window.session.user_layers)).data) == 40
        assert errors == []
    else:
        assert layers == []
        assert errors and "events" in errors[0][1] and "not read" in errors[0][1]


def test_export_of_a_project_with_a_large_layer_asks_for_max_features(make_window, tmp_path,
                                                                       monkeypatch,
                                                                       capsys) -> None:
    from explorer.cli import main

    project = saved_project(make_window(), tmp_path / "data")
    monkeypatch.setattr(read_limits, "MAX_FEATURES", 10)
    out = tmp_path / "map.png"
    assert main(["export", str(out), "--project", str(project), "--size", "600x400"]) == 1
    assert "add --max-features 40" in capsys.readouterr().err and not out.exists()
    assert main(["export", str(out), "--project", str(project), "--size", "600x400",
                 "--max-features", "40"]) == 0
    assert out.exists()
