"""Layer names, column names, values, file names and record names show as the characters they
are in the layer, legend and attribute views and the style editor: Qt never takes them for
rich text (no bold, no link) in a label or a tooltip."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget

from explorer.io.custom_records import read_custom_records
from explorer.io.vector_reader import read_vector
from explorer.ui.attribute_table import AttributeTableDock
from explorer.ui.layers_dock import LayersDock
from explorer.ui.legend_dock import LegendDock
from explorer.ui.plain_text import plain_tooltip
from explorer.ui.style_editor import StyleEditorDialog
from explorer.ui.user_layers_panel import UserLayersPanel

HOSTILE = '<b>x</b><a href="file:///etc/passwd">y</a>'
QUOTED = '"' + HOSTILE.replace('"', '""') + '"'  # as a CSV cell
ACTORS = ("id,name,kind,start,end,approximate,note,sources\n"
          f"EVIL_ORG,{QUOTED},organization,2000,,false,,Notes\n")


def shown(text: str) -> str:
    """What Qt shows for a tooltip or an auto-format label's text."""
    if not GuiQt.mightBeRichText(text):
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def leaks(root: QWidget) -> list[str]:
    """Texts in `root` that quote HOSTILE but would not show it as characters: tooltips of
    widgets and items, labels, and item views' tooltips."""
    found = []
    texts = []
    for widget in [root, *root.findChildren(QWidget)]:
        texts.append(widget.toolTip())
        if isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.PlainText:
            texts.append(widget.text())
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(model.rowCount(QModelIndex())):
                index = model.index(row, 0)
                while index.isValid():
                    tip = index.data(Qt.ItemDataRole.ToolTipRole)
                    texts.append(tip if isinstance(tip, str) else "")
                    index = index.siblingAtColumn(index.column() + 1)
    for text in texts:
        if "passwd" in text and HOSTILE not in shown(text):
            found.append(text)
    return found


@pytest.fixture
def hostile(session, tmp_path: Path):
    """A session with a layer, a column, a value, a file name and an organization's name
    that look like markup; the layer."""
    records = tmp_path / "orgs.csv"
    records.write_text(ACTORS, encoding="utf-8")
    session.add_custom_records(read_custom_records([records], session.atlas), [records])
    path = tmp_path / "<i>sites<i>.geojson"
    gpd.GeoDataFrame({HOSTILE: [HOSTILE, "plain"], "n": [1, 2]},
                     geometry=[shapely.Point(64, 40), shapely.Point(65, 41)],
                     crs="EPSG:4326").to_file(path, driver="GeoJSON", engine="pyogrio")
    layer = session.user_layers.add(read_vector(path), path)
    layer.style.name = HOSTILE
    layer.style.label_field = HOSTILE
    return layer


def test_the_layer_list_shows_names_and_paths_as_characters(qtbot, session, hostile) -> None:
    panel = UserLayersPanel(session.user_layers)
    qtbot.addWidget(panel)
    item = panel.list.item(0)
    assert item.text() == HOSTILE
    assert shown(item.toolTip()) == f"{HOSTILE}: 2 features from {hostile.path}"
    assert leaks(panel) == []


def test_the_layers_dock_shows_an_organizations_name_as_characters(qtbot, session,
                                                                   hostile) -> None:
    dock = LayersDock(session)
    qtbot.addWidget(dock)
    orgs = dock.organization_list
    item = next(orgs.item(i) for i in range(orgs.count())
                if orgs.item(i).data(Qt.ItemDataRole.UserRole) == "EVIL_ORG")
    assert shown(item.toolTip()).startswith(HOSTILE + " (")
    assert leaks(dock) == []


def test_the_attribute_table_shows_columns_and_values_as_characters(qtbot, session,
                                                                    hostile) -> None:
    dock = AttributeTableDock(session)
    qtbot.addWidget(dock)
    assert dock.layer_combo.currentText() == HOSTILE
    assert dock.model.headerData(0, Qt.Orientation.Horizontal) == HOSTILE
    assert dock.model.index(0, 0).data() == HOSTILE
    assert leaks(dock) == []


def test_the_style_editor_and_legend_show_names_as_characters(qtbot, session,
                                                             hostile) -> None:
    hostile.style.mode, hostile.style.field = "graduated", HOSTILE  # not numeric: a problem
    dialog = StyleEditorDialog(hostile)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == f"Style of {HOSTILE}"
    assert dialog.status.textFormat() == Qt.TextFormat.PlainText and dialog.status.text()
    assert dialog.field.currentText() == HOSTILE
    legend = LegendDock(session)
    qtbot.addWidget(legend)
    assert leaks(dialog) == [] and leaks(legend) == []


def test_the_check_finds_a_leak() -> None:
    label = QLabel(f"Layer {HOSTILE}")
    tipped = QWidget()
    tipped.setToolTip(HOSTILE)
    assert leaks(label) == [f"Layer {HOSTILE}"] and leaks(tipped) == [HOSTILE]
    label.setTextFormat(Qt.TextFormat.PlainText)
    tipped.setToolTip(plain_tooltip(HOSTILE))
    assert leaks(label) == leaks(tipped) == []
