"""The History panel: follows the selection, draws the lanes, moves the date both ways, and a
click on a bar selects its record without leaving the actor."""

from __future__ import annotations

import datetime as dt

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor

from explorer.model.features import FeatureRef
from explorer.render.history_chart import ROLE_COLOURS, year
from explorer.ui.history_dock import HistoryDock
from tests.ui.helpers import new_window, shown


def test_the_chart_follows_the_selection_and_the_date(qtbot, session) -> None:
    dock = shown(qtbot, HistoryDock(session), (900, 520))
    assert dock.stack.currentIndex() == 0  # the hint
    session.selection.select(["UZB", "KAZ"])
    assert dock.stack.currentIndex() == 1
    titles = [row.title for row in dock.chart.rows]
    headers = [k for k, row in enumerate(dock.chart.rows) if row.kind == "header"]
    assert headers[0] == 0 and len(headers) == 2  # Uzbekistan's block, then Kazakhstan's
    assert "CSTO" in titles[:headers[1]] and "CSTO" in titles[headers[1]:]
    session.time.date = dt.date(2003, 6, 1)
    assert abs(dock.chart.cursor.value() - year(dt.date(2003, 6, 1))) < 1e-6
    dock.chart.cursor.setValue(year(dt.date(2010, 7, 1)))  # the user drags the cursor
    dock.chart.cursor.sigPositionChangeFinished.emit(dock.chart.cursor)
    assert session.date == dt.date(2010, 7, 1)

    # drawn: the CSTO lane in the member colour where Uzbekistan was a member (1992–1999)
    image = dock.plot_widget.grab().toImage()
    row = titles.index("CSTO")
    view = dock.plot_widget.getPlotItem().getViewBox()
    point = dock.plot_widget.mapFromScene(view.mapViewToScene(QPointF(1995.5, row)))
    assert image.pixelColor(point) == QColor(ROLE_COLOURS["member"])
    empty = dock.plot_widget.mapFromScene(view.mapViewToScene(QPointF(2001.5, row)))
    assert image.pixelColor(empty) != QColor(ROLE_COLOURS["member"])


def test_a_click_selects_the_record_and_keeps_the_actor(qtbot, session) -> None:
    dock = shown(qtbot, HistoryDock(session), (900, 520))
    session.selection.select("UZB")
    rows = [row.title for row in dock.chart.rows]
    row = rows.index("Hosts bases")
    view = dock.plot_widget.getPlotItem().getViewBox()
    scene_point = view.mapViewToScene(QPointF(year(dt.date(2003, 6, 1)), row))
    widget_point = dock.plot_widget.mapFromScene(scene_point)
    qtbot.mouseClick(dock.plot_widget.viewport(), Qt.MouseButton.LeftButton, pos=widget_point)
    assert session.selection.features == {FeatureRef("base", "base_karshi_khanabad")}
    assert [r.title for r in dock.chart.rows] == rows  # still Uzbekistan's chart
    assert dock.chart.item_at(1995.0, rows.index("CSTO")) == "CSTO"
    assert dock.chart.item_at(2001.0, rows.index("CSTO")) is None  # out of the CSTO then
    assert np.isfinite(dock.chart.rows[rows.index("Events")].x0).all()


def test_the_window_has_the_panel_under_view_panels(qtbot) -> None:
    window = new_window(qtbot)
    dock = window.docks["history"]
    assert dock.isHidden()
    dock.toggleViewAction().trigger()
    assert dock.isVisible()


def test_the_alignment_lines_are_the_analysis_series(qtbot, session, atlas) -> None:
    from explorer.analysis.blocs import BLOCS, alignment_series

    dock = shown(qtbot, HistoryDock(session), (900, 620))
    session.selection.select(["UZB", "CSTO", "KAZ"])  # an organization has no alignment
    assert len(dock.curves) == 2 * len(BLOCS)
    series = alignment_series(atlas, ["UZB", "KAZ"], range(1991, dt.date.today().year + 1))
    x, y = dock.curves[0].getData()  # Uzbekistan toward Russia's bloc, year by year
    assert list(x) == [year + 0.5 for year, _ in series["UZB"]]
    assert list(y) == [scores["russia"] for _, scores in series["UZB"]]
    assert y[list(x).index(2008.5)] > y[list(x).index(2000.5)]  # back in the CSTO


def test_the_weights_are_shown_and_changed_through_the_session(qtbot, session, atlas) -> None:
    from explorer.analysis.blocs import AlignmentWeights, alignment_series

    dock = shown(qtbot, HistoryDock(session), (900, 620))
    session.selection.select("UZB")
    dialog = dock.edit_weights()
    assert dock.edit_weights() is dialog  # one dialog, raised
    assert dialog.boxes["member"].value() == 1.0 and dialog.boxes["hostility"].value() == -1.0
    assert "default weights" in dock.alignment_widget.toolTip()
    dialog.boxes["member"].setValue(0.0)  # memberships no longer count
    assert session.alignment.changes == {"member": 0.0}
    weights = AlignmentWeights().with_changes({"member": 0.0})
    series = alignment_series(atlas, ["UZB"], range(1991, dt.date.today().year + 1), weights)
    _, y = dock.curves[0].getData()
    assert list(y) == [scores["russia"] for _, scores in series["UZB"]]
    assert "member 0" in dock.alignment_widget.toolTip()
    session.alignment.reset()  # Restore Defaults
    assert dialog.boxes["member"].value() == 1.0 and session.alignment.changes == {}
    _, y = dock.curves[0].getData()
    assert y.max() > max(scores["russia"] for _, scores in series["UZB"])
    dialog.close()


def test_the_alignment_choice_names_its_weights(qapp) -> None:
    import pytest

    from explorer.model.alignment_choice import AlignmentChoice

    choice = AlignmentChoice()
    seen = []
    choice.changed.connect(lambda: seen.append(1))
    choice.set("alliance", 1.0)  # the default: no change
    assert seen == [] and choice.changes == {}
    choice.set("base", 2.0)
    assert choice.weights.base == 2.0 and seen == [1]
    with pytest.raises(ValueError, match="no weight named 'friendship'"):
        choice.set("friendship", 1.0)


def test_the_chart_is_saved_as_png_and_svg(qtbot, session, tmp_path, monkeypatch) -> None:
    from xml.etree import ElementTree

    from PySide6.QtGui import QImage

    said = []
    monkeypatch.setattr("explorer.ui.history_dock.warn", lambda *args: said.append(args))
    dock = shown(qtbot, HistoryDock(session), (900, 520))
    session.selection.select("UZB")
    png = QImage(str(dock.write(tmp_path / "uzb.png")))
    assert png.height() >= len(dock.chart.rows) * 17  # every row, not only those in sight
    svg = ElementTree.parse(dock.write(tmp_path / "uzb.svg")).getroot()
    texts = " ".join(t.text or "" for t in svg.iter() if t.tag.endswith("text"))
    assert "CSTO" in texts and "GUAM" in texts  # the lanes' titles, as text
    # and drawn where the PNG draws them: the bars, not only their titles (pyqtgraph's own
    # axes and bars replay a QPicture moved and scaled on an SVG's dpi)
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgRenderer

    drawn = QImage(png.size(), QImage.Format.Format_RGB32)
    drawn.fill(QColor("white"))
    painter = QPainter(drawn)
    QSvgRenderer(str(tmp_path / "uzb.svg")).render(painter)
    painter.end()

    def members(image: QImage) -> int:
        member = QColor(ROLE_COLOURS["member"])
        return sum(image.pixelColor(x, y) == member for x in range(0, image.width(), 3)
                   for y in range(0, image.height(), 3))

    assert 0.8 < members(drawn) / members(png) < 1.25
    assert dock.write(tmp_path / "uzb.gif") is None  # said, not written
    assert said and not (tmp_path / "uzb.gif").exists()
