"""The legend lists exactly what the visible themes draw on the date."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import shapely

from explorer.model.drawn import MapExtent, drawn_records, lonlat_box
from explorer.model.layer_styling import PALETTE
from explorer.model.legend import legend_entries
from explorer.model.session import Session
from tests.layers import layer_data


def labels(session: Session, section: str | None = None) -> list[str]:
    return [e.label for e in legend_entries(session) if section in (None, e.section)]


def test_only_visible_themes_are_listed(atlas) -> None:
    session = Session(atlas, dt.date(2003, 6, 1))
    session.themes.apply_spec("bases")
    assert {e.section for e in legend_entries(session)} == {"Military bases"}
    session.themes.layer("bases").visible = False
    assert legend_entries(session) == []


def test_bases_follow_the_date(atlas) -> None:
    session = Session(atlas, dt.date(2003, 6, 1))
    assert "Base operated by United States" in labels(session, "Military bases")
    session.time.date = dt.date(2022, 1, 1)  # K2 and Manas closed, Bagram left in 2021
    assert "Base operated by United States" not in labels(session, "Military bases")


def test_alliance_roles_present_on_the_date(atlas) -> None:
    session = Session(atlas, dt.date(2013, 6, 1))
    session.themes.alliances.organizations = ("CSTO",)
    assert labels(session, "Alliances") == ["CSTO member", "CSTO suspended"]  # UZB from 2012
    session.time.date = dt.date(2008, 6, 1)
    assert labels(session, "Alliances") == ["CSTO member"]


def test_count_mode_lists_the_counts_drawn(atlas) -> None:
    session = Session(atlas, dt.date(2008, 6, 1))
    session.themes.alliances.mode = "count"
    assert labels(session, "Alliances") == ["Member of 1 of 2 (CSTO, SCO)",
                                            "Member of 2 of 2 (CSTO, SCO)"]


def test_corridors_are_named_once_with_status_styles(atlas) -> None:
    session = Session(atlas, dt.date(2016, 1, 1))
    routes = labels(session, "Railways and corridors")
    assert routes.count("Northern Distribution Network") == 0  # ended 2015
    assert "International North–South Transport Corridor" in routes
    assert len(routes) == len(set(routes))
    assert {"Operating", "Under construction"} <= set(routes)  # the only lines: statuses inside
    assert not labels(session, "Status of lines")
    # the railways' and the pipelines' statuses share one section, each status once
    session.themes.layer("pipelines").visible = True  # hidden until asked for
    statuses = labels(session, "Status of lines")
    assert {"Operating", "Under construction"} <= set(statuses)
    assert len(statuses) == len(set(statuses))
    assert "Operating" not in labels(session, "Railways and corridors")
    assert "Gas pipeline" in labels(session, "Pipelines and power lines")


def test_corridors_outside_the_view_are_not_listed(atlas) -> None:
    session = Session(atlas, dt.date(2016, 1, 1))
    session.themes.apply_spec("routes")
    everywhere = labels(session, "Railways and corridors")
    fergana = MapExtent(lonlat_box(70.0, 39.5, 73.5, 42.0), frozenset({"UZB", "KGZ", "TJK"}))
    in_view = [e.label for e in legend_entries(session, fergana)
               if e.section == "Railways and corridors"]
    assert "International North–South Transport Corridor" in everywhere
    assert "International North–South Transport Corridor" not in in_view  # Caspian and Iran
    assert "Bekabad–Khujand–Fergana valley railway" in in_view
    assert set(in_view) < set(everywhere)


def test_bases_and_blocs_outside_the_view_are_not_listed(atlas) -> None:
    session = Session(atlas, dt.date(2003, 6, 1))
    uzbekistan = MapExtent(lonlat_box(60, 36, 72, 44), frozenset({"UZB"}))
    shown = [e.label for e in legend_entries(session, uzbekistan)]
    assert "Base operated by United States" in shown  # K2
    assert "Base operated by Russia" in shown  # only the Pyanj border guards, in Tajikistan
    drawn = {b.id for b in drawn_records(session, "bases", uzbekistan)}
    assert "base_pyanj_border" in drawn and "base_karshi_khanabad" in drawn
    assert not drawn & {"base_baikonur", "base_kgz_chaldovar", "base_kgz_mailuu_suu"}
    assert "CSTO member" not in shown and "SCO member" in shown  # UZB: SCO, not CSTO in 2003
    # north of the Amu Darya at Pyanj (37.24° N): Russia's bases in 2003 are all off the map
    north = MapExtent(lonlat_box(60, 37.5, 72, 44), frozenset({"UZB"}))
    shown = [e.label for e in legend_entries(session, north)]
    assert "Base operated by United States" in shown  # K2
    assert "Base operated by Russia" not in shown  # Baikonur, Kyrgyzstan, Pyanj


def test_a_user_layer_styled_by_a_field_lists_its_categories(atlas) -> None:
    frame = gpd.GeoDataFrame({"kind": ["depot", "port", "depot"]},
                             geometry=[shapely.Point(60, 40), shapely.Point(61, 41),
                                       shapely.Point(62, 42)], crs="EPSG:4326")
    session = Session(atlas, dt.date(2003, 6, 1))
    layer = session.user_layers.add(layer_data(frame, "Logistics", "EPSG:4326"))
    assert [(e.section, e.label) for e in legend_entries(session)][:1] == [
        ("Your layers", "Logistics")]
    layer.style.mode, layer.style.field = "categorized", "kind"
    mine = [(e.label, e.symbol.kind, e.symbol.colour) for e in legend_entries(session)
            if e.section == "Logistics"]
    assert mine == [("depot", "marker", PALETTE[0]), ("port", "marker", PALETTE[1])]
    assert all(e.section != "Your layers" for e in legend_entries(session))
