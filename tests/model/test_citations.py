"""The sources of what a map shows on its date, inside its extent, numbered for footnotes."""

from __future__ import annotations

import datetime as dt

import numpy as np

from explorer.model.citations import (
    Footnote,
    cited_sources,
    concerns,
    more_sources_text,
    short_url,
)
from explorer.model.drawn import MapExtent, lonlat_box, visible_records
from explorer.model.records import Base, Place, Source
from explorer.model.session import Session

UZBEKISTAN_AREA = MapExtent(lonlat_box(60, 36, 72, 44),
                            frozenset({"UZB", "TJK", "KGZ", "TKM", "AFG"}))


def ids(records, kind=None) -> set[str]:
    return {r.id for r in records if kind is None or isinstance(r, kind)}


def test_what_the_themes_draw_inside_the_extent_on_the_date(atlas) -> None:
    records = visible_records(Session(atlas, dt.date(2003, 6, 1)), UZBEKISTAN_AREA)
    shown = ids(records)
    assert {"base_karshi_khanabad", "base_termez_deu"} <= shown  # open in 2003
    assert "base_manas" not in shown  # open, but by Bishkek, east of the extent
    wider = MapExtent(lonlat_box(60, 36, 76, 44), UZBEKISTAN_AREA.countries)
    assert "base_manas" in ids(visible_records(Session(atlas, dt.date(2003, 6, 1)), wider))
    assert "base_kant" not in ids(visible_records(Session(atlas, dt.date(2003, 6, 1)), wider))
    assert "base_kant" in ids(visible_records(Session(atlas, dt.date(2004, 1, 1)), wider))
    memberships = ids(records, type(atlas.memberships["mem_uzb_sco_1"]))
    assert {"mem_uzb_sco_1", "mem_tjk_csto_1"} <= memberships
    assert not any(m.startswith("mem_uzb_csto") for m in memberships)  # left the CSTO in 1999
    assert all(atlas.memberships[m].organization in ("CSTO", "SCO") for m in memberships)
    assert "rail_transcaspian_tkm" in shown
    later = ids(visible_records(Session(atlas, dt.date(2008, 6, 1)), UZBEKISTAN_AREA))
    assert "base_karshi_khanabad" not in later  # closed in November 2005


def test_hidden_themes_and_countries_out_of_view_cite_nothing(atlas) -> None:
    session = Session(atlas, dt.date(2003, 6, 1))
    session.themes.apply_spec("alliances:CSTO")
    only_tajikistan = MapExtent(lonlat_box(60, 36, 72, 44), frozenset({"TJK"}))
    assert [m.id for m in visible_records(session, only_tajikistan)] == ["mem_tjk_csto_1"]
    session.themes.layer("alliances").visible = False
    assert visible_records(session, only_tajikistan) == []


def test_places_follow_the_kinds_drawn_at_the_zoom(atlas) -> None:
    session = Session(atlas, dt.date(2003, 6, 1))
    session.themes.apply_spec("places")
    capitals = MapExtent(UZBEKISTAN_AREA.inside, frozenset(), frozenset({"capital"}))
    places = visible_records(session, capitals)
    assert places and {p.kind for p in places} == {"capital"}
    assert "tashkent" in ids(places) and "astana" not in ids(places)  # Astana is at 51°N


def test_a_route_crossing_the_extent_without_a_waypoint_in_it_is_cited(atlas) -> None:
    session = Session(atlas, dt.date(2003, 6, 1))
    session.themes.apply_spec("routes")
    route = atlas.routes["rail_transcaspian_tkm"]
    lon = np.array([atlas.places[w].lon for w in route.waypoints])
    lat = np.array([atlas.places[w].lat for w in route.waypoints])
    # A thin box across the middle of one leg, clear of every waypoint.
    mid_lon, mid_lat = (lon[0] + lon[1]) / 2, (lat[0] + lat[1]) / 2
    box = lonlat_box(mid_lon - 0.3, mid_lat - 0.3, mid_lon + 0.3, mid_lat + 0.3)
    assert not box(lon, lat).any()
    assert "rail_transcaspian_tkm" in ids(visible_records(session, MapExtent(box, frozenset())))


def test_facts_before_the_gazetteer_and_the_most_cited_first(atlas) -> None:
    def source(sid: str) -> Source:
        return Source(id=sid, title=sid.title(), publisher="P")

    def base(rid: str, *sources: str) -> Base:
        return Base(id=rid, name=rid, operator="USA", host="UZB", lat=40, lon=65,
                    sources=sources)

    def city(rid: str, *sources: str) -> Place:
        return Place(id=rid, name=rid, kind="city", country="UZB", lat=40, lon=65,
                     sources=sources)

    sources = {s: source(s) for s in ("gazetteer", "once", "twice", "geonames")}
    fake = type(atlas)(sources=sources)
    records = [city("c1", "gazetteer", "geonames"), city("c2", "geonames"),
               city("c3", "geonames"), base("a", "once", "twice"), base("b", "twice", "geonames")]
    # Cited by facts: twice 2, once 1, geonames 1 (and 3 places); gazetteer by a place only.
    ranked = cited_sources(fake, records)
    assert [s.id for s in ranked] == ["twice", "geonames", "once", "gazetteer"]
    # what the selection lights goes first: base "a" (by its id), then the rest as before
    focused = cited_sources(fake, records, frozenset({"a"}))
    assert [s.id for s in focused] == ["twice", "once", "geonames", "gazetteer"]
    assert concerns(base("k2", "once"), frozenset({"UZB"}))  # a base its host hosts
    assert not concerns(base("k2", "once"), frozenset({"KGZ"}))


def test_the_sources_left_out_are_counted_in_plain_words() -> None:
    assert more_sources_text(7) == "and 7 more sources"
    assert more_sources_text(1) == "and 1 more source"


def test_a_footnote_reads_title_publisher_date_and_url() -> None:
    source = Source(id="s", title="Manas closes.", publisher="RFE/RL", date="2014-06",
                    url="https://www.rferl.org/a/manas/25441.html/")
    assert Footnote(3, source).text == ("[3] Manas closes. RFE/RL, 2014-06. "
                                        "rferl.org/a/manas/25441.html")
    assert short_url("http://example.org/") == "example.org"
