"""The search box finds actors, places, bases, routes, corridors and events, selects them and
shows them on the map."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from explorer.io.atlas_reader import read_atlas
from explorer.model.atlas import Atlas
from explorer.model.features import FeatureRef
from explorer.model.search import find_entry, ranked, search_entries
from explorer.model.session import Session
from explorer.render.map_scene import MapScene
from explorer.ui.search_box import SearchBox, extent_of, reveal

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
    assert matched.args[0].items == ("UZB",)
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
    assert scene.highlight.lit_ids("places") == {"tashkent"}
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
    assert len(entries) > len(atlas.actors) + len(atlas.places) + len(atlas.bases)
    assert find_entry(entries, "  UZBEKISTAN ").item == "UZB"
    assert find_entry(entries, "CSTO").item == "CSTO"
    assert find_entry(entries, "Collective Security").item == "CSTO"
    assert find_entry(entries, "") is None
    assert find_entry(entries, "no such thing at all") is None


@pytest.mark.parametrize(("typed", "found"), [
    ("K2", FeatureRef("base", "base_karshi_khanabad")),
    ("Karshi", FeatureRef("place", "karshi")),  # "Qarshi (Karshi)": the place's other name
    ("Karshi-Khanabad", FeatureRef("base", "base_karshi_khanabad")),
    ("Manas Air Base", FeatureRef("base", "base_manas")),
    ("Chabahar", FeatureRef("place", "chabahar")),
    ("Trans-Afghan railway", FeatureRef("route", "rail_trans_afghan")),
    ("Taliban capture Kabul", FeatureRef("event", "ev_1996_taliban_kabul")),
])
def test_bases_routes_and_events_are_found_by_name(atlas, typed, found) -> None:
    assert find_entry(search_entries(atlas), typed).item == found


def test_exact_and_prefix_matches_of_names_rank_first(atlas) -> None:
    entries = search_entries(atlas)
    names = [e.name for e in ranked(entries, "Uzbekistan")]
    assert names[0] == "Uzbekistan"
    assert names.index("Islamic Movement of Uzbekistan") > 0
    # a name starting with the text before one containing it as a word, before the rest
    chabahar = [e.kind for e in ranked(entries, "Chabahar")]
    assert chabahar[0] == "place" and "corridor" in chabahar and "route" in chabahar
    railways = ranked(entries, "railway")
    assert len(railways) >= 20 and {e.kind for e in railways} >= {"route", "corridor"}


def test_a_short_name_is_an_exact_match_too(atlas) -> None:
    # "Manas" is the air base's short name and a town in Dagestan: both match exactly, the
    # place first (ties go by kind), before the events that only mention Manas
    manas = ranked(search_entries(atlas), "Manas")
    assert [e.item for e in manas[:2]] == [FeatureRef("place", "manas"),
                                           FeatureRef("base", "base_manas")]
    assert {e.kind for e in manas[2:]} == {"event"}


def test_a_corridor_selects_all_its_legs(box) -> None:
    entry = box.select_text("Middle Corridor (TITR)")
    assert entry.kind == "corridor"
    legs = {r.id for r in box.session.atlas.routes.values() if r.corridor == "middle_corridor"}
    assert {f.id for f in box.session.selection.features} == legs
    assert len(legs) > 1


def test_names_are_shown_never_raw_ids(atlas) -> None:
    for entry in search_entries(atlas):
        for item in entry.items:
            if isinstance(item, FeatureRef):
                assert item.id not in entry.text, entry.text
    base = find_entry(search_entries(atlas), "K2")
    assert base.text == "Karshi-Khanabad Air Base (K2, Camp Stronghold Freedom) · base"
    assert "United States" in base.detail and "Uzbekistan" in base.detail


def test_the_list_ranks_matches_best_first(box, qtbot) -> None:
    qtbot.keyClicks(box, "Uzbekistan")
    popup = box.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    shown = [popup.model().index(i, 0).data() for i in range(popup.model().rowCount())]
    assert shown[0] == "Uzbekistan (UZB)"
    assert "Islamic Movement of Uzbekistan (IMU)" in shown[1:]
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert box.session.selection.items == ("UZB",)


def test_where_things_are(atlas) -> None:
    tashkent = atlas.places["tashkent"]
    point = (tashkent.lon, tashkent.lat, tashkent.lon, tashkent.lat)
    assert extent_of(atlas, ("UZB",)) == point  # its capital
    assert extent_of(atlas, (TASHKENT,)) == point
    assert extent_of(atlas, (FeatureRef("country", "UZB"),)) == point
    k2 = atlas.bases["base_karshi_khanabad"]
    assert extent_of(atlas, (FeatureRef("base", k2.id),)) == (k2.lon, k2.lat, k2.lon, k2.lat)
    west, south, east, north = extent_of(atlas, ("KOR",))  # no capital: inside its polygon
    assert 124 < west < 131 and 33 < south < 39
    assert extent_of(atlas, ("CSTO",)) is None
    kabul = atlas.places["kabul"]
    assert extent_of(atlas, (FeatureRef("event", "ev_1996_taliban_kabul"),)) == (
        kabul.lon, kabul.lat, kabul.lon, kabul.lat)
    west, south, east, north = extent_of(atlas, (FeatureRef("route", "rail_trans_afghan"),))
    assert west < 68 < east and south < 35 < north  # Termez to Peshawar


def test_reveal_pans_to_what_is_outside_and_leaves_what_is_inside(qapp, atlas) -> None:
    scene = MapScene(session=Session(atlas, date=dt.date(2003, 6, 1)))
    scene.show_bbox((40.0, 30.0, 60.0, 45.0))
    before = scene.view_rect()
    width = before[2] - before[0]
    reveal(scene, (50.0, 38.0, 50.0, 38.0))  # in view: nothing moves
    assert scene.view_rect() == pytest.approx(before)
    tashkent = extent_of(atlas, ("UZB",))
    reveal(scene, tashkent)  # outside: the view pans, keeping its zoom
    xmin, ymin, xmax, ymax = scene.view_rect()
    x, y = scene.projection.forward(*tashkent[:2])
    assert abs((xmin + xmax) / 2 - x) < width * 0.01 and abs((ymin + ymax) / 2 - y) < width * 0.01
    assert abs((xmax - xmin) - width) < width * 0.01
    reveal(scene, extent_of(atlas, (FeatureRef("route", "corr_instc_sea"),)))  # to Mumbai
    xmin, ymin, xmax, ymax = scene.view_rect()
    for place in ("bandar_abbas", "mumbai"):
        x, y = scene.projection.forward(atlas.places[place].lon, atlas.places[place].lat)
        assert xmin < x < xmax and ymin < y < ymax
