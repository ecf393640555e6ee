"""Projects in the window: save and open, bad files, missing files, recent, closing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QMessageBox

from explorer.io.project_file import LinkedFile, read_project, write_project
from explorer.io.vector_reader import read_vector
from explorer.model.features import FeatureRef
from explorer.model.project import Project
from explorer.ui.app_settings import app_settings
from explorer.ui.main_window import MainWindow
from explorer.ui.project_actions import ProjectActions
from explorer.ui.recent_projects import MAX_RECENT

RELATIONS = ("id,source,target,type,sign,start,sources\n"
             "rel_user_test,QAT,KGZ,trade,1,2000,My field notes\n")


def write_points(path: Path, n: int = 4) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = gpd.GeoDataFrame({"kind": [f"k{i % 2}" for i in range(n)], "value": range(n)},
                             geometry=[shapely.Point(62 + i, 40 + i) for i in range(n)],
                             crs="EPSG:4326")
    frame.to_file(path, driver="GeoJSON", engine="pyogrio")
    return path


class Answers:
    """What the tests answer to the controller's questions, and what it showed."""

    def __init__(self) -> None:
        self.unsaved = "discard"
        self.locate: dict[str, Path | None] = {}
        self.recover = True
        self.asked: list[object] = []
        self.errors: list[tuple[str, str]] = []

    def install(self, projects: ProjectActions) -> None:
        projects.ask_unsaved = lambda: self.asked.append("unsaved") or self.unsaved
        projects.ask_locate = lambda linked: self.asked.append(linked) or self.locate.get(
            linked.name)
        projects.ask_recover = lambda project: self.asked.append(project) or self.recover
        projects.show_error = lambda title, text: self.errors.append((title, text))


@pytest.fixture
def make_window(qtbot, tmp_path: Path):
    """New windows sharing an autosave folder under tmp_path (with `folder=None`: the user
    data folder); each with its own Answers."""
    app_settings().clear()

    def make(folder: Path | None = tmp_path / "autosave") -> MainWindow:
        window = MainWindow()
        qtbot.addWidget(window)
        if folder is not None:
            window.projects.autosave_dir = folder
        window.answers = Answers()
        window.answers.install(window.projects)
        window.resize(1000, 700)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


def wait_open(qtbot, window: MainWindow, path: Path) -> None:
    with qtbot.waitSignal(window.projects.sigOpened, timeout=30_000):
        assert window.projects.open_project(path)


def content(window: MainWindow) -> dict:
    return window.projects.capture(Path("/")).content()


def named(session, name: str):
    return next(layer for layer in session.user_layers if layer.style.name == name)


def set_up(window: MainWindow, data: Path) -> None:
    """Layers with styles, records, themes, date, selection, projection, network panel."""
    session = window.session
    sites = session.user_layers.add(read_vector(write_points(data / "sites.geojson")),
                                    data / "sites.geojson")
    session.user_layers.add(read_vector(write_points(data / "roads.geojson", 6)),
                            data / "roads.geojson")
    sites.style.mode, sites.style.field, sites.style.ramp = "graduated", "value", "Greens"
    sites.style.label_field, sites.style.opacity = "kind", 0.5
    session.user_layers.move(sites.id, 1)
    (data / "relations.csv").write_text(RELATIONS, encoding="utf-8")
    assert window.import_records([str(data / "relations.csv")])
    session.themes.layer("events").visible = False
    session.themes.alliances.organizations = ("SCO", "CSTO", "CIS")
    session.time.date = dt.date(2004, 5, 6)
    session.selection.select(["KGZ", FeatureRef("user", f"{sites.id}:1")])
    window.state.graticule = False
    dock = window.docks["network"]
    dock.layout_combo.setCurrentIndex(dock.layout_combo.findData("circular"))
    dock.size_combo.setCurrentIndex(dock.size_combo.findData("degree"))
    dock.relation_actions["hostility"].setChecked(False)
    window.map_scene.show_bbox((60.0, 35.0, 80.0, 45.0))


def test_save_then_open_in_a_new_window_restores_the_session(make_window, tmp_path,
                                                             qtbot) -> None:
    first = make_window()
    set_up(first, tmp_path / "data")
    assert first.projects.modified
    qtbot.waitUntil(lambda: first.windowTitle() == "Untitled* — Central Asia Explorer")
    path = tmp_path / "trip.caexp"
    first.projects.ask_save_path = lambda suggested: tmp_path / "trip"  # the suffix is added
    assert first.projects.save()
    assert path.is_file() and not first.projects.modified
    assert first.windowTitle() == "trip — Central Asia Explorer"

    second = make_window()
    wait_open(qtbot, second, path)
    assert content(second) == content(first)
    assert not second.projects.modified and second.projects.path == path
    assert second.windowTitle() == "trip — Central Asia Explorer"
    session = second.session
    assert [layer.style.name for layer in session.user_layers] == ["roads", "sites"]
    sites = named(session, "sites")
    assert sites.style.ramp == "Greens" and sites.style.label_field == "kind"
    assert session.date == dt.date(2004, 5, 6)
    assert "rel_user_test" in session.atlas.relations
    assert session.selection.items == ("KGZ", FeatureRef("user", f"{sites.id}:1"))
    assert not second.map_scene.graticule.isVisible()
    view_menu = second.menuBar().actions()[2].menu()
    assert not next(a for a in view_menu.actions() if a.text() == "&Graticule").isChecked()
    assert second.map_scene.view_rect() == pytest.approx(first.map_scene.view_rect(), rel=1e-6)
    dock = second.docks["network"]
    assert dock.layout_combo.currentData() == "circular"
    assert dock.size_combo.currentData() == "degree"
    assert not dock.relation_actions["hostility"].isChecked()
    assert dock.view.options == first.docks["network"].view.options
    assert set(dock.view.positions) == set(first.docks["network"].view.positions)
    assert second.projects.recent.files() == [path.resolve()]


def test_modified_follows_changes_and_saves(make_window, tmp_path, qtbot) -> None:
    window = make_window()
    projects = window.projects
    assert not projects.modified and window.windowTitle() == "Untitled — Central Asia Explorer"
    window.map_scene.zoom(2.0)  # looking around is no change to save
    assert not projects.modified
    window.session.themes.layer("routes").opacity = 0.5  # a change inside a theme
    assert projects.modified
    qtbot.waitUntil(lambda: window.windowTitle().startswith("Untitled*"))
    assert projects.save_to(tmp_path / "a.caexp")
    assert window.windowTitle() == "a — Central Asia Explorer"
    window.session.selection.select("UZB")
    qtbot.waitUntil(lambda: window.windowTitle() == "a* — Central Asia Explorer")
    window.session.selection.clear()
    qtbot.waitUntil(lambda: window.windowTitle() == "a — Central Asia Explorer")
    window.session.alignment.set("member", 0.5)  # the History panel's Weights…
    qtbot.waitUntil(lambda: window.windowTitle() == "a* — Central Asia Explorer")
    window.session.alignment.reset()
    qtbot.waitUntil(lambda: window.windowTitle() == "a — Central Asia Explorer")


@pytest.mark.parametrize("text, words", [
    ("{\"format\": \"central-asia-explorer-project\", \"version\": 1, \"layers\": [",
     "broken JSON"),
    ('{"format": "central-asia-explorer-project", "version": 1, "themes": {"layers": '
     '[{"key": "routes"}, {"key": "routes"}]}}', "themes.layers"),
    ('{"format": "central-asia-explorer-project", "version": 2}', "newer"),
    ('{"format": "something-else", "version": 1}', "not a Central Asia Explorer project"),
])
def test_a_bad_project_is_refused_and_changes_nothing(make_window, tmp_path, text,
                                                      words) -> None:
    window = make_window()
    set_up(window, tmp_path / "data")
    assert window.projects.save_to(tmp_path / "good.caexp")
    window.session.time.date = dt.date(2010, 1, 1)  # unsaved, and must stay
    before, layers = content(window), list(window.session.user_layers)
    bad = tmp_path / "bad.caexp"
    bad.write_text(text, encoding="utf-8")
    assert not window.projects.open_project(bad)
    (title, message), = window.answers.errors
    assert title == "Cannot Open Project" and str(bad) in message and words in message
    assert window.answers.asked == []  # not even asked about the unsaved changes
    assert content(window) == before and list(window.session.user_layers) == layers
    assert window.projects.path == tmp_path / "good.caexp" and window.projects.modified


def test_cancelling_the_unsaved_question_keeps_the_session(make_window, tmp_path) -> None:
    window = make_window()
    write_project(tmp_path / "other.caexp", Project(date=dt.date(1999, 1, 1)))
    window.session.time.date = dt.date(2010, 1, 1)
    window.answers.unsaved = "cancel"
    assert not window.projects.open_project(tmp_path / "other.caexp")
    window.projects.new_project()
    assert window.answers.asked == ["unsaved", "unsaved"]
    assert window.session.date == dt.date(2010, 1, 1)


def test_project_and_data_moved_together_open_without_asking(make_window, tmp_path,
                                                             qtbot) -> None:
    first = make_window()
    set_up(first, tmp_path / "work" / "data")
    assert first.projects.save_to(tmp_path / "work" / "p.caexp")
    moved = Path(shutil.move(tmp_path / "work", tmp_path / "moved"))
    second = make_window()
    wait_open(qtbot, second, moved / "p.caexp")
    assert second.answers.asked == [] and second.answers.errors == []
    assert [layer.path for layer in second.session.user_layers] == [
        moved / "data" / "roads.geojson", moved / "data" / "sites.geojson"]
    assert second.session.record_files == (moved / "data" / "relations.csv",)


def test_data_moved_alone_is_located_by_the_user(make_window, tmp_path, qtbot) -> None:
    first = make_window()
    set_up(first, tmp_path / "data")
    assert first.projects.save_to(tmp_path / "p.caexp")
    elsewhere = Path(shutil.move(tmp_path / "data", tmp_path / "elsewhere"))
    second = make_window()
    second.answers.locate = {"roads": elsewhere / "roads.geojson"}
    wait_open(qtbot, second, tmp_path / "p.caexp")
    (asked,) = second.answers.asked  # the others were found beside the located one
    assert isinstance(asked, LinkedFile) and asked.kind == "layer" and asked.name == "roads"
    assert [layer.path for layer in second.session.user_layers] == [
        elsewhere / "roads.geojson", elsewhere / "sites.geojson"]
    assert named(second.session, "sites").style.ramp == "Greens"
    assert second.answers.errors == [] and not second.projects.modified


def test_a_skipped_layer_stays_in_the_project(make_window, tmp_path, qtbot) -> None:
    first = make_window()
    set_up(first, tmp_path / "data")
    assert first.projects.save_to(tmp_path / "p.caexp")
    (tmp_path / "data" / "sites.geojson").unlink()
    second = make_window()
    wait_open(qtbot, second, tmp_path / "p.caexp")
    (asked,) = second.answers.asked
    assert asked.name == "sites" and asked.ref.style.ramp == "Greens"  # shown with its style
    assert [layer.style.name for layer in second.session.user_layers] == ["roads"]
    (title, message), = second.answers.errors
    assert title == "Some Files Not Opened"
    assert "layer 'sites': not found (skipped)" in message
    assert second.session.selection.items == ("KGZ",)  # its selected feature is gone
    assert second.projects.save_to(tmp_path / "elsewhere" / "p2.caexp") is False  # no folder
    (tmp_path / "elsewhere").mkdir()
    assert second.projects.save_to(tmp_path / "elsewhere" / "p2.caexp")
    saved = read_project(tmp_path / "elsewhere" / "p2.caexp")
    assert [(e.name, e.path) for e in saved.layers] == [("roads", "../data/roads.geojson"),
                                                        ("sites", "../data/sites.geojson")]
    assert saved.layers[1].style.ramp == "Greens"


def test_a_corrupt_layer_file_is_reported_and_the_rest_opens(make_window, tmp_path,
                                                             qtbot) -> None:
    first = make_window()
    set_up(first, tmp_path / "data")
    assert first.projects.save_to(tmp_path / "p.caexp")
    (tmp_path / "data" / "roads.geojson").write_text("not json", encoding="utf-8")
    second = make_window()
    wait_open(qtbot, second, tmp_path / "p.caexp")
    assert [layer.style.name for layer in second.session.user_layers] == ["sites"]
    (title, message), = second.answers.errors
    assert title == "Some Files Not Opened" and "layer 'roads'" in message


@pytest.mark.parametrize("how", ["menu", "progress dialog"])
def test_cancelling_the_reading_changes_nothing(make_window, tmp_path, qtbot, how) -> None:
    first = make_window()
    set_up(first, tmp_path / "data")
    assert first.projects.save_to(tmp_path / "p.caexp")
    second = make_window()
    before = content(second)
    opened: list[object] = []
    second.projects.sigOpened.connect(opened.append)
    assert second.projects.open_project(tmp_path / "p.caexp")
    assert second.projects.busy
    if how == "menu":
        second.projects.cancel_open()
    else:
        second.projects.reader._show_progress()
        second.projects.reader._progress.canceled.emit()  # its Cancel button
    assert not second.projects.busy
    assert second.statusBar().currentMessage() == "Opening the project cancelled."
    qtbot.wait(1000)
    assert opened == [] and content(second) == before and not second.projects.busy


def test_new_project_starts_again(make_window, tmp_path) -> None:
    window = make_window()
    set_up(window, tmp_path / "data")
    assert window.projects.save_to(tmp_path / "p.caexp")
    window.projects.new_project()
    assert window.answers.asked == []  # everything was saved
    assert len(window.session.user_layers) == 0 and not window.session.selection
    assert window.session.atlas is window.session.base_atlas
    assert window.session.date == dt.date.today()
    assert window.projects.path is None and not window.projects.modified
    assert window.windowTitle() == "Untitled — Central Asia Explorer"


def test_recent_projects_newest_first_pruned_and_cleared(make_window, tmp_path) -> None:
    window = make_window()
    projects = window.projects
    paths = [tmp_path / f"p{i}.caexp" for i in range(MAX_RECENT + 2)]
    for path in paths:
        assert projects.save_to(path)
    expected = [p.resolve() for p in reversed(paths)][:MAX_RECENT]
    assert projects.recent.files() == expected
    paths[-1].unlink()
    assert projects.recent.files() == expected[1:]
    assert app_settings().value("projects/recent", [], type=list) == [str(p)
                                                                      for p in expected[1:]]
    projects.recent.menu.aboutToShow.emit()
    texts = [a.text() for a in projects.recent.menu.actions() if not a.isSeparator()]
    assert texts[0] == f"&1 {paths[-2].name}" and texts[-1] == "&Clear Menu"
    assert len(texts) == len(expected[1:]) + 1
    projects.recent.menu.actions()[-1].trigger()
    assert projects.recent.files() == []
    projects.recent.menu.aboutToShow.emit()
    assert [a.text() for a in projects.recent.menu.actions() if not a.isSeparator()] == [
        "No recent projects", "&Clear Menu"]


def test_a_recent_projects_name_is_shown_as_it_is(make_window, tmp_path) -> None:
    window = make_window()
    path = tmp_path / "R&D <b>x<b><a href=smb:host>y<a>.caexp"
    assert window.projects.save_to(path)
    window.projects.recent.menu.aboutToShow.emit()
    item = window.projects.recent.menu.actions()[0]
    assert item.text() == "&1 R&&D <b>x<b><a href=smb:host>y<a>.caexp"  # "&D" no shortcut
    document = QTextDocument()
    document.setHtml(item.toolTip())
    assert document.toPlainText() == str(path.resolve())


def test_the_file_menu_has_the_project_actions(make_window) -> None:
    window = make_window()
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    assert texts[:5] == ["&New Project", "Open &Project…", "Open &Recent", "&Save Project",
                         "Save Project &As…"]
    shortcuts = {a.text(): a.shortcut().toString() for a in file_menu.actions()}
    assert shortcuts["Open &Project…"] == "Ctrl+Shift+O"
    assert shortcuts["&Save Project"] == "Ctrl+S"
    assert shortcuts["Save Project &As…"] == "Ctrl+Shift+S"


def test_closing_asks_about_unsaved_changes(make_window, tmp_path) -> None:
    window = make_window()
    projects, answers = window.projects, window.answers
    assert projects.close_requested(by_user=True)  # nothing unsaved: no question
    window.session.time.date = dt.date(2011, 1, 1)
    answers.unsaved = "cancel"
    assert not projects.close_requested(by_user=True)
    projects.quit()
    assert window.isVisible() and answers.asked == ["unsaved", "unsaved"]
    answers.unsaved = "save"
    projects.ask_save_path = lambda suggested: None  # the user cancels Save As
    assert not projects.close_requested(by_user=True)
    projects.ask_save_path = lambda suggested: tmp_path / "kept.caexp"
    projects.quit()
    assert not window.isVisible() and (tmp_path / "kept.caexp").is_file()


def test_discarding_closes_and_code_closes_without_asking(make_window) -> None:
    window = make_window()
    window.session.time.date = dt.date(2011, 1, 1)
    window.close()  # from code (scripts, tests): no question
    assert not window.isVisible() and window.answers.asked == []
    other = make_window()
    other.session.time.date = dt.date(2011, 1, 1)
    assert other.projects.close_requested(by_user=True)
    assert other.answers.asked == ["unsaved"]


def test_start_opens_the_command_lines_project_then_its_layers(make_window, tmp_path,
                                                                qtbot) -> None:
    first = make_window()
    set_up(first, tmp_path / "data")
    assert first.projects.save_to(tmp_path / "p.caexp")
    extra = write_points(tmp_path / "extra.geojson")
    second = make_window()
    with qtbot.waitSignal(second.layer_opener.sigLoaded, timeout=30_000):
        second.projects.start([str(tmp_path / "p.caexp"), str(extra)])
    assert second.answers.asked == []  # no autosave to offer
    assert [layer.style.name for layer in second.session.user_layers] == ["roads", "sites",
                                                                          "extra"]
    assert second.projects.path == tmp_path / "p.caexp" and second.projects.modified


@pytest.mark.parametrize("button, choice", [(QMessageBox.StandardButton.Save, "save"),
                                            (QMessageBox.StandardButton.Discard, "discard"),
                                            (QMessageBox.StandardButton.Cancel, "cancel")])
def test_the_unsaved_question_answers_with_the_button_clicked(qtbot, button, choice) -> None:
    window = MainWindow()
    qtbot.addWidget(window)

    def click() -> None:
        box = next(w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QMessageBox) and w.isVisible())
        assert "Save the changes to Untitled?" in box.text()
        box.button(button).click()

    QTimer.singleShot(0, click)
    assert ProjectActions.ask_unsaved(window.projects) == choice


def test_a_project_with_a_theme_this_version_lacks_opens_and_says_so(make_window, qtbot,
                                                                     tmp_path) -> None:
    import json

    kept = Path(__file__).parents[1] / "data" / "five_themes_2026-12.caexp"
    raw = json.loads(kept.read_text(encoding="utf-8"))
    raw["themes"]["layers"].insert(0, {"key": "glaciers", "visible": True, "opacity": 1.0})
    path = tmp_path / "six.caexp"
    path.write_text(json.dumps(raw), encoding="utf-8")
    window = make_window()
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    wait_open(qtbot, window, path)
    assert any("left out the themes this version does not have: glaciers" in text
               for text in said), said
    assert window.session.themes.layer("bases").opacity == 0.8  # the rest as saved
    assert window.answers.errors == []
