"""The attribute table shows, sorts and filters a user layer and shares the session's selection."""

from __future__ import annotations

import time

import geopandas as gpd
import numpy as np
import shapely
from PySide6.QtCore import QItemSelectionModel, Qt

from explorer.io.vector_reader import VectorData
from explorer.model.features import FeatureRef
from explorer.model.table_view import Column
from explorer.ui.attribute_table import ROW_ROLE, AttributeTableDock
from tests.layers import layer_data


def sites() -> VectorData:
    frame = gpd.GeoDataFrame(
        {"name": ["Navoi", "alpha", "Bukhara", "Termez"], "count": [10, 9, 100, np.nan],
         "kind": ["mine", "depot", "mine", "port"]},
        geometry=[shapely.Point(65 + i, 40) for i in range(4)], crs="EPSG:4326")
    return layer_data(frame, name="sites", source_crs="EPSG:4326")


def column(dock: AttributeTableDock, name: str) -> list[str]:
    c = dock.model.columns.index(name)
    return [dock.model.index(r, c).data() for r in range(dock.model.rowCount())]


def test_table_shows_sorts_and_filters(qtbot, session) -> None:
    dock = AttributeTableDock(session)
    qtbot.addWidget(dock)
    assert dock.model.rowCount() == 0
    layer = session.user_layers.add(sites())
    assert dock.layer is layer and dock.layer_combo.currentText() == "sites"
    assert dock.model.columns == ["name", "count", "kind"]  # no geometry
    assert column(dock, "name") == ["Navoi", "alpha", "Bukhara", "Termez"]
    assert column(dock, "count") == ["10", "9", "100", ""]
    dock.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # as a header click does
    assert column(dock, "count") == ["9", "10", "100", ""]  # numerically, empty last
    dock.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert column(dock, "count") == ["100", "10", "9", ""]
    dock.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert column(dock, "name") == ["alpha", "Bukhara", "Navoi", "Termez"]
    dock.filter_edit.setText("MIN")
    assert column(dock, "name") == ["Bukhara", "Navoi"]
    assert dock.count_label.text() == "2 of 4"
    dock.filter_edit.setText("Kind = Port")
    assert column(dock, "name") == ["Termez"]
    dock.filter_edit.setText("count=100")
    assert column(dock, "name") == ["Bukhara"]
    dock.filter_edit.setText("")
    assert dock.model.rowCount() == 4
    session.user_layers.remove(layer.id)
    assert dock.layer_combo.count() == 0 and dock.model.rowCount() == 0


def test_rows_and_the_session_selection_follow_each_other(qtbot, session) -> None:
    dock = AttributeTableDock(session)
    qtbot.addWidget(dock)
    layer = session.user_layers.add(sites())
    dock.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # view rows != frame rows
    heard: list = []
    session.selection.changed.connect(lambda: heard.append(session.selection.items))
    dock.table.selectRow(0)  # count 9: frame row 1
    assert session.selection.items == (FeatureRef("user", f"{layer.id}:1"),)
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    dock.table.selectionModel().select(dock.model.index(2, 0), flags)  # Ctrl-click: count 100
    assert set(session.selection.items) == {FeatureRef("user", f"{layer.id}:1"),
                                            FeatureRef("user", f"{layer.id}:2")}
    assert len(heard) == 2

    # A selection made elsewhere (the map): the table selects those rows, without echoing.
    heard.clear()
    session.selection.select([FeatureRef("user", f"{layer.id}:3"), FeatureRef("base", "x"),
                              "UZB"])
    rows = {i.row() for i in dock.table.selectionModel().selectedRows()}
    assert [dock.model.frame_row(r) for r in rows] == [3]
    assert len(heard) == 1 and len(session.selection.items) == 3
    dock.filter_edit.setText("mine")  # the selected row is filtered out: nothing shows
    assert dock.table.selectionModel().selectedRows() == []
    assert len(session.selection.items) == 3
    dock.filter_edit.setText("")
    assert len(dock.table.selectionModel().selectedRows()) == 1
    session.selection.clear()
    assert dock.table.selectionModel().selectedRows() == []


def test_large_layers_stay_fast(qtbot, session) -> None:
    n = 100_000
    rng = np.random.default_rng(1)
    frame = gpd.GeoDataFrame(
        {"value": rng.random(n), "label": [f"site {i}" for i in range(n)]},
        geometry=gpd.points_from_xy(rng.uniform(50, 80, n), rng.uniform(35, 50, n)),
        crs="EPSG:4326")
    dock = AttributeTableDock(session)
    qtbot.addWidget(dock)
    started = time.perf_counter()
    layer = session.user_layers.add(layer_data(frame, name="many", source_crs=None))
    dock.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    dock.filter_edit.setText("site 9999")
    session.selection.select(FeatureRef("user", f"{layer.id}:99999"))
    elapsed = time.perf_counter() - started
    assert sorted(column(dock, "label")) == ["site 9999", *(f"site 9999{i}" for i in range(10))]
    values = [float(v) for v in column(dock, "value")]
    assert values == sorted(values, reverse=True)
    assert len(dock.table.selectionModel().selectedRows()) == 1
    assert elapsed < 5.0


def events(n: int = 20_000) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(7)
    value = rng.integers(0, 1000, n) / 10
    value[::97] = np.nan
    return gpd.GeoDataFrame(
        {"id": rng.permutation(n), "value": value, "name": [f"Site {i}" for i in range(n)],
         "kind": np.array(["battle", "Protest", "riot"])[rng.integers(0, 3, n)],
         "date": np.datetime64("1995-01-01") + rng.integers(0, 9000, n).astype("timedelta64[D]")},
        geometry=gpd.points_from_xy(rng.uniform(50, 80, n), rng.uniform(35, 50, n)),
        crs="EPSG:4326")


def shown_rows(dock: AttributeTableDock) -> list[int]:
    """The frame rows in view order, read through the view's model."""
    model = dock.table.model()
    return [model.index(r, 0).data(ROW_ROLE) for r in range(model.rowCount())]


def test_a_big_table_sorts_filters_and_selects_the_right_features(qtbot, session) -> None:
    frame = events()
    dock = AttributeTableDock(session)
    qtbot.addWidget(dock)
    layer = session.user_layers.add(layer_data(frame, "events", "EPSG:4326"))
    for name, key in (("value", frame["value"]), ("name", frame["name"].str.lower()),
                      ("date", frame["date"])):
        for ascending in (True, False):
            order = Qt.SortOrder.AscendingOrder if ascending else Qt.SortOrder.DescendingOrder
            dock.table.sortByColumn(dock.model.columns.index(name), order)
            expected = key.sort_values(ascending=ascending, kind="stable", na_position="last")
            assert shown_rows(dock) == expected.index.tolist(), (name, ascending)
    assert column(dock, "date")[:2] == ["2019-08-22", "2019-08-22"]

    dock.filter_edit.setText("kind=riot")  # sorted by date, descending, still
    riots = frame.index[frame["kind"] == "riot"]
    assert shown_rows(dock) == frame.loc[riots, "date"].sort_values(
        ascending=False, kind="stable").index.tolist()
    assert dock.count_label.text() == f"{len(riots):,} of 20,000"
    dock.filter_edit.setText("site 1999")
    assert sorted(column(dock, "name")) == ["Site 1999", *(f"Site 1999{i}" for i in range(10))]
    dock.filter_edit.setText("value=12.5")
    assert sorted(shown_rows(dock)) == frame.index[frame["value"] == 12.5].tolist()

    dock.filter_edit.setText("")
    dock.table.sortByColumn(dock.model.columns.index("value"), Qt.SortOrder.DescendingOrder)
    dock.table.selectRow(1)  # the second largest value's feature
    second = frame["value"].sort_values(ascending=False, kind="stable").index[1]
    assert session.selection.items == (FeatureRef("user", f"{layer.id}:{second}"),)
    session.selection.select(FeatureRef("user", f"{layer.id}:12345"))  # picked on the map
    (selected,) = dock.table.selectionModel().selectedRows()
    assert selected.data() == str(frame["id"][12345])
    assert dock.model.index(selected.row(), 2).data() == "Site 12345"
    dock.table.sortByColumn(dock.model.columns.index("name"), Qt.SortOrder.AscendingOrder)
    (selected,) = dock.table.selectionModel().selectedRows()  # it follows the sort
    assert dock.model.index(selected.row(), 2).data() == "Site 12345"


def test_only_the_cells_asked_for_are_formatted(qtbot, session, monkeypatch) -> None:
    formatted: list[int] = []
    cell = Column.cell
    monkeypatch.setattr(Column, "cell", lambda self, row: formatted.append(row) or cell(self, row))
    dock = AttributeTableDock(session)
    qtbot.addWidget(dock)
    dock.resize(900, 600)
    dock.show()
    session.user_layers.add(layer_data(events(), "events", "EPSG:4326"))
    dock.grab()  # painted
    dock.table.scrollToBottom()
    dock.table.sortByColumn(dock.model.columns.index("name"), Qt.SortOrder.DescendingOrder)
    assert dock.table.verticalScrollBar().value() > 0
    dock.filter_edit.setText("Site 1")
    assert dock.table.verticalScrollBar().value() == 0  # a filter shows its first rows
    dock.grab()
    on_screen = 600 // dock.table.verticalHeader().defaultSectionSize() * 5
    assert on_screen < len(formatted) < 5 * on_screen  # a few screens' cells, not 20,000 rows
    formatted.clear()
    model = dock.table.model()
    for row in (0, 7, 41):
        model.index(row, 1).data()
    assert len(formatted) == 3


def test_a_file_changed_since_it_was_opened_says_so_in_the_table(qtbot, session,
                                                                 tmp_path) -> None:
    import os

    from explorer.io.vector_reader import read_vector

    path = tmp_path / "events.parquet"
    frame = gpd.GeoDataFrame({"kind": ["a", "b"]}, geometry=shapely.points([69, 67], [41, 39]),
                             crs="EPSG:4326")
    frame.to_parquet(path)
    data = read_vector(path)
    frame.iloc[:1].to_parquet(path)
    os.utime(path, ns=(1, 1))
    dock = AttributeTableDock(session)
    qtbot.addWidget(dock)
    layer = session.user_layers.add(data, path)
    dock.show_layer(layer.id)
    assert dock.count_label.text() == "Attributes unreadable"
    assert "changed since it was opened" in dock.count_label.toolTip()
    assert dock.model.rowCount() == 0
    assert session.user_layers.attributes(layer.id, 0) is None  # a tooltip says nothing
