"""Analysis > Blocs on This Date: the co-membership heat map follows the date and is saved as CSV
(read back) and PNG (an image); an unwritable path is said and leaves nothing behind."""

from __future__ import annotations

import csv
import datetime as dt

from PySide6.QtGui import QColor, QImage

from explorer.render.history_chart import ROLE_COLOURS
from explorer.ui.blocs_dialog import BlocsDialog
from tests.ui.helpers import new_window


def test_the_heat_map_follows_the_date_and_is_saved(qtbot, session, tmp_path) -> None:
    session.time.date = dt.date(2003, 6, 1)
    dialog = BlocsDialog(session)
    qtbot.addWidget(dialog)
    states, orgs = dialog.table.states, dialog.table.organizations
    row, column = states.index("KAZ"), orgs.index("CSTO")
    cell = dialog.grid.item(row, column)
    assert cell.text() == "member"
    assert cell.background().color() == QColor(ROLE_COLOURS["member"])
    assert dialog.grid.item(states.index("UZB"), column).text() == ""  # out in 2003
    session.time.date = dt.date(2008, 6, 1)
    assert dialog.table.day == dt.date(2008, 6, 1)
    assert dialog.grid.item(dialog.table.states.index("UZB"),
                            dialog.table.organizations.index("CSTO")).text() == "member"

    out = dialog.write(tmp_path / "blocs.csv", "csv")
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows == dialog.table.csv_rows()
    image = QImage(str(dialog.write(tmp_path / "blocs.png", "png")))
    assert image.width() > 100 and image.height() > 100


def test_an_unwritable_path_is_said_and_leaves_nothing(qtbot, session, tmp_path,
                                                      monkeypatch) -> None:
    said = []
    monkeypatch.setattr("explorer.ui.file_output.warn", lambda *args: said.append(args))
    taken = tmp_path / "blocs.csv"
    taken.mkdir()  # a folder of that name: no file can replace it
    dialog = BlocsDialog(session)
    qtbot.addWidget(dialog)
    assert dialog.write(taken, "csv") is None
    assert said and sorted(p.name for p in tmp_path.iterdir()) == ["blocs.csv"]
    assert taken.is_dir()


def test_the_time_menu_opens_it(qtbot) -> None:
    window = new_window(qtbot)
    window.blocs_action.trigger()
    dialog = window.findChild(BlocsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.close()


def test_the_rival_blocs_tab_lists_them_and_shows_them_on_the_map(qtbot, session,
                                                                  tmp_path) -> None:
    from explorer.analysis.blocs import bloc_overlap, overlap_rows

    session.time.date = dt.date(2010, 6, 1)
    dialog = BlocsDialog(session)
    qtbot.addWidget(dialog)
    table = dialog.overlap
    names = [table.verticalHeaderItem(i).text() for i in range(table.rowCount())]
    row = names.index("Uzbekistan")
    assert "CSTO" in table.item(row, 0).text() and "SCO" in table.item(row, 1).text()
    assert table.item(row, 3).text() == "In Russia's, China's and the West's blocs at once"
    assert not session.themes.layer("overlap").visible
    dialog.on_map.setChecked(True)
    assert session.themes.layer("overlap").visible
    session.themes.layer("overlap").visible = False  # the layers panel hides it
    assert not dialog.on_map.isChecked()
    session.themes.layer("overlap").visible = True
    assert dialog.on_map.isChecked()
    dialog.tabs.setCurrentIndex(1)
    out = dialog.write(tmp_path / "rival.csv", "csv")
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows == overlap_rows(bloc_overlap(session.atlas, session.date))
    session.time.date = dt.date(2003, 6, 1)  # it follows the timeline
    assert table.rowCount() == len(bloc_overlap(session.atlas, dt.date(2003, 6, 1)))
