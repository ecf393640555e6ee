"""Opening users' files reads them off the GUI thread, asks what it must and never loses work."""

from __future__ import annotations

import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QLabel, QWidget

from explorer.io import read_limits
from explorer.model.user_layers import UserLayer
from explorer.ui import open_dialogs
from explorer.ui.open_dialogs import ColumnsDialog, normalise_crs
from explorer.ui.open_layers import DropFilter, LayerOpener, open_file_dialog, paths_from_mime
from tests.layers import as_frame


def points(n: int = 3, crs: str | None = "EPSG:4326", x0: float = 60.0, y0: float = 40.0,
           step: float = 1.0) -> gpd.GeoDataFrame:
    xs = x0 + step * np.arange(n)
    return gpd.GeoDataFrame({"name": [f"p{i}" for i in range(n)]},
                            geometry=gpd.points_from_xy(xs, y0 + 0 * xs), crs=crs)


@pytest.fixture
def opener(qtbot, session) -> LayerOpener:
    window = QWidget()
    qtbot.addWidget(window)
    result = LayerOpener(session, window)
    result.show_notices = lambda layer, notices: None  # no stray boxes in the tests
    return result


@pytest.fixture
def geojson(tmp_path: Path) -> Path:
    path = tmp_path / "sites.geojson"
    points().to_file(path, driver="GeoJSON", engine="pyogrio")
    return path


def test_opening_a_geojson_adds_a_user_layer(opener, session, geojson, qtbot) -> None:
    messages: list[str] = []
    opener.sigMessage.connect(messages.append)
    with qtbot.waitSignal(opener.sigLoaded, timeout=10_000) as blocker:
        opener.open_paths([str(geojson)])
    layer = blocker.args[0]
    assert isinstance(layer, UserLayer)
    assert [user.id for user in session.user_layers] == [layer.id]
    assert layer.path == geojson and layer.style.name == "sites" and len(layer.data) == 3
    assert any("Opened sites: 3 features" in m for m in messages)
    assert opener.wait(5_000) and not opener.busy


def test_busy_is_signalled_around_a_batch(opener, geojson, qtbot) -> None:
    states: list[bool] = []
    opener.sigBusy.connect(states.append)
    opener.open_paths([geojson, geojson])
    assert opener.busy
    assert opener.wait(10_000)
    assert states == [True, False]
    assert len(opener.session.user_layers) == 2


def test_geopackage_with_two_layers_asks_which(opener, session, tmp_path) -> None:
    path = tmp_path / "survey.gpkg"
    points().to_file(path, layer="sites", engine="pyogrio")
    lines = gpd.GeoDataFrame({"id": [1]}, geometry=[shapely.LineString([(60, 40), (70, 45)])],
                             crs="EPSG:4326")
    lines.to_file(path, layer="routes", engine="pyogrio")
    asked: list[list[str]] = []

    def ask_layer(asked_path: Path, layers: list[str]) -> str:
        assert asked_path == path
        asked.append(layers)
        return "routes"

    opener.ask_layer = ask_layer
    opener.open_paths([path])
    assert opener.wait(10_000)
    assert sorted(asked[0]) == ["routes", "sites"]
    [layer] = list(session.user_layers)
    assert layer.style.name == "routes"
    assert as_frame(layer.data).geom_type.tolist() == ["LineString"]


def test_declining_the_layer_question_adds_nothing(opener, session, tmp_path) -> None:
    path = tmp_path / "two.gpkg"
    points().to_file(path, layer="a", engine="pyogrio")
    points().to_file(path, layer="b", engine="pyogrio")
    messages: list[str] = []
    opener.sigMessage.connect(messages.append)
    opener.ask_layer = lambda _path, _layers: None
    opener.open_paths([path])
    assert opener.wait(10_000)
    assert len(session.user_layers) == 0
    assert "Opening two.gpkg cancelled." in messages


def test_csv_with_ambiguous_columns_asks_for_them(opener, session, tmp_path) -> None:
    path = tmp_path / "wells.csv"
    path.write_text("name,x,lon,lat\na,1,66.9,39.6\nb,2,69.2,41.3\n", encoding="utf-8")
    asked: list[tuple[list[str], list[str]]] = []

    def ask_columns(_path: Path, columns: list[str], candidates: list[str],
                    reason: str) -> dict[str, str]:
        asked.append((columns, candidates))
        assert "ambiguous" in reason
        return {"lon_column": "lon", "lat_column": "lat"}

    opener.ask_columns = ask_columns
    opener.open_paths([path])
    assert opener.wait(10_000)
    assert asked == [(["name", "x", "lon", "lat"], ["x", "lon", "lat"])]
    [layer] = list(session.user_layers)
    assert as_frame(layer.data).geometry.x.round(1).tolist() == [66.9, 69.2]
    assert layer.read_options == {"lon_column": "lon", "lat_column": "lat"}  # for the project


def test_projected_file_without_crs_asks_for_one(opener, session, tmp_path) -> None:
    path = tmp_path / "utm.shp"
    points(crs=None, x0=500_000, y0=4_400_000, step=1000).to_file(path, engine="pyogrio")
    assert not path.with_suffix(".prj").exists()
    reasons: list[str] = []

    def ask_crs(_path: Path, reason: str) -> str:
        reasons.append(reason)
        return "EPSG:32642"

    opener.ask_crs = ask_crs
    opener.open_paths([path])
    assert opener.wait(10_000)
    assert len(reasons) == 1 and "no CRS" in reasons[0]
    [layer] = list(session.user_layers)
    assert 68.9 < layer.data.geometry.x[0] < 69.1  # UTM 42N's central meridian is 69°E
    assert layer.data.source_crs == "EPSG:32642"


def test_unknown_crs_answer_is_reported(opener, session, tmp_path) -> None:
    path = tmp_path / "utm.shp"
    points(crs=None, x0=500_000, y0=4_400_000, step=1000).to_file(path, engine="pyogrio")
    errors: list[str] = []
    opener.ask_crs = lambda _path, _reason: "not a crs"
    opener.show_error = errors.append
    opener.open_paths([path])
    assert opener.wait(10_000)
    assert len(errors) == 1 and "utm.shp" in errors[0] and "not a crs" in errors[0]
    assert len(session.user_layers) == 0


def test_corrupt_file_shows_an_error_naming_it(opener, session, tmp_path, geojson) -> None:
    path = tmp_path / "broken.gpkg"
    path.write_bytes(b"this is not a GeoPackage\x00\x01" * 50)
    original = path.read_bytes()
    errors: list[str] = []
    opener.show_error = errors.append
    opener.open_paths([path, geojson])  # the next file still opens
    assert opener.wait(10_000)
    assert len(errors) == 1 and "broken.gpkg" in errors[0]
    assert [layer.style.name for layer in session.user_layers] == ["sites"]
    assert path.read_bytes() == original


def test_notices_are_shown(session, qtbot, tmp_path) -> None:
    path = tmp_path / "plain.shp"
    points(crs=None).to_file(path, engine="pyogrio")
    opener = LayerOpener(session)
    shown: list[list[str]] = []
    opener.show_notices = lambda _layer, notices: shown.append(notices)
    opener.open_paths([path])
    assert opener.wait(10_000)
    assert shown and "WGS84" in shown[0][0]


def test_cancel_drops_the_result(opener, session, geojson, qtbot) -> None:
    loaded: list[UserLayer] = []
    states: list[bool] = []
    opener.sigLoaded.connect(loaded.append)
    opener.sigBusy.connect(states.append)
    opener.open_paths([geojson, geojson])
    assert opener.progress is not None
    opener.progress.canceled.emit()  # the Cancel button
    assert not opener.busy and opener.progress is None
    assert opener.wait(10_000, workers=True)  # the abandoned read ends in the background
    assert opener.workers_running == 0
    assert loaded == [] and len(session.user_layers) == 0
    assert states == [True, False]
    with qtbot.waitSignal(opener.sigLoaded, timeout=10_000):  # and it can open again
        opener.open_paths([geojson])


def test_gui_thread_stays_responsive_while_reading(opener, session, tmp_path, qtbot) -> None:
    path = tmp_path / "many.gpkg"
    rng = np.random.default_rng(1)
    n = 100_000
    gpd.GeoDataFrame({"value": rng.random(n)},
                     geometry=gpd.points_from_xy(rng.uniform(50, 90, n), rng.uniform(35, 55, n)),
                     crs="EPSG:4326").to_file(path, engine="pyogrio")
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    start = time.perf_counter()
    opener.open_paths([path])
    assert time.perf_counter() - start < 0.2  # open_paths returns at once
    with qtbot.waitSignal(opener.sigLoaded, timeout=30_000):
        pass
    loaded = time.perf_counter()
    timer.stop()
    assert len(session.user_layers) == 1 and len(next(iter(session.user_layers)).data) == n
    assert len(ticks) >= min(3, int((loaded - start) / 0.05))  # it ticked while reading
    gaps = np.diff([start, *ticks, loaded])
    assert gaps.max() < 0.5, f"the GUI thread stalled for {gaps.max():.2f} s"


def test_progress_dialog_appears_while_loading(opener, geojson, qtbot) -> None:
    opener.open_paths([geojson])
    dialog = opener.progress
    assert dialog is not None and not dialog.isVisible()
    assert dialog.minimum() == dialog.maximum() == 0  # a busy indicator
    assert "sites.geojson" in dialog.labelText()
    opener._show_progress()
    assert dialog.isVisible()
    assert opener.wait(10_000) and opener.progress is None


def test_paths_from_mime_keeps_local_files_only(tmp_path) -> None:
    mime = QMimeData()
    local = tmp_path / "a.geojson"
    mime.setUrls([QUrl.fromLocalFile(str(local)), QUrl("https://example.com/b.geojson")])
    assert paths_from_mime(mime) == [str(local)]
    text = QMimeData()
    text.setText("/tmp/c.geojson")
    assert paths_from_mime(text) == []


def test_drop_filter_opens_dropped_files(opener, geojson, qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    drop_filter = DropFilter(opener)
    drop_filter.install(widget)
    assert widget.acceptDrops()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(geojson))])
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(opener.sigLoaded, timeout=10_000):
        assert drop_filter.eventFilter(widget, event)  # as Qt calls it during a real drop
    assert event.isAccepted()


def test_open_file_dialog_filters_and_remembers_the_folder(monkeypatch, tmp_path) -> None:
    calls: list[tuple] = []
    chosen = tmp_path / "data" / "a.gpkg"
    chosen.parent.mkdir()

    def fake(parent, caption, folder, filters):
        calls.append((folder, filters))
        return [str(chosen)], filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(fake))
    QSettings("CentralAsiaExplorer", "explorer").remove(open_dialogs.LAST_DIR_KEY)
    assert open_file_dialog(None) == [str(chosen)]
    assert open_file_dialog(None) == [str(chosen)]
    assert calls[0][0] == str(Path.home()) and calls[1][0] == str(chosen.parent)
    filters = calls[0][1]
    for pattern in ("*.geojson", "*.shp", "*.zip", "*.gpkg", "*.kml", "*.fgb", "*.parquet",
                    "*.csv", "*.tsv"):
        assert pattern in filters.split(";;")[0]
    assert "GeoPackage (*.gpkg)" in filters


def test_columns_dialog_preselects_and_offers_wkt(qtbot, tmp_path) -> None:
    dialog = ColumnsDialog(tmp_path / "t.csv", ["name", "Longitude", "LAT", "wkt"], "ambiguous")
    qtbot.addWidget(dialog)
    assert dialog.choice() == {"lon_column": "Longitude", "lat_column": "LAT"}
    dialog.lat_combo.setCurrentIndex(1)  # same as longitude: OK is disabled
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    dialog.wkt_button.setChecked(True)
    assert dialog.choice() == {"wkt_column": "wkt"}


def test_crs_answers_are_normalised() -> None:
    assert normalise_crs(" 32642 ") == "EPSG:32642"
    assert normalise_crs("EPSG:3857") == "EPSG:3857"
    assert normalise_crs("EPSG:") is None and normalise_crs("") is None


def test_a_large_file_is_asked_about(opener, session, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(read_limits, "MAX_FEATURES", 2)
    path = tmp_path / "big.gpkg"
    points(5).to_file(path, engine="pyogrio")
    asked: list[str] = []
    messages: list[str] = []
    opener.sigMessage.connect(messages.append)
    opener.ask_large = lambda _path, reason: asked.append(reason) or None
    opener.open_paths([path])
    assert opener.wait(10_000)
    assert asked == ["big.gpkg holds 5 features, 0 MB of data: reading it may take minutes and "
                     "gigabytes of memory"]
    assert len(session.user_layers) == 0 and "Opening big.gpkg cancelled." in messages
    opener.ask_large = lambda _path, reason: asked.append(reason) or "all"
    opener.open_paths([path])
    assert opener.wait(10_000)
    [layer] = list(session.user_layers)
    assert len(layer.data) == 5 and layer.read_options == {}  # the consent is not a file option


def test_csv_detection_goes_to_the_status_bar_not_a_box(opener, session, tmp_path) -> None:
    path = tmp_path / "wells.csv"
    path.write_text("name;lon;lat\na;66,9;39,6\nb;69,2;41,3\n", encoding="utf-8")
    boxes: list[list[str]] = []
    messages: list[str] = []
    opener.show_notices = lambda _layer, notices: boxes.append(notices)
    opener.sigMessage.connect(messages.append)
    opener.open_paths([path])
    assert opener.wait(10_000)
    assert boxes == []
    assert any("Opened wells: 2 features. Geometry read from the columns 'lon' (x) and 'lat' "
               "(y)." in m for m in messages)
    path.write_text("name;lon;lat\na;66,9;39,6\nb;;\n", encoding="utf-8")
    opener.open_paths([path])
    assert opener.wait(10_000)
    assert boxes == [["1 rows without valid coordinates skipped."]]  # worth a (non-modal) note


@pytest.mark.parametrize(("shown", "zooms"), [(None, 1), (True, 0), (False, 1)])
def test_zoom_only_to_a_layer_outside_the_view(opener, geojson, qtbot, shown, zooms) -> None:
    zoomed: list[UserLayer] = []
    opener.sigZoomTo.connect(zoomed.append)
    if shown is not None:
        opener.view_inside = lambda lon, lat: np.full(len(lon), shown)
    with qtbot.waitSignal(opener.sigLoaded, timeout=10_000):
        opener.open_paths([geojson])
    assert len(zoomed) == zooms


def test_a_file_with_a_newline_in_its_name_opens(opener, session, geojson) -> None:
    path = geojson.rename(geojson.with_name("two\nlines.geojson"))
    messages: list[str] = []
    errors: list[str] = []
    opener.show_error = errors.append
    opener.sigMessage.connect(messages.append)
    opener.open_paths([path])
    assert opener.wait(10_000)
    assert errors == []
    [layer] = list(session.user_layers)
    assert layer.style.name == "two\\nlines" and all("\n" not in m for m in messages)


def test_questions_show_file_names_as_plain_text(qtbot, monkeypatch, tmp_path) -> None:
    seen: list[tuple[str, Qt.TextFormat]] = []

    def answer(dialog) -> int:
        seen.extend((label.text(), label.textFormat()) for label in dialog.findChildren(QLabel))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QInputDialog, "exec", answer)
    name = tmp_path / '<a href="smb:server">link.gpkg'
    assert open_dialogs.ask_layer(None, name, ["a", "b"]) == "a"
    assert open_dialogs.ask_crs(None, name, "no CRS") is None  # EPSG: alone means no answer
    assert seen and all(fmt == Qt.TextFormat.PlainText for _text, fmt in seen)
    assert any('<a href="smb:server">' in text for text, _fmt in seen)
    dialog = ColumnsDialog(name, ["lon", "lat"], "ambiguous")
    assert all(label.textFormat() == Qt.TextFormat.PlainText
               for label in dialog.findChildren(QLabel))
    dialog.deleteLater()


def test_zoom_to_a_layer_read_from_out_of_range_rows_never_raises(qtbot, tmp_path) -> None:
    from tests.ui.helpers import new_window

    path = tmp_path / "far.csv"
    path.write_text("id,lon,lat\n1,66,1e308\n2,66,40\n3,1e308,41\n4,67,41\n", encoding="utf-8")
    window = new_window(qtbot)
    errors: list[str] = []
    window.layer_opener.show_error = errors.append
    window.layer_opener.show_notices = lambda _layer, _notices: None
    window.open_paths([path])
    assert window.layer_opener.wait(10_000) and errors == []
    [layer] = list(window.session.user_layers)
    assert as_frame(layer.data)["id"].tolist() == ["2", "4"]
    window.zoom_to_layer(layer)  # as the Layers dock's "Zoom to" does
    xmin, ymin, xmax, ymax = window.map_scene.view_rect()
    x, y = window.map_scene.projection.forward(np.array([66.0, 67.0]), np.array([40.0, 41.0]))
    assert (xmin <= x).all() and (x <= xmax).all() and (ymin <= y).all() and (y <= ymax).all()
