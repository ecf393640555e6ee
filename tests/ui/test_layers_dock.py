"""The layers dock writes theme order, visibility, opacity and alliance options into the model."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QToolButton

from explorer.model.session import Session
from explorer.model.theme_specs import theme_keys
from explorer.model.themes import AllianceOptions, ThemeLayer
from explorer.ui.layers_dock import KEY_ROLE, LayersDock
from tests.ui.helpers import shown


@pytest.fixture
def dock(qtbot, session) -> LayersDock:
    widget = shown(qtbot, LayersDock(session), (320, 700))
    widget.activateWindow()
    return widget


def drawing_order(session: Session) -> list[str]:
    return [layer.key for layer in session.themes.layers]


def row_of(dock: LayersDock, key: str) -> int:
    return dock.layer_list.keys().index(key)


def test_list_shows_the_drawing_order_top_first(dock, session) -> None:
    assert dock.layer_list.keys() == drawing_order(session)[::-1]
    assert dock.layer_list.item(0).text() == session.themes.layers[-1].title


def test_checkbox_toggles_visibility(dock, session) -> None:
    item = dock.layer_list.item(row_of(dock, "bases"))
    item.setCheckState(Qt.CheckState.Unchecked)
    assert session.themes.layer("bases").visible is False
    session.themes.layer("bases").visible = True  # and the list follows the model
    assert dock.layer_list.item(row_of(dock, "bases")).checkState() == Qt.CheckState.Checked


def test_space_toggles_the_current_layer(qtbot, dock, session) -> None:
    dock.layer_list.setFocus()
    dock.layer_list.setCurrentRow(row_of(dock, "routes"))
    qtbot.keyClick(dock.layer_list, Qt.Key.Key_Space)
    assert session.themes.layer("routes").visible is False


def test_move_buttons_and_keys_reorder(qtbot, dock, session) -> None:
    dock.layer_list.setCurrentRow(row_of(dock, "alliances"))  # the bottom theme
    assert not dock.move_down_action.isEnabled()
    button = next(b for b in dock.findChildren(QToolButton)
                  if b.defaultAction() is dock.move_up_action)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert drawing_order(session)[:2] == ["routes", "alliances"]
    assert dock.selected_key() == "alliances"  # the selection survives the rebuild
    dock.layer_list.setFocus()
    qtbot.keyClick(dock.layer_list, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert drawing_order(session)[2] == "alliances"
    qtbot.keyClick(dock.layer_list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert drawing_order(session)[1] == "alliances"


def test_drag_and_drop_reorders(qtbot, dock, session) -> None:
    # what QListWidget's internal-move drop does: move the dragged row
    model = dock.layer_list.model()
    assert model.moveRow(QModelIndex(), row_of(dock, "alliances"), QModelIndex(), 0)
    qtbot.waitUntil(lambda: drawing_order(session)[-1] == "alliances")
    assert drawing_order(session) == [*theme_keys()[1:], "alliances"]
    assert dock.layer_list.keys() == drawing_order(session)[::-1]


def test_model_reorder_updates_the_list(dock, session) -> None:
    session.themes.move("events", 0)
    assert dock.layer_list.keys()[-1] == "events"


def test_opacity_slider_writes_the_selected_layer(dock, session) -> None:
    dock.layer_list.setCurrentRow(row_of(dock, "bases"))
    dock.opacity_slider.setValue(40)
    assert session.themes.layer("bases").opacity == pytest.approx(0.4)
    assert session.themes.layer("routes").opacity == 1.0
    session.themes.layer("bases").opacity = 0.75
    assert dock.opacity_slider.value() == 75 and dock.opacity_label.text() == "75 %"
    dock.layer_list.setCurrentRow(row_of(dock, "routes"))
    assert dock.opacity_slider.value() == 100


def organization_item(dock: LayersDock, org: str):
    items = dock.organization_list
    return next(items.item(r) for r in range(items.count()) if items.item(r).data(KEY_ROLE) == org)


def test_organizations_are_the_atlas_organizations(dock, atlas) -> None:
    listed = {dock.organization_list.item(r).data(KEY_ROLE)
              for r in range(dock.organization_list.count())}
    assert listed == {a.id for a in atlas.actors.values() if a.kind == "organization"}
    assert organization_item(dock, "CSTO").checkState() == Qt.CheckState.Checked


def test_organization_checks_write_the_alliances(dock, session) -> None:
    organization_item(dock, "GUAM").setCheckState(Qt.CheckState.Checked)
    assert session.themes.alliances.organizations == ("CSTO", "SCO", "GUAM")
    organization_item(dock, "CSTO").setCheckState(Qt.CheckState.Unchecked)
    assert session.themes.alliances.organizations == ("SCO", "GUAM")
    session.themes.alliances.organizations = ("CIS",)
    assert organization_item(dock, "CIS").checkState() == Qt.CheckState.Checked
    assert organization_item(dock, "SCO").checkState() == Qt.CheckState.Unchecked


def test_mode_history_and_event_window(dock, session) -> None:
    dock.mode_combo.setCurrentIndex(dock.mode_combo.findData("count"))
    assert session.themes.alliances.mode == "count"
    dock.history_check.setChecked(True)
    assert session.themes.show_history is True
    dock.window_spin.setValue(90)
    assert session.themes.event_window_days == 90
    session.themes.show_history = False
    assert not dock.history_check.isChecked()


def test_replaced_options_are_followed(dock, session) -> None:
    # new layer objects (as a loaded project would bring); they must differ from the old ones
    # or the model emits nothing
    session.themes.layers = tuple(ThemeLayer(key=k, opacity=0.5) for k in reversed(theme_keys()))
    session.themes.alliances = AllianceOptions(organizations=("NATO",), mode="count")
    session.themes.layer("places").visible = False
    assert dock.layer_list.item(row_of(dock, "places")).checkState() == Qt.CheckState.Unchecked
    assert organization_item(dock, "NATO").checkState() == Qt.CheckState.Checked
    assert dock.mode_combo.currentData() == "count"
    session.themes.alliances.mode = "colours"
    assert dock.mode_combo.currentData() == "colours"


def test_every_control_has_a_tooltip(dock) -> None:
    for widget in (dock.layer_list, dock.opacity_slider, dock.organization_list,
                   dock.mode_combo, dock.history_check, dock.window_spin):
        assert widget.toolTip()
    for button in dock.findChildren(QToolButton):
        assert button.toolTip()


def test_organizations_are_listed_by_name_not_by_raw_id(dock) -> None:
    shown = [dock.organization_list.item(r).text() for r in range(dock.organization_list.count())]
    assert "Ashgabat Agreement" in shown and "Shanghai Five" in shown and "C5+1" in shown
    assert not [text for text in shown if "_" in text]
    assert organization_item(dock, "ASHGABAT_AGREEMENT").text() == "Ashgabat Agreement"
