"""`explorer export --project`: the saved project drawn as the window draws it; flags win."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from PySide6.QtGui import QImage

from explorer.cli import export_parser, main
from explorer.cli_project import use_project
from explorer.geo.projection import DEFAULT_PROJECTION
from explorer.io.project_file import write_project
from explorer.io.vector_reader import read_vector
from explorer.model.features import FeatureRef
from explorer.model.project import Extent, Project
from explorer.ui.app_settings import app_settings
from explorer.ui.main_window import MainWindow


def write_points(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = gpd.GeoDataFrame({"kind": ["a", "b", "a", "b"], "value": [1, 5, 9, 13]},
                             geometry=[shapely.Point(60 + 2 * i, 38 + i) for i in range(4)],
                             crs="EPSG:4326")
    frame.to_file(path, driver="GeoJSON", engine="pyogrio")
    return path


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    """A window with a styled layer, themes, a date, a selection, a projection and a view."""
    app_settings().clear()
    win = MainWindow()
    qtbot.addWidget(win)
    win.projects.autosave_dir = tmp_path / "autosave"
    win.resize(900, 650)
    win.show()
    qtbot.waitExposed(win)
    session = win.session
    path = write_points(tmp_path / "data" / "sites.geojson")
    layer = session.user_layers.add(read_vector(path), path)
    layer.style.mode, layer.style.field, layer.style.ramp = "graduated", "value", "Reds"
    layer.style.point_size, layer.style.point_shape = 14.0, "square"
    session.themes.layer("routes").visible = False
    session.themes.alliances.organizations = ("SCO",)
    session.time.date = dt.date(2003, 6, 1)
    session.selection.select(["UZB", FeatureRef("user", f"{layer.id}:2")])
    win.state.projection = "equal_earth"
    win.map_scene.show_bbox((55.0, 33.0, 78.0, 47.0))
    return win


def test_the_export_matches_the_windows_export(window, tmp_path: Path) -> None:
    project = tmp_path / "briefing.caexp"
    assert window.projects.save_to(project)
    size = (window.canvas.width(), window.canvas.height())
    assert window.export_to(tmp_path / "window.png")
    code = main(["export", str(tmp_path / "cli.png"), "--project", str(project),
                 "--size", f"{size[0]}x{size[1]}"])
    assert code == 0
    shown, exported = QImage(str(tmp_path / "window.png")), QImage(str(tmp_path / "cli.png"))
    assert exported.height() == size[1] and exported.width() >= size[0]  # wider: a legend
    assert exported.convertToFormat(shown.format()) == shown

    # And it is the project that drew it: another date draws another map.
    assert main(["export", str(tmp_path / "later.png"), "--project", str(project),
                 "--size", f"{size[0]}x{size[1]}", "--date", "2010"]) == 0
    assert QImage(str(tmp_path / "later.png")).convertToFormat(shown.format()) != shown


def options_for(args: list[str]):
    from explorer.cli import map_options

    parsed = export_parser().parse_args(["out.png", *args])
    options = map_options(parsed)
    use_project(options, parsed)
    return options


def test_flags_given_win_over_the_project(window, tmp_path: Path) -> None:
    project = tmp_path / "p.caexp"
    assert window.projects.save_to(project)
    plain = options_for(["--project", str(project)])
    assert plain.projection == "equal_earth"
    assert plain.view_rect == pytest.approx(window.map_scene.view_rect())
    assert plain.session.date == dt.date(2003, 6, 1)
    assert plain.session.selection.actors == {"UZB"}
    assert plain.network is not None and plain.network_layouts is not None

    extra = write_points(tmp_path / "extra.geojson")
    given = options_for(["--project", str(project), "--date", "1999-02", "--themes", "bases",
                         "--select", "kaz", "--layer", str(extra), "--projection",
                         "web_mercator"])
    session = given.session
    assert session.date == dt.date(1999, 2, 1)
    assert [t.key for t in session.themes.layers if t.visible] == ["bases"]
    assert session.selection.items == ("KAZ",)
    assert [layer.style.name for layer in session.user_layers] == ["sites", "extra"]
    assert session.user_layers.get("layer1").style.ramp == "Reds"  # the project's style
    assert given.projection == "web_mercator" and given.view_rect is None
    west, south, east, north = given.bbox  # the project's extent, in lon/lat
    assert west < 60 < 75 < east and south < 38 < 45 < north

    boxed = options_for(["--project", str(project), "--bbox", "40,30,50,40", "--themes",
                         "none"])
    assert boxed.bbox == (40.0, 30.0, 50.0, 40.0) and boxed.view_rect is None
    assert not any(t.visible for t in boxed.session.themes.layers)
    assert options_for([]).projection == DEFAULT_PROJECTION


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "explorer", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_bad_projects_are_one_line_errors(tmp_path: Path, capsys) -> None:
    (tmp_path / "broken.caexp").write_text("{", encoding="utf-8")
    missing_layer = Project.model_validate({"layers": [{
        "path": "data/gone.geojson", "absolute_path": str(tmp_path / "data" / "gone.geojson"),
        "style": {"name": "Gone"}}]})
    write_project(tmp_path / "missing.caexp", missing_layer)
    newer = tmp_path / "newer.caexp"
    newer.write_text('{"format": "central-asia-explorer-project", "version": 9}')
    for name, words in (("nowhere.caexp", "does not exist"), ("broken.caexp", "broken JSON"),
                        ("missing.caexp", "layer 'Gone' is missing"),
                        ("newer.caexp", "newer Central Asia Explorer")):
        assert main(["export", str(tmp_path / "m.png"), "--project",
                     str(tmp_path / name)]) == 1
        err = capsys.readouterr().err
        assert err.startswith("explorer export: ") and words in err and name in err
        assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "m.png").exists()


def test_the_real_command_reports_without_a_traceback(tmp_path: Path) -> None:
    write_project(tmp_path / "p.caexp", Project(
        date=dt.date(2003, 6, 1), view=Extent.of((-1e6, -1e6, 1e6, 1e6), DEFAULT_PROJECTION),
        layers=(), selection=({"actor": "UZB"},)))
    done = run(["export", "m.png", "--project", "p.caexp", "--size", "400x300", "--no-legend"],
               cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert QImage(str(tmp_path / "m.png")).width() == 400
    (tmp_path / "p.caexp").write_text("[]", encoding="utf-8")
    done = run(["export", "m2.png", "--project", "p.caexp"], cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_the_window_opens_one_project_at_a_time(capsys) -> None:
    assert main(["a.caexp", "b.caexp"]) == 2
    assert "one project at a time" in capsys.readouterr().err
