"""The style editor previews a user layer's style live and Cancel restores it."""

from __future__ import annotations

import geopandas as gpd
import shapely
from PySide6.QtWidgets import QWidget

from explorer.ui.style_editor import StyleEditorDialog
from explorer.ui.user_layers_panel import UserLayersPanel
from tests.layers import layer_data


def add_layer(session):
    frame = gpd.GeoDataFrame({"kind": ["a", "b", "a"], "size": [1.0, 5.0, 9.0],
                              "label": ["x", "yy", None],
                              "from": ["2001", "later", "2003-04"]},
                             geometry=[shapely.Point(60 + i, 44) for i in range(3)],
                             crs="EPSG:4326")
    return session.user_layers.add(layer_data(frame, name="sites", source_crs=None))


def choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_editing_applies_live_and_cancel_restores(qtbot, session) -> None:
    layer = add_layer(session)
    before = layer.style.model_dump()
    dialog = StyleEditorDialog(layer)
    qtbot.addWidget(dialog)
    assert all(w.toolTip() for w in dialog.findChildren(QWidget)
               if w.isWidgetType() and w.metaObject().className() in
               ("QComboBox", "QSpinBox", "QDoubleSpinBox", "QPushButton"))
    choose(dialog.mode, "categorized")
    choose(dialog.field, "kind")
    assert (layer.style.mode, layer.style.field) == ("categorized", "kind")
    choose(dialog.point_shape, "star")
    dialog.point_size.setValue(12.0)
    choose(dialog.line_dash, "dash")
    choose(dialog.label_field, "label")
    choose(dialog.time_start, "from")
    assert layer.style.time_start_field == "from" and "1 feature" in dialog.status.text()
    dialog.set_colour("#00ff00")
    assert layer.style.point_shape == "star" and layer.style.point_size == 12.0
    assert layer.style.label_field == "label" and layer.style.line_dash == "dash"
    dialog.reject()
    assert layer.style.model_dump() == before


def test_graduated_errors_show_and_ok_keeps_the_style(qtbot, session) -> None:
    layer = add_layer(session)
    dialog = StyleEditorDialog(layer)
    qtbot.addWidget(dialog)
    choose(dialog.mode, "graduated")
    assert dialog.classes.isEnabled() and not dialog.colour.isEnabled()
    choose(dialog.field, "kind")
    assert "not numeric" in dialog.status.text()
    choose(dialog.field, "size")
    dialog.classes.setValue(3)
    choose(dialog.method, "quantile")
    choose(dialog.ramp, "Reds")
    assert dialog.status.text() == ""
    dialog.accept()
    assert (layer.style.mode, layer.style.field, layer.style.classes, layer.style.method,
            layer.style.ramp) == ("graduated", "size", 3, "quantile", "Reds")


def test_the_panel_opens_the_editor_for_the_current_layer(qtbot, session) -> None:
    layer = add_layer(session)
    panel = UserLayersPanel(session.user_layers)
    qtbot.addWidget(panel)
    assert panel.style_button.isEnabled()
    dialog = panel.open_style_editor()
    assert dialog is not None and dialog.layer is layer and dialog.isVisible()
    dialog.set_colour("#112233")
    dialog.accept()
    assert layer.style.colour == "#112233"
