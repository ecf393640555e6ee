"""A user's line layers as ways: ends snapped to the atlas's places or shared as junctions, the
countries a line passes found on the basemap, and the routing taking them."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import shapely

from explorer.analysis.transport import shortest_paths
from explorer.analysis.user_lines import line_layer, with_lines

KABUL, MAZAR = (69.1723, 34.5281), (67.1109, 36.709)
SALANG = (69.05, 35.3)  # a made-up free end between them, in Afghanistan


def lines(*coords) -> np.ndarray:
    return np.array([shapely.linestrings(c) for c in coords], dtype=object)


def test_a_line_joins_the_places_at_its_ends(atlas) -> None:
    assert shortest_paths(atlas, "kabul", "tashkent", "2015") == []  # no line to Kabul
    road = line_layer("My roads", lines([(69.17, 34.53), SALANG, (67.11, 36.70)]), "railway",
                      "roads.geojson")
    mine = with_lines(atlas, [road])
    [route] = [r for r in mine.routes.values() if r.id.startswith("user_")]
    # its ends, and Charikar, which it passes on the way (a stop on it)
    assert route.waypoints == ("kabul", "charikar", "mazar_i_sharif")
    assert route.countries == ("AFG",)
    assert mine.sources[route.sources[0]].publisher == "roads.geojson"
    assert atlas.routes is not mine.routes and route.id not in atlas.routes  # a copy
    [way] = shortest_paths(mine, "kabul", "tashkent", "2015")
    assert way.places[:3] == ("kabul", "charikar", "mazar_i_sharif")
    assert way.legs[0].route == way.legs[1].route == route.id
    assert "hairatan" in way.places  # then the atlas's railway to Termez (2011)


def test_lines_meeting_at_a_free_end_share_a_junction(atlas) -> None:
    two = line_layer("Two", lines([KABUL, SALANG], [(69.06, 35.31), MAZAR]))  # ~1.4 km apart
    mine = with_lines(atlas, [two])
    junctions = [p for p in mine.places.values() if p.kind == "junction"
                 and p.id.startswith("user_")]
    assert len(junctions) == 1 and junctions[0].country == "AFG"
    [way] = shortest_paths(mine, "kabul", "mazar_i_sharif", "2015")
    assert way.places == ("kabul", "charikar", junctions[0].id, "mazar_i_sharif")


def test_a_line_across_a_border_lists_both_countries(atlas) -> None:
    across = line_layer("Across", lines([(67.2783, 37.2242), (68.0, 37.8), (68.779, 38.5358)]))
    [route] = [r for r in with_lines(atlas, [across]).routes.values()
               if r.id.startswith("user_")]
    assert route.waypoints == ("termez", "dushanbe") and route.countries == ("UZB", "TJK")


def test_the_cli_takes_lines_and_says_a_bad_file(tmp_path: Path, capsys) -> None:
    from explorer.cli import main

    path = tmp_path / "roads.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {}, "geometry": {
            "type": "LineString", "coordinates": [list(KABUL), list(SALANG), list(MAZAR)]}}]}))
    assert main(["route", "kabul", "tashkent", "--date", "2015", "--lines", str(path),
                 "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["ways"][0]["legs"][0]["route"].startswith("user_")
    broken = tmp_path / "broken.geojson"
    broken.write_text("{ not json")
    assert main(["route", "kabul", "tashkent", "--lines", str(broken)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("explorer route: cannot read --lines") and err.count("\n") == 1
    assert broken.read_text() == "{ not json"  # untouched


def test_an_unknown_kind_is_refused(atlas) -> None:
    with pytest.raises(ValueError, match="railway, road, maritime"):
        with_lines(atlas, [line_layer("X", lines([KABUL, MAZAR]), "pipeline")])


def test_stations_and_t_junctions_on_a_line_join_it(atlas) -> None:
    # a line Termez–Denov–Tursunzoda–Dushanbe: the stations it passes are stops on it
    through = line_layer("Through", lines([(67.2783, 37.2242), (67.89886, 38.26746),
                                           (68.23163, 38.51271), (68.779, 38.5358)]))
    [route] = [r for r in with_lines(atlas, [through]).routes.values()
               if r.id.startswith("user_")]
    assert route.waypoints == ("termez", "denov", "tursunzoda", "dushanbe")
    # a line from Herat ending on the middle of a Kabul–Mazar line: a T-junction
    tee = line_layer("Tee", lines([KABUL, SALANG, MAZAR], [(62.1997, 34.3482),
                                                           (69.116, 34.8765)]))
    mine = with_lines(atlas, [tee])
    [way] = shortest_paths(mine, "herat", "kabul", "2015")
    assert way.places[0] == "herat" and way.places[-1] == "kabul"
    assert way.places[1].startswith("user_0_junction")  # off the one line onto the other
