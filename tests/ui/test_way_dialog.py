"""Analysis > Find a Way: the query goes to the session, the map's Way layer shows it, the legs
are listed with their sources and follow the timeline; a bad code is said."""

from __future__ import annotations

import datetime as dt

from explorer.analysis.transport import SEA
from explorer.ui.way_dialog import WayDialog
from tests.ui.helpers import new_window


def test_a_way_to_the_sea_follows_the_date(qtbot, session) -> None:
    session.time.date = dt.date(2000, 6, 1)
    dialog = WayDialog(session)
    qtbot.addWidget(dialog)
    assert dialog.origin.currentData() == "tashkent" and dialog.destination.currentData() == SEA
    dialog.avoid.setText("KAZ,AZE")  # not by the Soviet-era lines to Russia or Baku
    dialog.apply()
    assert session.themes.way.origin == "tashkent" and session.themes.layer("way").visible
    assert dialog.legs.topLevelItemCount() > 10
    first = dialog.legs.topLevelItem(0)
    assert first.text(0) == "Tashkent" and first.text(4)  # its sources
    assert "UZB, TKM, IRN" in dialog.status.text()
    session.time.date = dt.date(1995, 6, 1)  # before Tejen–Sarakhs (1996)
    assert dialog.legs.topLevelItemCount() == 0 and "No way" in dialog.status.text()

    dialog.avoid.setText("XYZ")
    dialog.apply()
    assert "XYZ is not a state's ISO3 code" in dialog.status.text()
    dialog.clear()
    assert session.themes.way is None and not session.themes.layer("way").visible


def test_the_analysis_menu_opens_it(qtbot) -> None:
    window = new_window(qtbot)
    window.way_action.trigger()
    dialog = window.findChild(WayDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.close()


def test_the_sea_access_chart_is_the_analysis_series(qtbot, session) -> None:
    import math

    from explorer.analysis.transport import sea_access

    dialog = WayDialog(session)
    qtbot.addWidget(dialog)
    x, y = dialog.sea_curve.getData()
    series = dict(sea_access(session.atlas, ["tashkent"], range(1991, 2027))["tashkent"])
    assert list(x[:6]) == [1991.0, 1992.0, 1993.0, 1994.0, 1995.0, 1996.0]
    # in 1995 by the Soviet-era lines: the Krasnovodsk ferry to Baku and on to Poti
    assert y[list(x).index(1995.0)] == series[1995].km and series[1995].places[-1] == "poti"
    assert not any(math.isnan(v) for v in y)  # a way to the sea every year
    assert y[list(x).index(2010.0)] == series[2010].km
    dialog.origin.setCurrentIndex(dialog.origin.findData("ashgabat"))
    assert dialog.sea_curve.getData()[1][list(x).index(2010.0)] < series[2010].km  # nearer
