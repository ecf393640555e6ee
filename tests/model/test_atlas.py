"""The Atlas container: lookups, reference problems and the state of things on a day."""

from __future__ import annotations

import pytest

from explorer.model.atlas import Atlas, Problem
from explorer.model.records import Actor, Base, Event, Membership, Place, Route, Source


def small_atlas(**extra) -> Atlas:
    actors = [Actor(id=i, name=i, kind="state", sources=("s",)) for i in ("UZB", "USA", "TKM")]
    actors.append(Actor(id="CSTO", name="CSTO", kind="organization", start="1992-05-15",
                        sources=("s",)))
    tables = {
        "actors": actors,
        "memberships": [
            Membership(id="m1", actor="UZB", organization="CSTO", role="member",
                       start="1992-05-15", end="1999-04", sources=("s",)),
            Membership(id="m2", actor="UZB", organization="CSTO", role="member",
                       start="2006-06-23", end="2012-06-28", sources=("s",)),
            Membership(id="m3", actor="UZB", organization="CSTO", role="suspended",
                       start="2012-06-28", sources=("s",)),
        ],
        "bases": [Base(id="k2", name="K2", operator="USA", host="UZB", lat=38.8, lon=65.9,
                       start="2001-10", end="2005-11-21", sources=("s",))],
        "places": [Place(id="tashkent", name="Tashkent", kind="capital", country="UZB",
                         lat=41.26, lon=69.22, sources=("s",)),
                   Place(id="ashgabat", name="Ashgabat", kind="capital", country="TKM",
                         lat=37.95, lon=58.38, sources=("s",))],
        "routes": [Route(id="r", name="R", kind="railway", status="operating",
                         countries=("UZB", "TKM"), waypoints=("tashkent", "ashgabat"),
                         sources=("s",))],
        "events": [Event(id="e1", date="2005-05-13", title="Andijan", actors=("UZB",),
                         sources=("s",)),
                   Event(id="e2", date="2005-11", title="K2 closes", actors=("USA", "UZB"),
                         sources=("s",))],
        "sources": [Source(id="s", title="A source", url="https://example.org/")],
    }
    tables.update(extra)
    return Atlas(**{name: {r.id: r for r in records} for name, records in tables.items()})


def test_lookups() -> None:
    atlas = small_atlas()
    assert [m.id for m in atlas.memberships_of("UZB")] == ["m1", "m2", "m3"]
    assert [m.id for m in atlas.memberships_of("CSTO", "2008")] == ["m2"]
    assert atlas.roles("UZB", "CSTO", "1995") == ["member"]
    assert atlas.roles("UZB", "CSTO", "2003") == []
    assert atlas.roles("UZB", "CSTO", "2013") == ["suspended"]
    assert [b.id for b in atlas.bases_of("USA")] == ["k2"]
    assert [r.id for r in atlas.routes_through("TKM")] == ["r"]
    assert [e.id for e in atlas.events_of("USA")] == ["e2"]
    assert atlas.sources_of(atlas.bases["k2"])[0].title == "A source"
    with pytest.raises(KeyError):
        atlas.table("sources")


def test_active_on_filters_every_table_but_places_and_sources() -> None:
    atlas = small_atlas()
    on = atlas.active_on("2003-06-01")
    assert set(on.bases) == {"k2"} and set(on.memberships) == set()
    assert set(on.places) == {"tashkent", "ashgabat"} and set(on.routes) == {"r"}
    assert set(on.events) == set() and on.sources == atlas.sources
    assert set(atlas.active_on("2006-06-01").bases) == set()
    assert set(atlas.active_on("2006-06-01").events) == {"e1", "e2"}
    assert set(atlas.active_on("2006-06-01", event_window_days=365).events) == {"e2"}
    assert "CSTO" not in atlas.active_on("1991").actors
    assert set(atlas.active_on("2003").cited_sources()) == {"s"}


def test_a_clean_atlas_has_no_problems() -> None:
    assert small_atlas().problems() == []


def test_broken_references_are_problems_naming_table_record_and_field() -> None:
    atlas = small_atlas(
        memberships=[Membership(id="m", actor="UZB", organization="USA", role="member",
                                sources=("nope",))],
        routes=[Route(id="r", name="R", kind="railway", status="operating", countries=("UZB",),
                      waypoints=("tashkent", "ashgabat", "merv"), sources=("s",))],
        events=[Event(id="e", date="2005", title="T", actors=("UZB", "XYZ"), place="andijan",
                      sources=("s",))],
    )
    assert set(atlas.problems()) == {
        Problem("memberships", "m", "organization", "'USA' is not an organization in actors.csv"),
        Problem("memberships", "m", "sources", "'nope' is not a source in sources.csv"),
        Problem("routes", "r", "waypoints", "'merv' is not a place in places.csv"),
        Problem("routes", "r", "countries",
                "waypoint 'ashgabat' lies in TKM, which the route's countries do not list"),
        Problem("events", "e", "actors", "'XYZ' is not an actor in actors.csv"),
        Problem("events", "e", "place", "'andijan' is not a place in places.csv"),
    }


def test_a_course_runs_from_the_first_waypoint_to_the_last() -> None:
    def route(course: str) -> Route:
        return Route(id="r", name="R", kind="railway", status="operating",
                     countries=("UZB", "TKM"), waypoints=("tashkent", "ashgabat"),
                     course=course, sources=("s",))

    along = route("69.22 41.26; 64.4 39.8; 58.38 37.95")
    assert along.course == ((69.22, 41.26), (64.4, 39.8), (58.38, 37.95))
    assert small_atlas(routes=[along]).problems() == []
    short = small_atlas(routes=[route("69.22 41.26; 64.4 39.8")]).problems()
    assert [(p.table, p.id, p.field) for p in short] == [("routes", "r", "course")]
    assert "'ashgabat'" in short[0].message
    with pytest.raises(ValueError, match="'lon lat'"):
        route("69.22,41.26; 58.38 37.95")
