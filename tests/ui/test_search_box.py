"""The search box finds actors and places by name or id and selects them in the session."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from explorer.io.atlas_reader import read_atlas
from explorer.model.atlas import Atlas
from explorer.model.features import FeatureRef
from explorer.model.session import Session
from explorer.render.map_scene import MapScene
from explorer.ui.search_box import SearchBox, centre_of, find_entry, search_entries

TASHKENT = FeatureRef("place", "tashkent")


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return read_atlas()


@pytest.fixture
def box(qtbot, atlas) -> SearchBox:
    widget = SearchBox(Session(atlas, date=dt.date(2003, 6, 1)))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_typing_uzbekistan_and_enter_selects_the_state(box, qtbot) -> None:
    qtbot.keyClicks(box, "Uzbekistan")
    with qtbot.waitSignal(box.sigMatched) as matched:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert matched.args[0].item == "UZB"
    assert box.session.selection.items == ("UZB",)
    assert box.text() == "Uzbekistan (UZB)"


def test_a_place_is_selected_as_a_feature_and_lit_on_the_map(qtbot, atlas) -> None:
    session = Session(atlas, date=dt.date(2003, 6, 1))
    scene = MapScene(session=session)
    box = SearchBox(session)
    qtbot.addWidget(box)
    box.setText("tashkent")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert session.selection.items == (TASHKENT,)
    assert scene.highlight.place_ids == {"tashkent"}
    assert scene.highlight.country_ids == {"UZB"}


def test_picking_a_completion_selects_it(box, qtbot) -> None:
    qtbot.keyClicks(box, "kyrgyz")
    popup = box.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().index(0, 0).data() == "Kyrgyzstan (KGZ)"
    matched = []
    box.sigMatched.connect(matched.append)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert [m.item for m in matched] == ["KGZ"]  # once, though Enter both picks and returns
    assert box.session.selection.items == ("KGZ",)
    assert box.text() == "Kyrgyzstan (KGZ)"


def test_ids_prefixes_and_shift_enter_add(box, qtbot) -> None:
    box.select_text("usa")
    assert box.session.selection.items == ("USA",)
    box.select_text("Karshi")  # no actor: the place of that name
    assert box.session.selection.items == (FeatureRef("place", "karshi"),)
    box.setText("Tashk")
    qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert box.session.selection.items == (FeatureRef("place", "karshi"), TASHKENT)


def test_nothing_found_leaves_the_selection_alone(box, qtbot) -> None:
    box.session.selection.select("UZB")
    with qtbot.waitSignal(box.sigNotFound) as missed:
        assert box.select_text("Atlantis") is None
    assert missed.args == ["Atlantis"]
    assert box.session.selection.items == ("UZB",)


def test_focus_search_selects_the_text(box) -> None:
    box.setText("Kazakhstan")
    box.focus_search()
    assert box.selectedText() == "Kazakhstan"
    assert box.toolTip() and box.placeholderText()


def test_entries_and_matching(atlas) -> None:
    entries = search_entries(atlas)
    assert len(entries) == len(atlas.actors) + len(atlas.places)
    assert find_entry(entries, "  UZBEKISTAN ").item == "UZB"
    assert find_entry(entries, "CSTO").item == "CSTO"
    assert find_entry(entries, "Collective Security").item == "CSTO"
    assert find_entry(entries, "") is None


def test_where_to_centre(atlas) -> None:
    tashkent = atlas.places["tashkent"]
    assert centre_of(atlas, "UZB") == (tashkent.lon, tashkent.lat)  # its capital
    assert centre_of(atlas, TASHKENT) == (tashkent.lon, tashkent.lat)
    assert centre_of(atlas, FeatureRef("country", "UZB")) == (tashkent.lon, tashkent.lat)
    k2 = atlas.bases["base_karshi_khanabad"]
    assert centre_of(atlas, FeatureRef("base", k2.id)) == (k2.lon, k2.lat)
    lon, lat = centre_of(atlas, "KOR")  # no capital in the atlas: inside its polygon
    assert 124 < lon < 131 and 33 < lat < 39
    assert centre_of(atlas, "CSTO") is None


def test_the_scene_pans_to_a_match(qapp, atlas) -> None:
    scene = MapScene(session=Session(atlas, date=dt.date(2003, 6, 1)))
    scene.show_bbox((40.0, 30.0, 60.0, 45.0))
    width = scene.view_rect()[2] - scene.view_rect()[0]
    assert scene.centre_on(*centre_of(atlas, "UZB"))
    xmin, ymin, xmax, ymax = scene.view_rect()
    x, y = scene.projection.forward(*centre_of(atlas, "UZB"))
    assert abs((xmin + xmax) / 2 - x) < width * 0.01 and abs((ymin + ymax) / 2 - y) < width * 0.01
    assert abs((xmax - xmin) - width) < width * 0.01
