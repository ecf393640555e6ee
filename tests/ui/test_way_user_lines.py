"""Find a Way over the user's own line layers: the dialog asks for them, the way takes them, the
legs name them and the legend says so; without the box, the atlas's lines only."""

from __future__ import annotations

import datetime as dt
import json

from explorer.io.vector_reader import read_vector
from explorer.model.legend import legend_entries
from explorer.ui.way_dialog import WayDialog


def test_the_way_takes_a_line_layer_when_asked(qtbot, session, tmp_path) -> None:
    from explorer.render.map_scene import MapScene

    path = tmp_path / "my_roads.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {}, "geometry": {
            "type": "LineString", "coordinates": [[69.17, 34.53], [69.05, 35.3],
                                                  [67.11, 36.70]]}}]}))
    dialog = WayDialog(session)
    qtbot.addWidget(dialog)
    assert not dialog.user_lines.isEnabled()  # no layer of the user's yet
    layer = session.user_layers.add(read_vector(path), path)
    assert dialog.user_lines.isEnabled()
    session.time.date = dt.date(2015, 6, 1)
    scene = MapScene(session=session)  # the map's Way layer follows the layers too
    dialog._choose(dialog.origin, "kabul")
    dialog._choose(dialog.destination, "tashkent")
    dialog.apply()
    assert "No way" in dialog.status.text()  # no atlas line reaches Kabul
    dialog.user_lines.setChecked(True)
    dialog.apply()
    assert session.themes.way.user_lines
    assert session.selection.current.kind == "way"  # the inspector shows it
    first = dialog.legs.topLevelItem(0)
    assert (first.text(0), first.text(1)) == ("Kabul", "Charikar")  # a stop on the line
    assert first.text(3).startswith("my_roads: line 1")
    [entry] = [e for e in legend_entries(session) if e.section == "Way through the corridors"]
    assert entry.label.endswith("(partly over lines of yours)")
    assert scene.themes.items["way"].way is not None
    session.user_layers.remove(layer.id)  # the line gone: no way to Kabul any more
    assert scene.themes.items["way"].way is None and "No way" in dialog.status.text()


def test_a_click_on_the_way_shows_it_in_the_inspector(qtbot, session) -> None:
    from explorer.model.atlas_themes.way import current_way
    from explorer.model.features import FeatureRef
    from explorer.model.themes import WayQuery
    from explorer.render.map_scene import MapScene
    from explorer.ui.inspector_dock import InspectorDock

    session.time.date = dt.date(2000, 6, 1)
    session.themes.way = WayQuery(origin="tashkent", destination="bandar_abbas")
    for layer in session.themes.layers:
        layer.visible = layer.key == "way"
    scene = MapScene(session=session)
    leg = current_way(session).legs[3]
    lon, lat = leg.coords[len(leg.coords) // 2]
    x, y = scene.projection.forward(lon, lat)
    assert scene.feature_at(float(x), float(y), 1000.0) == FeatureRef("way", "way")
    inspector = InspectorDock(session)
    qtbot.addWidget(inspector)
    inspector.show_feature(FeatureRef("way", "way"))
    text = inspector.browser.toPlainText()
    assert "Tashkent to Bandar Abbas" in text and "Legs" in text and "Sources" in text
    assert "Sarakhs" in text  # the border crossing into Iran
    session.time.date = dt.date(1995, 6, 1)  # it follows the timeline
    assert "No way on 1 June 1995" in inspector.browser.toPlainText()
    session.themes.way = None
    assert "No way" in inspector.browser.toPlainText()


def test_a_place_selected_on_the_map_fills_from_or_to(qtbot, session) -> None:
    from explorer.model.features import FeatureRef

    dialog = WayDialog(session)
    qtbot.addWidget(dialog)
    take_from, take_to = dialog.picks
    assert not take_from.isEnabled()  # nothing selected
    session.selection.select(FeatureRef("place", "bandar_abbas"))
    assert take_to.isEnabled()
    take_to.click()
    assert dialog.destination.currentData() == "bandar_abbas"
    session.selection.select("UZB")  # a country is no place
    assert not take_from.isEnabled()
