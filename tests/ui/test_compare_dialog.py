"""Analysis > Compare Two Dates: the changes by actor with their days and sources; a double-click
goes to the day and selects the record; a bad date is said, not fatal."""

from __future__ import annotations

import datetime as dt

from explorer.model.features import FeatureRef
from explorer.ui.compare_dialog import CompareDialog
from tests.ui.helpers import new_window


def rows(dialog: CompareDialog) -> dict[str, list]:
    tree = dialog.tree
    return {tree.topLevelItem(i).text(0): [tree.topLevelItem(i).child(k)
                                           for k in range(tree.topLevelItem(i).childCount())]
            for i in range(tree.topLevelItemCount())}


def test_the_seed_story_between_2005_and_2013(qtbot, session) -> None:
    session.selection.select("UZB")
    dialog = CompareDialog(session)
    qtbot.addWidget(dialog)
    assert dialog.selected_only.isChecked()
    dialog.start_box.setText("2005-01-01")
    dialog.end_box.setText("2013-01-01")
    dialog.refresh()
    found = rows(dialog)
    assert list(found) == ["Uzbekistan (UZB)"]
    k2 = next(item for item in found["Uzbekistan (UZB)"]
              if "Karshi-Khanabad" in item.text(1) and "closed" in item.text(1))
    assert k2.text(0) == "2005-11-21" and k2.text(2)  # its day and its sources
    dialog.tree.itemActivated.emit(k2, 0)
    assert session.date == dt.date(2005, 11, 21)
    assert session.selection.features == {FeatureRef("base", "base_karshi_khanabad")}

    dialog.on_map.setChecked(True)  # the diff map: from the first date to the second
    assert session.themes.changes_since == dt.date(2005, 1, 1)
    assert session.themes.layer("changes").visible and session.date == dt.date(2013, 1, 1)
    session.themes.layer("changes").visible = False  # the layers panel hides it
    assert not dialog.on_map.isChecked()
    session.themes.layer("changes").visible = True
    assert dialog.on_map.isChecked()
    dialog.on_map.setChecked(False)
    assert session.themes.changes_since is None
    assert not session.themes.layer("changes").visible

    dialog.selected_only.setChecked(False)  # every actor
    assert len(rows(dialog)) > 10

    dialog.start_box.setText("2005-13-01")
    dialog.refresh()
    assert "not a real date" in dialog.error.text()
    assert len(rows(dialog)) > 10  # the last comparison stays


def test_the_time_menu_opens_it(qtbot) -> None:
    window = new_window(qtbot)
    window.compare_action.trigger()
    dialog = window.findChild(CompareDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.close()
